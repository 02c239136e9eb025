"""Reading a CIN census XML file into tables, streaming, with clear problems.

The file is read element by element (lxml iterparse) and each finished child is
discarded, so memory grows with the tables, not with the file's text. Dates that are not
ISO dates are reported and read as missing; a malformed or truncated file stops with the
line where it broke. Nothing here raises on bad input: problems are returned.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree

from .tables import TABLES, frame

CHILD_LEVEL = {"ChildIdentifiers", "ChildCharacteristics"}
EPISODE_BLOCKS = {"Assessments": "Assessments", "CINPlanDates": "CINplanDates",
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


class _Columns:
    """Column lists per table, appended to as elements are read."""

    def __init__(self):
        self.data = {name: defaultdict(list) for name in TABLES}
        self.counts = defaultdict(int)

    def add(self, table: str, row: dict) -> None:
        columns = self.data[table]
        n = self.counts[table]
        for name in row:
            if len(columns[name]) < n:
                columns[name].extend([None] * (n - len(columns[name])))
            columns[name].append(row[name])
        self.counts[table] = n + 1

    def frames(self) -> dict:
        out = {}
        for table, columns in self.data.items():
            n = self.counts[table]
            padded = {k: v + [None] * (n - len(v)) for k, v in columns.items() if k in TABLES[table]}
            out[table] = frame(table, padded) if n else frame(table, {})
        return out


def _text(element, tag):
    found = element.find(tag)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


class _Reader:
    def __init__(self):
        self.columns = _Columns()
        self.problems: list[FileProblem] = []
        self.children = 0
        self.episode_id = self.assessment_id = self.plan_id = 0

    def date(self, element, tag, path):
        raw = _text(element, tag)
        if raw is None:
            return None
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            line = getattr(element.find(tag), "sourceline", None)
            self.problems.append(FileProblem(line, f"{path}/{tag}", "is not a date in the form "
                                             "YYYY-MM-DD", raw))
            return None

    def row(self, element, table, path, keys):
        row = dict(keys)
        for name, dtype in TABLES[table].items():
            if name in row or name in ("CINdetailsID", "AssessmentID", "CPPID"):
                continue
            if str(dtype) == "Date":
                row[name] = self.date(element, name, path)
            elif name != "AssessmentFactors":
                row[name] = _text(element, name)
        return row

    def header(self, element):
        details = element.find("CollectionDetails")
        source = element.find("Source")
        row = {}
        if details is not None:
            row.update(self.row(details, "Header", "Header/CollectionDetails", {}))
        if source is not None:
            row.update({k: v for k, v in self.row(source, "Header", "Header/Source", {}).items()
                        if v is not None})
        self.columns.add("Header", row)

    def child(self, element):
        self.children += 1
        ids = element.find("ChildIdentifiers")
        child_id = _text(ids, "LAchildID") if ids is not None else None
        key = {"LAchildID": child_id}
        if ids is not None:
            self.columns.add("ChildIdentifiers", self.row(ids, "ChildIdentifiers",
                                                          "Child/ChildIdentifiers", key))
        traits = element.find("ChildCharacteristics")
        if traits is not None:
            self.columns.add("ChildCharacteristics", self.row(
                traits, "ChildCharacteristics", "Child/ChildCharacteristics", key))
            for disability in traits.iterfind("Disabilities/Disability"):
                self.columns.add("Disabilities", {**key, "Disability": (disability.text or "")
                                                  .strip() or None})
        for details in element.iterfind("CINdetails"):
            self.episode(details, key)

    def episode(self, details, key):
        self.episode_id += 1
        keys = {**key, "CINdetailsID": self.episode_id}
        self.columns.add("CINdetails", self.row(details, "CINdetails", "CINdetails", keys))
        for block in details.iterfind("Assessments"):
            self.assessment_id += 1
            row = self.row(block, "Assessments", "CINdetails/Assessments",
                           {**keys, "AssessmentID": self.assessment_id})
            row["AssessmentFactors"] = [(f.text or "").strip() for f in
                                        block.iterfind("FactorsIdentifiedAtAssessment/"
                                                       "AssessmentFactors")]
            self.columns.add("Assessments", row)
        for block in details.iterfind("CINPlanDates"):
            self.columns.add("CINplanDates", self.row(block, "CINplanDates",
                                                      "CINdetails/CINPlanDates", keys))
        for block in details.iterfind("Section47"):
            self.columns.add("Section47", self.row(block, "Section47", "CINdetails/Section47",
                                                   keys))
        for block in details.iterfind("ChildProtectionPlans"):
            self.plan_id += 1
            plan_keys = {**keys, "CPPID": self.plan_id}
            self.columns.add("ChildProtectionPlans", self.row(
                block, "ChildProtectionPlans", "CINdetails/ChildProtectionPlans", plan_keys))
            for review in block.iterfind("Reviews/CPPreviewDate"):
                value = self._review_date(review)
                self.columns.add("Reviews", {**plan_keys, "CPPreviewDate": value})

    def _review_date(self, element):
        raw = (element.text or "").strip()
        try:
            return datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            self.problems.append(FileProblem(element.sourceline, "Reviews/CPPreviewDate",
                                             "is not a date in the form YYYY-MM-DD", raw))
            return None


def read_cin_xml(source) -> ReadResult:
    """Read a CIN census file (a path or a binary file object) into tables."""
    reader = _Reader()
    try:
        for _, element in etree.iterparse(source, events=("end",), tag=("Header", "Child"),
                                          huge_tree=True, resolve_entities=False,
                                          no_network=True):
            if element.tag == "Header":
                reader.header(element)
            else:
                reader.child(element)
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if hasattr(exc, "lineno") else None
        reader.problems.append(FileProblem(line, "file", f"The file is not well-formed XML: "
                                           f"{exc.msg} (line {line}). It may be truncated or "
                                           "not a CIN census file."))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reader.problems.append(FileProblem(None, "file", f"The file could not be read: {exc}"))
    if reader.children == 0 and not any(p.path == "file" for p in reader.problems):
        reader.problems.append(FileProblem(None, "file", "No <Child> elements were found: this "
                                           "does not look like a CIN census file"))
    return ReadResult(reader.columns.frames(), reader.problems, reader.children)
