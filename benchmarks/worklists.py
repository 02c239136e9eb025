"""Worklist benchmarks: My work, Team and the worklist API at scale, and recomputing timescales.

    python -m benchmarks.worklists [--children 100000] [--requests 200]
                                   [--backends sqlite,postgresql] [--fresh]

For each backend it builds (once, then reuses) a database of the demo trust with N children
from ``opencsc seed_demo``, gives about 30% of them open episodes with their histories (unless
the seeder already wrote journeys), then prints:

- ``recompute_open()`` over every open episode (target under 5 s);
- p50/p95 of /work/, /team/ and /api/v1/worklist/ over ``--requests`` requests each, through
  the whole Django stack in process (target p95 under 150 ms), and each page's query count.

Each backend runs in its own process, because the database is chosen by the environment
before Django starts. ``run()`` is what ``make bench`` calls.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import databases

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
TARGET_PAGE_P95_MS = 150
TARGET_RECOMPUTE_S = 5.0
# The share of each team's children with an open episode: about 30% of all children.
OPEN_SHARE = {"Front Door and MASH": 0.45, "Assessment Team East": 0.45,
              "Child Protection Team North": 0.7, "Child Protection Team South": 0.7,
              "Children in Need Team": 0.28}


# --- Running one backend in its own process ----------------------------------------------


def run(children: int = 100_000, requests: int = 200,
        backends=("sqlite", "postgresql"), fresh: bool = False,
        new_journeys: bool = False) -> list[dict]:
    """Benchmark each backend in a subprocess; print and return their figures."""
    results = []
    for backend in backends:
        command = [sys.executable, "-m", "benchmarks.worklists", "--one", backend,
                   "--children", str(children), "--requests", str(requests)]
        command += ["--fresh"] if fresh else []
        command += ["--new-journeys"] if new_journeys else []
        env = databases.environment("worklists", backend, children)
        done = subprocess.run(command, cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            print(f"worklists on {backend}: FAILED (exit {done.returncode})")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        _report(result)
        results.append(result)
    return results


def _report(result: dict) -> None:
    print(f"\nWorklists on {result['backend']} ({result['children']:,} children, "
          f"{result['open_episodes']:,} open episodes, {result['open_deadlines']:,} "
          f"unmet deadlines; load average {result['load_before']:.1f} before, "
          f"{result['load_after']:.1f} after)")
    mark = "ok" if result["recompute_s"] < TARGET_RECOMPUTE_S else "OVER TARGET"
    print(f"  recompute_open(): {result['recompute_s']:.2f} s for "
          f"{result['open_episodes']:,} open episodes (target < {TARGET_RECOMPUTE_S:.0f} s: "
          f"{mark}; {result['recompute_cpu_s']:.2f} s of this process's CPU); "
          f"{result['recompute_first_s']:.2f} s when every deadline is new")
    for name, page in result["pages"].items():
        mark = "ok" if page["p95"] < TARGET_PAGE_P95_MS else "OVER TARGET"
        print(f"  {name:<46} p50 {page['p50']:6.1f} ms  p95 {page['p95']:6.1f} ms  "
              f"(cpu p50 {page['cpu_p50']:5.1f}, p95 {page['cpu_p95']:5.1f})  "
              f"{page['queries']:>2} queries  n={page['n']}  {mark}")


# --- Inside the benchmark process ---------------------------------------------------------


def _reset_journeys() -> None:
    """Drop the benchmark's episodes (not the children) so they are written afresh."""
    from django.db import connection, transaction

    from benchmarks.worklist_journeys import ORDER
    from opencsc.casework.models import Deadline

    with transaction.atomic(), connection.cursor() as cursor:
        for model in [Deadline, *reversed(ORDER)]:
            cursor.execute(f'DELETE FROM "{model._meta.db_table}"')


def _seed(children: int, new_journeys: bool) -> None:
    from django.core.management import call_command

    from opencsc.casework.models import Referral
    from opencsc.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    if new_journeys:
        _reset_journeys()
    have = Person.objects.children().count()
    if have < children:
        print(f"seeding {children - have:,} children with seed_demo...", file=sys.stderr)
        call_command("seed_demo", children=children - have, seed=SEED, stdout=sys.stderr)
    if not Referral.objects.exists():
        from benchmarks import worklist_journeys

        print("writing open episodes for about 30% of children...", file=sys.stderr)
        worklist_journeys.write(OPEN_SHARE, random.Random(SEED))


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered),
            "p95": ordered[max(0, int(round(0.95 * len(ordered))) - 1)], "n": len(ordered)}


