"""SSDA903 (children looked after) code lists, versioned by collection year.

Years are collection years named by the year they end in (2026 = 2025-26). Sources:
shared/domain/reference.md sections 1.5 and 3.3; placement codes checked against the
open 903 validator's rule 146 lists for 2024-25 (H5, K3, P2 and Z1 valid) and 2025-26
(H5, P2 and Z1 gone; Z11 to Z14 added).
"""

from . import code_list

LEGAL_STATUS = code_list("Legal status", "SSDA903 LS (rule 144)", [
    ("C1", "Interim care order (section 38)"),
    ("C2", "Full care order (section 31)"),
    ("D1", "Freeing order granted"),
    ("E1", "Placement order granted (section 21 ACA 2002)"),
    ("V2", "Single period of accommodation under section 20"),
    ("V3", "Agreed series of short-term breaks, individual episodes recorded"),
    ("V4", "Agreed series of short-term breaks, agreements recorded"),
    ("L1", "Under police protection and in local authority accommodation"),
    ("L2", "Emergency protection order"),
    ("L3", "Child assessment order and in local authority accommodation"),
    ("J1", "Remanded to local authority or youth detention accommodation"),
    ("J2", "Placed in local authority accommodation under PACE 1984"),
    ("J3", "Sentenced to a youth rehabilitation order with residence or fostering"),
])

# Legal statuses of an agreed series of short breaks: such a child is looked after only
# during each break, and most SSDA903 rules and DfE counts leave these episodes out.
SHORT_BREAKS = frozenset({"V3", "V4"})

REASON_NEW_EPISODE = code_list("Reason for new episode", "SSDA903 RNE (rule 143)", [
    ("S", "Started to be looked after"),
    ("L", "Change of legal status only"),
    ("P", "Change of placement and carer only"),
    ("T", "Change of placement only, same carer"),
    ("B", "Change of legal status and of placement and carer"),
    ("U", "Change of legal status and of placement, same carer"),
])

PLACEMENT_TYPE = code_list("Placement type", "SSDA903 PLACE (rule 146)", [
    ("A3", "Placed for adoption with consent, with current foster carer"),
    ("A4", "Placed for adoption with consent, not with current foster carer"),
    ("A5", "Placed for adoption with placement order, with current foster carer"),
    ("A6", "Placed for adoption with placement order, not with current foster carer"),
    ("H5", "Semi-independent living not subject to children's homes regulations", None, 2025),
    ("K1", "Secure children's home"),
    ("K2", "Children's home subject to Children's Homes Regulations"),
    ("K3", "Supported accommodation registered with Ofsted", 2025),
    ("P1", "Placed with own parent or person with parental responsibility"),
    ("P2", "Independent living, such as a flat, lodgings or bedsit", None, 2025),
    ("P3", "Residential employment"),
    ("R1", "Residential care home"),
    ("R2", "NHS or health trust, or other medical or nursing establishment"),
    ("R3", "Family centre or mother and baby unit"),
    ("R5", "Young offender institution or prison"),
    ("S1", "Residential school"),
    ("T0", "All types of temporary move"),
    ("T1", "Temporary period in hospital"),
    ("T2", "Temporary absence of the child on holiday"),
    ("T3", "Temporary accommodation while the usual foster carer is on holiday"),
    ("T4", "Temporary accommodation of seven days or less, any other reason"),
    ("U1", "Foster placement with relative or friend: long-term fostering"),
    ("U2", "Foster placement with relative or friend who is also an approved adopter"),
    ("U3", "Foster placement with relative or friend: not long-term or FFA"),
    ("U4", "Foster placement with other foster carer: long-term fostering"),
    ("U5", "Foster placement with other foster carer who is also an approved adopter"),
    ("U6", "Foster placement with other foster carer: not long-term or FFA"),
    ("Z1", "Other placement", None, 2025),
    # Meanings of Z11 to Z14 are to be confirmed from the 2025-26 SSDA903 guide.
    ("Z11", "Other placement: type Z11", 2026),
    ("Z12", "Other placement: type Z12", 2026),
    ("Z13", "Other placement: type Z13", 2026),
    ("Z14", "Other placement: type Z14", 2026),
])

