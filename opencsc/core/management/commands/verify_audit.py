from django.core.management.base import BaseCommand, CommandError

from opencsc.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exit non-zero naming the first bad entry."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry {report.first_bad_seq}: {report.problem} "
                f"({report.checked} entries before it check out)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries."))
