"""Rules on OC3, care leavers' circumstances around their 17th to 21st birthdays.

Source: the DfE SSDA903 validation rules as implemented by the open 903 validator
(data-to-insight/csc-validator-be-903: rules 131 to 153, 344 to 348, 391, 1000 to 1016,
3001, and the OC3 integrity checks). A care leaver's row is "filled in" when any of
IN_TOUCH, ACTIV or ACCOM is given. Rules comparing with earlier care use last year's
episodes and return nothing when last year's return is not loaded.
"""

import polars as pl

from opencsc.codes.ssda903 import ACCOMMODATION_TYPE, ACTIVITY, IN_TOUCH

from ..engine import rule
from .common import DEC, DECOM, YEARS, header_once, rows, years_after
from .outcomes import continuously_looked_after, dob_differs, not_in_header, repeated

DOB, TOUCH = pl.col("DOB"), pl.col("IN_TOUCH")
ACTIV, ACCOM = pl.col("ACTIV"), pl.col("ACCOM")
OC3_ITEMS = ["IN_TOUCH", "ACTIV", "ACCOM"]
FILLED_IN = pl.any_horizontal([pl.col(n).is_not_null() for n in OC3_ITEMS])
# A valid accommodation is a type letter and a suitability digit (1 suitable, 2 not),
# or 0 for no information.
VALID_ACCOM = sorted({f"{c.code}{s}" for c in ACCOMMODATION_TYPE.codes for s in "12"} | {"0"})
# Died, or back home with parents for six months or more: nothing more to report.
NOTHING_MORE = ["DIED", "RHOM"]


def filled_in(tables) -> pl.DataFrame:
    return tables["OC3"].filter(FILLED_IN)


def leavers_with(frame: pl.DataFrame, tables) -> pl.DataFrame:
    """The filled-in OC3 rows of the children in ``frame`` (CHILD column)."""
    return filled_in(tables).join(frame.select("CHILD").unique(), on="CHILD", how="semi")


def leavers_without(frame: pl.DataFrame, tables) -> pl.DataFrame:
    return filled_in(tables).join(frame.select("CHILD").unique(), on="CHILD", how="anti")


def birthday_in_year(years: int, context) -> pl.Expr:
    birthday = years_after(DOB, years)
    return (birthday >= context.start) & (birthday <= context.end)


@rule("903", "131", years=YEARS, table="OC3", fields=["IN_TOUCH"],
      message="Whether the local authority is in touch with the care leaver is not a "
              "valid code")
def in_touch_code(tables, context):
    return rows(tables["OC3"], TOUCH.is_not_null() & ~TOUCH.is_in(IN_TOUCH.codes_for_year()))


@rule("903", "132", years=YEARS, table="OC3", fields=["ACTIV"],
      message="The care leaver's main activity is not a valid code")
def activity_code(tables, context):
    return rows(tables["OC3"], ACTIV.is_not_null() & ~ACTIV.is_in(ACTIVITY.codes_for_year()))


@rule("903", "133", years=YEARS, table="OC3", fields=["ACCOM"],
      message="The care leaver's accommodation is not a valid code (a type letter then 1 "
              "for suitable or 2 for unsuitable, or 0)")
def accommodation_code(tables, context):
    return rows(tables["OC3"], ACCOM.is_not_null() & ~ACCOM.is_in(VALID_ACCOM))


@rule("903", "153", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="In touch, activity and accommodation must all be completed or all left "
              "blank")
def all_or_nothing(tables, context):
    # Where the young person has died or gone home for good, activity and
    # accommodation are rightly blank (rule 344), so that is not a gap.
    all_given = pl.all_horizontal([pl.col(n).is_not_null() for n in OC3_ITEMS])
    finished = TOUCH.is_in(NOTHING_MORE) & ACTIV.is_null() & ACCOM.is_null()
    return rows(tables["OC3"], FILLED_IN & ~all_given & ~finished)


