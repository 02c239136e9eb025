"""Placement stability as the care page counts it: carers, not episodes."""

import datetime
from types import SimpleNamespace

from opencsc.looked_after.stability import carer_spans, length_in_words, stability

D = datetime.date


def episode(start, end, rne, legal_status="C2"):
    return SimpleNamespace(start_date=start, end_date=end, reason_new_episode=rne,
                           legal_status=legal_status)


def placement(start):
    return SimpleNamespace(start_date=start)


def test_a_change_of_legal_status_or_a_move_with_the_same_carer_is_not_a_new_placement():
    episodes = [episode(D(2025, 1, 1), D(2025, 3, 1), "S"),
                episode(D(2025, 3, 1), D(2025, 5, 1), "L"),
                episode(D(2025, 5, 1), D(2025, 7, 1), "T"),
                episode(D(2025, 7, 1), None, "P")]
    assert [(s.start, s.end) for s in carer_spans(episodes)] == [
        (D(2025, 1, 1), D(2025, 7, 1)), (D(2025, 7, 1), None)]


def test_placements_are_counted_over_12_months_and_the_collection_year():
    episodes = [episode(D(2024, 9, 1), D(2025, 3, 1), "S"),
                episode(D(2025, 3, 1), D(2025, 6, 1), "P"),
                episode(D(2025, 6, 1), None, "B")]
    found = stability(episodes, placement(D(2025, 6, 1)), today=D(2025, 9, 1))
    assert (found.last_12_months, found.this_year, found.year_label) == (3, 2, "2025-26")
    assert found.placement_length == "3 months"


def test_a_placement_that_ended_on_the_first_day_of_the_window_is_not_counted():
    episodes = [episode(D(2024, 1, 1), D(2025, 4, 1), "S"), episode(D(2025, 4, 1), None, "P")]
    assert stability(episodes, placement(D(2025, 4, 1)), today=D(2025, 5, 1)).this_year == 1


def test_short_breaks_are_not_placements():
    episodes = [episode(D(2025, 1, 1), D(2025, 1, 5), "S", "V3"),
                episode(D(2025, 2, 1), None, "S")]
    assert stability(episodes, placement(D(2025, 2, 1)), today=D(2025, 3, 1)).last_12_months == 1


def test_the_same_carer_since_shows_when_the_placement_moved_but_the_carer_did_not():
    episodes = [episode(D(2024, 1, 1), D(2025, 1, 1), "S"), episode(D(2025, 1, 1), None, "T")]
    found = stability(episodes, placement(D(2025, 1, 1)), today=D(2025, 2, 1))
    assert found.carer_since == D(2024, 1, 1)


def test_lengths_read_as_years_months_or_days():
    assert length_in_words(D(2024, 1, 15), D(2026, 4, 20)) == "2 years and 3 months"
    assert length_in_words(D(2026, 1, 31), D(2026, 3, 1)) == "1 month"
    assert length_in_words(D(2026, 3, 1), D(2026, 3, 2)) == "1 day"
    assert length_in_words(D(2025, 3, 1), D(2026, 3, 1)) == "1 year"
