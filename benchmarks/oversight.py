"""Oversight benchmarks: the council's monthly performance report, as a page and as a PDF.

    python -m benchmarks.oversight [--children 100000] [--requests 10]
                                   [--backends sqlite,postgresql] [--fresh]

Reads the suites' kept database of the demo trust with N children (``databases``: built
once with ``opencsc seed_demo``, then reused), adds the demo contract, plan and
inspections where they are missing, then prints:

- cold: the PDF report for last month with no stored figures, so all 12 months of the
  trend are computed from the record (target under 10 s);
- warm: p50/p95 of the PDF and of /oversight/report/ while the record is unchanged;
- the improvement plan page, warm.

Each backend runs in its own process, because the database is chosen by the environment
before Django starts. ``run()`` is what ``python -m benchmarks --suites oversight`` calls.
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
TARGET_PDF_S = 10.0


def run(children: int = 100_000, requests: int = 10, backends=("sqlite",),
        fresh: bool = False) -> list[dict]:
    results = []
    for backend in backends:
        command = [sys.executable, "-m", "benchmarks.oversight", "--one", backend,
                   "--children", str(children), "--requests", str(requests),
                   *(["--fresh"] if fresh else [])]
        env = databases.environment("oversight", backend, children)
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            print(f"oversight on {backend}: FAILED (exit {done.returncode})")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        _report(result)
        results.append(result)
    return results


def _report(r: dict) -> None:
    ok = "ok" if r["pdf_cold_s"] < TARGET_PDF_S else "OVER TARGET"
    print(f"\nOversight on {r['backend']} ({r['children']:,} children; report for {r['month']}, "
          f"{r['measures']} contract measures; load average {r['load_before']:.1f} before, "
          f"{r['load_after']:.1f} after)")
    print(f"  cold: monthly report PDF with 12 months computed from the record: "
          f"{r['pdf_cold_s']:.2f} s (target < {TARGET_PDF_S:.0f} s: {ok}); "
          f"{r['pdf_bytes']:,} bytes")
    for name, page in r["pages"].items():
        print(f"  warm {name:<36} p50 {page['p50']:7.1f} ms  p95 {page['p95']:7.1f} ms  "
              f"n={page['n']}")


# --- Inside the benchmark process ---------------------------------------------------------

def _seed(children: int) -> None:
    """The kept database, with the demo contract, plan and inspections added if missing."""
    from django.utils import timezone

    from opencsc.demo.trust import build_trust
    from opencsc.oversight import demo

    databases.seed(children, SEED)
    demo.seed(build_trust(), today=timezone.localdate())


def _client(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _timed(client, url: str, requests: int) -> dict:
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered), "n": len(ordered),
            "p95": ordered[max(0, int(round(0.95 * len(ordered))) - 1)]}


def run_one(backend: str, children: int, requests: int, fresh: bool) -> dict:
    databases.prepare(backend, fresh)
    import django

    django.setup()
    from django.utils import timezone

    from opencsc.oversight.models import ContractMeasure
    from opencsc.people.models import Person
    from opencsc.performance.models import Snapshot

    _seed(children)
    load = os.getloadavg()[0]
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    query = f"?month={month:%Y-%m}&council=330"
    board = _client("board.member")
    board.get("/oversight/")  # a running server has loaded its code and templates
    Snapshot.objects.all().delete()
    started = time.perf_counter()
    response = board.get(f"/oversight/report.pdf{query}")
    pdf_cold_s = time.perf_counter() - started
    assert response.status_code == 200
    pages = {
        "/oversight/report.pdf": _timed(board, f"/oversight/report.pdf{query}", requests),
        "/oversight/report/": _timed(board, f"/oversight/report/{query}", requests),
        "/oversight/plan/": _timed(board, "/oversight/plan/", requests),
    }
    return {"backend": backend, "children": Person.objects.children().count(),
            "month": f"{month:%B %Y}",
            "measures": ContractMeasure.objects.count(), "pdf_cold_s": pdf_cold_s,
            "pdf_bytes": len(response.content), "pages": pages, "load_before": load,
            "load_after": os.getloadavg()[0]}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark database")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.children, args.requests, args.fresh)))
        return
    run(args.children, args.requests, tuple(args.backends.split(",")), args.fresh)


if __name__ == "__main__":
    main()
