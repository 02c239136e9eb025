"""Check characters for NHS numbers and UPNs, and the postcode format.

Sources: NHS number modulus 11 (reference.md 6.1); UPN check letter from the DfE
"Unique pupil numbers (UPNs): guidance" and CIN validation rules 1510 and 1550
(reference.md 6.2). The two UPNs quoted from the DfE guide are its own worked examples.
"""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencsc.people.identifiers import (
    UPN_ALPHABET,
    format_nhs_number,
    nhs_check_digit,
    nhs_number_problem,
    normalise_postcode,
    postcode_problem,
    upn_check_letter,
    upn_problem,
)

digits = st.text(alphabet=string.digits, min_size=1, max_size=1)
nine_digits = st.text(alphabet=string.digits, min_size=9, max_size=9)
eleven_digits = st.text(alphabet=string.digits, min_size=11, max_size=11)
last_upn_char = st.sampled_from(string.digits + UPN_ALPHABET)


def _by_hand(first_nine: str) -> int:
    """The modulus 11 check written out independently of the code under test."""
    total = sum(int(first_nine[i]) * (10 - i) for i in range(9))
    return (11 - total % 11) % 11


# NHS number ------------------------------------------------------------------------------


def test_worked_example_is_valid_in_any_common_layout():
    assert nhs_check_digit("943476591") == 9
    for typed in ("9434765919", "943 476 5919", "943-476-5919", " 943 476 5919 "):
        assert nhs_number_problem(typed) is None, typed


def test_wrong_check_digit_is_refused_with_the_reason():
    problem = nhs_number_problem("943 476 5918")
    assert problem is not None
    assert "check digit" in problem


@pytest.mark.parametrize("typed", ["943 476 591", "94347659190", "943 476 591X", ""])
def test_wrong_length_or_letters_are_refused_with_what_to_enter(typed):
    assert "10 digits" in nhs_number_problem(typed)


def test_a_remainder_of_zero_gives_check_digit_zero():
    # A total divisible by 11 gives 11 - 0 = 11, which the rule turns into 0.
    assert nhs_check_digit("000000000") == 0
    assert nhs_number_problem("0000000000") is None


def test_a_stem_whose_check_is_ten_is_never_valid():
    stem = next(f"{n:09d}" for n in range(10**9) if _by_hand(f"{n:09d}") == 10)
    assert nhs_check_digit(stem) is None
    for last in string.digits:
        assert nhs_number_problem(stem + last) is not None


def test_format_groups_three_three_four():
    assert format_nhs_number("9434765919") == "943 476 5919"


@given(nine_digits)
def test_every_stem_not_checking_to_ten_ends_exactly_one_valid_number(stem):
    valid = [d for d in string.digits if nhs_number_problem(stem + d) is None]
    if _by_hand(stem) == 10:
        assert valid == []
    else:
        assert valid == [str(_by_hand(stem))]


@given(nine_digits, st.integers(0, 9), st.integers(1, 9))
def test_changing_any_single_digit_of_a_valid_number_makes_it_invalid(stem, position, shift):
    check = nhs_check_digit(stem)
    if check is None:
        return
    number = list(stem + str(check))
    number[position] = str((int(number[position]) + shift) % 10)
    assert nhs_number_problem("".join(number)) is not None


# UPN -------------------------------------------------------------------------------------


@pytest.mark.parametrize("upn", ["H801200001001", "G80120000101A"])
def test_dfe_guide_examples_validate(upn):
    assert upn_problem(upn) is None


def test_check_letter_follows_weights_two_to_thirteen_mod_23():
    # 801200001001: 8x2 + 1x4 + 2x5 + 1x10 + 1x13 = 53; 53 mod 23 = 7, the eighth letter: H.
    assert upn_check_letter("801200001001") == "H"
    # A temporary UPN's final letter counts as its place in the alphabet (A = 0):
    # 80120000101A: 8x2 + 1x4 + 2x5 + 1x10 + 1x12 + 0x13 = 52; 52 mod 23 = 6: G.
    assert upn_check_letter("80120000101A") == "G"


def test_lower_case_and_spaces_are_accepted():
    assert upn_problem(" h801 2000 01001 ") is None


def test_wrong_check_letter_is_refused_with_the_reason():
    problem = upn_problem("Z801200001001")
    assert problem is not None
    assert "check letter" in problem


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_i_o_and_s_are_refused_at_character_13(letter):
    stem = "80120000101" + letter
    # Give it the letter the sum would produce, so only character 13 can be at fault.
    total = sum(w * int(c) for w, c in zip(range(2, 13), stem[:11], strict=True))
    upn = UPN_ALPHABET[total % 23] + stem
    problem = upn_problem(upn)
    assert problem is not None
    assert "I, O or S" in problem


@pytest.mark.parametrize("typed", ["H80120000100", "H8012000010011", "18012000010011",
                                   "H80120000A001", "HH01200001001", ""])
def test_wrong_shape_is_refused_with_what_to_enter(typed):
    assert "13 characters" in upn_problem(typed)


@given(eleven_digits, last_upn_char)
def test_a_upn_with_its_computed_check_letter_validates(middle, last):
    stem = middle + last
    assert upn_problem(upn_check_letter(stem) + stem) is None


@given(eleven_digits, last_upn_char, st.sampled_from(string.ascii_uppercase))
def test_any_other_first_letter_fails(middle, last, first):
    stem = middle + last
    if first == upn_check_letter(stem):
        return
    assert upn_problem(first + stem) is not None


@given(eleven_digits, last_upn_char)
def test_check_letter_never_uses_i_o_or_s(middle, last):
    assert upn_check_letter(middle + last) not in "IOS"


# Postcode --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed,normal", [
    ("B1 1AA", "B1 1AA"), ("b11aa", "B1 1AA"), ("M60 1NW", "M60 1NW"),
    ("cr2 6xh", "CR2 6XH"), ("DN551PT", "DN55 1PT"), ("W1A 1HQ", "W1A 1HQ"),
    ("EC1A 1BB", "EC1A 1BB"), (" sw1a  2aa ", "SW1A 2AA"),
])
def test_postcodes_of_every_shape_are_accepted_and_normalised(typed, normal):
    assert postcode_problem(typed) is None
    assert normalise_postcode(typed) == normal


@pytest.mark.parametrize("typed", ["B1", "1AA B1", "BBB1 1AA", "B1 1A", "B1 AAA",
                                   "", "B1-1AA"])
def test_malformed_postcodes_are_refused_with_an_example(typed):
    assert "like B1 1AA" in postcode_problem(typed)
