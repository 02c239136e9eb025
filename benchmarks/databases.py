"""The kept benchmark database: one per backend and size, shared by the suites that read
the demo trust (worklists, care, performance, oversight, returns), built once and reused
between runs (seeding 100,000 children takes minutes), or rebuilt with ``--fresh``. The
foundation suite times seeding itself, so it keeps its own.

The parent process sets the environment (``environment``); the benchmark process it starts
makes sure the database exists (``prepare``) before migrating and seeding it.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("OPENCSC_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def environment(suite: str, backend: str, children: int) -> dict[str, str]:
    """The benchmark process's environment: Django's settings and the kept database.
    ``suite`` is kept for the log only: every suite reads the same seeded trust."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "opencsc.config.settings.base",
           "OPENCSC_ALLOWED_HOSTS": "testserver,127.0.0.1",
           "OPENCSC_BENCH_CHILDREN": str(children)}
    env.pop("DATABASE_URL", None)
    if backend == "postgresql":
        env["DATABASE_URL"] = f"{PG_SERVER}/opencsc_bench_kept_{children}"
    else:
        env["OPENCSC_VAR_DIR"] = str(ROOT / "var" / f"bench-{children // 1000}k")
    return env


def prepare(backend: str, fresh: bool) -> None:
    """Inside the benchmark process: create the database named by the environment if it
    is missing, or empty it first when ``fresh``."""
    if backend == "postgresql":
        import psycopg

        server, name = os.environ["DATABASE_URL"].rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [name]).fetchone()
            if exists and fresh:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            if fresh or not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return
    folder = Path(os.environ["OPENCSC_VAR_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            (folder / f"opencsc.sqlite3{suffix}").unlink(missing_ok=True)


def seed(children: int, seed: int = 2026) -> None:
    """Inside the benchmark process: migrate, then top the demo trust up to ``children``."""
    import sys

    from django.core.management import call_command

    from opencsc.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    have = Person.objects.children().count()
    if have < children:
        print(f"seeding {children - have:,} children with seed_demo...", file=sys.stderr)
        call_command("seed_demo", children=children - have, seed=seed, stdout=sys.stderr)
