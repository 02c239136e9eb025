"""DfE three-digit local authority numbers that may allocate a UPN (its characters 2 to 4).

Source: the DfE definition of CIN census rule 1530 (LA numbers since April 1998, plus the
pseudo-LA numbers 001 to 005), as listed in shared/domain/reference.md section 6.2. The
2023-24 definition adds 942 and 943, the authorities created in Cumbria in April 2023.
Years are collection years named by the year they end in (2024 = 2023-24).
"""

_SPANS = [
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
    (380, 384), (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808),
    (810, 813), (815, 816), (820, 823), (825, 826), (830, 831), (835, 841), (845, 846),
    (850, 852), (855, 857), (860, 861), (865, 896), (908, 909), (916, 916), (919, 919),
    (921, 921), (925, 926), (928, 929), (931, 931), (933, 933), (935, 938), (940, 941),
]
_ADDED = {2024: [(942, 943)]}  # first collection year -> spans added then


def upn_la_numbers(year: int) -> frozenset[str]:
    """The LA numbers valid in UPN characters 2 to 4 for a collection year, as 3 digits."""
    spans = _SPANS + [s for first, added in _ADDED.items() if year >= first for s in added]
    return frozenset(f"{n:03d}" for low, high in spans for n in range(low, high + 1))
