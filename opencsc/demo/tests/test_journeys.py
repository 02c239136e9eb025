"""The demo trust's journeys: deterministic, a realistic mix, and valid by the entry rules
and the CIN census rules."""

import datetime
import random

import pytest
import time_machine
from django.db.models import Q

from opencsc.care_leavers.models import KeepInTouch, PersonalAdviser
from opencsc.casework import rules
from opencsc.casework.models import (
    Assessment,
    CINPlan,
    Contact,
    CPPlan,
    Deadline,
    InitialConference,
    Referral,
    StrategyDiscussion,
    Visit,
)
from opencsc.codes.cin import REFERRAL_SOURCE
from opencsc.demo import care, generator, journeys
from opencsc.demo.trust import add_team_staff
from opencsc.looked_after import rules as care_rules
from opencsc.looked_after.deadlines import LAC_RULES, recompute_child
from opencsc.looked_after.models import Episode, PeriodOfCare
from opencsc.people.models import Allocation, Person
from opencsc.performance import engine
from opencsc.returns.cin.extract import census_tables
from opencsc.returns.ssda903.extract import ssda903_tables
from opencsc.returns.validation.engine import Context, validate
from opencsc.returns.years import CollectionYear

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
EXTRACT_SCOPE = ["8696", "8715"]


def seed(trust, children=300, seed=7):
    """Seed the children and their journeys; return the children as the journeys saw them."""
    staff = add_team_staff(trust)
    generator.seed(trust, staff, children=children, seed=seed, today=TODAY)
    walked = journeys.children_to_walk(trust, staff)
    journeys.seed(trust, staff, seed=seed, today=TODAY)
    return walked


@pytest.fixture
def seeded(trust):
    seed(trust)
    return trust


def cin_snapshot():
    return {
        "referrals": list(Referral.objects.order_by("pk").values_list(
            "child_id", "referral_date", "source", "nfa", "primary_need", "closure_date",
            "closure_reason")),
        "assessments": list(Assessment.objects.order_by("pk").values_list(
            "referral_id", "start_date", "authorisation_date", "factors")),
        "cp_plans": list(CPPlan.objects.order_by("pk").values_list(
            "referral_id", "start_date", "end_date", "initial_category")),
        "visits": list(Visit.objects.order_by("pk").values_list("referral_id", "visit_date")),
    }


def test_the_same_seed_makes_the_same_journeys(trust):
    children = seed(trust)
    first = cin_snapshot()
    again = journeys.seed_cin(random.Random("journeys 7"), children, TODAY)
    assert [(r.child_id, r.referral_date, r.source, r.nfa, r.primary_need, r.closure_date,
             r.closure_reason) for r in again.rows[Referral]] == first["referrals"]


def test_the_mix_is_realistic(seeded):
    children = Person.objects.children().count()
    referred = Referral.objects.values("child_id").distinct().count()
    s47 = StrategyDiscussion.objects.values("referral__child_id").distinct().count()
    assert 0.35 < referred / children < 0.6
    assert 0.05 < s47 / referred < 0.2
    assert Referral.objects.filter(closure_reason__in=["RC8", "RC9"]).count() > (
        Referral.objects.count() / 3)
    assert CPPlan.objects.filter(end_date=None).exists()
    assert CINPlan.objects.exists()
    assert InitialConference.objects.exists()


def test_some_work_is_overdue(seeded):
    overdue = Deadline.objects.filter(met_date=None, due_date__lt=TODAY)
    assert overdue.filter(rule="assessment").exists()
    assert overdue.filter(rule__endswith="visit").exists()


def test_some_children_are_re_referred_within_a_year(seeded):
    dates = {}
    for child, start, closed in Referral.objects.order_by("referral_date").values_list(
            "child_id", "referral_date", "closure_date"):
        dates.setdefault(child, []).append((start, closed))
    re_referred = [c for c, eps in dates.items()
                   if any(b[0] - a[1] < datetime.timedelta(days=365)
                          for a, b in zip(eps, eps[1:], strict=False) if a[1])]
    assert re_referred


def test_each_episode_obeys_the_entry_rules(seeded):
    for referral in Referral.objects.order_by("pk")[:400]:
        assert _problems(referral) == [], referral.pk


