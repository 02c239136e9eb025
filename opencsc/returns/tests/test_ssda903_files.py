"""SSDA903 CSV files: written with DfE columns and read back; bad files give clear problems."""

import datetime

from polars.testing import assert_frame_equal

from opencsc.returns.ssda903.csvio import read_903_folder, write_903_csvs
from opencsc.returns.ssda903.tables import frame

D = datetime.date


def episodes():
    return frame("Episodes", {"CHILD": ["C1", "C1"], "DECOM": [D(2025, 4, 2), D(2025, 9, 1)],
                              "RNE": ["S", "P"], "LS": ["C2", "C2"], "CIN": ["N1", "N1"],
                              "PLACE": ["U6", "U4"], "PLACE_PROVIDER": ["PR1", "PR4"],
                              "DEC": [D(2025, 9, 1), None], "REC": ["X1", None],
                              "REASON_PLACE_CHANGE": ["CARPL", None]})


def test_files_are_written_with_dfe_columns_and_read_back_the_same(tmp_path):
    write_903_csvs({"Episodes": episodes()}, tmp_path, year=2026)
    text = next(tmp_path.iterdir()).read_text()
    assert text.splitlines()[0].startswith("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC")
    assert "02/04/2025" in text
    folder = read_903_folder(tmp_path)
    assert folder.problems == []
    assert_frame_equal(folder.tables["Episodes"], episodes())


def test_a_misnamed_column_is_named_with_a_suggestion(tmp_path):
    (tmp_path / "eps.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\nC1,01/04/2025,S,C2,N1,U6,PR1,,,,,,\n")
    folder = read_903_folder(tmp_path)
    [problem] = folder.problems
    assert "PLACE_PROVIDER" in problem.message and "PLACE_PROVDER" in problem.message


def test_dates_in_the_wrong_format_are_reported_with_row_and_column(tmp_path):
    (tmp_path / "missing.csv").write_text(
        "CHILD,DOB,MISSING,MIS_START,MIS_END\nC1,01/02/2012,M,2025-06-01,03/06/2025\n")
    folder = read_903_folder(tmp_path)
    [problem] = folder.problems
    assert (problem.row, problem.column, problem.value) == (2, "MIS_START", "2025-06-01")


def test_windows_1252_text_is_read_and_said_so(tmp_path):
    (tmp_path / "header.csv").write_bytes(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nCé1,F,01/02/2012,WBRI,,0,\n".encode("cp1252"))
    folder = read_903_folder(tmp_path)
    assert folder.tables["Header"]["CHILD"].to_list() == ["Cé1"]
    assert "Windows-1252" in folder.problems[0].message
