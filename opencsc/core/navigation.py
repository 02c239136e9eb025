"""The service navigation, by permission."""

from django.urls import reverse

from .roles import Permission, has_permission

ITEMS = [
    ("Home", "core:home", None),
    ("My work", "worklists:my_work", Permission.RECORD_CHILDREN),
    ("Team", "worklists:team", Permission.MANAGE_TEAM_WORK),
    ("Children", "people:children", Permission.VIEW_CHILDREN),
    ("Overview", "core:overview", Permission.VIEW_AGGREGATES),
    ("Performance", "performance:dashboard", Permission.VIEW_AGGREGATES),
    ("Workforce", "workforce:index", Permission.VIEW_WORKFORCE),
    ("My account", "accounts:account", None),
]


def navigation_for(request) -> list[dict]:
    items = []
    for text, name, permission in ITEMS:
        if permission and not has_permission(request.user, permission):
            continue
        href = reverse(name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": text, "href": href, "current": current})
    return items
