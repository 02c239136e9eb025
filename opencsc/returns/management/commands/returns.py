"""Build a statutory return from the record: ``opencsc returns cin-census``, ``ssda903``
and ``annex-a`` (Ofsted's Annex A, looking back ``--months`` from ``--as-of``).

``--year`` names the year a collection ends in: ``--year 2026`` is the 2025-26 collection,
reference date 31 March 2026. Each build is a system export of every child of the council,
so it is audited with no user as the actor. The CIN census is checked against the year's
XSD when one is found in ``OPENCSC_SCHEMA_DIR``; a file that does not match it is reported,
line by line, and the command ends with status 1.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opencsc.core.audit import record_now
from opencsc.core.models import AuditAction
from opencsc.organisations.models import Organisation
from opencsc.returns.annex_a import write_annex_a
from opencsc.returns.cin.extract import census_tables
from opencsc.returns.cin.schema import check_against, first_plans_note, schema_for
from opencsc.returns.cin.writer import write_cin_xml
from opencsc.returns.ssda903.csvio import write_903_csvs
from opencsc.returns.ssda903.extract import ssda903_tables
from opencsc.returns.years import CollectionYear

SHOWN_SCHEMA_PROBLEMS = 20


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
        checked = check_against(schema_path, out)
        errors = checked.errors
        if checked.first_plans:
            self.stderr.write(f"Note: {first_plans_note(checked.first_plans, schema_path.name)}")
        if not errors:
            self.stdout.write(f"The file is valid against {schema_path.name}"
                              f"{' apart from the note above' if checked.first_plans else ''}.")
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
