"""The synthetic returns the benchmarks use: clean copies pass every rule, and every error
planted in their files is found by the validator, at the child it was planted on."""

import pytest

from opencsc.returns import synthetic
from opencsc.returns.cin.reader import read_cin_xml
from opencsc.returns.cin.writer import write_cin_xml
from opencsc.returns.ssda903.csvio import read_903_folder, write_903_csvs
from opencsc.returns.validation.engine import Context, validate

CHILDREN = 120  # every template, several times, with every date shift


def read_back_cin(tables, tmp_path):
    path = tmp_path / "cin.xml"
    write_cin_xml(tables, str(path), year=2026)
    result = read_cin_xml(str(path))
    assert result.problems == [] and result.children == CHILDREN
    return result.tables


def read_back_903(tables, tmp_path):
    write_903_csvs(tables, tmp_path / "903", year=2026)
    folder = read_903_folder(tmp_path / "903")
    assert folder.problems == []
    return folder.tables


@pytest.mark.parametrize("ret, build, read_back", [
    ("cin", synthetic.cin_census, read_back_cin),
    ("903", synthetic.ssda903, read_back_903),
])
def test_a_clean_synthetic_return_has_no_findings(ret, build, read_back, tmp_path):
    report = validate(ret, read_back(build(CHILDREN), tmp_path), Context(2026))
    assert report.broken == {}
    assert report.findings.select("code", "child_id").rows() == []


@pytest.mark.parametrize("ret, build, plants, read_back", [
    ("cin", synthetic.cin_census, synthetic.CIN_PLANTS, read_back_cin),
    ("903", synthetic.ssda903, synthetic.SSDA903_PLANTS, read_back_903),
])
def test_every_planted_error_is_found_at_its_child(ret, build, plants, read_back, tmp_path):
    tables, planted = synthetic.plant(build(CHILDREN), plants, every=11)
    assert {p.code for p in planted} == {code for code, *_ in plants}
    report = validate(ret, read_back(tables, tmp_path), Context(2026))
    found = set(report.findings.select("code", "child_id").rows())
    assert [p for p in planted if (p.code, p.child_id) not in found] == []
    # Nothing is found on a child that was left alone.
    assert {child for _, child in found} <= {p.child_id for p in planted}


def test_the_ssda903_has_four_episodes_a_child_and_sizes_scale():
    tables = synthetic.ssda903(250)
    assert tables["Header"].height == 250 and tables["Episodes"].height == 1000
    assert tables["Header"]["UPN"].n_unique() == 250


def test_a_file_read_in_chunks_gives_the_same_tables(tmp_path, monkeypatch):
    from polars.testing import assert_frame_equal

    from opencsc.returns.cin import reader

    path = tmp_path / "cin.xml"
    write_cin_xml(synthetic.cin_census(40), str(path), year=2026)
    whole = read_cin_xml(str(path)).tables
    monkeypatch.setattr(reader._Reader, "CHUNK", 7)
    for name, table in read_cin_xml(str(path)).tables.items():
        assert_frame_equal(table, whole[name])