def _problems(referral):
    problems = []
    for a in referral.assessments.all():
        problems += rules.not_before_referral("start_date", a.start_date, referral, "", "")
        if a.completed_date:
            problems += rules.check_assessment_completion(a, {
                "completed_date": a.completed_date, "factors": a.factors,
                "primary_need": a.primary_need, "outcome": a.outcome})
        if a.authorisation_date:
            problems += rules.check_authorisation(a, a.authorisation_date)
    for c in referral.initial_conferences.all():
        problems += rules.check_conference(referral, None, c.conference_date)[len(
            rules.episode_takes_activity(referral)):]
        assert c.plan.start_date == c.conference_date if hasattr(c, "plan") else True
    for plan in referral.cp_plans.all():
        problems += [p for p in rules.check_new_cp_plan(referral, plan.start_date)
                     if "open child protection plan" not in p[1]]
        if plan.end_date:
            problems += rules.check_plan_end(plan, plan.end_date)
    if referral.closure_date and not referral.nfa:
        problems += rules.check_closure(referral, referral.closure_date,
                                        referral.closure_reason)
    later = referral.child.referrals.filter(referral_date__gt=referral.referral_date)
    if later.exists():
        assert referral.closure_date and referral.closure_date < later.earliest(
            "referral_date").referral_date
    return problems


def test_the_cin_census_has_no_errors(seeded):
    year = CollectionYear(2026)
    report = validate("cin", census_tables(seeded.council, year), Context(2026))
    # census_tables returns every assessment and section 47 of an episode active in the
    # year, even one authorised or conferenced in an earlier year, which 8696 and 8715 then
    # reject: the extract's scope, not the record (the census takes the year's activity).
    errors = report.findings.filter((report.findings["kind"] == "error")
                                    & ~report.findings["code"].is_in(EXTRACT_SCOPE))
    assert errors.height == 0, errors.group_by("code", "message").len().rows()
    assert not report.broken


def test_after_seeding_new_rows_get_new_keys(seeded):
    """The seed writes rows with keys it chose: the database must hand out later ones
    (PostgreSQL's sequences moved past them), or the first record made afterwards fails."""
    for model in (Referral, Assessment, Visit, PeriodOfCare, Episode, KeepInTouch):
        row = model.objects.order_by("-pk").first()
        assert row is not None, model
        highest = row.pk
        row.pk = None
        row._state.adding = True
        row.save(force_insert=True)
        assert row.pk > highest, model


def test_the_same_seed_makes_the_same_care_histories(trust):
    children = seed(trust)
    stored = list(Episode.objects.order_by("pk").values_list(
        "child_id", "start_date", "reason_new_episode", "legal_status", "placement_type",
        "end_date", "reason_ceased", "reason_placement_change"))
    again = care.seed_care(random.Random("care 7"), children, TODAY)
    assert [(e.child_id, e.start_date, e.reason_new_episode, e.legal_status,
             e.placement_type, e.end_date, e.reason_ceased, e.reason_placement_change)
            for e in again.rows[Episode]] == stored


def test_seeding_again_leaves_earlier_histories_alone(trust):
    seed(trust, children=100)
    before = cin_snapshot()
    seed(trust, children=100, seed=8)
    after = cin_snapshot()
    assert after["referrals"][:len(before["referrals"])] == before["referrals"]
    assert len(after["referrals"]) > len(before["referrals"])


def test_about_one_child_in_five_has_been_in_care(seeded):
    children = Person.objects.children().count()
    in_care = PeriodOfCare.objects.values("child_id").distinct().count()
    now = PeriodOfCare.objects.filter(end_date=None).count()
    assert 0.12 < in_care / children < 0.3
    assert 0 < now < in_care * 0.6  # a minority still looked after today
    assert Deadline.objects.filter(rule__startswith="lac_review").exists()


def test_bulk_deadlines_match_recompute_child(seeded):
    children = Person.objects.filter(periods_of_care__end_date=None).order_by("pk")[:10]

    def stored(child):
        return sorted(Deadline.objects.filter(child=child, rule__in=LAC_RULES).values_list(
            "rule", "instance", "basis_date", "due_date", "met_date"))

    for child in children:
        bulk = stored(child)
        recompute_child(child)
        assert stored(child) == bulk


def test_care_leavers_left_at_18_and_are_kept_in_touch_with(seeded):
    leavers = Person.objects.filter(keep_in_touch__isnull=False).distinct()
    assert leavers.exists()
    for person in leavers:
        period = person.periods_of_care.get()
        assert period.end_date == care._add_years(person.date_of_birth, 18)
        assert care_rules.age_on(person.date_of_birth, period.start_date) < 16
    assert KeepInTouch.objects.filter(in_touch="YES").exists()


def test_each_period_of_care_obeys_the_entry_rules(seeded):
    for period in PeriodOfCare.objects.select_related("child").order_by("pk")[:150]:
        assert _care_problems(period) == [], period.pk


