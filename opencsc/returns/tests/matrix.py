"""The returns' rows of the access matrix (tests/test_access_matrix.py).

Only those who produce returns (ADR 0009) reach them: everyone else gets 403. A run's
pages are asked for with a real run, an uploaded SSDA903 with one planted error, made
afresh for each URL (the matrix rolls each test back). A URL that takes a rule code or a
child ID as well is filled with the run's id for both, which names no rule or child: 404
for those who may, 403 for the rest. Those pages are tested with real codes in test_web.py.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from opencsc.core.tests.matrix import ANONYMOUS, LOGIN, Page

PRODUCERS = frozenset({"analyst", "head.of.service"})


@dataclass(frozen=True)
class RunPage:
    """A page about one run: ``ok`` for those who produce returns, 403 for the others."""

    ok: int = 200
    param: str = field(default="run", init=False)

    def expected(self, persona: str, child=None):
        if persona == ANONYMOUS:
            return LOGIN
        return self.ok if persona in PRODUCERS else 403

    def param_values(self, world) -> dict:
        return {None: uploaded_run().pk}


def uploaded_run():
    """An SSDA903 uploaded by the analyst and checked, with a planted error."""
    from .. import actions, runs
    from ..models import ReturnKind
    from .web import planted_903_files

    analyst = get_user_model().objects.get(username="analyst")
    run = actions.upload_return(kind=ReturnKind.SSDA903, year=2026,
                                files=planted_903_files(), actor=analyst)
    runs.execute(run.pk)
    return run


URLS = {
    "returns:index": Page(who=PRODUCERS),
    "returns:upload": Page(who=PRODUCERS),
    "returns:rules": Page(who=PRODUCERS),
    **{f"returns:{name}": RunPage() for name in [
        "run", "status", "report", "report_children", "report_csv", "report_xlsx"]},
    "returns:download": RunPage(ok=404),  # an uploaded run has no file of ours to download
    "returns:report_rule": RunPage(ok=404),  # the run's id as a rule code: no such rule
    "returns:report_child": RunPage(ok=404),  # nor such a child
    "returns:explain": RunPage(ok=404),  # nor such a query; its POSTs are in test_web.py
}
