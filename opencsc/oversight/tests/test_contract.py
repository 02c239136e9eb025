"""The contract pages: who changes the contract, each rule refused with its message and
accepted when kept, targets kept as history, and the report judged by the target in force."""

import datetime
from decimal import Decimal

import pytest

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.oversight import actions, figures
from opencsc.oversight.contract import history, targets_in_force
from opencsc.oversight.models import Contract, ContractMeasure, ContractTarget
from opencsc.oversight.status import TargetStatus

JUNE, SEPTEMBER = datetime.date(2026, 6, 1), datetime.date(2026, 9, 1)


def _date(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _measure(contract, code="assessments_45wd") -> ContractMeasure:
    return contract.measures.get(code=code)


def _page(response) -> str:
    return response.content.decode()


def _targets(contract, month) -> dict:
    return {t.code: t.target for t in targets_in_force(contract, month)}


@pytest.fixture
def contract_to_2029(contract):
    contract.end_date = datetime.date(2029, 3, 31)
    contract.save()
    return contract


# --- Target history ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_target_applies_from_its_date_and_earlier_months_keep_the_old(contract):
    measure = _measure(contract)
    actions.set_contract_target(measure, actor=None, target=Decimal(90), tolerance=Decimal(3),
                                from_date=datetime.date(2026, 7, 1))
    assert _targets(contract, JUNE)["assessments_45wd"] == 85
    assert _targets(contract, datetime.date(2026, 7, 1))["assessments_45wd"] == 90
    # A target from the middle of a month is the month's: its figure is counted to its end.
    actions.set_contract_target(measure, actor=None, target=Decimal(92), tolerance=Decimal(3),
                                from_date=datetime.date(2026, 8, 31))
    assert _targets(contract, datetime.date(2026, 8, 1))["assessments_45wd"] == 92
    assert list(measure.targets.values_list("target", flat=True)) == [85, 90, 92]


@pytest.mark.django_db
def test_a_correction_on_the_same_date_stands_and_the_first_is_still_kept(contract):
    measure = _measure(contract)
    for target in (Decimal(95), Decimal(90)):
        actions.set_contract_target(measure, actor=None, target=target, tolerance=Decimal(0),
                                    from_date=datetime.date(2026, 7, 1))
    assert _targets(contract, SEPTEMBER)["assessments_45wd"] == 90
    assert measure.targets.count() == 3


@pytest.mark.django_db
def test_a_removed_measure_stays_in_earlier_months_and_can_come_back(contract):
    measure = _measure(contract, "re_referrals")
    actions.remove_contract_measure(measure, actor=None, from_date=datetime.date(2026, 7, 1))
    assert set(_targets(contract, JUNE)) == {"assessments_45wd", "re_referrals"}
    assert set(_targets(contract, SEPTEMBER)) == {"assessments_45wd"}
    actions.add_contract_measure(contract, actor=None, code="re_referrals", direction="lower",
                                 target=Decimal(18), tolerance=Decimal(0),
                                 from_date=datetime.date(2026, 9, 1))
    assert _targets(contract, SEPTEMBER)["re_referrals"] == 18
    assert ContractMeasure.objects.filter(code="re_referrals").count() == 1
    kinds = [c.kind for c in history(contract) if c.entry.measure == measure]
    assert kinds == ["joins", "leaves", "joins"]


@pytest.mark.django_db
def test_the_report_for_an_earlier_month_shows_the_target_in_force_then(
        login, personas, contract, engine):
    for month in figures.months_back(SEPTEMBER, 12):
        engine.values["assessments_45wd"][month] = 88.0
    actions.set_contract_target(_measure(contract), actor=personas["council.viewer"],
                                target=Decimal(90), tolerance=Decimal(0),
                                from_date=datetime.date(2026, 7, 1))
    client = login(personas["council.viewer"])
    june = _page(client.get("/oversight/report/?month=2026-06"))
    september = _page(client.get("/oversight/report/?month=2026-09"))
    assert ">85%" in june and ">90%" not in june
    assert ">90%" in september and ">85%" not in september
    june_row = figures.report_for(contract, JUNE).rows[0]
    september_row = figures.report_for(contract, SEPTEMBER).rows[0]
    assert (june_row.status, september_row.status) == (TargetStatus.MET, TargetStatus.MISSED)


# --- Creating a contract -----------------------------------------------------------------

NEW_CONTRACT = {"name": "", **_date("start_date", datetime.date(2029, 4, 1)),
                **_date("end_date", datetime.date(2034, 3, 31))}


@pytest.mark.django_db
def test_the_council_officer_adds_a_contract_for_their_council_and_it_is_audited(
        login, personas, trust, contract_to_2029):
    response = login(personas["council.viewer"]).post("/oversight/contracts/new/", NEW_CONTRACT)
    added = Contract.objects.get(start_date=datetime.date(2029, 4, 1))
    assert response["Location"] == f"/oversight/contracts/{added.pk}/"
    assert (added.council, added.provider) == (trust.council, trust.trust)
    assert added.name == "Children's services contract 2029 to 2034"
    assert AuditEntry.objects.filter(action=AuditAction.CONFIGURE, object_id=str(added.pk),
                                     actor_username="council.viewer").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("start, end, message", [
    (datetime.date(2030, 4, 1), datetime.date(2030, 3, 31),
     "The end date must be after the start date"),
    (datetime.date(2028, 4, 1), datetime.date(2033, 3, 31),
     "Fernbridge City Council already has a contract in those dates: Children&#x27;s "
     "services contract 2024 to 2029, from 1 April 2024 to 31 March 2029"),
    (datetime.date(2020, 4, 1), datetime.date(2025, 3, 31),  # ends inside the other
     "Fernbridge City Council already has a contract in those dates"),
])
def test_a_contract_with_dates_out_of_order_or_overlapping_is_refused(
        login, personas, contract_to_2029, start, end, message):
    page = _page(login(personas["head.of.service"]).post("/oversight/contracts/new/", {
        **_date("start_date", start), **_date("end_date", end)}))
    assert "govuk-error-summary" in page and message in page
    assert Contract.objects.count() == 1


@pytest.mark.django_db
def test_an_open_ended_contract_overlaps_every_later_one(login, personas, contract):
    assert contract.end_date is None
    page = _page(login(personas["analyst"]).post("/oversight/contracts/new/", NEW_CONTRACT))
    assert "already has a contract in those dates" in page and "with no end date" in page


@pytest.mark.django_db
def test_another_councils_contract_does_not_block_this_one(
        login, personas, trust, contract_to_2029, other_council):
    actions.agree_contract(actor=None, council=other_council, provider=trust.trust,
                           name="Wexley", start_date=datetime.date(2029, 1, 1))
    response = login(personas["analyst"]).post("/oversight/contracts/new/", NEW_CONTRACT)
    assert response.status_code == 302


# --- Adding a measure --------------------------------------------------------------------


def _new_measure(**changes) -> dict:
    data = {"code": "icpc_15wd", "target": "85", "tolerance": "5",
            **_date("from_date", datetime.date(2026, 4, 1))}
    return {**data, **changes}


@pytest.mark.django_db
@pytest.mark.parametrize("changes, field, message", [
    ({"target": "120"}, "target",
     "The target must be between 0 and 100, as the measure is a percentage"),
    ({"target": "-1"}, "target",
     "The target must be between 0 and 100, as the measure is a percentage"),
    ({"tolerance": "101"}, "tolerance",
     "The tolerance must be between 0 and 100, as the measure is a percentage"),
    ({"target": "eighty"}, "target", "Enter the target as a number, like 85 or 85.5"),
    ({"target": "85.555"}, "target", "The target can have at most 2 decimal places"),
    ({"target": ""}, "target", "Enter the target"),
    ({"code": ""}, "code", "Select the measure"),
    ({"code": "contacts_rate"}, "code", "Select a valid choice"),  # no direction of good
    ({"code": "re_referrals"}, "code",
     "Re-referrals within 12 months is already in this contract: change its target instead"),
    (_date("from_date", datetime.date(2024, 3, 31)), "from_date",
     "The date it joins the contract must be on or after the contract starts, 1 April 2024"),
    (_date("from_date", datetime.date(2029, 4, 1)), "from_date",
     "The date it joins the contract must be on or before the contract ends, 31 March 2029"),
])
def test_a_measure_breaking_a_rule_is_refused_with_its_message(
        login, personas, contract_to_2029, changes, field, message):
    response = login(personas["council.viewer"]).post(
        f"/oversight/contracts/{contract_to_2029.pk}/measures/new/", _new_measure(**changes))
    assert response.status_code == 200
    assert message in _page(response)
    assert response.context["form"].errors[field]
    assert not ContractMeasure.objects.filter(code="icpc_15wd").exists()
    assert ContractTarget.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["0", "100", "72.5"])
