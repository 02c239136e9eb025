"""Bad input to the importers: any bytes give tables or a clear problem, never a traceback.

Hypothesis feeds the CIN census reader and the SSDA903 CSV reader arbitrary bytes, and
bytes close to a real file (a good file cut short, bytes changed, lines dropped); the
named cases check each kind of problem says what is wrong and where.
"""

import io

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opencsc.returns import synthetic
from opencsc.returns.cin import reader as cin_reader
from opencsc.returns.cin.reader import read_cin_xml
from opencsc.returns.cin.writer import write_cin_xml
from opencsc.returns.ssda903 import csvio
from opencsc.returns.ssda903.csvio import read_903_csv, read_903_folder, write_903_csvs

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def cin_bytes(children=3) -> bytes:
    out = io.BytesIO()
    write_cin_xml(synthetic.cin_census(children), out, year=2026)
    return out.getvalue()


def episodes_bytes(children=3) -> bytes:
    table = synthetic.ssda903(children)["Episodes"]
    return table.with_columns(pl.col(pl.Date).dt.strftime("%d/%m/%Y")).write_csv().encode()


GOOD_CIN, GOOD_EPISODES = cin_bytes(), episodes_bytes()


def mangled(good: bytes):
    """A good file cut short, with some bytes changed, or with a slice taken out."""
    cut = st.integers(0, len(good)).map(lambda n: good[:n])
    changed = st.tuples(st.integers(0, len(good) - 1), st.binary(min_size=1, max_size=8)).map(
        lambda c: good[:c[0]] + c[1] + good[c[0] + len(c[1]):])
    dropped = st.tuples(st.integers(0, len(good)), st.integers(1, 200)).map(
        lambda c: good[:c[0]] + good[c[0] + c[1]:])
    return st.one_of(cut, changed, dropped, st.binary(max_size=300))


def assert_cin_result_is_clean(result):
    assert set(result.tables) == set(cin_reader.TABLES)
    for problem in result.problems:
        assert problem.message and isinstance(problem.path, str)
    if not result.problems:
        assert result.children > 0


@FUZZ
@given(mangled(GOOD_CIN))
def test_any_bytes_give_the_cin_reader_tables_or_a_problem(data):
    assert_cin_result_is_clean(read_cin_xml(io.BytesIO(data)))


@FUZZ
@given(mangled(GOOD_EPISODES))
def test_any_bytes_give_the_903_reader_a_table_or_a_problem(data):
    problems = []
    read = read_903_csv(data, "episodes.csv", problems)
    if read is None:
        assert problems and all(p.message and p.file == "episodes.csv" for p in problems)
    else:
        table, frame = read
        assert table in csvio.TABLES and list(frame.columns) == list(csvio.TABLES[table])


def test_a_truncated_cin_file_names_the_line_where_it_stops():
    data = GOOD_CIN[: len(GOOD_CIN) // 2]
    result = read_cin_xml(io.BytesIO(data))
    [problem] = result.problems
    assert problem.path == "file" and "truncated" in problem.message
    assert problem.line == data.count(b"\n") + 1


def test_a_cin_file_in_another_encoding_than_it_declares_is_refused_with_the_reason():
    data = GOOD_CIN.replace(b"<LAchildID>SYN0000000", "<LAchildID>SYNé000000".encode("cp1252"))
    [problem] = read_cin_xml(io.BytesIO(data)).problems
    assert problem.path == "file" and "encoding it declares" in problem.message
    assert problem.line is not None


def test_a_date_that_is_not_real_is_reported_with_its_line():
    data = GOOD_CIN.replace(b"<CINreferralDate>2025-", b"<CINreferralDate>2025-13-", 1)
    data = data.replace(b"<CINreferralDate>2025-13-09-", b"<CINreferralDate>2025-13-", 1)
    line = data[:data.index(b"2025-13-")].count(b"\n") + 1
    result = read_cin_xml(io.BytesIO(data))
    [problem] = result.problems
    assert problem.line == line and problem.path.endswith("CINreferralDate")
    assert problem.value.startswith("2025-13-")


def test_a_cin_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "cin.xml"
    path.write_bytes(GOOD_CIN)
    monkeypatch.setattr(cin_reader, "MAX_BYTES", len(GOOD_CIN) - 1)
    result = read_cin_xml(str(path))
    [problem] = result.problems
    assert not result.readable and "larger than" in problem.message and result.children == 0


def test_a_903_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    write_903_csvs(synthetic.ssda903(3), tmp_path, year=2026)
    monkeypatch.setattr(csvio, "MAX_BYTES", 200)
    folder = read_903_folder(tmp_path)
    refused = [p for p in folder.problems if "larger than" in p.message]
    assert refused and all(p.file.endswith(".csv") for p in refused)


@pytest.mark.parametrize("header, expected", [
    (b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
     b"PL_POST,URNN", "Nearest is Episodes, which also needs: URN (is \u2018URNN\u2019 meant "
                      "to be it?)"),
    (b"CHILD,child,SEX", "the column CHILD is named more than once"),
    (b"", "do not match any SSDA903 table"),
])
def test_a_misnamed_or_repeated_column_is_a_problem_naming_it(header, expected):
    problems = []
    assert read_903_csv(header + b"\n1,2,3\n", "episodes.csv", problems) is None
    assert expected in problems[0].message


def test_a_row_with_too_many_fields_stops_the_file_at_its_line():
    data = GOOD_EPISODES + b"C9,01/01/2025,S,C2,N1,U4,PR1,,,,B1,B2,SC1,EXTRA\n"
    problems = []
    assert read_903_csv(data, "episodes.csv", problems) is None
    line = data.count(b"\n")
    assert f"line {line} has 14 fields, the header 13" in problems[0].message


def test_a_row_cut_short_is_read_but_reported_with_its_line():
    data = GOOD_EPISODES + b"C9,01/01/2025"
    problems = []
    table, frame = read_903_csv(data, "episodes.csv", problems)
    assert table == "Episodes" and frame.height == 13
    [problem] = problems
    line = data.count(b"\n") + 1
    assert f"line {line} has 2 fields" in problem.message
