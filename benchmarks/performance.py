"""Performance-measure benchmarks: the dashboard of every measure for one month, cold and warm.

    python -m benchmarks.performance [--children 100000] [--requests 50]
                                     [--backends sqlite,postgresql] [--fresh]

For each backend it builds (once, then reuses) a database of the demo trust with N children
from ``opencsc seed_demo`` (children, their casework and care histories), then prints:

- cold: every measure for every cut of last month computed from the record and stored
  (``engine.snapshot`` with no stored figures), and the first /performance/ request after it
  (target under 2 s); then the 12 months to it worked out together, as a trend or the
  oversight PDF does (``engine.snapshots``);
- warm: p50/p95 of /performance/ for the analyst (the trust), a head of service and a council
  viewer while the record is unchanged (target under 200 ms);
- cold and warm for one measure's page, whose trend reads 12 months.

Each backend runs in its own process, because the database is chosen by the environment
before Django starts. ``run()`` is what ``python -m benchmarks --suites performance`` calls.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import databases

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
TARGET_COLD_S = 2.0
TARGET_WARM_MS = 200


def run(children: int = 100_000, requests: int = 50, backends=("sqlite",),
        fresh: bool = False) -> list[dict]:
    results = []
    for backend in backends:
        command = [sys.executable, "-m", "benchmarks.performance", "--one", backend,
                   "--children", str(children), "--requests", str(requests)]
        command += ["--fresh"] if fresh else []
        env = databases.environment("performance", backend, children)
        done = subprocess.run(command, cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            print(f"performance on {backend}: FAILED (exit {done.returncode})")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        _report(result)
        results.append(result)
    return results


def _mark(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def _report(r: dict) -> None:
    print(f"\nPerformance measures on {r['backend']} ({r['children']:,} children, "
          f"{r['referrals']:,} referrals, {r['episodes']:,} care episodes; month "
          f"{r['month']}; load average {r['load_before']:.1f} before, "
          f"{r['load_after']:.1f} after)")
    print(f"  cold: every measure, every cut computed and stored: {r['compute_s']:.2f} s "
          f"(target < {TARGET_COLD_S:.0f} s: {_mark(r['compute_s'] < TARGET_COLD_S)}); "
          f"first /performance/ after a change: {r['cold_page_s']:.2f} s "
          f"({_mark(r['cold_page_s'] < TARGET_COLD_S)}); 12 months together: "
          f"{r['year_s']:.2f} s")
    for name, page in r["pages"].items():
        print(f"  warm {name:<44} p50 {page['p50']:6.1f} ms  p95 {page['p95']:6.1f} ms  "
              f"{page['queries']:>2} queries  n={page['n']}  "
              f"{_mark(page['p95'] < TARGET_WARM_MS)}")
    print(f"  measure page (12 months' trend): first visit {r['trend_cold_s']:.2f} s "
          f"(works out what it can in its time budget); the remaining months "
          f"{r['trend_fill_s']:.1f} s; then warm p50 {r['trend_warm']['p50']:.1f} ms, "
          f"p95 {r['trend_warm']['p95']:.1f} ms")


# --- Inside the benchmark process ---------------------------------------------------------


def _client(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _queries(client, url: str) -> int:
    from django.db import connection

    seen = []
    with connection.execute_wrapper(lambda execute, *args: seen.append(1) or execute(*args)):
        client.get(url)
    return len(seen)


def _timed(client, url: str, requests: int) -> dict:
    assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered),
            "p95": ordered[max(0, int(round(0.95 * len(ordered))) - 1)], "n": len(ordered),
            "queries": _queries(client, url)}


def _forget_stored() -> None:
    from opencsc.performance.models import Snapshot

    Snapshot.objects.all().delete()


def run_one(backend: str, children: int, requests: int, fresh: bool) -> dict:
    databases.prepare(backend, fresh)
    import django

    django.setup()
    from django.utils import timezone

    from opencsc.casework.models import Referral
    from opencsc.core.working_days import add_months
    from opencsc.looked_after.models import Episode
    from opencsc.people.models import Person
    from opencsc.performance import engine

    databases.seed(children, SEED)
    load = os.getloadavg()[0]
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    query = f"?month={month:%Y-%m}"
    analyst = _client("analyst")
    analyst.get(f"/performance/{query}&cut=trust")  # a running server has loaded its code
    _forget_stored()
    started = time.perf_counter()
    engine.snapshot(month)
    compute_s = time.perf_counter() - started
    _forget_stored()
    started = time.perf_counter()
    assert analyst.get(f"/performance/{query}&cut=trust").status_code == 200
    cold_page_s = time.perf_counter() - started
    months = [add_months(month, -n) for n in range(12)]
    _forget_stored()
    started = time.perf_counter()
    engine.snapshots(months)
    year_s = time.perf_counter() - started
    _forget_stored()
    pages = {
        "/performance/ (analyst, the trust)": _timed(analyst, f"/performance/{query}&cut=trust",
                                                     requests),
        "/performance/ (head.of.service)": _timed(_client("head.of.service"),
                                                  f"/performance/{query}", requests),
        "/performance/ (council.viewer)": _timed(_client("council.viewer"),
                                                 f"/performance/{query}", requests),
    }
    trend_url = f"/performance/assessments_45wd/{query}&cut=trust"
    started = time.perf_counter()
    analyst.get(trend_url)  # works out what it can within the page's time budget
    trend_cold_s = time.perf_counter() - started
    started = time.perf_counter()
    engine.trend("assessments_45wd", months)  # every month, so the page is warm
    trend_fill_s = time.perf_counter() - started
    return {
        "backend": backend, "children": Person.objects.children().count(),
        "referrals": Referral.objects.count(), "episodes": Episode.objects.count(),
        "month": f"{month:%B %Y}", "compute_s": compute_s, "cold_page_s": cold_page_s,
        "year_s": year_s, "pages": pages, "trend_cold_s": trend_cold_s,
        "trend_fill_s": trend_fill_s,
        "trend_warm": _timed(analyst, trend_url, max(5, requests // 5)),
        "load_before": load, "load_after": os.getloadavg()[0],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark databases")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.children, args.requests, args.fresh)))
        return
    run(args.children, args.requests, tuple(args.backends.split(",")), args.fresh)


if __name__ == "__main__":
    main()
