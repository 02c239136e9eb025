"""The validation engine: DfE rules as small functions over the return's tables.

A rule is registered for a return ("cin" or "903") and the collection years it applies
in, with the DfE's code, whether it is an error or a query, the tables and fields it
looks at, and a message in plain words. It receives the tables (each with a ``_row``
column, the row's position in its table) and returns the failing rows of one table as a
frame with ``_row`` (and, where it joins, any column naming the child), or as a query for
them (``rows`` gives one), which the engine runs together with the other rules' queries. Next year's
change of a rule is a new registration with its years, not an edit of the old one.
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

ROW = "_row"
# How many rules' queries are run together. A query keeps the frames it reads alive (a
# rule's own joins among them) until it runs, so running them all at the end held every
# rule's joins at once: 150 MB more for a CIN census of 200,000 children.
TOGETHER = 32


@dataclass(frozen=True)
class Rule:
    ret: str
    code: str
    message: str
    table: str
    fields: tuple[str, ...]
    years: frozenset[int]
    check: Callable = field(compare=False)
    query: bool = False

    @property
    def is_query(self) -> bool:
        """CIN queries carry a Q in their code; SSDA903 queries are named as such by the
        DfE without one, and are registered with ``query=True``."""
        return self.query or self.code.endswith("Q")

    @property
    def kind(self) -> str:
        return "query" if self.is_query else "error"


REGISTRY: list[Rule] = []


def rule(ret: str, code: str, *, years, table: str, fields, message: str, query: bool = False):
    """Register a rule function for the given return and collection years; ``query`` for
    a query (to check and explain) rather than an error."""

    def register(check):
        REGISTRY.append(Rule(ret, code, message, table, tuple(fields), frozenset(years), check,
                             query))
        return check

    return register


def rules_for(ret: str, year: int) -> list[Rule]:
    _load(ret)
    return sorted((r for r in REGISTRY if r.ret == ret and year in r.years),
                  key=lambda r: (len(r.code), r.code))


def _load(ret: str) -> None:
    if ret == "cin":
        from . import cin_rules  # noqa: F401  (registers the CIN rules)
    elif ret == "903":
        from . import ssda903_rules  # noqa: F401


@dataclass
class Context:
    """What a rule may need beyond the tables: the year, and last year's tables if given."""

    year: int
    previous: dict | None = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year - 1, 4, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 3, 31)


def with_row_numbers(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    return {name: t.with_row_index(ROW) if ROW not in t.columns else t
            for name, t in tables.items()}


@dataclass
class Report:
    findings: pl.DataFrame
    timings: dict[str, float]
    broken: dict[str, str]

    @property
    def error_count(self) -> int:
        return self.findings.filter(pl.col("kind") == "error").height

    def counts(self) -> pl.DataFrame:
        return (self.findings.group_by("code", "kind", "message")
                .agg(pl.len().alias("count")).sort("code"))


FINDING_SCHEMA = {"code": pl.String, "kind": pl.String, "message": pl.String,
                  "table": pl.String, "row": pl.UInt32, "child_id": pl.String,
                  "fields": pl.String, "values": pl.String}


def rows(frame: pl.DataFrame, condition: pl.Expr) -> pl.LazyFrame:
    """The ``_row`` of each row meeting the condition (null counts as not met), as a query
    for the engine to run together with the other rules' (see ``validate``)."""
    return frame.lazy().filter(condition).select(ROW)


def validate(ret: str, tables: dict, context: Context, progress=None) -> Report:
    """Run every rule of the year; a rule that breaks is reported, never fatal.

    A rule may return its failing rows as a frame, or as a query (a LazyFrame, as ``rows``
    gives). The queries are run ``TOGETHER`` at a time in one ``pl.collect_all``: a return
    of 2,500 children has about 300 rules, and running each small query on its own cost
    more in starting it than in the work. A rule's timing is the time it took to say what
    to look for, not including its part of the shared run.
    """
    tables = with_row_numbers(tables)
    failing, pending, timings, broken = [], [], {}, {}
    rules = rules_for(ret, context.year)
    for index, r in enumerate(rules):
        started = time.perf_counter()
        try:
            result = r.check(tables, context)
        except Exception as exc:  # noqa: BLE001 (one broken rule must not stop the others)
            broken[r.code] = _why(exc)
        else:
            if isinstance(result, pl.LazyFrame):
                pending.append((r, result))
                if len(pending) == TOGETHER:
                    failing += _run_together(pending, broken)
                    pending = []
            elif result is not None:
                failing.append((r, result))
        timings[r.code] = time.perf_counter() - started
        if progress:
            progress(index + 1, len(rules), r.code)
    failing += _run_together(pending, broken)
    described = _run_together([(r, _findings(r, tables[r.table], rows))
                               for r, rows in failing if rows.height], broken)
    findings = (pl.concat([frame for _, frame in described]) if described
                else pl.DataFrame(schema=FINDING_SCHEMA))
    return Report(findings, timings, broken)


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _run_together(pending: list, broken: dict) -> list[tuple[Rule, pl.DataFrame]]:
    """Each rule's query run; if the shared run fails, each query alone, so that only the
    rule whose query breaks is reported broken."""
    try:
        frames = pl.collect_all([query for _, query in pending])
        return list(zip((r for r, _ in pending), frames, strict=True))
    except Exception:  # noqa: BLE001 (found out rule by rule below)
        pass
    done = []
    for r, query in pending:
        try:
            done.append((r, query.collect()))
        except Exception as exc:  # noqa: BLE001
            broken[r.code] = _why(exc)
    return done


def _findings(r: Rule, table: pl.DataFrame, failing: pl.DataFrame) -> pl.LazyFrame:
    rows = failing.lazy().select(ROW).unique().join(table.lazy(), on=ROW, how="left")
    columns = table.schema
    child = next((c for c in ("LAchildID", "CHILD") if c in columns), None)
    present = [f for f in r.fields if f in columns]
    values = (pl.concat_str([pl.format("{}={}", pl.lit(f), _as_text(columns, f)
                                       .fill_null("")) for f in present], separator="; ")
              if present else pl.lit(""))
    return rows.select(
        pl.lit(r.code).alias("code"), pl.lit(r.kind).alias("kind"),
        pl.lit(r.message).alias("message"), pl.lit(r.table).alias("table"),
        pl.col(ROW).cast(pl.UInt32).alias("row"),
        (pl.col(child).cast(pl.String) if child else pl.lit(None, pl.String)).alias("child_id"),
        pl.lit(", ".join(r.fields)).alias("fields"), values.alias("values"),
    )


def _as_text(schema: pl.Schema, name: str) -> pl.Expr:
    """A column as text for the report; a list (assessment factors) as its codes joined."""
    if isinstance(schema[name], pl.List):
        return pl.col(name).cast(pl.List(pl.String)).list.join(" ")
    return pl.col(name).cast(pl.String)
