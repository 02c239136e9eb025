"""Files to upload in the web tests, the matrix and the browser journey."""

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from opencsc.returns.ssda903.csvio import write_903_csvs

from .ssda903_builder import clean_903

PLANTED_CODE = "101"  # the child's sex is missing or not M, F or U


QUERY_CODE = "232"  # the child's sex is recorded as unknown (U): a query


def planted_903_folder(folder: Path, sex: str = "X") -> list[Path]:
    """A clean 2025-26 SSDA903 for one child (C1), but for a sex of X in the header (or
    another given: U raises a query rather than an error)."""
    return write_903_csvs(clean_903(Header={"SEX": [sex]}), folder, year=2026)


def planted_903_files(sex: str = "X") -> list[SimpleUploadedFile]:
    with tempfile.TemporaryDirectory() as folder:
        return [SimpleUploadedFile(p.name, p.read_bytes(), "text/csv")
                for p in planted_903_folder(Path(folder), sex)]