def test_a_measure_keeping_the_rules_is_added_and_audited(
        login, personas, contract_to_2029, target):
    response = login(personas["council.viewer"]).post(
        f"/oversight/contracts/{contract_to_2029.pk}/measures/new/",
        _new_measure(target=target, tolerance=""))
    assert response.status_code == 302
    [entry] = ContractTarget.objects.filter(measure__code="icpc_15wd")
    assert (entry.target, entry.tolerance, entry.from_date) == (
        Decimal(target), 0, datetime.date(2026, 4, 1))
    assert entry.measure.direction == "higher" and entry.recorded_by == personas["council.viewer"]
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="oversight.contract",
                                     object_id=str(contract_to_2029.pk)).exists()
    assert _targets(contract_to_2029, datetime.date(2026, 4, 1))["icpc_15wd"] == Decimal(target)


@pytest.mark.django_db
def test_a_measure_removed_earlier_can_be_added_again_but_not_before_it_left(
        login, personas, contract):
    measure = _measure(contract, "re_referrals")
    actions.remove_contract_measure(measure, actor=None, from_date=datetime.date(2026, 7, 1))
    client = login(personas["analyst"])
    url = f"/oversight/contracts/{contract.pk}/measures/new/"
    early = _new_measure(code="re_referrals", **_date("from_date", datetime.date(2026, 6, 1)))
    assert "is already in this contract" in _page(client.post(url, early))
    later = _new_measure(code="re_referrals", **_date("from_date", datetime.date(2026, 8, 1)))
    assert client.post(url, later).status_code == 302


