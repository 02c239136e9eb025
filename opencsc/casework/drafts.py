"""Unfinished work kept as the worker types, read back only by its owner.

A draft lives in the database, so it survives sign-out and the session expiring; saving
the form for real deletes it (``actions.save_assessment``)."""

from .models import Draft

MAX_VALUE_LENGTH = 100_000  # characters in one field: far beyond any real assessment
MAX_VALUES = 60  # values under one name: more boxes than the longest checkbox list


def draft_for(user, form: str, object_id: int) -> Draft | None:
    """The user's own draft of this form, if they left one."""
    return Draft.objects.filter(owner=user, form=form, object_id=object_id).first()


def problem_with(data: dict) -> str:
    """Why an autosaved draft cannot be kept, or "" when it can."""
    if not data:
        return "Nothing to save: the request held none of the form's fields"
    for name, values in data.items():
        if len(values) > MAX_VALUES:
            return f"Too many values for {name}"
        if any(len(v) > MAX_VALUE_LENGTH for v in values):
            return f"{name} is too long to save"
    return ""
