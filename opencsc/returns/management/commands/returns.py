"""Build a statutory return from the record: ``opencsc returns cin-census``, ``ssda903``
and ``annex-a`` (Ofsted's Annex A, looking back ``--months`` from ``--as-of``).

``--year`` names the year a collection ends in: ``--year 2026`` is the 2025-26 collection,
reference date 31 March 2026. Each build is a system export of every child of the council,
so it is audited with no user as the actor. The CIN census is checked against the year's
XSD when one is found in ``OPENCSC_SCHEMA_DIR``; a file that does not match it is reported,
line by line, and the command ends with status 1.
"""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opencsc.core.audit import record_now
from opencsc.core.models import AuditAction
from opencsc.organisations.models import Organisation
from opencsc.returns.annex_a import write_annex_a
from opencsc.returns.cin.extract import census_tables
from opencsc.returns.cin.writer import write_cin_xml
from opencsc.returns.ssda903.csvio import write_903_csvs
from opencsc.returns.ssda903.extract import ssda903_tables
from opencsc.returns.years import CollectionYear

SCHEMA_NAME = re.compile(r"^CIN_schema_(\d{4})(_derived)?\.xsd$")
SHOWN_SCHEMA_PROBLEMS = 20


def schema_for(year: int, folder: Path) -> Path | None:
    """The CIN XSD for a collection year: the year's own, else the nearest earlier one of
    the same generation (``Sex`` from 2024-25, ``GenderCurrent`` before); a published
    schema before a derived one."""
    found = []
    for path in folder.glob("CIN_schema_*.xsd") if folder.is_dir() else []:
        match = SCHEMA_NAME.match(path.name)
        if match:
            found.append((int(match[1]), match[2] is None, path))
    same_kind = [f for f in found if (f[0] >= 2025) == (year >= 2025) and f[0] <= year]
    same_kind = same_kind or [f for f in found if (f[0] >= 2025) == (year >= 2025)]
    if not same_kind:
        return None
    return min(same_kind, key=lambda f: (abs(year - f[0]), not f[1]))[2]


