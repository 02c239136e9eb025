"""Reading a run's findings for the report pages: by rule, by child, and what a rule is."""

import secrets
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from . import reports
from .models import ReturnKind, ReturnRun
from .runs import findings, report_parts
from .validation.engine import Rule, rules_for

RET = {ReturnKind.CIN: "cin", ReturnKind.SSDA903: "903"}
SHOWN = 500  # rows on a page; the downloads hold them all


@dataclass(frozen=True)
class Rows:
    rows: list[dict]
    total: int

    @property
    def cut(self) -> bool:
        return self.total > len(self.rows)


def rules_of(run: ReturnRun, code: str) -> list[Rule]:
    """The rule (or rules: a code may check more than one table) behind a code."""
    return [r for r in rules_for(RET[run.kind], run.year) if r.code == code]


def rule_rows(run: ReturnRun, code: str) -> Rows:
    chosen = findings(run).filter(pl.col("code") == code).sort("child_id", "table", "row")
    return _rows(chosen)


def child_rows(run: ReturnRun, child_id: str) -> Rows:
    chosen = findings(run).filter(pl.col("child_id") == child_id).sort("code", "table", "row")
    return _rows(chosen)


def by_child(run: ReturnRun) -> Rows:
    """Each child with findings: errors, queries and the codes, most errors first."""
    counted = (findings(run).filter(pl.col("child_id").is_not_null())
               .group_by("child_id")
               .agg((pl.col("kind") == "error").sum().alias("errors"),
                    (pl.col("kind") == "query").sum().alias("queries"),
                    pl.col("code").unique().sort().str.join(", ").alias("codes"))
               .sort(["errors", "queries", "child_id"], descending=[True, True, False]))
    return _rows(counted)


def _rows(frame: pl.DataFrame) -> Rows:
    shown = frame.head(SHOWN)
    if "row" in shown.columns:
        shown = shown.with_columns((pl.col("row").cast(pl.Int64) + 1).alias("row"))
    rows = shown.to_dicts()
    for row in rows:
        row["pairs"] = values(row.get("values"))
    return Rows(rows, frame.height)


def values(text: str | None) -> list[tuple[str, str]]:
    """``"DOB=2012-06-15; SEX=F"`` as pairs, for a table of fields and values."""
    pairs = []
    for part in (text or "").split("; "):
        name, _, value = part.partition("=")
        if name:
            pairs.append((name, value))
    return pairs


def explanations(run: ReturnRun, code: str | None = None) -> dict[tuple[str, str], object]:
    """The latest explanation of each (code, child ID) that holds for this run's queries."""
    from .models import QueryExplanation

    if run.is_built:
        rows = QueryExplanation.objects.filter(kind=run.kind, year=run.year,
                                               council_id=run.council_id)
    else:
        rows = QueryExplanation.objects.filter(run=run)
    if code is not None:
        rows = rows.filter(code=code)
    latest = {}
    for row in rows.select_related("explained_by").order_by("explained_at", "pk"):
        latest[(row.code, row.child_id)] = row
    return latest


def report_download(run: ReturnRun, suffix: str) -> tuple[Path, str]:
    """The run's full report as .csv or .xlsx, each query with its explanation, and the
    name to give it. The findings never change but their explanations may, so the file is
    kept for the explanations as they stand (named by the latest) and written anew after
    another is given."""
    given = explanations(run)
    latest = max((e.pk for e in given.values()), default=0)
    path = run.folder / f"report_explained_{latest}{suffix}"
    if not path.is_file():
        for older in run.folder.glob(f"report_explained_*{suffix}"):
            older.unlink(missing_ok=True)
        result, problems = report_parts(run)
        partial = path.with_name(f".{secrets.token_hex(4)}{path.name}")
        reports.write_report(result, problems, partial,
                             {key: e.reason for key, e in given.items()})
        partial.replace(path)  # whole, even with another download writing the same
    return path, f"{run.kind.replace('-', '_')}_{run.year}_run_{run.pk}_findings{suffix}"


def explained_counts(run: ReturnRun) -> dict[str, int]:
    """How many of each query rule's children have an explanation."""
    found = findings(run).filter(pl.col("kind") == "query").select("code", "child_id").unique()
    given = explanations(run)
    counts: dict[str, int] = {}
    for code, child_id in found.iter_rows():
        if (code, child_id) in given:
            counts[code] = counts.get(code, 0) + 1
    return counts


def query_finding(run: ReturnRun, code: str, child_id: str) -> list[dict]:
    """The rows a query found for one child, or none if it is not a query of this run."""
    if not any(r.is_query for r in rules_of(run, code)):
        return []
    return [r for r in child_rows(run, child_id).rows if r["code"] == code]


def all_rules(*, kind: str, year: int) -> list[Rule]:
    return rules_for(RET[kind], year)
