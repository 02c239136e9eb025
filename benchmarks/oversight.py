"""Oversight benchmarks: the council's monthly performance report, as a page and as a PDF.

    python -m benchmarks.oversight [--children 100000] [--requests 10] [--fresh]

Builds (once, then reuses) a SQLite database of the demo trust with N children: a copy of
the performance benchmark's database when that has enough children (``sqlite3`` backup, so
a copy is consistent), otherwise ``opencsc seed_demo``. Adds the demo contract, plan and
inspections, then prints:

- cold: the PDF report for last month with no stored figures, so all 12 months of the
  trend are computed from the record (target under 10 s);
- warm: p50/p95 of the PDF and of /oversight/report/ while the record is unchanged;
- the improvement plan page, warm.

Runs in its own process, because the database is chosen by the environment before Django
starts. ``run()`` is what ``python -m benchmarks --suites oversight`` calls.
"""

import argparse
import datetime
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PDF_S = 10.0


def _folder(kind: str, children: int) -> Path:
    return ROOT / "var" / f"bench-{children // 1000}k"  # the suites' kept database


def run(children: int = 100_000, requests: int = 10, fresh: bool = False) -> dict | None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "opencsc.config.settings.base",
           "OPENCSC_ALLOWED_HOSTS": "testserver,127.0.0.1",
           "OPENCSC_VAR_DIR": str(_folder("oversight", children))}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "benchmarks.oversight", "--one", "--children",
               str(children), "--requests", str(requests), *(["--fresh"] if fresh else [])]
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        print(f"oversight: FAILED (exit {done.returncode})")
        return None
    result = json.loads(done.stdout.strip().splitlines()[-1])
    _report(result)
    return result


def _report(r: dict) -> None:
    ok = "ok" if r["pdf_cold_s"] < TARGET_PDF_S else "OVER TARGET"
    print(f"\nOversight on sqlite ({r['children']:,} children; report for {r['month']}, "
          f"{r['measures']} contract measures; load average {r['load_before']:.1f} before, "
          f"{r['load_after']:.1f} after)")
    print(f"  cold: monthly report PDF with 12 months computed from the record: "
          f"{r['pdf_cold_s']:.2f} s (target < {TARGET_PDF_S:.0f} s: {ok}); "
          f"{r['pdf_bytes']:,} bytes")
    for name, page in r["pages"].items():
        print(f"  warm {name:<36} p50 {page['p50']:7.1f} ms  p95 {page['p95']:7.1f} ms  "
              f"n={page['n']}")


# --- Inside the benchmark process ---------------------------------------------------------

def _prepare(children: int, fresh: bool) -> None:
    folder = Path(os.environ["OPENCSC_VAR_DIR"])
    target = folder / "opencsc.sqlite3"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            (folder / f"opencsc.sqlite3{suffix}").unlink(missing_ok=True)
    if target.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    source = _folder("performance", children) / "opencsc.sqlite3"
    if source.exists() and _children_in(source) >= children:
        print(f"copying {source}...", file=sys.stderr)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)


def _children_in(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM people_person").fetchone()[0]
    except sqlite3.Error:
        return 0


def _seed(children: int) -> None:
    from django.core.management import call_command

    from opencsc.demo.trust import build_trust
    from opencsc.oversight import demo
    from opencsc.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    have = Person.objects.children().count()
    if have < children:
        print(f"seeding {children - have:,} children with seed_demo...", file=sys.stderr)
        call_command("seed_demo", children=children - have, seed=2026, stdout=sys.stderr)
    from django.utils import timezone

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


def run_one(children: int, requests: int, fresh: bool) -> dict:
    _prepare(children, fresh)
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
    return {"children": Person.objects.children().count(), "month": f"{month:%B %Y}",
            "measures": ContractMeasure.objects.count(), "pdf_cold_s": pdf_cold_s,
            "pdf_bytes": len(response.content), "pages": pages, "load_before": load,
            "load_after": os.getloadavg()[0]}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark database")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.children, args.requests, args.fresh)))
        return
    run(args.children, args.requests, args.fresh)


if __name__ == "__main__":
    main()
