"""Reading a CIN census XML file into tables, streaming, with clear problems.

The file is read element by element (lxml iterparse) and each finished child is
discarded, so memory grows with the tables, not with the file's text. Each block is taken
as it stands (its elements' text by tag); trimming, blanks and dates are then dealt with a
column at a time. A date that is not a real date in the form YYYY-MM-DD is reported with
its line (found by a second, streaming pass, only when there is one) and read as missing.
A file that is malformed, truncated, not in its declared encoding, or larger than
``MAX_BYTES`` stops with a problem saying where and why. Nothing here raises on bad
input: problems are returned.
"""

import os
from dataclasses import dataclass, field

import polars as pl
from lxml import etree

from .tables import TABLES, XML_PATH

# A council's census is tens of megabytes; 200,000 children is about 250 MB.
MAX_BYTES = 1024 * 1024 * 1024
SHOWN_DATE_PROBLEMS = 50
DATES = {name: [c for c, t in columns.items() if t == pl.Date]
         for name, columns in TABLES.items()}
# Every column is read as text; keys are numbered here; factors are a list.
AS_READ = {name: {c: t if c.endswith("ID") and c != "LAchildID" or t == pl.List(pl.String)
                  else pl.String for c, t in columns.items()}
           for name, columns in TABLES.items()}
BLOCKS = {"Assessments": "Assessments", "CINPlanDates": "CINplanDates",
          "Section47": "Section47", "ChildProtectionPlans": "ChildProtectionPlans"}


@dataclass
class FileProblem:
    line: int | None
    path: str
    message: str
    value: str = ""


@dataclass
class ReadResult:
    tables: dict = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)
    children: int = 0

    @property
    def readable(self) -> bool:
        return not any(p.path == "file" for p in self.problems)


def _text(element) -> str | None:
    text = element.text
    return (text.strip() or None) if text is not None else None


class _Reader:
    """Rows gathered as dicts, turned into compact frames every ``CHUNK`` children, so a
    large file never holds all its rows as Python objects at once."""

    CHUNK = 10_000

    def __init__(self):
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.parts: dict[str, list[pl.DataFrame]] = {name: [] for name in TABLES}
        # Factors flat, by assessment: a list column is built once, not row by row.
        self.factor_of: list[int] = []
        self.factors: list[str] = []
        self.children = 0
        self.episode_id = self.assessment_id = self.plan_id = 0

    def header(self, element):
        row: dict = {}
        for part in ("CollectionDetails", "Source"):
            found = element.find(part)
            if found is not None:
                row.update({e.tag: e.text for e in found})
        self.rows["Header"].append(row)

    def child(self, element):
        self.children += 1
        rows = self.rows
        episodes, ids, traits = [], None, None
        for block in element:  # one pass: ElementPath searches cost more than this
            tag = block.tag
            if tag == "CINdetails":
                episodes.append(block)
            elif tag == "ChildIdentifiers":
                ids = block
            elif tag == "ChildCharacteristics":
                traits = block
        child_id = None
        if ids is not None:
            row = {e.tag: e.text for e in ids}
            child_id = row.get("LAchildID")
            child_id = child_id.strip() or None if child_id is not None else None
            row["LAchildID"] = child_id
            rows["ChildIdentifiers"].append(row)
        if traits is not None:
            row = {e.tag: e.text for e in traits}
            row["LAchildID"] = child_id
            rows["ChildCharacteristics"].append(row)
            disabilities = rows["Disabilities"]
            for disability in _grandchildren(traits, "Disabilities", "Disability"):
                disabilities.append({"LAchildID": child_id, "Disability": disability.text})
        for details in episodes:
            self.episode(details, child_id)
        if self.children % self.CHUNK == 0:
            self.flush()

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                schema = {c: t for c, t in AS_READ[name].items() if c != "AssessmentFactors"}
                self.parts[name].append(pl.from_dicts(rows, schema=schema))
                rows.clear()

    def episode(self, details, child_id):
        self.episode_id += 1
        rows, episode = self.rows, self.episode_id
        row = {e.tag: e.text for e in details}
        row["LAchildID"], row["CINdetailsID"] = child_id, episode
        rows["CINdetails"].append(row)
        for block in details:
            table = BLOCKS.get(block.tag)
            if table is None:
                continue
            row = {e.tag: e.text for e in block}
            row["LAchildID"], row["CINdetailsID"] = child_id, episode
            if table == "Assessments":
                self.assessment_id += 1
                row["AssessmentID"] = self.assessment_id
                for factor in _grandchildren(block, "FactorsIdentifiedAtAssessment",
                                             "AssessmentFactors"):
                    self.factor_of.append(self.assessment_id)
                    self.factors.append(factor.text)
            elif table == "ChildProtectionPlans":
                self.plan_id += 1
                row["CPPID"] = self.plan_id
                reviews = rows["Reviews"]
                for review in _grandchildren(block, "Reviews", "CPPreviewDate"):
                    reviews.append({"LAchildID": child_id, "CINdetailsID": episode,
                                    "CPPID": self.plan_id, "CPPreviewDate": review.text})
            rows[table].append(row)

    def frames(self) -> tuple[dict, dict]:
        """The tables, and the date values that are not real dates by (table, column)."""
        self.flush()
        tables, unreal = {}, {}
        for name, parts in self.parts.items():
            schema = {c: t for c, t in AS_READ[name].items() if c != "AssessmentFactors"}
            read = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
            parts.clear()
            text = [c for c, t in schema.items() if t == pl.String]
            read = read.with_columns(pl.col(text).str.strip_chars().replace("", None))
            if name == "Assessments":
                read = self.with_factors(read)
            parsed = read.with_columns(pl.col(c).str.to_date("%Y-%m-%d", strict=False)
                                       for c in DATES[name])
            for column in DATES[name]:
                bad = read.filter(pl.col(column).is_not_null() & parsed[column].is_null())
                if bad.height:
                    unreal[(name, column)] = bad[column].unique().to_list()
            tables[name] = parsed.select(list(TABLES[name]))
        return tables, unreal


    def with_factors(self, assessments: pl.DataFrame) -> pl.DataFrame:
        factors = (pl.DataFrame({"AssessmentID": self.factor_of, "AssessmentFactors":
                                 self.factors}, schema={"AssessmentID": pl.Int64,
                                                        "AssessmentFactors": pl.String})
                   .with_columns(pl.col("AssessmentFactors").str.strip_chars().fill_null(""))
                   .group_by("AssessmentID", maintain_order=True).agg("AssessmentFactors"))
        joined = assessments.join(factors, on="AssessmentID", how="left",
                                  maintain_order="left")
        return joined.with_columns(pl.col("AssessmentFactors").fill_null([]))


