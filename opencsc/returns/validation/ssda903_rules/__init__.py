"""SSDA903 validation rules, one module per table or theme. Importing this package
registers every rule with the engine."""

from . import (  # noqa: F401
    ages,
    child_links,
    continuity,
    dolo,
    episodes,
    header,
    legal_status,
    missing,
    permanence,
    placements,
    providers,
    sequence,
)