TEMPORARY_PLACEMENTS = {"T0", "T1", "T2", "T3", "T4"}
OTHER_PLACEMENTS = {"Z1", "Z11", "Z12", "Z13", "Z14"}
FOSTER_PLACEMENTS = {"U1", "U2", "U3", "U4", "U5", "U6"}
LONG_TERM_FOSTER_PLACEMENTS = {"U1", "U4"}

PLACEMENT_PROVIDER = code_list("Placement provider", "SSDA903 PLACE_PROVIDER (rules 526-531)", [
    ("PR0", "Parent or person with parental responsibility"),
    ("PR1", "Own local authority provision"),
    ("PR2", "Other local authority provision"),
    ("PR3", "Other public provision, such as the NHS"),
    ("PR4", "Private provision"),
    ("PR5", "Voluntary or third sector provision"),
])

REASON_EPISODE_CEASED = code_list("Reason episode ceased", "SSDA903 REC (rule 149)", [
    ("X1", "Episode ceases and a new one begins on the same day"),
    ("E11", "Adopted: application unopposed"),
    ("E12", "Adopted: consent dispensed with by the court"),
    ("E2", "Died"),
    ("E3", "Care taken over by another local authority in the UK"),
    ("E4A", "Returned home to parents or relatives as part of care planning"),
    ("E4B", "Returned home to parents or relatives not as part of care planning"),
    ("E13", "Left care to live with parents or others without parental responsibility"),
    ("E41", "Child arrangements order granted"),
    ("E45", "Special guardianship order to former foster carers who are relatives or friends"),
    ("E46", "Special guardianship order to former foster carers who are not relatives or friends"),
    ("E47", "Special guardianship order to other carers who are relatives or friends"),
    ("E48", "Special guardianship order to other carers who are not relatives or friends"),
    ("E5", "Moved to independent living with supportive accommodation"),
    ("E6", "Moved to independent living with no formal support"),
    ("E7", "Transferred to residential care funded by adult social care"),
    ("E9", "Sentenced to custody"),
    ("E14", "Accommodation on remand ended"),
    ("E15", "Age assessment found the person to be 18 or over"),
    ("E16", "Moved abroad"),
    ("E17", "Aged 18 or over and remained with current carers"),
    ("E8", "Ceased for any other reason"),
])

REASON_PLACEMENT_CHANGE = code_list(
    "Reason for placement change", "SSDA903 REASON_PLACE_CHANGE (rule 1009)", [
        ("CARPL", "Change to or implementation of the care plan"),
        ("CLOSE", "Carer resigned or provision closed"),
        ("ALLEG", "Allegation (section 47 enquiry)"),
        ("STAND", "Standards of care concern"),
        ("APPRR", "Approval or registration removed"),
        ("CREQB", "Carer requests end because of the child's behaviour"),
        ("CREQO", "Carer requests end for other reasons"),
        ("CHILD", "Child requests end"),
        ("LAREQ", "Responsible or area authority requests end"),
        ("PLACE", "Change in placement status only"),
        ("CUSTOD", "Child admitted to custody"),
        ("OTHER", "Other"),
    ])

