"""Returns benchmarks: validating a council's files, and building the returns from the record.

    python -m benchmarks.returns [--quick] [--record] [--record-children 100000] [--seed 2026]

Validation, end to end from files on disk to the written report: the real console
command (``opencsc validate ... --report findings.csv``) run in a fresh process, so the
time includes starting Python and Django. Peak memory is the command's maximum resident
set, read with ``resource.getrusage(RUSAGE_CHILDREN)`` by a process that runs nothing
else. The files are synthetic (``opencsc.returns.synthetic``), with errors planted in
about one child in a hundred, made once and kept under var/bench/returns/.

    SSDA903   2,500 children (10,000 episodes)   < 1 s    25,000 children   < 10 s
    CIN census  20,000 children                  < 2 s    200,000 children  < 20 s
    memory under 1 GB each

With ``--record``, building both returns for 2025-26 (``opencsc returns cin-census`` and
``ssda903``) from the record of a seeded demo trust of ``--record-children`` children,
target under 30 s together. The trust is the suites' shared kept database
(``benchmarks.databases``: var/bench-100k/ for 100,000 children on SQLite, or
``--record-backend postgresql``), seeded once by whichever suite needs it first and topped
up only if it has fewer children; ``--fresh`` rebuilds it.

The figures are wall-clock times on whatever else the machine is doing, judged against
the targets; the command's CPU time (user and system) is printed beside each, as the
steadier figure on a busy machine, with the load average. ``--quick`` runs only the
smaller file of each kind.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from . import databases

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "bench" / "returns"
OPENCSC = Path(sys.executable).parent / "opencsc"
YEAR = 2026
MB = 1024 * 1024
MEMORY_LIMIT_MB = 1024
# (return, children, target seconds)
FILES = [("903", 2_500, 1.0), ("903", 25_000, 10.0), ("cin", 20_000, 2.0),
         ("cin", 200_000, 20.0)]
RECORD_TARGET_S = 30.0


def run(*, quick: bool = False, record: bool = False, record_children: int = 100_000,
        seed: int = 2026, record_backend: str = "sqlite", fresh: bool = False) -> bool:
    """Print every figure; True if every target was met."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    ok = True
    print("Validating files, end to end (opencsc validate, report written as CSV):")
    chosen = [f for f in FILES if not quick or f[1] in (2_500, 20_000)]
    for ret, children, target in chosen:
        source = _files(ret, children, seed)
        report = FOLDER / f"findings_{ret}_{children}.csv"
        args = ["validate", ret, str(source), "--year", str(YEAR), "--report", str(report)]
        figures = measure(args)
        met = figures["seconds"] < target and figures["peak_mb"] < MEMORY_LIMIT_MB
        ok &= met
        name = "SSDA903" if ret == "903" else "CIN census"
        print(f"  {name:10} {children:>8,} children  {figures['seconds']:6.2f} s "
              f"(target {target:g} s; CPU {figures['cpu']:5.2f} s)  "
              f"peak {figures['peak_mb']:5.0f} MB  "
              f"{_findings(report):>6,} findings  exit {figures['status']}  "
              f"{'met' if met else 'MISSED'}")
    if record:
        ok &= _from_record(record_children, seed, record_backend, fresh)
    print(f"Load average before {_load(load_before)}, after {_load(os.getloadavg())} "
          f"on {os.cpu_count()} cores (other work may share the machine).")
    return ok


def measure(args: list[str], env: dict | None = None) -> dict:
    """Run ``opencsc *args`` in a fresh process: its wall time, peak memory and status."""
    probe = [sys.executable, "-m", "benchmarks.returns", "--measure", json.dumps(args)]
    done = subprocess.run(probe, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measure_here(args: list[str]) -> None:
    """In the probe process: run the command, then read the peak of its only child."""
    started = time.perf_counter()
    done = subprocess.run([str(OPENCSC), *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr)
    print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_mb": usage.ru_maxrss / 1024,  # KB on Linux
                      "status": done.returncode}))


