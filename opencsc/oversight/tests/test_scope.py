"""Who reaches oversight, which councils they see, and that no page shows a child."""

import datetime

import pytest

from opencsc.oversight import actions

PAGES = ["/oversight/", "/oversight/report/", "/oversight/plan/", "/oversight/inspections/"]


@pytest.fixture
def plan_with_an_action(trust, personas, engine):
    return actions.open_action(
        actor=personas["head.of.service"], council=trust.council, reference="1.1",
        title="Tighten management oversight of assessments", owner="Head of service",
        due_date=datetime.date(2027, 3, 31), measure_codes=["assessments_45wd"],
        opened_on=datetime.date(2026, 4, 1))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["social.worker", "front.door", "team.manager",
                                     "police.partner", "admin"])
def test_caseworkers_partners_and_admins_get_403(login, personas, persona):
    client = login(personas[persona])
    for path in PAGES:
        assert client.get(path).status_code == 403, path


@pytest.mark.django_db
def test_oversight_is_in_the_navigation_only_for_those_who_may_see_it(
        login, personas, board_member):
    for user, shown in [(board_member, True), (personas["council.viewer"], True),
                        (personas["analyst"], True), (personas["social.worker"], False),
                        (personas["police.partner"], False)]:
        page = login(user).get("/home/").content.decode()
        assert ('href="/oversight/"' in page) == shown, user.username


@pytest.mark.django_db
def test_a_council_viewer_sees_only_their_own_council(login, personas, other_council,
                                                      engine):
    client = login(personas["council.viewer"])
    assert "Fernbridge City Council" in client.get("/oversight/").content.decode()
    for path in PAGES:
        assert client.get(f"{path}?council=331").status_code == 404, path
    assert "Wexley" not in client.get("/oversight/").content.decode()


@pytest.mark.django_db
def test_a_board_member_chooses_between_the_trusts_councils(login, board_member,
                                                            other_council, engine):
    client = login(board_member)
    page = client.get("/oversight/?council=331").content.decode()
    assert "<h1 class=\"govuk-heading-l\">Wexley Borough Council</h1>" in page
    assert '<option value="330">Fernbridge City Council</option>' in page


@pytest.mark.django_db
def test_an_action_of_another_council_is_404_to_a_council_viewer(
        login, personas, other_council, engine):
    elsewhere = actions.open_action(
        actor=personas["analyst"], council=other_council, reference="9", title="Elsewhere",
        owner="Someone", due_date=datetime.date(2027, 1, 1), measure_codes=["re_referrals"])
    assert login(personas["council.viewer"]).get(
        f"/oversight/plan/{elsewhere.pk}/").status_code == 404


@pytest.mark.django_db
def test_no_oversight_page_names_or_links_a_child(login, personas, board_member, make_child,
                                                  contract, plan_with_an_action, engine):
    child = make_child(given="Zephyrine", family="Quillfeather")
    for user in (personas["council.viewer"], board_member, personas["analyst"]):
        client = login(user)
        for path in [*PAGES, f"/oversight/plan/{plan_with_an_action.pk}/"]:
            page = client.get(path).content.decode()
            assert client.get(path).status_code == 200
            for trace in ("Zephyrine", "Quillfeather", child.la_child_id, "/children/"):
                assert trace not in page, (user.username, path, trace)
