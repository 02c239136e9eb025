"""Commands that print figures: `make bench` runs ``python -m benchmarks``.

Each suite benchmarks one capability on every backend, each backend in a fresh process
(the database is chosen by the environment before Django starts):

- ``foundation``: seeding the demo trust, name search and the child's page;
- ``worklists``: My work, the team page and recomputing timescales.
"""
