"""Run the benchmark suites and print their figures (`make bench`).

    python -m benchmarks [--children 100000] [--backends sqlite,postgres]
                         [--requests 200] [--seed 2026]
                         [--suites foundation,worklists,performance,oversight]

Exits non-zero when a foundation figure misses its target.
"""

import argparse
import sys

from . import foundation

SUITES = ["foundation", "worklists", "performance", "oversight", "returns", "care"]
BACKEND_NAMES = {"sqlite": "sqlite", "postgres": "postgresql", "postgresql": "postgresql"}


def _backends(text: str) -> list[str]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in BACKEND_NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown backend {', '.join(unknown)}: "
                                         "use sqlite and/or postgres")
    return [BACKEND_NAMES[name] for name in names]


def _suites(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SUITES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown suite {', '.join(unknown)}: "
                                         f"choose from {', '.join(SUITES)}")
    return names


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--children", type=int, default=100_000,
                        help="children in each benchmark database (default 100,000)")
    parser.add_argument("--backends", type=_backends, default=["sqlite", "postgresql"],
                        help="comma-separated: sqlite, postgres (default both)")
    parser.add_argument("--requests", type=int, default=200,
                        help="timed requests per figure (default 200)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--suites", type=_suites, default=["foundation"],
                        help=f"comma-separated, from {', '.join(SUITES)} (default foundation)")
    parser.add_argument("--fresh", action="store_true",
                        help="rebuild the kept benchmark database before the suites run")
    parser.add_argument("--keep", action="store_true",
                        help="keep the benchmark databases afterwards")
    args = parser.parse_args(argv)
    ok = True
    if "foundation" in args.suites:
        ok = foundation.run(children=args.children, backends=args.backends,
                            requests=args.requests, seed=args.seed, keep=args.keep)
    fresh = [args.fresh]  # the kept database is rebuilt by the first suite only

    def rebuild() -> bool:
        wanted, fresh[0] = fresh[0], False
        return wanted

    if "worklists" in args.suites:
        from . import worklists

        worklists.run(children=args.children, requests=args.requests,
                      backends=tuple(args.backends), fresh=rebuild())
    if "performance" in args.suites:
        from . import performance

        performance.run(children=args.children, requests=min(args.requests, 50),
                        backends=tuple(args.backends), fresh=rebuild())
    if "oversight" in args.suites:
        from . import oversight

        oversight.run(children=args.children, requests=min(args.requests, 20),
                      backends=tuple(args.backends), fresh=rebuild())
    if "returns" in args.suites:
        from . import returns

        ok &= returns.run(record=True, record_children=args.children, seed=args.seed)
    if "care" in args.suites:
        from . import care

        care.run(children=args.children, requests=args.requests, backends=tuple(args.backends),
                 fresh=rebuild())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