def _files(ret: str, children: int, seed: int) -> Path:
    """The synthetic file (CIN) or folder (SSDA903), made once and kept."""
    path = FOLDER / (f"cin_{children}_{seed}.xml" if ret == "cin" else f"903_{children}_{seed}")
    if path.exists():
        return path
    print(f"  (making the synthetic {ret.upper()} of {children:,} children once...)", flush=True)
    command = [sys.executable, "-m", "benchmarks.returns", "--make", ret, str(children),
               str(seed), str(path)]
    subprocess.run(command, cwd=ROOT, env=_environment(), check=True)
    return path


def _make_here(ret: str, children: int, seed: int, path: Path) -> None:
    import django

    django.setup()
    from opencsc.returns import synthetic
    from opencsc.returns.cin.writer import write_cin_xml
    from opencsc.returns.ssda903.csvio import write_903_csvs

    if ret == "cin":
        tables, _ = synthetic.plant(synthetic.cin_census(children, seed=seed),
                                    synthetic.CIN_PLANTS)
        partial = path.with_suffix(".partial")
        write_cin_xml(tables, str(partial), year=YEAR)
        partial.rename(path)
    else:
        tables, _ = synthetic.plant(synthetic.ssda903(children, seed=seed),
                                    synthetic.SSDA903_PLANTS)
        partial = path.with_name(path.name + ".partial")
        write_903_csvs(tables, partial, year=YEAR)
        partial.rename(path)


def _findings(report: Path) -> int:
    if not report.exists():
        return 0
    with report.open(encoding="utf-8") as lines:
        return max(sum(1 for _ in lines) - 1, 0)


# --- Building the returns from the record ---------------------------------------------

def _environment() -> dict[str, str]:
    """For making the synthetic files: settings, and a database of their own that is never
    read."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "opencsc.config.settings.base",
           "OPENCSC_VAR_DIR": str(FOLDER / "var")}
    env.pop("DATABASE_URL", None)
    return env


def _from_record(children: int, seed: int, backend: str, fresh: bool) -> bool:
    env = databases.environment("returns", backend, children)
    print(f"Making sure the shared {backend} trust has {children:,} children "
          "(seeding takes minutes the first time only)...", flush=True)
    command = [sys.executable, "-m", "benchmarks.returns", "--prepare-record", backend,
               str(children), str(seed), *(["--fresh"] if fresh else [])]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"Building the {YEAR - 1}-{YEAR % 100} returns from the record of {children:,} "
          "children (opencsc returns ...):")
    total = 0.0
    for name, out in (("cin-census", FOLDER / "record_cin.xml"),
                      ("ssda903", FOLDER / "record_903")):
        figures = measure(["returns", name, "--year", str(YEAR), "--la", "330", "--out",
                           str(out)], env=env)
        total += figures["seconds"]
        print(f"  {name:10}  {figures['seconds']:6.2f} s (CPU {figures['cpu']:5.2f} s)  "
              f"peak {figures['peak_mb']:5.0f} MB  exit {figures['status']}")
    met = total < RECORD_TARGET_S
    print(f"  both        {total:6.2f} s (target {RECORD_TARGET_S:g} s)  "
          f"{'met' if met else 'MISSED'}")
    return met


def _prepare_record_here(backend: str, children: int, seed: int, fresh: bool) -> None:
    """In a process with the shared database's environment: create it if missing, migrate,
    and top the trust up to ``children``."""
    databases.prepare(backend, fresh)
    import django

    django.setup()
    databases.seed(children, seed)


def _load(load: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.2f}" for x in load)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.returns", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the smaller files")
    parser.add_argument("--record", action="store_true",
                        help="also build both returns from a seeded demo trust")
    parser.add_argument("--record-children", type=int, default=100_000)
    parser.add_argument("--record-backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--fresh", action="store_true",
                        help="rebuild the shared benchmark database before building from it")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--prepare-record", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare_record:
        backend, children, seed = args.prepare_record
        _prepare_record_here(backend, int(children), int(seed), args.fresh)
        return 0
    if args.measure:
        _measure_here(json.loads(args.measure))
        return 0
    if args.make:
        ret, children, seed, path = args.make
        _make_here(ret, int(children), int(seed), Path(path))
        return 0
    met = run(quick=args.quick, record=args.record, record_children=args.record_children,
              seed=args.seed, record_backend=args.record_backend, fresh=args.fresh)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
