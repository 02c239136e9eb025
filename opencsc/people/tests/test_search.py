"""Searching for a child: by name (tolerant of slips and of order), other names, date of
birth, NHS number, UPN and postcode, within the user's scope, without a flood of weak
matches. All names are invented."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.people import access, actions
from opencsc.people.identifiers import nhs_check_digit, upn_check_letter
from opencsc.people.models import Address, Person, PersonName
from opencsc.people.search import Criteria, likely_matches, name_score, search, word_score


def names(found) -> list[str]:
    return [p.full_name for p in found]


def by_name(text: str, people=None) -> list[str]:
    return names(search(people or Person.objects.children(), Criteria(name=text)))


def nhs_number(stem: str) -> str:
    return stem + str(nhs_check_digit(stem))


def upn(stem: str) -> str:
    return upn_check_letter(stem) + stem


@pytest.fixture
def rhiannon(make_child):
    return make_child(
        worker="social.worker",
        given="Rhiannon",
        family="Featherstone",
        dob=datetime.date(2016, 4, 12),
    )


@pytest.fixture
def crowd(make_child):
    """Names a little like Rhiannon Featherstone's, but not slips of it."""
    for given, family in [
        ("Rhiannon", "Fairweather"),
        ("Rowena", "Featherstone"),
        ("Bethan", "Featherstonehaugh"),
        ("Ryan", "Feathers"),
        ("Rhian", "Heatherton"),
        ("Shannon", "Fetherston-Leigh"),
    ]:
        make_child(given=given, family=family)


# Names -----------------------------------------------------------------------------------


def test_exact_name_is_found_first(rhiannon, crowd):
    assert by_name("Rhiannon Featherstone")[0] == "Rhiannon Featherstone"


@pytest.mark.parametrize(
    "typed",
    [
        "Rhiannon Featherstome",  # a letter wrong
        "Rhiannno Featherstone",  # two letters swapped
        "Rhiannon Fetherstone",  # a letter missing
        "Rhiannon Feathersttone",  # a letter added
        "Rhiannon Fethurstone",  # two slips, but sounds the same
        "RHIANNON featherstone",  # any case
        "Rhiannon Featherstone ",  # stray space
    ],
)
def test_a_slip_in_the_name_still_finds_the_child(rhiannon, crowd, typed):
    assert by_name(typed)[0] == "Rhiannon Featherstone"


@pytest.mark.parametrize(
    "typed",
    [
        "Featherstone Rhiannon",
        "featherstone, rhiannon",
        "Fetherstone Rhianon",
        "Featherstone  ,  Rhiannon",
    ],
)
def test_the_order_of_names_does_not_matter(rhiannon, crowd, typed):
    assert by_name(typed)[0] == "Rhiannon Featherstone"


def test_family_name_alone_finds_everyone_of_that_name(rhiannon, crowd):
    assert set(by_name("Featherstone")) >= {"Rhiannon Featherstone", "Rowena Featherstone"}


def test_weak_matches_do_not_flood_the_results(rhiannon, crowd):
    assert by_name("Rhiannon Featherstone") == ["Rhiannon Featherstone"]


def test_a_strong_family_name_does_not_carry_an_unlike_given_name(make_child):
    make_child(given="John", family="Aldergrove")
    make_child(given="Jane", family="Aldergrove")
    assert by_name("John Aldergrove") == ["John Aldergrove"]


def test_an_unrelated_name_finds_nobody(rhiannon, crowd):
    assert by_name("Zebedee Quartermaine") == []


def test_a_middle_name_the_record_lacks_still_finds_the_child(rhiannon, crowd):
    assert by_name("Rhiannon Mary Featherstone")[0] == "Rhiannon Featherstone"


def test_apostrophes_and_hyphens_in_names(make_child):
    make_child(given="Niamh", family="O'Donoghue")
    make_child(given="Tobias", family="Ashworth-Mensah")
    assert by_name("Niamh ODonoghue") == ["Niamh O'Donoghue"]
    assert by_name("niamh o’donoghue") == ["Niamh O'Donoghue"]
    assert by_name("Tobias Mensah") == ["Tobias Ashworth-Mensah"]


def test_accented_letters_match_plain_ones(make_child):
    make_child(given="Zoë", family="Brontë")
    assert by_name("Zoe Bronte") == ["Zoë Brontë"]


def test_the_beginning_of_a_long_name_finds_it(make_child):
    make_child(given="Alexandria", family="Whitcombe")
    assert by_name("Alexan Whitcombe") == ["Alexandria Whitcombe"]


