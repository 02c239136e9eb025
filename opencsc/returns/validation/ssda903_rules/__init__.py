"""SSDA903 validation rules, one module per table or theme. Importing this package
registers every rule with the engine."""

from . import (  # noqa: F401
    adoption,
    ages,
    care_leavers,
    child_links,
    continuity,
    dolo,
    episodes,
    header,
    legal_status,
    missing,
    outcomes,
    permanence,
    placed_adoption,
    placements,
    previous_permanence,
    providers,
    reviews,
    sequence,
    social_workers,
    uasc,
)
