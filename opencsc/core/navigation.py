"""The service navigation, by permission (or by a test of the user)."""

from django.urls import reverse

from opencsc.oversight.access import may_oversee

from .roles import Permission, has_permission

ITEMS = [
    ("Home", "core:home", None),
    ("My work", "worklists:my_work", Permission.RECORD_CHILDREN),
    ("Team", "worklists:team", Permission.MANAGE_TEAM_WORK),
    ("Children", "people:children", Permission.VIEW_CHILDREN),
    ("Overview", "core:overview", Permission.VIEW_AGGREGATES),
    ("Performance", "performance:dashboard", Permission.VIEW_AGGREGATES),
    ("Workforce", "workforce:index", Permission.VIEW_WORKFORCE),
    ("Returns", "returns:index", Permission.PRODUCE_RETURNS),
    ("Oversight", "oversight:index", may_oversee),
    ("My account", "accounts:account", None),
]


def navigation_for(request) -> list[dict]:
    items = []
    for text, name, permission in ITEMS:
        if callable(permission) and not permission(request.user):
            continue
        if isinstance(permission, Permission) and not has_permission(
                request.user, permission):
            continue
        href = reverse(name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": text, "href": href, "current": current})
    return items
