"""The care pages: each renders for the allocated worker, keeps outsiders out (404) and
read-only teammates from writing (403), records through its action, and shows an entry
rule's refusal on the field it names with what was typed kept."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.looked_after import actions
from opencsc.looked_after.models import (
    SDQ,
    Adoption,
    CarePlan,
    Episode,
    HealthAssessment,
    HealthCheck,
    IROAllocation,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PlacementPlan,
    PreviousPermanence,
    Review,
    StatutoryVisit,
    UASCStatus,
)

from .history import D, long_history, make_providers, start_care

TODAY = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
FORMS = ["start", "legal_status", "placement", "cease", "review_new", "visit_new", "iro",
         "care_plan_new", "placement_plan_new", "health_assessment_new", "health_check_new",
         "sdq_new", "pep_new", "missing_new", "missing_return", "uasc", "adoption",
         "previous_permanence"]


def url(name, child):
    return reverse(f"looked_after:{name}", args=[child.pk])


def date(prefix, day: datetime.date) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month),
            f"{prefix}_2": str(day.year)}


def writes(child) -> int:
    return AuditEntry.objects.filter(child_id=child.pk, action__in=[
        AuditAction.CREATE, AuditAction.UPDATE]).count()


@pytest.fixture
def providers(db):
    return make_providers()


@pytest.fixture
def in_care(make_child, personas, providers):
    """social.worker's child, looked after since 1 September 2025, missing once."""
    with time_machine.travel(TODAY, tick=False):
        child = make_child(worker="social.worker", given="Ruby", family="Fenwick",
                           dob=D(2012, 5, 5))
        start_care(child, personas["social.worker"], providers)
        missing = actions.record_missing(child, actor=personas["social.worker"], kind="M",
                                         start_date=D(2026, 2, 1))
        actions.record_return(missing, actor=personas["social.worker"], end_date=D(2026, 2, 2))
    return child


@pytest.fixture
def teammate(make_child, personas, providers):
    """In care, allocated to the team but not to social.worker: read-only for them."""
    with time_machine.travel(TODAY, tick=False):
        child = make_child(worker=None, given="Leo", family="Marsh", dob=D(2012, 5, 5))
        start_care(child, personas["team.manager"], providers)
    return child


# --- Every page, every kind of user ---------------------------------------------------

@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_care_page_renders_for_the_allocated_worker_with_the_episode_as_the_903_sees_it(
        in_care, personas, login):
    page = login(personas["social.worker"]).get(url("care", in_care)).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Care history</h1>" in page
    assert "Ruby Fenwick" in page[page.index("<title>"):page.index("</title>")]
    for shown in ["Interim care order (section 38)", "C1", "Started to be looked after",
                  "Foster placement with other foster carer: not long-term or FFA",
                  "The Ashworth household", "Abuse or neglect", "Looked after since",
                  "9 months", "Hold the first looked-after review"]:
        assert shown in page, shown


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", FORMS)
def test_each_form_renders_for_the_allocated_worker_with_a_heading_and_button(
        name, in_care, personas, login):
    response = login(personas["social.worker"]).get(url(name, in_care))
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<h1 class=\"govuk-heading-l\">[^<]+</h1>", page)
    assert "Ruby Fenwick" in page[page.index("<title>"):page.index("</title>")]
    assert "govuk-breadcrumbs" in page and "Care history" in page


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", ["care", *FORMS])
def test_outsider_gets_404_on_every_page_and_write(name, in_care, personas, login):
    client = login(personas["other.worker"])
    before = writes(in_care)
    assert client.get(url(name, in_care)).status_code == 404
    assert client.post(url(name, in_care), {}).status_code == 404
    assert writes(in_care) == before


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", FORMS)
def test_read_only_teammate_gets_403_on_every_form_and_write(name, teammate, personas, login):
    client = login(personas["social.worker"])
    before = writes(teammate)
    assert client.get(url(name, teammate)).status_code == 403
    assert client.post(url(name, teammate), {"review_date_0": "1"}).status_code == 403
    assert writes(teammate) == before


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_read_only_teammate_reads_the_care_page_without_record_links(teammate, personas, login):
    page = login(personas["social.worker"]).get(url("care", teammate)).content.decode()
    assert "You can read this record" in page
    assert url("placement", teammate) not in page


# --- Each form records through its action ----------------------------------------------