CATEGORY_OF_NEED = code_list("Category of need", "SSDA903 CIN (rule 145)", [
    ("N1", "Abuse or neglect"),
    ("N2", "Child's disability"),
    ("N3", "Parental illness or disability"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
])

REVIEW_PARTICIPATION = code_list("Participation in review", "SSDA903 REVIEW_CODE (rule 167)", [
    ("PN0", "Child under 4 at the time of the review"),
    ("PN1", "Attends and speaks for themselves"),
    ("PN2", "Attends; an advocate speaks for them"),
    ("PN3", "Attends and conveys views symbolically"),
    ("PN4", "Attends without contributing"),
    ("PN5", "Does not attend; briefs an advocate to speak for them"),
    ("PN6", "Does not attend; conveys views by another means"),
    ("PN7", "Does not attend and views are not conveyed"),
])

MISSING_TYPE = code_list("Missing or away", "SSDA903 Missing MISSING", [
    ("M", "Missing: whereabouts unknown"),
    ("A", "Away from placement without authorisation: whereabouts known"),
])

SDQ_REASON = code_list("Reason no SDQ", "SSDA903 OC2 SDQ_REASON", [
    ("SDQ1", "Child under 4 or over 16 at the date of assessment"),
    ("SDQ2", "Carer refused to complete the questionnaire"),
    ("SDQ3", "Not possible because of the severity of the child's disability"),
    ("SDQ4", "Other"),
    ("SDQ5", "Young person refused to allow the questionnaire to be completed"),
])

PREVIOUS_PERMANENCE = code_list("Previous permanence", "SSDA903 PrevPerm PREV_PERM", [
    ("P1", "Adoption"),
    ("P2", "Special guardianship order"),
    ("P3", "Child arrangements order (who the child lives with)"),
    ("P4", "Unknown"),
    ("Z1", "No previous permanence order"),
])

REASON_PLACED_CEASED = code_list("Reason no longer to be placed for adoption", "SSDA903 RD", [
    ("RD1", "The child's needs changed"),
    ("RD2", "The court did not make a placement order"),
    ("RD3", "Prospective adopters could not be found"),
    ("RD4", "Any other reason"),
])

ADOPTER_SEX = code_list("Sex of adopters", "SSDA903 AD1 SEX_ADOPTR", [
    ("M1", "Single male"), ("F1", "Single female"), ("MM", "Two males"),
    ("FF", "Two females"), ("MF", "Male and female"),
])

ADOPTER_LEGAL_STATUS = code_list("Legal status of adopters", "SSDA903 AD1 LS_ADOPTR", [
    ("L0", "Single adopter"),
    ("L11", "Married couple of different genders"),
    ("L12", "Married couple of the same gender"),
    ("L2", "Civil partners"),
    ("L3", "Unmarried couple of different genders"),
    ("L4", "Unmarried couple of the same gender"),
])

IN_TOUCH = code_list("In touch", "SSDA903 OC3 IN_TOUCH", [
    ("YES", "In touch"),
    ("NO", "Not in touch"),
    ("DIED", "Died"),
    ("REFU", "Young person refuses contact"),
    ("NREQ", "No longer requires services"),
    ("RHOM", "Returned home to parents for 6 months or more"),
])

ACTIVITY = code_list("Main activity", "SSDA903 OC3 ACTIV", [
    ("F1", "Full-time higher education"), ("P1", "Part-time higher education"),
    ("F2", "Full-time other education"), ("P2", "Part-time other education"),
    ("F4", "Full-time apprenticeship"), ("P4", "Part-time apprenticeship"),
    ("F5", "Full-time training or employment"), ("P5", "Part-time training or employment"),
    ("G4", "Not in education, employment or training: illness or disability"),
    ("G5", "Not in education, employment or training: other reasons"),
    ("G6", "Not in education, employment or training: pregnancy or parenting"),
    ("0", "No information"),
])
IN_EDUCATION_EMPLOYMENT_OR_TRAINING = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}

ACCOMMODATION_TYPE = code_list("Accommodation", "SSDA903 OC3 ACCOM (letter)", [
    ("B", "With parents or relatives"),
    ("C", "Community home or other residential care"),
    ("D", "Semi-independent, transitional or supported accommodation"),
    ("E", "Supported lodgings"),
    ("G", "Gone abroad"),
    ("H", "Deported"),
    ("K", "Ordinary lodgings, without formal support"),
    ("R", "Residence not known"),
    ("S", "No fixed abode or homeless"),
    ("T", "Foyers and similar supported accommodation"),
    ("U", "Independent living, such as a flat or tenancy"),
    ("V", "Emergency accommodation"),
    ("W", "Bed and breakfast"),
    ("X", "In custody"),
    ("Y", "Other accommodation"),
    ("Z", "With former foster carers"),
])
SUITABLE, UNSUITABLE = "1", "2"