@rule("903", "344", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The young person has died or returned home for six months or more, so "
              "activity and accommodation should be blank")
def nothing_after_death_or_return_home(tables, context):
    return rows(tables["OC3"], TOUCH.is_in(NOTHING_MORE)
                & (ACTIV.is_not_null() | ACCOM.is_not_null()))


@rule("903", "345", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The local authority is in touch with the young person, so activity and "
              "accommodation should not be 0 (no information)")
def information_when_in_touch(tables, context):
    return rows(tables["OC3"], (TOUCH == "YES") & ((ACTIV == "0") | (ACCOM == "0")))


@rule("903", "347", years=YEARS, table="OC3", fields=["DOB", "ACCOM"],
      message="A care leaver under 18 on 1 April cannot be accommodated in a foyer (T)")
def no_foyer_under_18(tables, context):
    under_18 = years_after(DOB, 18) > pl.lit(context.start)
    return rows(tables["OC3"], ACCOM.str.starts_with("T") & under_18)


@rule("903", "348", years=YEARS, table="OC3", fields=["IN_TOUCH"],
      message="Last year's return reported that this young person had died")
def died_last_year(tables, context):
    if context.previous is None or "OC3" not in context.previous:
        return None
    died = context.previous["OC3"].filter(TOUCH == "DIED").select("CHILD").unique()
    joined = tables["OC3"].join(died, on="CHILD", how="semi")
    return rows(joined, TOUCH.is_null() | (TOUCH != "DIED"))


@rule("903", "391", years=YEARS, table="OC3", fields=["DOB"],
      message="The young person did not have a 17th, 18th, 19th, 20th or 21st birthday "
              "during the year")
def birthday_17_to_21(tables, context):
    no_birthday = (years_after(DOB, 17) > pl.lit(context.end)) | (
        years_after(DOB, 21) < pl.lit(context.start))
    return rows(tables["OC3"], no_birthday)


@rule("903", "3001", years=YEARS, table="OC3", fields=["DOB", "ACCOM"],
      message="A young person turning 17 this year cannot be reported as living with "
              "former foster carers (Z1 or Z2)")
def not_with_former_foster_carers_at_17(tables, context):
    header = header_once(tables).select("CHILD", pl.col("DOB").alias("_header_dob"))
    joined = tables["OC3"].join(header, on="CHILD", how="left").with_columns(
        DOB=pl.col("_header_dob").fill_null(DOB))
    return rows(joined, ACCOM.is_in(["Z1", "Z2"]) & birthday_in_year(17, context))


@rule("903", "187", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The child has been looked after continuously for 12 months, so should "
              "have no care leaver information")
def no_care_leaver_data_for_children_in_care(tables, context):
    cla = continuously_looked_after(tables, context).filter(pl.col("_cla"))
    return rows(leavers_with(cla, tables), pl.lit(True))


def episodes_this_and_last_year(tables, context) -> pl.DataFrame | None:
    if context.previous is None or "Episodes" not in context.previous:
        return None
    columns = ["CHILD", "DECOM", "DEC", "LS", "REC"]
    both = pl.concat([context.previous["Episodes"].select(columns),
                      tables["Episodes"].select(columns)])
    # An episode open last year appears again this year: keep its latest version.
    return both.sort("DEC", nulls_last=False).unique(["CHILD", "DECOM"], keep="last")


