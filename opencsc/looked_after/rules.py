"""Entry rules for care episodes, placements, reviews and visits.

Where an SSDA903 validation rule says the same thing, the message cites it, so a record
refused here is a record the return would have rejected. Codes are checked against the
list of the collection year the date falls in.
"""

import datetime

from django.utils import timezone

from opencsc.codes.ssda903 import (
    LEGAL_STATUS,
    OTHER_PLACEMENTS,
    PLACEMENT_TYPE,
    REASON_EPISODE_CEASED,
    REVIEW_PARTICIPATION,
    TEMPORARY_PLACEMENTS,
)

Problems = list[tuple[str, str]]

# Minimum age for a placement type, with the SSDA903 rule that says so.
MINIMUM_AGE = {"K3": (16, "371"), "R5": (10, "372"), "S1": (4, "373"), "P3": (14, "374")}
# Providers each placement type cannot have (rules 527-531 and 550).
PROVIDER_NOT_ALLOWED = {
    "PR1": ({"P1", "R2", "R5"}, "527"),
    "PR2": ({"P1", "R2", "R5"}, "528"),
    "PR3": ({"P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6"},
            "529"),
    "PR4": ({"P1"}, "530"),
    "PR5": ({"P1"}, "531"),
}
REC_MINIMUM_AGE = {"E5": (14, "387"), "E6": (14, "387"), "E7": (16, "389"), "E17": (18, "460")}
REC_MAXIMUM_AGE = {"E11": (18, "386"), "E12": (18, "386"), "E45": (18, "407"),
                   "E46": (18, "407"), "E47": (18, "407"), "E48": (18, "407")}


def collection_year(day: datetime.date) -> int:
    """The collection year a date falls in, named by the year it ends: 1 Apr 2025 -> 2026."""
    return day.year + 1 if day.month >= 4 else day.year


