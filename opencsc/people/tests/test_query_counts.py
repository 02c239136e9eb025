"""The child's page and the children list and search read a fixed number of queries,
however long a child's history is (the pages pin no magic number: a short and a long
history must cost the same)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.people import actions
from opencsc.people.models import (
    Address,
    Allocation,
    Disability,
    Person,
    PersonName,
    Professional,
    Relationship,
)

pytestmark = pytest.mark.django_db

GIVEN = ["Ines", "Tobias", "Maren", "Idris", "Solveig", "Kofi", "Yara", "Emrys", "Noor",
         "Casimir", "Leilani", "Oran", "Petra", "Ravi", "Sunniva", "Tamsin", "Ugo", "Vesna",
         "Wynn", "Zofia", "Anouk", "Bram", "Cerys", "Dov", "Elin", "Fintan", "Greer", "Hale",
         "Ilse", "Joss"]


def give_history(child: Person, trust, personas, length: int) -> None:
    """``length`` addresses, other names, professionals and people in the child's life, and
    ``length - 1`` earlier allocations before the current one."""
    start = datetime.date(2024, 1, 1)
    for i in range(length):
        moved = start - datetime.timedelta(days=400 * (length - i))
        Address.objects.create(person=child, line_1=f"{i + 1} Tarn Row", postcode="FB1 2QT",
                               start_date=moved, end_date=moved + datetime.timedelta(days=399))
        PersonName.objects.create(person=child, kind=PersonName.Kind.ALIAS,
                                  given_names=GIVEN[i], family_name=child.family_name)
        Professional.objects.create(child=child, name=f"{GIVEN[i]} Marsh", role="Teacher")
        relative = Person.objects.create(given_names=GIVEN[i], family_name="Ashdown")
        Relationship.objects.create(person=child, other=relative, kind="aunt_uncle")
    for i in range(length - 1):
        ended = start - datetime.timedelta(days=30 * (length - i))
        Allocation.objects.create(child=child, team=trust.teams["Assessment Team East"],
                                  worker=personas["other.worker"], start_date=ended,
                                  end_date=ended + datetime.timedelta(days=29),
                                  reason=Allocation.Reason.TSPROC)
    for code in ["AUT", "LD", "COMM"][:length]:
        Disability.objects.get_or_create(person=child, code=code)
    actions.index_names(child)


def queries(client, url: str) -> int:
    client.get(url)  # the first request may fill caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def short_and_long(make_child, trust, personas):
    short = make_child(worker="social.worker", given="Amara", family="Quilliam")
    long = make_child(worker="social.worker", given="Bethan", family="Quilliam")
    give_history(short, trust, personas, 1)
    give_history(long, trust, personas, 30)
    return short, long


@pytest.mark.parametrize("persona", ["social.worker", "team.manager", "head.of.service"])
def test_child_page_costs_the_same_for_a_short_and_a_long_history(short_and_long, personas,
                                                                  login, persona):
    short, long = short_and_long
    client = login(personas[persona])
    page = client.get(f"/children/{long.pk}/").content.decode()
    assert "30 Tarn Row" in page and "Joss Marsh" in page and "Joss Ashdown" in page
    assert queries(client, f"/children/{short.pk}/") == queries(client, f"/children/{long.pk}/")


@pytest.mark.parametrize("search", ["", "?name=quilliam", "?name=amara+quiliam",
                                    "?postcode=FB1+2QT"])
def test_children_list_and_search_cost_the_same_however_long_the_histories(
        make_child, trust, personas, login, search):
    children = [make_child(worker="social.worker", given=name, family="Quilliam")
                for name in ["Amara", "Bethan", "Cai"]]
    for child in children:
        give_history(child, trust, personas, 1)
    client = login(personas["social.worker"])
    url = f"/children/{search}"
    before = queries(client, url)
    for child in children:
        give_history(child, trust, personas, 20)
    assert b"Amara" in client.get(url).content
    assert queries(client, url) == before


def test_children_list_costs_the_same_for_one_child_or_a_full_page(make_child, personas,
                                                                   login):
    make_child(worker="social.worker", given="Amara", family="Quilliam")
    client = login(personas["social.worker"])
    one = queries(client, "/children/")
    for i in range(30):
        make_child(worker="social.worker", given=GIVEN[i], family="Quilliam")
    assert queries(client, "/children/") == one
