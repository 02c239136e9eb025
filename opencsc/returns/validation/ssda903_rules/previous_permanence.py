"""Rules on PrevPerm read from that table alone: the codes of the previous permanence
option and the local authority that arranged it, and the integrity checks.

Source: the DfE SSDA903 validation rules as implemented by the open 903 validator
(data-to-insight/csc-validator-be-903, lac2022_23 rule_631, rule_633, rule_635). The rules
comparing PrevPerm with the episodes (630, 632, 634) are in ``permanence``.
"""

import polars as pl

from opencsc.codes.local_authorities import upn_la_numbers
from opencsc.codes.ssda903 import PREVIOUS_PERMANENCE

from ..engine import rule
from .common import YEARS, rows
from .outcomes import dob_differs, not_in_header, repeated

PREV_PERM, LA_PERM, DATE_PERM = pl.col("PREV_PERM"), pl.col("LA_PERM"), pl.col("DATE_PERM")
# Where the order was made outside England: Wales, Scotland, Northern Ireland, outside
# the UK; and 999 where the authority is not known.
OUTSIDE_ENGLAND = {"WAL", "SCO", "NIR", "NUK", "999"}
# LA numbers that allocate UPNs but are not English authorities: the pseudo-LAs 001 to
# 005, and the Welsh numbers 660 to 681 and 701 to 708 (Wales is reported as WAL).
NOT_ENGLISH = {f"{n:03d}" for n in [*range(1, 6), *range(660, 682), *range(701, 709)]}


def english_authorities(year: int) -> set[str]:
    return set(upn_la_numbers(year)) - NOT_ENGLISH


@rule("903", "631", years=YEARS, table="PrevPerm", fields=["PREV_PERM"],
      message="The previous permanence option is not a valid code (P1 to P4 or Z1)")
def previous_permanence_code(tables, context):
    valid = PREVIOUS_PERMANENCE.codes_for_year()
    return rows(tables["PrevPerm"], PREV_PERM.is_not_null() & ~PREV_PERM.is_in(valid))


@rule("903", "633", years=YEARS, table="PrevPerm", fields=["LA_PERM"],
      message="The local authority that arranged the previous permanence option is not a "
              "valid English authority number, WAL, SCO, NIR or NUK")
def arranging_authority_code(tables, context):
    valid = sorted(english_authorities(context.year) | OUTSIDE_ENGLAND)
    return rows(tables["PrevPerm"], LA_PERM.is_not_null() & ~LA_PERM.is_in(valid))


@rule("903", "635", years=YEARS, table="PrevPerm",
      fields=["PREV_PERM", "LA_PERM", "DATE_PERM"],
      message="The date or authority of a previous permanence order is given, but the "
              "option is blank or Z1 (none)")
def order_details_need_an_order(tables, context):
    details = LA_PERM.is_not_null() | DATE_PERM.is_not_null()
    return rows(tables["PrevPerm"], details & (PREV_PERM.is_null() | (PREV_PERM == "Z1")))


@rule("903", "INT07", years=YEARS, table="PrevPerm", fields=["CHILD"],
      message="The child in PrevPerm is not in the header")
def prevperm_child_in_header(tables, context):
    return not_in_header(tables, "PrevPerm")


@rule("903", "INT16", years=YEARS, table="PrevPerm", fields=["DOB"],
      message="The date of birth in PrevPerm differs from the child's header")
def prevperm_dob_matches_header(tables, context):
    return dob_differs(tables, "PrevPerm")


@rule("903", "INT35", years=YEARS, table="PrevPerm", fields=["CHILD"],
      message="The child appears more than once in PrevPerm")
def prevperm_child_once(tables, context):
    return repeated(tables, "PrevPerm")
