"""The performance pages' rows of the access matrix (tests/test_access_matrix.py)."""

from dataclasses import dataclass

from opencsc.core.tests.matrix import AGGREGATES, Page

TARGET_SETTERS = frozenset({"head.of.service", "analyst"})


@dataclass(frozen=True)
class MeasurePage(Page):
    """A measure's page: the URL names a measure of the catalogue, not a child."""

    param: str = "code"

    def param_values(self, world) -> dict:
        return {None: "assessments_45wd"}


URLS = {
    "performance:dashboard": Page(who=AGGREGATES),
    "performance:targets": Page(who=TARGET_SETTERS),
    "performance:measure": MeasurePage(who=AGGREGATES),
}