# --- Changing a target -------------------------------------------------------------------


def _new_target(**changes) -> dict:
    return {"target": "90", "tolerance": "3", **_date("from_date", datetime.date(2026, 7, 1)),
            **changes}


@pytest.mark.django_db
def test_a_new_target_is_appended_and_the_old_one_kept(login, personas, contract):
    measure = _measure(contract)
    response = login(personas["head.of.service"]).post(
        f"/oversight/contracts/measures/{measure.pk}/target/", _new_target())
    assert response.status_code == 302
    first, new = measure.targets.all()
    assert (first.target, first.tolerance, first.from_date) == (85, 5, datetime.date(2024, 4, 1))
    assert (new.target, new.tolerance, new.from_date) == (90, 3, datetime.date(2026, 7, 1))
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(contract.pk),
                                     actor_username="head.of.service").exists()


@pytest.mark.django_db
def test_a_target_that_starts_before_the_measure_joined_or_after_it_left_is_refused(
        login, personas, contract_to_2029):
    client = login(personas["council.viewer"])
    actions.add_contract_measure(contract_to_2029, actor=None, code="icpc_15wd",
                                 direction="higher", target=Decimal(80), tolerance=Decimal(0),
                                 from_date=datetime.date(2026, 1, 1))
    joined_later = _measure(contract_to_2029, "icpc_15wd")
    page = _page(client.post(f"/oversight/contracts/measures/{joined_later.pk}/target/",
                             _new_target(**_date("from_date", datetime.date(2025, 12, 1)))))
    assert ("Initial conferences within 15 working days is not in the contract until "
            "1 January 2026: choose that date or a later one") in page
    left = _measure(contract_to_2029, "re_referrals")
    actions.remove_contract_measure(left, actor=None, from_date=datetime.date(2026, 5, 1))
    page = _page(client.post(f"/oversight/contracts/measures/{left.pk}/target/",
                             _new_target(target="15")))
    assert "Re-referrals within 12 months was removed from the contract from 1 May 2026" in page
    page = _page(client.post(f"/oversight/contracts/measures/{left.pk}/target/",
                             _new_target(**_date("from_date", datetime.date(2029, 4, 1)))))
    assert ("The date the new target starts must be on or before the contract ends, "
            "31 March 2029") in page
    page = _page(client.post(f"/oversight/contracts/measures/{joined_later.pk}/target/",
                             _new_target(target="100.5", from_date_0="", from_date_1="",
                                         from_date_2="")))
    assert "The target must be between 0 and 100" in page
    assert "Enter the date the new target starts" in page
    assert ContractTarget.objects.filter(measure__in=[joined_later, left]).count() == 3


