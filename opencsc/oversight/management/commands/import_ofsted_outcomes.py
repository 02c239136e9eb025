from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.oversight import actions, ofsted


class Command(BaseCommand):
    help = ("Import local authority children's services inspection outcomes from Ofsted's "
            "published spreadsheet (.xlsx). Columns are found by their headings.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The outcomes workbook (.xlsx).")

    def handle(self, *args, file: Path, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            outcomes = ofsted.read_outcomes(content, file.name)
        except ofsted.FileProblem as problem:
            raise CommandError("Nothing was imported.\n" + "\n".join(problem.problems)) from None
        added, updated = actions.import_inspections(outcomes.rows, actor=None,
                                                    source=file.name)
        self.stdout.write(self.style.SUCCESS(
            f"Imported {added + updated} inspections from sheet '{outcomes.sheet}' of "
            f"{file.name}: {added} new, {updated} updated."))
