"""Finding people by name, tolerant of misspelling and of the order of names.

Each word of each name a person has is stored as search keys: the word, its
first three letters and its sound (Metaphone). A query's words are turned into
the same keys; candidates sharing keys are scored with a fuzzy match that
ignores word order, and weak matches are dropped.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import jellyfish
from django.db.models import QuerySet
from rapidfuzz import fuzz

from .identifiers import normalise_nhs_number, normalise_postcode, normalise_upn
from .models import Address, NameKey, Person

MIN_SCORE = 70
MAX_CANDIDATES = 400


def words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [w for w in re.split(r"[^a-z]+", ascii_text.lower()) if w]


def keys_for_word(word: str, *, prefix: bool = True) -> set[str]:
    keys = {f"w:{word}"}
    if prefix:
        keys.add(f"p:{word[:3]}")
    sound = jellyfish.metaphone(word)
    if sound:
        keys.add(f"s:{sound[:12]}")
    return keys


def keys_for_names(names: Iterable[str]) -> set[str]:
    return {key for name in names for word in words(name) for key in keys_for_word(word)}


def names_of(person: Person) -> list[str]:
    extra = [f"{n.given_names} {n.family_name}" for n in person.other_names.all()]
    return [person.full_name, *extra]


@dataclass
class Criteria:
    name: str = ""
    date_of_birth: object = None
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""

    @property
    def is_empty(self) -> bool:
        return not any([self.name, self.date_of_birth, self.nhs_number, self.upn, self.postcode])


def filter_by_identifiers(people: QuerySet[Person], criteria: Criteria) -> QuerySet[Person]:
    if criteria.date_of_birth:
        people = people.filter(date_of_birth=criteria.date_of_birth)
    if criteria.nhs_number:
        people = people.filter(nhs_number=normalise_nhs_number(criteria.nhs_number))
    if criteria.upn:
        upn = normalise_upn(criteria.upn)
        people = people.filter(upn=upn) | people.filter(former_upn=upn)
    if criteria.postcode:
        key = normalise_postcode(criteria.postcode).replace(" ", "")
        people = people.filter(pk__in=Address.objects.filter(postcode_key=key).values("person_id"))
    return people


def search(people: QuerySet[Person], criteria: Criteria, limit: int = 50) -> list[Person]:
    """People in ``people`` matching the criteria, best first."""
    people = filter_by_identifiers(people, criteria)
    query_words = words(criteria.name)
    if not query_words:
        return list(people.order_by("family_name", "given_names", "pk")[:limit])
    # Whole words and sounds first; word prefixes only when those find too little.
    scored = _scored(people, query_words, criteria.name, prefix=False)
    if len(scored) < 5:
        scored = _scored(people, query_words, criteria.name, prefix=True)
    scored.sort(key=lambda pair: (-pair[0], pair[1].family_name, pair[1].pk))
    return [person for _, person in scored[:limit]]


def _scored(people, query_words, query, *, prefix):
    candidates = _candidates(people, query_words, prefix=prefix)
    return [(score, person) for person in candidates if (score := _score(person, query))]


def _candidates(people: QuerySet[Person], query_words: list[str], *, prefix: bool) -> list[Person]:
    # A candidate must share a key with every word of the query but at most one.
    needed = max(1, len(query_words) - 1)
    per_word = [keys_for_word(w, prefix=prefix) for w in query_words]
    all_keys = set().union(*per_word)
    matches = (
        NameKey.objects.filter(key__in=all_keys, person__in=people)
        .values("person_id", "key")
    )
    hits: dict[int, set[int]] = {}
    for row in matches[: MAX_CANDIDATES * 20]:
        for index, keys in enumerate(per_word):
            if row["key"] in keys:
                hits.setdefault(row["person_id"], set()).add(index)
    ids = [pid for pid, found in hits.items() if len(found) >= needed][:MAX_CANDIDATES]
    return list(Person.objects.filter(pk__in=ids).prefetch_related("other_names"))


def _score(person: Person, query: str) -> int:
    query = " ".join(words(query))
    best = max(fuzz.token_sort_ratio(query, " ".join(words(n))) for n in names_of(person))
    partial = max(fuzz.token_set_ratio(query, " ".join(words(n))) for n in names_of(person))
    score = max(best, partial - 5)
    return int(score) if score >= MIN_SCORE else 0


def likely_matches(people: QuerySet[Person], *, given_names: str, family_name: str,
                   date_of_birth=None, nhs_number: str = "") -> list[Person]:
    """Records that may be the same person, for the check before creating a record."""
    found = {}
    if nhs_number:
        for person in people.filter(nhs_number=normalise_nhs_number(nhs_number))[:10]:
            found[person.pk] = person
    name_matches = search(people, Criteria(name=f"{given_names} {family_name}"), limit=30)
    for person in name_matches:
        same_dob = date_of_birth is None or person.date_of_birth in (None, date_of_birth)
        if same_dob:
            found.setdefault(person.pk, person)
    return list(found.values())[:10]