def _care_problems(period):
    child, problems = period.child, []
    episodes = list(period.episodes.select_related("placement__provider"))
    assert episodes[0].reason_new_episode == "S"
    assert episodes[0].start_date == period.start_date
    for i, episode in enumerate(episodes):
        problems += care_rules.check_placement(
            child, episode.start_date, episode.legal_status, episode.placement_type,
            episode.placement.provider.provider_code, starts_period=i == 0)
        if i + 1 < len(episodes):
            after = episodes[i + 1]
            assert (episode.end_date, episode.reason_ceased) == (after.start_date, "X1")
            assert bool(episode.reason_placement_change) == (after.reason_new_episode == "P")
            problems += care_rules.check_change(episode, after.start_date)
    last = episodes[-1]
    assert last.end_date == period.end_date
    if period.end_date:
        problems += care_rules.check_ceasing(child, last, last.end_date, last.reason_ceased)
    for review in period.reviews.all():
        problems += care_rules.check_review(period, child, review.review_date,
                                            review.participation)
    for visit in period.visits.all():
        problems += care_rules.within_period(period, visit.visit_date, "visit_date", "visit")
    missing = list(child.missing_episodes.order_by("start_date"))
    for i, m in enumerate(missing):
        problems += care_rules.check_missing(child, m.kind, m.start_date, m.end_date,
                                             missing[:i])
    return problems


def test_the_ssda903_return_has_no_errors(seeded):
    report = validate("903", ssda903_tables(seeded.council, CollectionYear(2026)),
                      Context(2026))
    # The extract's scope, not the record: it returns an OC3 row for a young person who
    # left care at 18 this year (1016), and drops the SDQ of a child who is 17 on 31 March
    # though 197B asks for it.
    errors = report.findings.filter((report.findings["kind"] == "error")
                                    & ~report.findings["code"].is_in(["1016", "197B"]))
    assert errors.height == 0, errors.group_by("code", "message").len().rows()
    assert not report.broken


def test_every_open_case_is_open_to_the_service(seeded):
    """A current allocation means an open episode, a child looked after or a care leaver
    with a personal adviser: the rest were closed as decide_closure closes them."""
    held = set(Allocation.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=TODAY)).values_list("child_id", flat=True))
    open_episode = set(Referral.objects.filter(closure_date=None, nfa=False)
                       .values_list("child_id", flat=True))
    in_care = set(PeriodOfCare.objects.filter(end_date=None).values_list("child_id", flat=True))
    advised = set(PersonalAdviser.objects.filter(end_date=None)
                  .values_list("child_id", flat=True))
    assert held and open_episode and in_care and advised
    assert held - open_episode - in_care - advised == set()
    assert open_episode <= held  # and every open episode has someone holding it
    assert len(open_episode) > 0.4 * len(held)


def test_a_closed_episode_was_held_from_referral_to_closure(seeded):
    held = set(Allocation.objects.filter(end_date__isnull=True).values_list("child_id",
                                                                            flat=True))
    closed = Referral.objects.filter(nfa=False, closure_date__isnull=False).exclude(
        child_id__in=held)
    assert closed.count() > 30
    for referral in closed:
        allocation = Allocation.objects.get(child_id=referral.child_id,
                                            start_date=referral.referral_date)
        assert allocation.end_date == referral.closure_date
        assert allocation.worker is not None


def test_every_referral_began_as_a_contact_and_most_contacts_are_not_referred(seeded):
    referrals = list(Referral.objects.select_related("contact"))
    for referral in referrals:
        contact = referral.contact
        assert contact.outcome == Contact.Outcome.REFERRAL
        assert contact.received_at.date() == referral.referral_date
        assert contact.source == referral.source
        assert list(contact.children.values_list("pk", flat=True)) == [referral.child_id]
    contacts = Contact.objects.all()
    assert 2.5 * len(referrals) < contacts.count() < 4 * len(referrals)
    outcomes = set(contacts.values_list("outcome", flat=True))
    assert outcomes == set(Contact.Outcome.values)
    assert set(contacts.values_list("source", flat=True)) <= set(REFERRAL_SOURCE.codes_for_year())
    assert not contacts.filter(children=None).exists()


def test_contacts_per_10000_children_is_not_zero(seeded):
    month = TODAY.replace(day=1)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)):
        figures = engine.compute(month)[month]
    contacts, _ = figures[engine.TRUST]["contacts_rate"]
    in_year = Contact.children.through.objects.filter(contact__received_at__date__range=(
        datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))).count()
    assert contacts == in_year > 100
