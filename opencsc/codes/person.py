"""Code lists for a person's characteristics, shared by the CIN census and SSDA903.

Source: DfE CIN census XSD 2023-24 and the 2024-25 change of GenderCurrent to Sex;
SSDA903 Header. See shared/domain/reference.md section 2.4.
"""

from . import code_list

SEX = code_list(
    "Sex",
    "CIN census 2024-25 onwards (rule 4180); SSDA903 Header SEX from 2024-25",
    [("M", "Male", 2025), ("F", "Female", 2025), ("U", "Unknown or not recorded", 2025)],
)

ETHNICITY = code_list(
    "Ethnicity",
    "DfE ethnicity codes shared by the school census, CIN census and SSDA903",
    [
        ("WBRI", "White British"),
        ("WIRI", "White Irish"),
        ("WIRT", "Traveller of Irish heritage"),
        ("WOTH", "Any other White background"),
        ("WROM", "Gypsy or Roma"),
        ("MWBC", "White and Black Caribbean"),
        ("MWBA", "White and Black African"),
        ("MWAS", "White and Asian"),
        ("MOTH", "Any other mixed background"),
        ("AIND", "Indian"),
        ("APKN", "Pakistani"),
        ("ABAN", "Bangladeshi"),
        ("AOTH", "Any other Asian background"),
        ("BCRB", "Caribbean"),
        ("BAFR", "African"),
        ("BOTH", "Any other Black background"),
        ("CHNE", "Chinese"),
        ("OOTH", "Any other ethnic group"),
        ("REFU", "Refused"),
        ("NOBT", "Information not yet obtained"),
    ],
)

DISABILITY = code_list(
    "Disability",
    "CIN census Disability codes (rules 8790, 8794)",
    [
        ("NONE", "No disability"),
        ("MOB", "Mobility"),
        ("HAND", "Hand function"),
        ("PC", "Personal care"),
        ("INC", "Incontinence"),
        ("COMM", "Communication"),
        ("LD", "Learning"),
        ("HEAR", "Hearing"),
        ("VIS", "Vision"),
        ("BEH", "Behaviour, including ADHD"),
        ("CON", "Consciousness, including seizures"),
        ("AUT", "Diagnosed autism or Asperger syndrome"),
        ("DDA", "Other disability under the Disability Discrimination Act"),
    ],
)

UPN_UNKNOWN = code_list(
    "UPN unknown reason",
    "CIN census UPNunknown (rule 8772 for UN7)",
    [
        ("UN1", "Child is not of school age and has not yet been given a UPN"),
        ("UN2", "Child has never attended a state-funded school in England"),
        ("UN3", "Child is educated outside England"),
        ("UN4", "Child is new to the local authority and the UPN is not yet known"),
        ("UN5", "Source discrepancies prevent reliable matching"),
        ("UN7", "Referral with no further action"),
    ],
)

# Gender identity is not a DfE return item; these are plain labels for the record.
GENDER_IDENTITY = [
    ("", "Not recorded"),
    ("male", "Male"),
    ("female", "Female"),
    ("non_binary", "Non-binary"),
    ("other", "In another way"),
    ("prefer_not", "Prefers not to say"),
]

RELIGION = [
    ("", "Not recorded"),
    ("none", "No religion"),
    ("buddhist", "Buddhist"),
    ("christian", "Christian"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Other religion"),
    ("refused", "Prefers not to say"),
]