def _count_queries(client, url: str) -> int:
    from django.db import connection

    seen = []
    with connection.execute_wrapper(lambda execute, *args: seen.append(1) or execute(*args)):
        client.get(url)
    return len(seen)


def _time_pages(client, urls: list[str], requests: int) -> dict:
    """Wall time per request (what a user waits), and this process's CPU time per request:
    on SQLite that is all the work, so it shows the cost apart from other load."""
    for url in urls[:3]:  # warm the caches, as a running server would be
        assert client.get(url).status_code == 200, url
    queries = _count_queries(client, urls[0])
    wall, cpu = [], []
    for i in range(requests):
        started, used = time.perf_counter(), time.process_time()
        response = client.get(urls[i % len(urls)])
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert response.status_code == 200, urls[i % len(urls)]
    return {**_percentiles(wall), "cpu_p50": statistics.median(cpu),
            "cpu_p95": _percentiles(cpu)["p95"], "queries": queries}


def _client(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _busiest_worker():
    from django.db.models import Count

    from opencsc.people.models import Allocation
    from opencsc.worklists.queries import current_allocation

    row = (Allocation.objects.filter(current_allocation(), worker__isnull=False)
           .values("worker__username").annotate(n=Count("pk")).order_by("-n").first())
    return row["worker__username"], row["n"]


def _recompute() -> tuple[float, float, int]:
    from opencsc.casework import deadlines

    started, used = time.perf_counter(), time.process_time()
    episodes = deadlines.recompute_open()
    return time.perf_counter() - started, time.process_time() - used, episodes


def _pages(requests: int) -> dict:
    from opencsc.organisations.models import Team
    from opencsc.people.models import Allocation
    from opencsc.worklists.queries import current_allocation

    sam = Allocation.objects.filter(current_allocation(), worker__username="social.worker")
    north_worker = (Allocation.objects.filter(current_allocation(),
                                              team__name="Child Protection Team North")
                    .exclude(worker=None).values_list("worker_id", flat=True).first())
    south = Team.objects.get(name="Child Protection Team South").pk
    busiest, caseload = _busiest_worker()
    return {
        f"/work/ (social.worker, {sam.count()} children)":
            _time_pages(_client("social.worker"), ["/work/"], requests),
        f"/work/ (busiest worker, {caseload:,} children)":
            _time_pages(_client(busiest), ["/work/"], max(20, requests // 10)),
        "/team/ (team.manager, filters and sorts)": _time_pages(_client("team.manager"), [
            "/team/", "/team/?status=any", "/team/?sort=worker", "/team/?rule=cp_visit",
            "/team/?status=any&sort=child&page=3", f"/team/?worker={north_worker}&status=any",
            "/team/?status=due+soon&unallocated_page=2"], requests),
        "/team/ (head.of.service, 3 teams)": _time_pages(_client("head.of.service"), [
            "/team/", "/team/?status=any&sort=worker", f"/team/?team={south}"], requests),
        "/api/v1/worklist/ (social.worker)":
            _time_pages(_client("social.worker"), ["/api/v1/worklist/"], requests),
    }


def run_one(backend: str, children: int, requests: int, fresh: bool,
            new_journeys: bool = False) -> dict:
    databases.prepare(backend, fresh)
    import django

    django.setup()
    from opencsc.casework.models import Deadline, Referral
    from opencsc.people.models import Person

    _seed(children, new_journeys)
    load = os.getloadavg()[0]
    first, _, episodes = _recompute()  # after new journeys this writes every deadline
    _analyse()
    seconds, cpu, episodes = _recompute()  # the nightly case: all recomputed, little changed
    return {
        "backend": backend, "children": Person.objects.children().count(),
        "open_episodes": episodes,
        "open_deadlines": Deadline.objects.filter(met_date__isnull=True).count(),
        "referrals": Referral.objects.count(), "recompute_first_s": first,
        "recompute_s": seconds, "recompute_cpu_s": cpu, "load_before": load,
        "pages": _pages(requests), "load_after": os.getloadavg()[0],
    }


def _analyse() -> None:
    """Fresh planner statistics after a bulk load, as the seeder does."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark databases")
    parser.add_argument("--new-journeys", action="store_true",
                        help="keep the children but write their episodes afresh")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.children, args.requests, args.fresh,
                                 args.new_journeys)))
        return
    run(args.children, args.requests, tuple(args.backends.split(",")), args.fresh,
        args.new_journeys)


if __name__ == "__main__":
    main()