def age_on(born: datetime.date | None, day: datetime.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def not_in_future(field, value, label) -> Problems:
    if value and value > timezone.localdate():
        return [(field, f"The {label} must be today or in the past")]
    return []


def check_codes(start: datetime.date, *, legal_status=None, placement_type=None) -> Problems:
    year, problems = collection_year(start), []
    if legal_status and not LEGAL_STATUS.is_valid(legal_status, year):
        problems.append(("legal_status", f"{legal_status} is not a legal status in the "
                         f"{year - 1}-{year % 100:02d} return (SSDA903 rule 144)"))
    if placement_type and not PLACEMENT_TYPE.is_valid(placement_type, year):
        problems.append(("placement_type", f"{placement_type} is not a placement type in the "
                         f"{year - 1}-{year % 100:02d} return (SSDA903 rule 146)"))
    return problems


def check_placement(child, start, legal_status, placement_type, provider_code,
                    *, starts_period: bool) -> Problems:
    """Is this placement type allowed for the legal status, the child's age and provider?"""
    problems = check_codes(start, legal_status=legal_status, placement_type=placement_type)
    age = age_on(child.date_of_birth, start)
    if placement_type in MINIMUM_AGE and age is not None:
        minimum, rule = MINIMUM_AGE[placement_type]
        if age < minimum:
            problems.append(("placement_type", f"A child in placement {placement_type} must be "
                             f"at least {minimum} (SSDA903 rule {rule})"))
    if placement_type == "P1" and legal_status == "V2":
        problems.append(("placement_type", "A child accommodated under section 20 (V2) cannot "
                         "be placed with parents (SSDA903 rule 378)"))
    if starts_period and placement_type in TEMPORARY_PLACEMENTS:
        problems.append(("placement_type", "A period of care cannot start with a temporary "
                         "placement (SSDA903 rule 380)"))
    if starts_period and age is not None and age >= 18:
        problems.append(("", "A young person aged 18 or over cannot start to be looked after "
                         "(SSDA903 rule 352)"))
    problems += _provider_problems(placement_type, provider_code)
    return problems


def _provider_problems(placement_type, provider_code) -> Problems:
    exempt = placement_type in TEMPORARY_PLACEMENTS | OTHER_PLACEMENTS
    if exempt:
        return []
    if not provider_code:
        return [("provider", "This placement needs a provider with a provider code "
                 "(SSDA903 rule 526)")]
    if provider_code == "PR0" and placement_type != "P1":
        return [("provider", "A parent (PR0) can only provide a placement with parents (P1) "
                 "(SSDA903 rule 550)")]
    barred, rule = PROVIDER_NOT_ALLOWED.get(provider_code, (set(), ""))
    if placement_type in barred:
        return [("provider", f"Provider {provider_code} cannot provide placement "
                 f"{placement_type} (SSDA903 rule {rule})")]
    return []


def check_new_period(child, start) -> Problems:
    problems = not_in_future("start_date", start, "date the child became looked after")
    if child.periods_of_care.filter(end_date__isnull=True).exists():
        problems.append(("", "This child is already looked after"))
    last = child.periods_of_care.exclude(end_date__isnull=True).order_by("-end_date").first()
    if start and last and last.end_date >= start:
        problems.append(("start_date", "A new period of care cannot start before the last one "
                         f"ended on {last.end_date:%-d %B %Y}: episodes never overlap "
                         "(SSDA903 rule 142)"))
    return problems


def check_change(current_episode, change_date) -> Problems:
    """A new episode starts the day the previous one ends, and lasts at least a day."""
    problems = not_in_future("change_date", change_date, "date of the change")
    if change_date and change_date <= current_episode.start_date:
        problems.append(("change_date", "The change must be after the current episode started "
                         f"on {current_episode.start_date:%-d %B %Y}: an episode lasts at least "
                         "24 hours (SSDA903 rule 355)"))
    return problems


# The reason for new episode a move starts, by (legal status changed, same carer).
RNE_FOR_MOVE = {(False, False): "P", (False, True): "T", (True, False): "B", (True, True): "U"}


def reason_for_move(leaving_type: str, status_changed: bool, same_carer: bool) -> str:
    """The RNE of the episode a move starts. Back from a temporary placement to the usual
    one is always P, even to the same carer (SSDA903 rule 383)."""
    if leaving_type in TEMPORARY_PLACEMENTS:
        return "P"
    return RNE_FOR_MOVE[(status_changed, same_carer)]


def needs_reason_for_change(leaving_type: str, new_type: str) -> bool:
    """Every move needs its reason (rule 225) except into or out of a temporary placement:
    neither the temporary placement's episode nor the one before it carries one (rule 226)."""
    return not ({leaving_type, new_type} & TEMPORARY_PLACEMENTS)


def _compact(postcode: str) -> str:
    return (postcode or "").replace(" ", "").upper()


def check_return(usual, placement_type, postcode, status_changed) -> Problems:
    """After a temporary placement the child returns to their usual placement ``usual``
    (the episode before the temporary one): same placement type and postcode, RNE P, so no
    change of legal status that day (SSDA903 rule 383)."""
    problems = []
    if usual is not None and placement_type != usual.placement_type:
        problems.append(("placement_type", "After a temporary placement the child returns to "
                         f"their usual placement, {usual.placement_type} (SSDA903 rule 383)"))
    before = usual.placement.postcode if usual is not None else ""
    if _compact(postcode) and _compact(before) and _compact(postcode) != _compact(before):
        problems.append(("postcode", "After a temporary placement the child returns to their "
                         f"usual placement, at {before} (SSDA903 rule 383)"))
    if status_changed:
        problems.append(("legal_status", "A return from a temporary placement cannot also "
                         "change the legal status: record the change of legal status on its "
                         "own (SSDA903 rule 383)"))
    return problems


def check_ceasing(child, episode, end_date, reason) -> Problems:
    problems = check_change(episode, end_date)
    year = collection_year(end_date) if end_date else None
    if not reason or reason == "X1" or not REASON_EPISODE_CEASED.is_valid(reason, year):
        problems.append(("reason_ceased", "Select why the child ceased to be looked after "
                         "(SSDA903 rules 148 and 149)"))
    if episode.placement_type in TEMPORARY_PLACEMENTS:
        problems.append(("", "A period of care cannot end with a temporary placement "
                         "(SSDA903 rule 381)"))
    age = age_on(child.date_of_birth, end_date) if end_date else None
    if age is not None and reason in REC_MINIMUM_AGE and age < REC_MINIMUM_AGE[reason][0]:
        minimum, rule = REC_MINIMUM_AGE[reason]
        problems.append(("reason_ceased", f"Reason {reason} needs the young person to be at "
                         f"least {minimum} (SSDA903 rule {rule})"))
    if age is not None and reason in REC_MAXIMUM_AGE and age >= REC_MAXIMUM_AGE[reason][0]:
        problems.append(("reason_ceased", f"Reason {reason} cannot apply at 18 or over "
                         f"(SSDA903 rule {REC_MAXIMUM_AGE[reason][1]})"))
    return problems


def within_period(period, day, field, label) -> Problems:
    problems = not_in_future(field, day, label)
    ends = period.end_date
    if day and (day < period.start_date or (ends and day > ends)):
        problems.append((field, f"The {label} must fall within the period of care "
                         f"({period.start_date:%-d %B %Y} to "
                         f"{ends.strftime('%-d %B %Y') if ends else 'now'})"))
    return problems


def check_review(period, child, review_date, participation) -> Problems:
    problems = within_period(period, review_date, "review_date", "review date")
    if not REVIEW_PARTICIPATION.is_valid(participation):
        problems.append(("participation", "Select how the child took part (SSDA903 rule 167)"))
    age = age_on(child.date_of_birth, review_date) if review_date else None
    if age is not None and participation == "PN0" and age >= 4:
        problems.append(("participation", "PN0 is only for a child under 4 at the review "
                         "(SSDA903 rule 440)"))
    if age is not None and participation not in ("", "PN0") and age < 4:
        problems.append(("participation", "A child under 4 at the review is recorded as PN0 "
                         "(SSDA903 rule 441)"))
    return problems


def check_missing(child, kind, start, end, others) -> Problems:
    problems = not_in_future("start_date", start, "date they went missing")
    problems += not_in_future("end_date", end, "date they returned")
    if not kind:
        problems.append(("kind", "Say whether the child was missing or away without "
                         "authorisation (SSDA903 rule 565)"))
    if start and end and end < start:
        problems.append(("end_date", "The child cannot return before they went missing "
                         "(SSDA903 rule 567)"))
    for other in others:
        other_end = other.end_date or datetime.date.max
        if start and start <= other_end and (end or datetime.date.max) >= other.start_date:
            problems.append(("start_date", "This overlaps another missing or away episode "
                             "(SSDA903 rule 574)"))
            break
    return problems