class Command(BaseCommand):
    help = "Build the CIN census or the SSDA903 return for a council and collection year."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        returns = parser.add_subparsers(dest="return_name", required=True)
        cin = returns.add_parser("cin-census", help="The CIN census XML file")
        cin.add_argument("--out", required=True, type=Path, help="The XML file to write")
        ssda = returns.add_parser("ssda903", help="The SSDA903 CSV files")
        ssda.add_argument("--out", required=True, type=Path, help="The folder to write to")
        for sub in (cin, ssda):
            sub.add_argument("--year", required=True, type=int,
                             help="The year the collection ends in: 2026 is 2025-26")
            sub.add_argument("--la", required=True, help="The council's DfE LA code, like 330")
        annex = returns.add_parser("annex-a", help="Ofsted's Annex A lists as an xlsx workbook")
        annex.add_argument("--la", required=True, help="The council's DfE LA code, like 330")
        annex.add_argument("--out", required=True, type=Path, help="The xlsx file to write")
        annex.add_argument("--as-of", type=datetime.date.fromisoformat, default=None,
                           help="The last day of the look-back, as YYYY-MM-DD (default today)")
        annex.add_argument("--months", type=int, default=12, help="Months to look back")

    def handle(self, *args, return_name, la, out, year=None, **options):
        council = Organisation.objects.filter(la_code=la, kind=Organisation.Kind.COUNCIL).first()
        if council is None:
            raise CommandError(f"No council has the LA code {la!r}.", returncode=2)
        if return_name == "annex-a":
            as_of = options["as_of"] or timezone.localdate()
            _ensure_folder(out.parent)
            write_annex_a(council, out, as_of=as_of, lookback_months=options["months"])
            record_now(None, AuditAction.EXPORT, object_type="return",
                       object_id=f"annex-a {council.la_code} {as_of}",
                       changes={"return": "annex-a", "la": council.la_code,
                                "as_of": as_of.isoformat(), "months": options["months"]})
            self.stdout.write(f"Wrote Annex A for {council} as of {as_of:%-d %B %Y} to {out}")
            return
        collection = CollectionYear(year)
        if return_name == "cin-census":
            status = self.cin_census(council, collection, out)
        else:
            status = self.ssda903(council, collection, out)
        if status:
            raise SystemExit(status)

    def cin_census(self, council, year, out: Path) -> int:
        tables = census_tables(council, year)
        _ensure_folder(out.parent)
        try:
            write_cin_xml(tables, str(out), year=year.year)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror or exc}", returncode=2) from exc
        children = tables["ChildIdentifiers"].height
        _audit("cin-census", council, year, children)
        self.stdout.write(f"Wrote the {year} CIN census for {council}: {children} children, "
                          f"to {out}")
        return self.check_schema(out, year)

    def check_schema(self, out: Path, year) -> int:
        schema_path = schema_for(year.year, settings.OPENCSC_SCHEMA_DIR)
        if schema_path is None:
            self.stderr.write(f"No CIN census schema for {year} was found in "
                              f"{settings.OPENCSC_SCHEMA_DIR}; the file was not checked "
                              "against an XSD (set OPENCSC_SCHEMA_DIR).")
            return 0
        errors = _schema_errors(schema_path, out)
        conflicts = [e for e in errors if _first_plan_count(e)]
        errors = [e for e in errors if not _first_plan_count(e)]
        if conflicts:
            self.stderr.write(
                f"Note: {len(conflicts)} child protection plans are first plans, with "
                f"NumberOfPreviousCPP 0. {schema_path.name} types the item as a positive "
                "integer, but the DfE's rule 8730 and the census guide ask for 0 when there "
                "were no previous plans, so 0 is written and not counted as a schema problem.")
        if not errors:
            self.stdout.write(f"The file is valid against {schema_path.name}"
                              f"{' apart from the note above' if conflicts else ''}.")
            return 0
        self.stderr.write(f"The file does not match {schema_path.name} ({len(errors)} "
                          "problems):")
        for error in errors[:SHOWN_SCHEMA_PROBLEMS]:
            self.stderr.write(f"  line {error.line}, {error.path}: {error.message}")
        return 1

    def ssda903(self, council, year, out: Path) -> int:
        tables = ssda903_tables(council, year)
        _ensure_folder(out)
        try:
            written = write_903_csvs(tables, out, year=year.year)
        except OSError as exc:
            raise CommandError(f"Cannot write to {out}: {exc.strerror or exc}",
                               returncode=2) from exc
        children = tables["Header"].height
        _audit("ssda903", council, year, children)
        self.stdout.write(f"Wrote the {year} SSDA903 for {council}: {children} children, "
                          f"{len(written)} files, to {out}")
        return 0


def _schema_errors(schema_path: Path, out: Path) -> list:
    """Every way the file departs from the XSD (libxml2's validator: a 100,000-child
    trust's census is checked in about a second)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    document = etree.parse(str(out), etree.XMLParser(huge_tree=True, resolve_entities=False))
    schema.validate(document)
    return list(schema.error_log)


def _first_plan_count(error) -> bool:
    """The one known conflict between the CIN XSD and the DfE's rules: the XSD's
    ``positiveInteger`` for NumberOfPreviousCPP refuses the 0 that rule 8730 allows."""
    return (str(error.path).endswith("/NumberOfPreviousCPP")
            and "'0' is not a valid value" in error.message)


def _ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"Cannot write to {folder}: {exc.strerror}", returncode=2) from exc


def _audit(name, council, year, children) -> None:
    record_now(None, AuditAction.EXPORT, object_type="return",
               object_id=f"{name} {council.la_code} {year.year}",
               changes={"return": name, "la": council.la_code, "year": year.label,
                        "children": children})
