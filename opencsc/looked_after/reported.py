"""What the SSDA903 says of where a placement is: its LA (PL_LA), whether that is inside the
responsible council's area (PL_LOCATION) and its distance from home (PL_DISTANCE).

None of the three is a column of the Episodes file the council submits: the DfE's tools
work them out from each episode's HOME_POST and PL_POST (shared/domain/reference.md section
3.2), as ``geography`` does when a placement is recorded. So where a rule says one must be
blank, the return leaves out the postcode it would be worked out from:

- rules 398 and 420: no distance and no LA of placement for a short break (legal status V3
  or V4); rule 214 adds that no placement postcode or Ofsted URN is given for one;
- rule 406: no distance for a child who is an unaccompanied asylum-seeking child (UASC) or
  was one in either of the two collection years before (the rule's own look-back), so no
  home postcode.

The child's care page shows the same blanks, with the reason, and PL_LOCATION beside PL_LA.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from opencsc.codes.ssda903 import SHORT_BREAKS

UASC_YEARS_BACK = 2  # rule 406 looks at this year's UASC flag and the two years' before
CONFIDENTIAL = "CON"

SHORT_BREAK_REASON = ("not reported for a short break (legal status V3 or V4): SSDA903 "
                      "rules 398 and 420")
UASC_REASON = ("not reported for a child who is, or recently was, an unaccompanied "
               "asylum-seeking child: SSDA903 rule 406")


@dataclass(frozen=True)
class Reported:
    """A placement's PL_LA, PL_LOCATION and PL_DISTANCE as the return reports them."""

    placement_la: str = ""
    location: str = ""  # "IN", "OUT", or "" where the LA is not known or confidential
    distance_miles: Decimal | None = None
    la_withheld: str = ""  # why PL_LA is blank by rule, if it is
    distance_withheld: str = ""  # why PL_DISTANCE is blank by rule, if it is


def location(placement_la: str, council_codes: tuple[str, ...]) -> str:
    """IN if the placement's LA is the responsible council (by its ONS code or, where only
    the register's LA was known, its DfE code), OUT if elsewhere, "" if not known."""
    if not placement_la or placement_la == CONFIDENTIAL:
        return ""
    return "IN" if placement_la in {c for c in council_codes if c} else "OUT"


def council_codes(council) -> tuple[str, ...]:
    """The codes a placement LA can name the council by (none if there is no council)."""
    return (council.gss_code, council.la_code) if council else ()


def collection_year_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def uasc_window(year_start: datetime.date, year_end: datetime.date) -> tuple:
    """The days in which UASC status makes a child's distance blank (rule 406): this
    collection year and the two before it."""
    return year_start.replace(year=year_start.year - UASC_YEARS_BACK), year_end


def was_uasc(statuses, window) -> bool:
    """Whether any (start, ceased) UASC status overlaps the window."""
    first, last = window
    return any(start <= last and (ceased is None or ceased >= first)
               for start, ceased in statuses)


def reported(placement_la: str, distance_miles, *, legal_status: str, uasc: bool,
             council: tuple[str, ...]) -> Reported:
    """The placement's location as the return reports it for an episode under this legal
    status, for a child who is (or is not) UASC by ``was_uasc``."""
    if legal_status in SHORT_BREAKS:
        return Reported(la_withheld=SHORT_BREAK_REASON, distance_withheld=SHORT_BREAK_REASON)
    return Reported(placement_la, location(placement_la, council),
                    None if uasc else distance_miles,
                    distance_withheld=UASC_REASON if uasc else "")


def postcodes_returned(home: str | None, placed: str | None, urn: str | None, *,
                       legal_status: str, uasc: bool) -> tuple:
    """HOME_POST, PL_POST and URN as the Episodes file gives them (see the module's
    docstring): None for each the rules say to leave blank."""
    if legal_status in SHORT_BREAKS:
        return None, None, None
    return (None if uasc else home or None), placed or None, urn or None