def _grandchildren(element, child: str, grandchild: str):
    """``element.iterfind("child/grandchild")``, without ElementPath's overhead."""
    for middle in element:
        if middle.tag == child:
            for found in middle:
                if found.tag == grandchild:
                    yield found


def _too_large(source) -> FileProblem | None:
    try:
        size = os.path.getsize(source) if isinstance(source, (str, os.PathLike)) else None
    except OSError:
        return None  # iterparse says what is wrong with the path
    if size is None or size <= MAX_BYTES:
        return None
    return FileProblem(None, "file", f"The file is {size / 1024 ** 3:.1f} GB, larger than "
                                     f"the {MAX_BYTES / 1024 ** 3:.0f} GB a CIN census can "
                                     "be: it was not read. Check it is the right file.")


def _parse(source, handle) -> FileProblem | None:
    """Stream the file's Header and Child elements to ``handle``; a problem if it breaks."""
    try:
        for _, element in etree.iterparse(source, events=("end",), tag=("Header", "Child"),
                                          huge_tree=True, resolve_entities=False,
                                          no_network=True, load_dtd=False):
            handle(element)
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        return FileProblem(line, "file", _syntax_message(exc, line))
    except (OSError, UnicodeDecodeError, ValueError, LookupError) as exc:
        return FileProblem(None, "file", f"The file could not be read: {exc}")
    return None


def read_cin_xml(source) -> ReadResult:
    """Read a CIN census file (a path or a binary file object) into tables."""
    reader = _Reader()
    problem = _too_large(source)
    if problem is None:
        problem = _parse(source, lambda e: reader.header(e) if e.tag == "Header"
                         else reader.child(e))
    tables, unreal = reader.frames()
    problems = _date_problems(source, unreal) if unreal else []
    if problem is not None:
        problems.append(problem)
    elif reader.children == 0:
        problems.append(FileProblem(None, "file", "No <Child> elements were found: this "
                                    "does not look like a CIN census file"))
    return ReadResult(tables, problems, reader.children)


def _date_problems(source, unreal: dict) -> list[FileProblem]:
    """Each date that is not a real YYYY-MM-DD date, with its line: a second streaming
    pass over the file, looking only at the elements that hold such values."""
    wanted: dict[str, set[str]] = {}
    for (_, column), values in unreal.items():
        wanted.setdefault(column, set()).update(values)
    paths = {column: XML_PATH[table] for (table, column) in unreal}
    found: list[FileProblem] = []

    def look(element):
        text = _text(element)
        if text in wanted.get(element.tag, ()) and len(found) < SHOWN_DATE_PROBLEMS:
            found.append(FileProblem(element.sourceline, f"{paths[element.tag]}/{element.tag}"
                                     if element.tag != "CPPreviewDate" else XML_PATH["Reviews"],
                                     "is not a date in the form YYYY-MM-DD", text or ""))

    if hasattr(source, "seek"):
        source.seek(0)
    try:
        for _, element in etree.iterparse(source, events=("end",), tag=tuple(wanted),
                                          huge_tree=True, resolve_entities=False,
                                          no_network=True, load_dtd=False, recover=True):
            look(element)
            element.clear(keep_tail=False)
    except (etree.XMLSyntaxError, OSError, ValueError):
        pass  # the first pass reports what is wrong with the file itself
    return found


def _syntax_message(exc, line) -> str:
    message = str(getattr(exc, "msg", "") or exc)
    where = f" (line {line})" if line else ""
    if "encoding" in message.lower() or "utf-8" in message.lower():
        return (f"The file is not in the encoding it declares{where}: {message}. Save it as "
                "UTF-8, or declare its real encoding in the first line.")
    return (f"The file is not well-formed XML: {message}{where}. It may be truncated or not "
            "a CIN census file.")