# --- Removing a measure ------------------------------------------------------------------


@pytest.mark.django_db
def test_removing_a_measure_takes_it_out_of_later_reports_only(login, personas, contract):
    measure = _measure(contract, "re_referrals")
    response = login(personas["council.viewer"]).post(
        f"/oversight/contracts/measures/{measure.pk}/remove/",
        _date("from_date", datetime.date(2026, 7, 1)))
    assert response.status_code == 302
    assert [r.code for r in figures.report_for(contract, SEPTEMBER).rows] == ["assessments_45wd"]
    assert len(figures.report_for(contract, JUNE).rows) == 2
    page = _page(login(personas["council.viewer"]).get(f"/oversight/contracts/{contract.pk}/"))
    assert "Removed from the contract" in page


@pytest.mark.django_db
def test_a_removal_before_a_later_change_or_before_the_contract_is_refused(
        login, personas, contract):
    measure = _measure(contract)
    actions.set_contract_target(measure, actor=None, target=Decimal(90), tolerance=Decimal(0),
                                from_date=datetime.date(2026, 9, 1))
    client = login(personas["council.viewer"])
    url = f"/oversight/contracts/measures/{measure.pk}/remove/"
    page = _page(client.post(url, _date("from_date", datetime.date(2026, 7, 1))))
    assert ("Assessments completed within 45 working days has a change from 1 September "
            "2026: remove it from a later date") in page
    page = _page(client.post(url, _date("from_date", datetime.date(2024, 1, 1))))
    assert ("The date it leaves the contract must be on or after the contract starts, "
            "1 April 2024") in page
    assert measure.targets.count() == 2


# --- Who may see and change the contract -------------------------------------------------


@pytest.mark.django_db
def test_a_council_officer_never_sees_another_councils_contract(
        login, personas, trust, contract, other_council):
    theirs = actions.agree_contract(
        actor=None, council=other_council, provider=trust.trust, name="Wexley contract",
        start_date=datetime.date(2024, 4, 1), measures=[
            {"code": "re_referrals", "target": 20, "tolerance": 0, "direction": "lower"}])
    measure = theirs.measures.get()
    officer = login(personas["council.viewer"])
    for url in (f"/oversight/contracts/{theirs.pk}/",
                f"/oversight/contracts/{theirs.pk}/measures/new/",
                f"/oversight/contracts/measures/{measure.pk}/target/",
                f"/oversight/contracts/measures/{measure.pk}/remove/",
                "/oversight/contracts/?council=331", "/oversight/contracts/new/?council=331"):
        assert officer.get(url).status_code == 404, url
    assert officer.post(f"/oversight/contracts/measures/{measure.pk}/target/",
                        _new_target()).status_code == 404
    assert "Wexley contract" not in _page(officer.get("/oversight/contracts/"))
    # The trust's head of service oversees both councils.
    head = login(personas["head.of.service"])
    assert head.get(f"/oversight/contracts/{theirs.pk}/").status_code == 200
    assert measure.targets.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["board.member", "social.worker", "police.partner",
                                     "team.manager", "admin"])
