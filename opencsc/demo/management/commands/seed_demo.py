import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opencsc.demo import generator, journeys
from opencsc.demo.trust import add_team_staff, build_trust
from opencsc.oversight import demo as oversight_demo
from opencsc.people.models import Person
from opencsc.workforce import demo as workforce_demo


class Command(BaseCommand):
    help = ("Create the fictional demo trust, its staff and N synthetic children "
            "(the same children for the same seed).")

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=3000,
                            help="How many children to add (default 3,000).")
        parser.add_argument("--seed", type=int, default=2026,
                            help="Seed for the random choices (default 2026).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing if the database already holds children.")

    def handle(self, *args, children, seed, if_empty, **options):
        if children < 0:
            raise CommandError("--children must be 0 or more.")
        existing = Person.objects.children().count()
        if if_empty and existing:
            self.stdout.write(f"The database already holds {existing:,} children: "
                              "not seeding (--if-empty).")
            return
        started = time.perf_counter()
        trust = build_trust(password=settings.DEMO_PASSWORD)
        staff = add_team_staff(trust, password=settings.DEMO_PASSWORD)
        self.stdout.write(f"Seeding {children:,} synthetic children (seed {seed})...")

        def progress(written: int) -> None:
            elapsed = time.perf_counter() - started
            self.stdout.write(f"  {written:,} of {children:,} children written ({elapsed:.1f} s)")

        summary = generator.seed(trust, staff, children=children, seed=seed, progress=progress)
        histories = journeys.seed(trust, staff, seed=seed, today=timezone.localdate())
        workforce_demo.seed(trust, seed=seed, today=timezone.localdate())  # staff, not children
        oversight_demo.seed(trust, today=timezone.localdate())  # contract, plan, inspections
        counts = ", ".join(f"{n:,} {name}" for name, n in {**summary.rows, **histories}.items())
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {summary.children:,} children in {summary.households:,} households in "
            f"{time.perf_counter() - started:.1f} s ({counts})."
        ))