def test_an_initial_narrows_a_family_name(make_child):
    make_child(given="Keziah", family="Northcott")
    make_child(given="Laurence", family="Northcott")
    assert by_name("K Northcott") == ["Keziah Northcott"]


# Other names -----------------------------------------------------------------------------


def test_an_alias_finds_the_child(rhiannon, personas):
    actions.add_other_name(
        rhiannon,
        actor=personas["social.worker"],
        given_names="Ria",
        family_name="Fox",
        kind=PersonName.Kind.ALIAS,
    )
    assert by_name("Ria Fox") == ["Rhiannon Featherstone"]


def test_a_previous_family_name_with_the_current_given_name_finds_the_child(rhiannon, personas):
    actions.add_other_name(
        rhiannon,
        actor=personas["social.worker"],
        given_names="",
        family_name="Ollerenshaw",
        kind=PersonName.Kind.PREVIOUS,
    )
    assert by_name("Rhiannon Ollerenshaw") == ["Rhiannon Featherstone"]
    assert by_name("Ollerenshaw") == ["Rhiannon Featherstone"]


def test_a_slip_in_an_other_name_still_finds_the_child(rhiannon, personas):
    actions.add_other_name(
        rhiannon,
        actor=personas["social.worker"],
        given_names="Ria",
        family_name="Ollerenshaw",
        kind=PersonName.Kind.BIRTH,
    )
    assert by_name("Ria Olerenshaw") == ["Rhiannon Featherstone"]


def test_a_change_of_name_is_searchable_at_once(rhiannon, personas):
    actions.update_child(
        rhiannon, actor=personas["social.worker"], details={"family_name": "Castellanos"}
    )
    assert by_name("Rhiannon Castellanos") == ["Rhiannon Castellanos"]
    assert by_name("Rhiannon Featherstone") == []


# Identifiers -----------------------------------------------------------------------------


def test_date_of_birth_alone_and_with_a_name(rhiannon, make_child):
    make_child(given="Rhiannon", family="Featherstone", dob=datetime.date(2019, 1, 3))
    children = Person.objects.children()
    on_day = search(children, Criteria(date_of_birth=datetime.date(2016, 4, 12)))
    assert [p.pk for p in on_day] == [rhiannon.pk]
    both = search(
        children, Criteria(name="Rhianon Featherstone", date_of_birth=datetime.date(2016, 4, 12))
    )
    assert [p.pk for p in both] == [rhiannon.pk]


@pytest.mark.parametrize("layout", ["{}", "{0:.3} {0[3]}{0[4]}{0[5]} {0[6]}{0[7]}{0[8]}{0[9]}"])
def test_nhs_number_in_any_layout(make_child, layout):
    number = nhs_number("401023213")
    child = make_child(given="Ivo", family="Pemberton", nhs_number=number)
    make_child(given="Ivo", family="Pemberton", nhs_number=nhs_number("401023214"))
    typed = layout.format(number)
    assert [p.pk for p in search(Person.objects.children(), Criteria(nhs_number=typed))] == [
        child.pk
    ]


def test_upn_and_former_upn(make_child):
    current, former = upn("33020190001" + "2"), upn("33020150042" + "7")
    child = make_child(given="Ottilie", family="Barraclough", upn=current, former_upn=former)
    make_child(given="Other", family="Pupil", upn=upn("33020190009" + "9"))
    for typed in (current, former, former.lower(), f"{former[:4]} {former[4:]}"):
        found = search(Person.objects.children(), Criteria(upn=typed))
        assert [p.pk for p in found] == [child.pk], typed


def _live_at(child, postcode, start, end=None):
    Address.objects.create(
        person=child, line_1="1 Test Row", postcode=postcode, start_date=start, end_date=end
    )


@pytest.mark.parametrize("typed", ["B15 2TT", "b152tt", "B152TT", " b15 2tt "])
def test_postcode_of_a_past_address_in_any_case_with_or_without_space(make_child, typed):
    child = make_child(given="Cosmo", family="Dunmore")
    _live_at(child, "B15 2TT", datetime.date(2017, 1, 1), datetime.date(2021, 5, 31))
    _live_at(child, "B29 6BD", datetime.date(2021, 6, 1))
    elsewhere = make_child(given="Other", family="Child")
    _live_at(elsewhere, "B16 8QZ", datetime.date(2020, 1, 1))
    found = search(Person.objects.children(), Criteria(postcode=typed))
    assert [p.pk for p in found] == [child.pk]


