"""Check characters for the identifiers a child's record carries.

Each ``*_problem`` function returns None for a valid value, or a sentence saying
what is wrong, in words a social worker can act on.
"""

import re

UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
_UPN_SHAPE = re.compile(r"^[A-Z]\d{12}$|^[A-Z]\d{11}[A-Z]$")
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$")
_NHS_WEIGHTS = range(10, 1, -1)


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus 11 over the first nine digits; None where no valid number can end them."""
    total = sum(int(d) * w for d, w in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number_problem(value: str) -> str | None:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return "Enter an NHS number of 10 digits, like 943 476 5919"
    check = nhs_check_digit(digits[:9])
    if check is None or check != int(digits[9]):
        return ("This NHS number's check digit is wrong: check it against the letter or card "
                "it came from")
    return None


def format_nhs_number(value: str) -> str:
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else value


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for UPN characters 2 to 13 (DfE UPN guide: weights 2 to 13, mod 23)."""
    total = 0
    for weight, char in enumerate(last_twelve, start=2):
        total += weight * (int(char) if char.isdigit() else UPN_ALPHABET.index(char))
    return UPN_ALPHABET[total % 23]


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def upn_problem(value: str) -> str | None:
    upn = normalise_upn(value)
    if not _UPN_SHAPE.match(upn):
        return (
            "Enter a UPN of 13 characters: a letter, 11 digits, then a digit or letter, "
            "like A123456789012"
        )
    if upn[12].isalpha() and upn[12] not in UPN_ALPHABET:
        return "The last character of a temporary UPN cannot be I, O or S"
    if upn[0] != upn_check_letter(upn[1:]):
        return "This UPN's check letter is wrong: check it with the child's school"
    return None


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode_problem(value: str) -> str | None:
    if not _POSTCODE.match(normalise_postcode(value)):
        return "Enter a full UK postcode, like B1 1AA"
    return None


LA_CHILD_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")