def test_others_cannot_change_the_contract(login, personas, board_member, contract, persona):
    user = board_member if persona == "board.member" else personas[persona]
    client = login(user)
    measure = _measure(contract)
    for url, data in [("/oversight/contracts/new/", NEW_CONTRACT),
                      (f"/oversight/contracts/{contract.pk}/measures/new/", _new_measure()),
                      (f"/oversight/contracts/measures/{measure.pk}/target/", _new_target()),
                      (f"/oversight/contracts/measures/{measure.pk}/remove/",
                       _date("from_date", datetime.date(2026, 7, 1)))]:
        assert client.post(url, data).status_code == 403, url
    assert Contract.objects.count() == 1 and ContractTarget.objects.count() == 2


@pytest.mark.django_db
def test_board_members_read_the_contract_without_links_to_change_it(
        login, personas, board_member, contract):
    page = _page(login(board_member).get(f"/oversight/contracts/{contract.pk}/"))
    assert "Assessments completed within 45 working days" in page
    assert "/target/" not in page and "Add a measure" not in page
    page = _page(login(personas["council.viewer"]).get(f"/oversight/contracts/{contract.pk}/"))
    assert f"/oversight/contracts/measures/{_measure(contract).pk}/target/" in page
    assert "Add a measure" in page


@pytest.mark.django_db
def test_the_contract_page_reads_a_fixed_number_of_queries_however_many_measures(
        login, personas, contract):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas["council.viewer"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/oversight/contracts/{contract.pk}/").status_code == 200
        return len(captured)

    few = queries()
    for code in ("icpc_15wd", "cp_repeat", "cla_missing"):
        actions.add_contract_measure(contract, actor=personas["analyst"], code=code,
                                     direction="higher", target=Decimal(50),
                                     tolerance=Decimal(0), from_date=datetime.date(2025, 1, 1))
        actions.set_contract_target(_measure(contract, code), actor=personas["analyst"],
                                    target=Decimal(60), tolerance=Decimal(0),
                                    from_date=datetime.date(2025, 6, 1))
    assert queries() == few


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["target", "remove"])
def test_the_change_pages_say_the_target_in_force_now(login, personas, contract, page):
    measure = _measure(contract)
    actions.set_contract_target(measure, actor=None, target=Decimal("87.5"),
                                tolerance=Decimal(0), from_date=datetime.date(2025, 1, 1))
    shown = _page(login(personas["council.viewer"]).get(
        f"/oversight/contracts/measures/{measure.pk}/{page}/"))
    assert "target on" in shown and "is 87.5%, from 1 January 2025." in shown


@pytest.mark.django_db
def test_the_contracts_list_reads_a_fixed_number_of_queries_however_many_contracts(
        login, personas, trust, contract_to_2029):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas["analyst"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = _page(client.get("/oversight/contracts/"))
        assert "Children&#x27;s services contract 2024 to 2029" in page
        return len(captured)

    few = queries()
    for year in (2029, 2034, 2039):
        actions.agree_contract(actor=None, council=trust.council, provider=trust.trust,
                               name=f"Contract from {year}", start_date=datetime.date(year, 4, 1),
                               end_date=datetime.date(year + 5, 3, 31))
    assert queries() == few