@rule("903", "1000", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The child died in care, so should have no care leaver information")
def none_for_a_child_who_died(tables, context):
    episodes = episodes_this_and_last_year(tables, context)
    if episodes is None:
        episodes = tables["Episodes"]
    died = episodes.filter(pl.col("REC") == "E2")
    return rows(leavers_with(died, tables), pl.lit(True))


@rule("903", "1011", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The child's care passed to another local authority at the end of the last "
              "episode, so should have no care leaver information here")
def none_after_transfer(tables, context):
    last = (tables["Episodes"].sort("DECOM").group_by("CHILD")
            .agg(pl.col("REC").last()).filter(pl.col("REC") == "E3"))
    return rows(leavers_with(last, tables), pl.lit(True))


@rule("903", "1002", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The young person has no episodes of care this year or last year, so "
              "should have no care leaver information")
def none_without_care(tables, context):
    # The DfE asks whether the young person was ever looked after; two years' returns can
    # say so only for those 16 or younger when last year began, since a care leaver was
    # looked after at some time after their 16th birthday. An older care leaver who left
    # care before last year is not reported (the open 903 validator notes the same gap).
    episodes = episodes_this_and_last_year(tables, context)
    if episodes is None:
        return None
    last_year_start = context.start.replace(year=context.start.year - 1)
    decidable = years_after(DOB, 16) >= pl.lit(last_year_start)
    return rows(leavers_without(episodes, tables), decidable)


@rule("903", "1010", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The child was still in care at the end of last year but has no episodes "
              "this year, yet has care leaver information")
def episodes_needed_after_open_care(tables, context):
    if context.previous is None or "Episodes" not in context.previous:
        return None
    latest = (context.previous["Episodes"].filter(DECOM.is_not_null()).sort("DECOM")
              .group_by("CHILD").agg(DEC.last()).filter(DEC.is_null()))
    open_last_year = latest.join(tables["Episodes"], on="CHILD", how="anti")
    return rows(leavers_with(open_last_year, tables), pl.lit(True))


@rule("903", "1001", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The episodes for this young person do not show them to be a relevant or "
              "former relevant child (13 weeks in care since 14, some of it after 16), so "
              "care leaver information is not expected")
def only_for_relevant_children(tables, context):
    # The DfE counts all the young person's care; two years' returns show only its end. So
    # a shortfall is reported only where the two years hold all the care that could count:
    # no care after 16 for one who turned 16 since last year began, or under 13 weeks
    # since 14 for one who turned 14 since then (the open 903 validator, which has the
    # same gap, instead skips those 20 or over). An adoption ends it either way.
    episodes = episodes_this_and_last_year(tables, context)
    if episodes is None:
        return None
    since = pl.lit(context.start.replace(year=context.start.year - 1))
    header = header_once(tables).filter(DOB.is_not_null()).select(
        "CHILD", "DOB", (years_after(DOB, 14) >= since).alias("_seen_14"),
        (years_after(DOB, 16) >= since).alias("_seen_16"))
    care = episodes.filter(~pl.col("LS").is_in(["V3", "V4"])).join(header, on="CHILD")
    ended = DEC.fill_null(pl.lit(context.end))

    def days_since(age: int) -> pl.Expr:
        begun = pl.max_horizontal(DECOM, years_after(DOB, age))
        return (ended - begun).dt.total_days().clip(lower_bound=0).sum()

    latest_rec = pl.col("REC").sort_by(DECOM).last()
    totals = care.group_by("CHILD").agg(days_since(14).alias("_d14"),
                                        days_since(16).alias("_d16"),
                                        latest_rec.alias("_rec"))
    short_14 = (pl.col("_d14").fill_null(0) < 91) & pl.col("_seen_14")
    short_16 = (pl.col("_d16").fill_null(0) < 1) & pl.col("_seen_16")
    adopted = pl.col("_rec").is_in(["E11", "E12"]).fill_null(False)
    joined = filled_in(tables).join(header.drop("DOB"), on="CHILD").join(
        totals, on="CHILD", how="left")
    return rows(joined, short_14 | short_16 | adopted)


def leavers_aged_17_or_18(tables, context) -> pl.DataFrame:
    """Filled-in OC3 rows of young people aged 17 or 18 on 31 March, with their episodes
    and the birthday they had in the year."""
    age_17_or_18 = (years_after(DOB, 17) <= pl.lit(context.end)) & (
        years_after(DOB, 19) > pl.lit(context.end))
    leavers = filled_in(tables).filter(age_17_or_18).with_columns(
        pl.when(birthday_in_year(17, context)).then(years_after(DOB, 17))
        .otherwise(years_after(DOB, 18)).alias("_birthday"))
    episodes = tables["Episodes"].select("CHILD", "DECOM", "DEC")
    return leavers.join(episodes, on="CHILD", how="inner")


@rule("903", "1007", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The young person was still looked after on their 17th or 18th birthday "
              "this year, so care leaver information is not expected")
def none_while_in_care_on_the_birthday(tables, context):
    joined = leavers_aged_17_or_18(tables, context)
    birthday = pl.col("_birthday")
    return rows(joined, (DECOM <= birthday) & (DEC.is_null() | (DEC > birthday)))


@rule("903", "1016", years=YEARS, table="OC3", fields=OC3_ITEMS,
      message="The young person aged 17 or 18 left care after their 17th birthday, so care "
              "leaver information is not expected")
def none_when_leaving_after_the_birthday(tables, context):
    joined = leavers_aged_17_or_18(tables, context)
    return rows(joined, DEC >= years_after(DOB, 17))


@rule("903", "INT06", years=YEARS, table="OC3", fields=["CHILD"],
      message="The young person in OC3 is not in the header")
def oc3_child_in_header(tables, context):
    return not_in_header(tables, "OC3")


@rule("903", "INT15", years=YEARS, table="OC3", fields=["DOB"],
      message="The date of birth in OC3 differs from the young person's header")
def oc3_dob_matches_header(tables, context):
    return dob_differs(tables, "OC3")


@rule("903", "INT34", years=YEARS, table="OC3", fields=["CHILD"],
      message="The young person appears more than once in OC3")
def oc3_child_once(tables, context):
    return repeated(tables, "OC3")


def header_with_care(tables, context) -> pl.DataFrame:
    """Header rows with ``_in_care``: any episode other than short breaks in the year,
    and ``_leaver``: care leaver information filled in."""
    in_year = (DECOM <= context.end) & (DEC.is_null() | (DEC >= context.start))
    cared = (tables["Episodes"].filter(in_year & ~pl.col("LS").is_in(["V3", "V4"]))
             .select("CHILD").unique().with_columns(_in_care=pl.lit(True)))
    leavers = filled_in(tables).select("CHILD").unique().with_columns(_leaver=pl.lit(True))
    return (tables["Header"].join(cared, on="CHILD", how="left")
            .join(leavers, on="CHILD", how="left")
            .with_columns(pl.col("_in_care", "_leaver").fill_null(False)))


MOTHER = pl.col("MOTHER")


@rule("903", "165", years=YEARS, table="Header", fields=["SEX", "MOTHER"],
      message="Whether the young woman is a mother must be 0 or 1 for a girl looked after "
              "this year, and blank for a boy or a care leaver not looked after this year")
def mother_status(tables, context):
    header = header_with_care(tables, context)
    girl = pl.col("SEX") == "F"
    wrong_code = MOTHER.is_not_null() & ~MOTHER.is_in(["0", "1"])
    boy = MOTHER.is_not_null() & (pl.col("SEX") == "M")
    missing = girl & MOTHER.is_null() & pl.col("_in_care")
    leaver = girl & MOTHER.is_not_null() & ~pl.col("_in_care") & pl.col("_leaver")
    return rows(header, wrong_code | boy | missing | leaver)


@rule("903", "628", years=YEARS, table="Header", fields=["MOTHER"],
      message="Motherhood details are not needed for a care leaver who was not looked "
              "after this year")
def no_mother_status_for_care_leavers(tables, context):
    header = header_with_care(tables, context).join(
        tables["Episodes"].select("CHILD").unique(), on="CHILD", how="anti")
    return rows(header, MOTHER.is_not_null() & pl.col("_leaver"))