def test_current_postcode_too(make_child):
    child = make_child(given="Cosmo", family="Dunmore")
    _live_at(child, "B29 6BD", datetime.date(2021, 6, 1))
    assert [p.pk for p in search(Person.objects.children(), Criteria(postcode="b29 6bd"))] == [
        child.pk
    ]


# Scope -----------------------------------------------------------------------------------


def test_results_stay_within_the_users_scope(make_child, personas):
    mine = make_child(worker="social.worker", given="Peregrine", family="Ashdown")
    make_child(
        team="Assessment Team East", worker="other.worker", given="Peregrine", family="Ashdown"
    )
    for username, expected in [
        ("social.worker", [mine.pk]),
        ("team.manager", [mine.pk]),
        ("police.partner", []),
        ("analyst", []),
    ]:
        visible = access.children_for_user(personas[username])
        found = search(visible, Criteria(name="Peregrine Ashdown"))
        assert [p.pk for p in found] == expected, username


def test_the_search_page_shows_only_children_in_scope(client, make_child, personas):
    make_child(worker="social.worker", given="Peregrine", family="Ashdown")
    outsider = make_child(team="Assessment Team East", given="Peregrine", family="Ashdowne")
    client.force_login(personas["social.worker"])
    html = client.get("/children/?name=Peregrine+Ashdown").content.decode()
    assert "ASHDOWN" in html.upper()
    assert f"/children/{outsider.pk}/" not in html
    assert outsider.la_child_id not in html


def test_restricted_record_is_not_found_by_those_not_named(make_child, personas):
    child = make_child(worker="social.worker", given="Peregrine", family="Ashdown")
    actions.restrict_record(
        child,
        actor=personas["team.manager"],
        restriction=Person.Restriction.HIGH_PROFILE,
        named_users=[],
    )
    visible = access.children_for_user(personas["social.worker"])
    assert search(visible, Criteria(name="Peregrine Ashdown")) == []


def test_a_search_is_audited_with_what_was_asked(client, personas, make_child):
    from opencsc.core.models import AuditAction, AuditEntry

    client.force_login(personas["social.worker"])
    client.get("/children/?name=Peregrine")
    entry = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert entry.actor == personas["social.worker"]
    assert "Peregrine" in entry.reason


def test_relatives_are_not_returned_as_children(make_child, personas):
    child = make_child(worker="social.worker", given="Peregrine", family="Ashdown")
    actions.add_relationship(
        child,
        actor=personas["social.worker"],
        other=None,
        new_person={"given_names": "Imelda", "family_name": "Ashdown"},
        kind="mother",
    )
    assert by_name("Imelda Ashdown") == []


# Cost ------------------------------------------------------------------------------------


def test_a_name_search_takes_a_fixed_number_of_queries(make_child):
    for i in range(40):
        make_child(given="Rhiannon", family=f"Featherstone{'e' * (i % 3)}")
    with CaptureQueriesContext(connection) as few:
        search(Person.objects.children(), Criteria(name="Rhiannon Featherstone"))
    for _ in range(40):
        make_child(given="Rhiannon", family="Featherstone")
    with CaptureQueriesContext(connection) as many:
        search(Person.objects.children(), Criteria(name="Rhiannon Featherstone"))
    assert len(many) == len(few) <= 5


# Scoring ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,word,low,high",
    [
        ("smith", "smith", 100, 100),
        ("smtih", "smith", 75, 95),
        ("smyth", "smith", 75, 95),
        ("quiliam", "quilliam", 85, 99),
        ("catherine", "kathryn", 80, 95),
        ("jane", "john", 0, 59),
        ("alex", "alexander", 90, 90),
        ("k", "keziah", 90, 90),
        ("k", "laurence", 0, 0),
    ],
)
def test_word_score(typed, word, low, high):
    assert low <= word_score(typed, word) <= high


def test_name_score_allows_one_miss_only_from_three_words():
    assert name_score(["john", "smith"], ["john", "jones"]) == 0
    assert name_score(["john", "paul", "smith"], ["john", "smith"]) >= 70
    assert name_score(["john", "paul", "peter", "smith"], ["john", "smith"]) == 0


def test_likely_matches_keeps_only_a_compatible_date_of_birth(rhiannon, make_child):
    make_child(given="Rhiannon", family="Featherstone", dob=datetime.date(2019, 1, 3))
    found = likely_matches(
        Person.objects.children(),
        given_names="Rhianon",
        family_name="Featherstone",
        date_of_birth=datetime.date(2016, 4, 12),
    )
    assert [p.pk for p in found] == [rhiannon.pk]