def _posts(providers, personas):
    """Valid answers for each form, and how to count what the action writes."""
    return {
        "legal_status": ({**date("change_date", D(2026, 3, 1)), "legal_status": "C2"},
                         lambda c: Episode.objects.filter(child=c, reason_new_episode="L")),
        "placement": ({**date("change_date", D(2026, 3, 2)), "provider": providers["agency"].pk,
                       "placement_type": "U4", "reason_placement_change": "CARPL",
                       "same_carer": "no", "long_term": "on"},
                      lambda c: Placement.objects.filter(child=c, long_term=True,
                                                         postcode="B30 1AA")),
        "cease": ({**date("end_date", D(2026, 4, 1)), "reason_ceased": "E4A"},
                  lambda c: PeriodOfCare.objects.filter(child=c, end_date=D(2026, 4, 1))),
        "review_new": ({**date("review_date", D(2025, 9, 20)), "participation": "PN1",
                        "iro": "team.manager", "decisions": "Stay with carers"},
                       lambda c: Review.objects.filter(period__child=c,
                                                       iro=personas["team.manager"])),
        "visit_new": ({**date("visit_date", D(2025, 9, 5)), "child_seen": "yes",
                       "child_seen_alone": "yes"},
                      lambda c: StatutoryVisit.objects.filter(period__child=c,
                                                              child_seen_alone=True)),
        "iro": ({"iro": "team.manager", **date("start_date", D(2025, 9, 2))},
                lambda c: IROAllocation.objects.filter(period__child=c)),
        "care_plan_new": ({**date("plan_date", D(2025, 9, 10)),
                           "permanence_plan": "Long-term fostering"},
                          lambda c: CarePlan.objects.filter(period__child=c)),
        "placement_plan_new": (date("plan_date", D(2025, 9, 3)),
                               lambda c: PlacementPlan.objects.filter(placement__child=c)),
        "health_assessment_new": ({"kind": "initial", **date("assessment_date", D(2025, 9, 15))},
                                  lambda c: HealthAssessment.objects.filter(child=c)),
        "health_check_new": ({"kind": "dental", **date("check_date", D(2025, 10, 1))},
                             lambda c: HealthCheck.objects.filter(child=c)),
        "sdq_new": ({**date("sdq_date", D(2025, 11, 1)), "score": "14"},
                    lambda c: SDQ.objects.filter(child=c, score=14)),
        "pep_new": ({**date("pep_date", D(2025, 10, 1)), "school": "Fernbridge Academy"},
                    lambda c: PersonalEducationPlan.objects.filter(child=c)),
        "missing_new": ({"kind": "A", **date("start_date", D(2026, 5, 1))},
                        lambda c: MissingEpisode.objects.filter(child=c)),
        "missing_return": ({**date("end_date", D(2026, 2, 2)),
                            **date("return_interview_offered", D(2026, 2, 3)),
                            "return_interview_accepted": "yes"},
                           lambda c: MissingEpisode.objects.filter(
                               child=c, return_interview_accepted=True)),
        "uasc": (date("start_date", D(2025, 9, 1)), lambda c: UASCStatus.objects.filter(child=c)),
        "adoption": (date("decision_date", D(2025, 12, 1)),
                     lambda c: Adoption.objects.filter(child=c)),
        "previous_permanence": ({"kind": "Z1"},
                                lambda c: PreviousPermanence.objects.filter(child=c)),
    }


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", [f for f in FORMS if f != "start"])
def test_posting_a_form_records_through_the_action_with_an_audit_entry(
        name, in_care, providers, personas, login):
    data, rows = _posts(providers, personas)[name]
    before_rows, before_writes = rows(in_care).count(), writes(in_care)
    response = login(personas["social.worker"]).post(url(name, in_care), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == url("care", in_care)
    assert rows(in_care).count() == before_rows + 1
    assert writes(in_care) > before_writes


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_becoming_looked_after_starts_a_period_with_an_rne_s_episode(
        make_child, providers, personas, login):
    child = make_child(worker="social.worker", dob=D(2014, 1, 1))
    response = login(personas["social.worker"]).post(url("start", child), {
        **date("start_date", D(2026, 6, 1)), "legal_status": "V2", "category_of_need": "N4",
        "placement_type": "U6", "provider": providers["foster"].pk, "home_postcode": "b11 1aa"})
    assert response.status_code == 302
    episode = Episode.objects.get(child=child)
    assert (episode.reason_new_episode, episode.legal_status, episode.placement_type) == (
        "S", "V2", "U6")
    assert (episode.placement.postcode, episode.placement.home_postcode) == ("B15 2TT",
                                                                             "B11 1AA")


# --- Refusals show the rule on its field and keep what was typed -----------------------

def _problem(response, field_anchor, message):
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert f'<a href="#{field_anchor}">{message}' in page, page[page.find("error-summary"):][:800]
    return page


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_a_review_before_the_period_of_care_is_refused_on_its_date(in_care, personas, login):
    response = login(personas["social.worker"]).post(url("review_new", in_care), {
        **date("review_date", D(2025, 8, 1)), "participation": "PN1", "decisions": "Typed"})
    page = _problem(response, "id_review_date_0", "The review date must fall within the "
                    "period of care")
    assert 'value="8"' in page and "Typed</textarea>" in page
    assert not Review.objects.filter(period__child=in_care).exists()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_pn0_for_a_child_of_4_or_more_is_refused_citing_rule_440(in_care, personas, login):
    response = login(personas["social.worker"]).post(url("review_new", in_care), {
        **date("review_date", D(2025, 9, 20)), "participation": "PN0"})
    _problem(response, "id_participation_0", "PN0 is only for a child under 4 at the review "
             "(SSDA903 rule 440)")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_supported_accommodation_under_16_is_refused_citing_rule_371(
        in_care, providers, personas, login):
    response = login(personas["social.worker"]).post(url("placement", in_care), {
        **date("change_date", D(2026, 3, 2)), "provider": providers["home"].pk,
        "placement_type": "K3", "reason_placement_change": "CARPL", "same_carer": "no"})
    page = _problem(response, "id_placement_type", "A child in placement K3 must be at least "
                    "16 (SSDA903 rule 371)")
    assert f'<option value="{providers["home"].pk}" selected>' in page
    assert Episode.objects.filter(child=in_care).count() == 1


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_a_placement_code_from_another_collection_year_is_refused_citing_rule_146(
        in_care, providers, personas, login):
    response = login(personas["social.worker"]).post(url("placement", in_care), {
        **date("change_date", D(2026, 5, 2)), "provider": providers["home"].pk,
        "placement_type": "Z1", "reason_placement_change": "CARPL", "same_carer": "no"})
    _problem(response, "id_placement_type", "Z1 is not a placement type in the 2026-27 return "
             "(SSDA903 rule 146)")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_ending_care_the_day_the_episode_began_is_refused_on_the_end_date(
        in_care, personas, login):
    response = login(personas["social.worker"]).post(url("cease", in_care), {
        **date("end_date", D(2025, 9, 1)), "reason_ceased": "E7"})
    page = _problem(response, "id_end_date_0", "The change must be after the current episode "
                    "started on 1 September 2025")
    assert '<a href="#id_reason_ceased">Reason E7 needs the young person to be at least 16' in page
    assert PeriodOfCare.objects.get(child=in_care).end_date is None


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_a_child_already_looked_after_is_not_offered_the_start_form(in_care, personas, login):
    client = login(personas["social.worker"])
    page = client.get(url("start", in_care)).content.decode()
    assert "This child is already looked after" in page and "novalidate" not in page
    refused = client.post(url("start", in_care), {**date("start_date", D(2026, 6, 1))})
    assert "This child is already looked after" in refused.content.decode()
    assert PeriodOfCare.objects.filter(child=in_care).count() == 1


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_a_missing_form_left_blank_says_what_to_enter(in_care, personas, login):
    response = login(personas["social.worker"]).post(url("missing_new", in_care), {})
    _problem(response, "id_kind_0", "Say whether the child was missing or away")


# --- The care page reads a long history in a fixed number of queries --------------------

def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_care_page_query_count_is_the_same_for_1_and_20_episodes(
        make_child, providers, personas, login):
    worker = personas["social.worker"]
    short = make_child(worker="social.worker", dob=D(2008, 1, 1))
    long = make_child(worker="social.worker", dob=D(2008, 1, 1))
    long_history(short, worker, providers, episodes=1)
    first = long_history(long, worker, providers, episodes=10, iro=personas["team.manager"])
    actions.cease_care(first, actor=worker, end_date=D(2018, 1, 2), reason_ceased="E4A")
    second = long_history(long, worker, providers, episodes=10, start=D(2019, 1, 7),
                          iro=personas["team.manager"])
    actions.allocate_iro(second, actor=worker, iro=personas["team.manager"],
                         start_date=D(2019, 1, 8))
    for child, n in [(short, 1), (long, 20)]:
        for i in range(n):
            day = D(2016, 4, 10) + datetime.timedelta(days=30 * i)
            actions.record_missing(child, actor=worker, kind="M", start_date=day,
                                   end_date=day + datetime.timedelta(days=1))
            actions.record_health_check(child, actor=worker, kind="dental", check_date=day)
    assert (Episode.objects.filter(child=long).count(), long.periods_of_care.count()) == (20, 2)
    client = login(worker)
    assert _queries(client, url("care", short)) == _queries(client, url("care", long))


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_the_looked_after_summary_keeps_the_child_record_query_count_fixed(
        make_child, providers, personas, login):
    worker = personas["social.worker"]
    short = make_child(worker="social.worker", dob=D(2008, 1, 1))
    long = make_child(worker="social.worker", dob=D(2008, 1, 1))
    long_history(short, worker, providers, episodes=1)
    long_history(long, worker, providers, episodes=20)
    client = login(worker)
    assert _queries(client, reverse("people:child", args=[short.pk])) == _queries(
        client, reverse("people:child", args=[long.pk]))


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_a_long_history_shows_recent_reviews_and_folds_away_the_rest(
        make_child, providers, personas, login):
    child = make_child(worker="social.worker", dob=D(2008, 1, 1))
    long_history(child, personas["social.worker"], providers, episodes=20)
    page = login(personas["social.worker"]).get(url("care", child)).content.decode()
    assert "19 reviews, latest first" in page
    assert "Earlier reviews (13)" in page
    assert page.count("<tr class=\"govuk-table__row\">") > 40


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_the_child_record_shows_a_looked_after_summary_linking_to_the_care_page(
        in_care, personas, login):
    page = login(personas["social.worker"]).get(
        reverse("people:child", args=[in_care.pk])).content.decode()
    summary = page[page.index(">Looked after</h2>"):]
    assert "Since 1 September 2025" in summary
    assert "The Ashworth household" in summary
    assert url("care", in_care) in summary
