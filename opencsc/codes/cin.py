"""CIN census code lists (DfE CIN census XSD 2023-24, with later additions by year).

Source: shared/domain/reference.md section 2.4 and 2.6. Years are collection years
named by the year they end in (2026 = 2025-26).
"""

from . import code_list

REFERRAL_SOURCE = code_list("Referral source", "CIN census ReferralSource (rule 8866)", [
    ("1A", "Individual: family member, relative or carer"),
    ("1B", "Individual: acquaintance, such as a neighbour or childminder"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other, such as a stranger or MP"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health: GP"),
    ("3B", "Health: health visitor"),
    ("3C", "Health: school nurse"),
    ("3D", "Health: other primary health services"),
    ("3E", "Health: A&E"),
    ("3F", "Health: other, such as a hospice"),
    ("4", "Housing"),
    ("5A", "LA services: social care, such as adult social care"),
    ("5B", "LA services: other internal, such as youth offending"),
    ("5C", "LA services: external, another LA's services"),
    ("5D", "LA services: early help", 2023),
    ("6", "Police"),
    ("7", "Other legal agency: courts, probation, immigration, Cafcass, prison"),
    ("8", "Other: children's centres, independent or voluntary organisations"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
])

PRIMARY_NEED = code_list("Primary need", "CIN census PrimaryNeedCode (rules 8610, 8650)", [
    ("N1", "Abuse or neglect"),
    ("N2", "Child's disability or illness"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
    ("N9", "Cases other than children in need"),
    ("N0", "Not stated"),
])

CLOSURE_REASON = code_list("Reason for closure", "CIN census ReasonForClosure (rule 8640)", [
    ("RC1", "Adopted"),
    ("RC2", "Died"),
    ("RC3", "Child arrangements order"),
    ("RC4", "Special guardianship order"),
    ("RC5", "Transferred to another local authority"),
    ("RC6", "Transferred to adult social care"),
    ("RC7", "Services ceased for any other reason, including no longer in need"),
    ("RC8", "Case closed after assessment, no further action"),
    ("RC9", "Case closed after assessment, referred to early help", 2023),
])

CATEGORY_OF_ABUSE = code_list("Category of abuse", "CIN census (rules 8905, 8910)", [
    ("NEG", "Neglect"),
    ("PHY", "Physical abuse"),
    ("SAB", "Sexual abuse"),
    ("EMO", "Emotional abuse"),
    ("MUL", "Multiple (not recommended)"),
])

_FACTOR_ROWS = [
    ("1A", "Alcohol misuse: child"), ("1B", "Alcohol misuse: parent or carer"),
    ("1C", "Alcohol misuse: another person in the household"),
    ("2A", "Drug misuse: child"), ("2B", "Drug misuse: parent or carer"),
    ("2C", "Drug misuse: another person in the household"),
    ("3A", "Domestic abuse: child"), ("3B", "Domestic abuse: parent or carer"),
    ("3C", "Domestic abuse: another person in the household"),
    ("4A", "Mental health: child"), ("4B", "Mental health: parent or carer"),
    ("4C", "Mental health: another person in the household"),
    ("5A", "Learning disability: child"), ("5B", "Learning disability: parent or carer"),
    ("5C", "Learning disability: another person in the household"),
    ("6A", "Physical disability or illness: child"),
    ("6B", "Physical disability or illness: parent or carer"),
    ("6C", "Physical disability or illness: another person in the household"),
    ("7A", "Young carer"),
    ("8B", "Privately fostered: overseas child intending to return"),
    ("8C", "Privately fostered: overseas child intending to stay"),
    ("8D", "Privately fostered: UK child in an educational placement"),
    ("8E", "Privately fostered: UK child, alternative family arrangement"),
    ("8F", "Privately fostered: other"),
    ("9A", "Unaccompanied asylum-seeking child"),
    ("10A", "Going or being missing"),
    ("11A", "Child sexual exploitation"),
    ("12A", "Trafficking"),
    ("13A", "Gangs"),
    ("14A", "Socially unacceptable behaviour"),
    ("15A", "Self-harm"),
    ("16A", "Neglect"),
    ("17A", "Emotional abuse"),
    ("18B", "Physical abuse by another child"), ("18C", "Physical abuse by an adult"),
    ("19B", "Sexual abuse by another child"), ("19C", "Sexual abuse by an adult"),
    ("20", "Other"),
    ("21", "No factors identified"),
    ("22A", "Female genital mutilation"),
    ("23A", "Abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation", 2022),
]
ASSESSMENT_FACTORS = code_list(
    "Factors identified at assessment", "CIN census AssessmentFactors (rules 8869, 8898)",
    _FACTOR_ROWS,
)
