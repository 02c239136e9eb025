"""Shared pieces for CIN rules: the years they apply in, and small frame helpers."""

import polars as pl

from ...cin.tables import TRUE_VALUES
from ..engine import rows  # noqa: F401  (the rules' own helper, kept here with the others)

YEARS = frozenset({2025, 2026})  # 2024-25 and 2025-26


def episodes_with(tables, name: str, *columns: str) -> pl.DataFrame:
    """A table's rows joined to their CIN episode's columns (e.g. the referral date)."""
    wanted = ["CINdetailsID", *columns]
    episodes = tables["CINdetails"].select(wanted)
    return tables[name].join(episodes, on="CINdetailsID", how="left", suffix="_episode")


def nfa() -> pl.Expr:
    return pl.col("ReferralNFA").is_in(list(TRUE_VALUES))


def went_further() -> pl.Expr:
    """ReferralNFA explicitly false: the referral led to further action (null when missing)."""
    return pl.col("ReferralNFA").is_in(["false", "FALSE", "0"])
