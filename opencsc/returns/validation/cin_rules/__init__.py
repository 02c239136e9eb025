"""CIN census validation rules, one module per table or theme. Importing this package
registers every rule with the engine."""

from . import (  # noqa: F401
    assessments,
    characteristics,
    child,
    episode_activity,
    episodes,
    identifiers,
    plans,
    section47,
)
