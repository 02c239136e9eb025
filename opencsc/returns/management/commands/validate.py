"""Check any council's return against the DfE rules: ``opencsc validate cin`` and ``903``.

Prints problems reading the files first, then each rule code found with its count,
errors apart from queries; ``--report`` writes every finding to a .csv or .xlsx file.
Exit status: 0 when no errors were found (queries may remain), 1 when errors were found
(a rule error, or a file problem such as a date that cannot be read or a file whose
columns match no table), 2 when the input cannot be read at all.

The console runs this command without setting up Django (``run_alone``, from
``opencsc.manage``): it reads files and no database, and setting up every app took longer
than checking a council's SSDA903 return. So nothing here may need the app registry or
the database, and each return's reader is imported only when that return is checked.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.returns import reports
from opencsc.returns.validation.engine import REGISTRY, Context, rules_for, validate
from opencsc.returns.years import CollectionYear

UNREADABLE = 2
REPORT_TYPES = {".csv", ".xlsx"}


def _unreadable(message: str) -> CommandError:
    return CommandError(message, returncode=UNREADABLE)


def read_cin(path: Path):
    from opencsc.returns.cin.reader import read_cin_xml

    if not path.is_file():
        raise _unreadable(f"{path} is not a file.")
    result = read_cin_xml(str(path))
    problems = [reports.from_cin(p) for p in result.problems]
    if not result.readable or result.children == 0:
        reasons = "; ".join(p.message for p in problems) or "no children found"
        raise _unreadable(f"{path} cannot be read as a CIN census: {reasons}")
    return result.tables, problems, result.children


def read_903(path: Path, *, year: int | None = None, prefix: str = ""):
    """The tables and the problems reading them; with ``year``, a folder whose episodes
    all fall outside that collection year is a problem too."""
    from opencsc.returns.ssda903.csvio import read_903_folder, year_problems

    if not path.is_dir():
        raise _unreadable(f"{path} is not a folder of SSDA903 CSV files.")
    folder = read_903_folder(path)
    found = folder.problems + (year_problems(folder.tables, year) if year else [])
    problems = [reports.from_903(p, prefix) for p in found]
    if all(t.height == 0 for t in folder.tables.values()):
        reasons = "; ".join(str(p) for p in problems) or "every file is empty"
        raise _unreadable(f"No SSDA903 table could be read from {path}: {reasons}")
    return folder.tables, problems


def _require_rules(ret: str, year: int) -> None:
    """Refuse a year with no rule set, rather than pass a return nothing checked."""
    if rules_for(ret, year):
        return
    known = sorted({y for r in REGISTRY if r.ret == ret for y in r.years})
    raise _unreadable(f"There are no {ret.upper()} rules for {CollectionYear(year)}; rules "
                      f"exist for {', '.join(str(CollectionYear(y)) for y in known)}.")


class Command(BaseCommand):
    help = ("Validate a CIN census XML file or a folder of SSDA903 CSV files against the "
            "DfE rules of a collection year. Exit 1 if errors were found, 2 if the input "
            "cannot be read.")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="ret", required=True)
        cin = kinds.add_parser("cin", help="A CIN census XML file")
        cin.add_argument("source", type=Path, help="The XML file")
        ssda = kinds.add_parser("903", help="A folder of SSDA903 CSV files")
        ssda.add_argument("source", type=Path, help="The folder of CSV files")
        ssda.add_argument("--previous", type=Path,
                          help="Last year's folder, for the rules that compare years")
        for sub in (cin, ssda):
            sub.add_argument("--year", required=True, type=int,
                             help="The year the collection ends in: 2026 is 2025-26")
            sub.add_argument("--report", type=Path, help="Write every finding to .csv or .xlsx")

    def handle(self, *args, ret, source, year, report=None, previous=None, **options):
        if report is not None and report.suffix.lower() not in REPORT_TYPES:
            raise CommandError("The report must be a .csv or .xlsx file.", returncode=2)
        _require_rules(ret, year)
        children = None
        if ret == "cin":
            tables, problems, children = read_cin(source)
            context = Context(year)
        else:
            tables, problems = read_903(source, year=year)
            context = Context(year, previous=self.previous_year(previous, problems))
        result = validate(ret, tables, context, progress=reports.Progress(self.stderr))
        self.stdout.write(reports.summary(result, problems, children=children), ending="")
        if report is not None:
            self.write(result, problems, report)
        status = int(result.error_count > 0 or reports.file_errors(problems) > 0)
        if status:
            raise SystemExit(status)

    def previous_year(self, folder: Path | None, problems: list) -> dict | None:
        if folder is None:
            return None
        tables, found = read_903(folder, prefix="last year: ")
        problems.extend(found)
        return tables

    def write(self, result, problems, path: Path) -> None:
        try:
            reports.write_report(result, problems, path)
        except OSError as exc:
            raise CommandError(f"Cannot write the report to {path}: {exc.strerror}",
                               returncode=2) from exc
        self.stdout.write(f"Full report: {path}")


def run_alone(argv: list[str] | None = None) -> None:
    """``opencsc validate ...`` as the console runs it, without ``django.setup()``."""
    Command().run_from_argv(argv or sys.argv)
