import re

import pytest

pytestmark = pytest.mark.django_db


def menu(client) -> list[str]:
    html = client.get("/home/").content.decode()
    return re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', html)


@pytest.mark.parametrize("persona, work, team", [
    ("social.worker", True, False),
    ("team.manager", True, True),
    ("head.of.service", True, True),
    ("police.partner", False, False),
    ("analyst", False, False),
    ("admin", False, False),
])
def test_service_navigation_offers_my_work_and_team_to_who_may_use_them(login, personas,
                                                                         persona, work, team):
    links = menu(login(personas[persona]))
    assert ("/work/" in links, "/team/" in links) == (work, team)
