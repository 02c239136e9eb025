"""The demo city's invented places and the identifiers its children carry.

Schools, surgeries and streets are made once per seed from the word lists in names.py.
NHS numbers and UPNs pass their check characters (opencsc.people.identifiers) and are
never issued twice.
"""

import random

from opencsc.people.identifiers import (
    UPN_ALPHABET,
    nhs_check_digit,
    normalise_postcode,
    upn_check_letter,
)

from . import names

LA_CODE = "330"
# Other councils' DfE LA numbers (valid under CIN rule 1530), for children who moved here.
OTHER_LA_CODES = ["331", "332", "333", "334", "335", "336", "340", "341", "342", "350", "351",
                  "352", "353", "370", "371", "380", "381", "382", "383", "384", "390", "391"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters inward codes use
NHS_TEST_RANGE = "999"  # numbers starting 999 are never issued to real patients


def falling_weights(count: int) -> list[float]:
    """Cumulative weights that fall with position: the first items are drawn most often."""
    total, cumulative = 0.0, []
    for rank in range(count):
        total += 1 / (rank + 20)
        cumulative.append(total)
    return cumulative


class Places:
    def __init__(self, rng: random.Random):
        self.rng = rng
        hoods = names.NEIGHBOURHOODS
        self.nurseries = [f"{h} {rng.choice(names.EARLY_YEARS)}" for h in hoods[::2]]
        self.primaries = self._schools(rng, [*hoods, *(f"St {s}'s" for s in names.SAINTS)],
                                       names.PRIMARY_KINDS, first_number=2001)
        self.secondaries = self._schools(rng, hoods[::2], names.SECONDARY_KINDS, 4001)
        self.specials = [(f"{h} Special School", 7001 + i) for i, h in enumerate(hoods[1:4])]
        self.college = "Fernbridge College"
        self.gp_practices = [f"{h} {rng.choice(names.GP_SUFFIXES)}" for h in hoods] + [
            f"{w} {k} {rng.choice(names.GP_SUFFIXES)}"
            for w, k in zip(names.STREET_WORDS[::9], names.STREET_KINDS[::2], strict=False)
        ]
        self._streets = falling_weights(len(names.STREET_WORDS))

    @staticmethod
    def _schools(rng, places, kinds, first_number) -> list[tuple[str, int]]:
        """(name, DfE establishment number) for a school in each place."""
        schools = []
        for number, place in enumerate(places, start=first_number):
            kind = rng.choice(kinds)
            if place.startswith("St ") and "C of E" not in kind and "Catholic" not in kind:
                kind = rng.choice(["C of E Primary School", "Catholic Primary School"])
            schools.append((f"{place} {kind}", number))
        return schools

    def address(self) -> tuple[str, str, str, str]:
        """An invented address in the demo city: (line 1, line 2, town, postcode)."""
        rng = self.rng
        index = rng.randrange(len(names.NEIGHBOURHOODS))
        word = rng.choices(names.STREET_WORDS, cum_weights=self._streets)[0]
        street = f"{word} {rng.choice(names.STREET_KINDS)}"
        postcode = normalise_postcode(
            f"FB{index + 1}{rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}"
            f"{rng.choice(POSTCODE_LETTERS)}"
        )
        hood = names.NEIGHBOURHOODS[index]
        if rng.random() < 0.25:
            flat = f"Flat {rng.randint(1, 40)}, {rng.choice(names.BLOCK_NAMES)} House"
            return flat, f"{rng.randint(1, 90)} {street}, {hood}", "Fernbridge", postcode
        return f"{rng.randint(1, 180)} {street}", hood, "Fernbridge", postcode


class Identifiers:
    """NHS numbers and UPNs with valid check characters, each issued once."""

    def __init__(self, rng: random.Random, taken_nhs=(), taken_upns=()):
        self.rng = rng
        self.nhs_numbers = set(taken_nhs)
        self.upns = set(taken_upns)

    def nhs_number(self) -> str:
        while True:
            first_nine = f"{NHS_TEST_RANGE}{self.rng.randrange(10**6):06d}"
            check = nhs_check_digit(first_nine)
            number = f"{first_nine}{check}"
            if check is not None and number not in self.nhs_numbers:
                self.nhs_numbers.add(number)
                return number

    def upn(self, establishment: int, year: int, *, la_code: str = LA_CODE,
            temporary: bool = False) -> str:
        """A UPN allocated by ``la_code``'s school ``establishment`` in ``year``."""
        while True:
            serial = self.rng.randrange(1000)
            if temporary:
                serial_text = f"{serial % 100:02d}{self.rng.choice(UPN_ALPHABET)}"
            else:
                serial_text = f"{serial:03d}"
            last_twelve = f"{la_code}{establishment % 10000:04d}{year % 100:02d}{serial_text}"
            upn = upn_check_letter(last_twelve) + last_twelve
            if upn not in self.upns:
                self.upns.add(upn)
                return upn

    def former_upn(self, year: int) -> str:
        """A UPN from a school in another council, or a temporary one from this council."""
        if self.rng.random() < 0.2:
            return self.upn(self.rng.randint(2001, 2040), year, temporary=True)
        return self.upn(self.rng.randint(2000, 5999), year,
                        la_code=self.rng.choice(OTHER_LA_CODES))
