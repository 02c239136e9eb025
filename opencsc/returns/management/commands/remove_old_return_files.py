"""Delete the files of return runs that are replaced or past their time (ADR 0013).

Runs do this themselves when they finish; this command is for a council that builds
rarely, or has just shortened how long files are kept, to run from its scheduler.
"""

from django.core.management.base import BaseCommand

from opencsc.returns.actions import remove_old_run_files
from opencsc.returns.models import KEEP_FILES_FOR


class Command(BaseCommand):
    help = ("Delete the files of finished return runs that a newer build replaced or that "
            f"are older than {KEEP_FILES_FOR.days} days. The runs themselves are kept.")

    def handle(self, *args, **options):
        removed = remove_old_run_files()
        self.stdout.write(f"Deleted the files of {removed} run{'' if removed == 1 else 's'}.")
