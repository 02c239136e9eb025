"""Finding people by name, tolerant of misspelling and of the order of names, and by
date of birth, NHS number, UPN (current or former) and postcode (any address held).

Each word of each name a person has is stored as search keys (``NameKey``): the word
(``w:``), its first three letters (``p:``) and its sound (``s:``, Metaphone). A query
word is looked up as typed, by its sound and as every word one slip away from it (a
letter wrong, missing, added, or two letters swapped), and by its beginning only when
those find too little. A person is a candidate when they hold keys for every query
word (all but one, from three words); candidates within the user's scope are scored
word by word against all their names, and weak scores are dropped. Every read is by
index: nothing walks the whole table, in the database or in Python.
"""

import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import jellyfish
from django.db import connection
from django.db.models import Case, Max, Q, QuerySet, Value, When
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from .identifiers import normalise_nhs_number, normalise_postcode, normalise_upn
from .models import Address, NameKey, Person

MIN_SCORE = 70  # out of 100; below this a name is too unlike the query to show
WORD_FLOOR = 60  # a query word matching nothing this well is a miss
MISS_PENALTY = 10
MAX_QUERY_WORDS = 5
MAX_SLIP_LENGTH = 20  # longer words are looked up as typed
MAX_CANDIDATES = 500  # scored per tier; only a one-word query on a common name gets near
MAX_IDS = 10_000  # per tier, checked against the user's scope
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Ways of looking up a query word, widest last: each adds to the one before.
EXACT, SLIPS, PREFIX = "exact", "slips", "prefix"


def words(text: str) -> list[str]:
    """Lower-case ASCII words; apostrophes join (O'Brien is obrien), other marks split."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    return [w for w in re.split(r"[^a-z]+", ascii_text) if w]


@functools.lru_cache(maxsize=4096)
def sound(word: str) -> str:
    return jellyfish.metaphone(word)[:12]


def keys_for_word(word: str, *, prefix: bool = True) -> set[str]:
    keys = {f"w:{word}"}
    if prefix:
        keys.add(f"p:{word[:3]}")
    if sound_key := sound(word):
        keys.add(f"s:{sound_key}")
    return keys


def keys_for_names(names: Iterable[str]) -> set[str]:
    """The search keys stored for a person with these names."""
    return {key for name in names for word in words(name) for key in keys_for_word(word)}


def names_of(person: Person) -> list[str]:
    extra = [f"{n.given_names} {n.family_name}" for n in person.other_names.all()]
    return [person.full_name, *extra]


def slips(word: str) -> set[str]:
    """Every word one slip from ``word``: a letter deleted, swapped, changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changed = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    added = {a + c + b for a, b in splits for c in LETTERS}
    return (deleted | swapped | changed | added) - {word, ""}


def query_keys(word: str, step: str) -> set[str]:
    """The keys to look up for one query word at one step of widening."""
    keys = {f"w:{word}"}
    sound_key = sound(word)
    if step != EXACT and len(sound_key) > 1:  # a one-letter sound (J, H) is everyone
        keys.add(f"s:{sound_key}")
    if step in (SLIPS, PREFIX) and 2 < len(word) <= MAX_SLIP_LENGTH:
        keys |= {f"w:{w}" for w in slips(word)}
    if step == PREFIX:
        keys.add(f"p:{word[:3]}")
    return keys


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
        people = people.filter(Q(upn=upn) | Q(former_upn=upn))
    if criteria.postcode:
        key = normalise_postcode(criteria.postcode).replace(" ", "")
        people = people.filter(pk__in=Address.objects.filter(postcode_key=key).values("person_id"))
    return people


Among = Callable[[list[int]], QuerySet[Person]]


def search(people: QuerySet[Person], criteria: Criteria, limit: int = 50, *,
           among: Among | None = None) -> list[Person]:
    """People in ``people`` matching the criteria, best first.

    ``among(ids)``, where given, returns the same people as ``people`` narrowed to those
    ids (``access.children_among_for_user``): a name's candidates are then checked against
    the user's scope without the database building the whole scope first."""
    people = filter_by_identifiers(people, criteria)
    if not criteria.name.strip():
        return list(people.order_by("family_name", "given_names", "pk")[:limit])
    query = words(criteria.name)[:MAX_QUERY_WORDS]
    typed = [w for w in query if len(w) > 1]  # initials narrow nothing: they only score

    def within(ids: list[int]) -> QuerySet[Person]:
        if among is None:
            return people.filter(pk__in=ids)
        return filter_by_identifiers(among(ids), criteria)

    scored: dict[int, int] = {}
    for tier, enough in zip(_tiers(within, typed), _enough(typed, limit), strict=False):
        scored |= _scores(query, _keys_of(tier))
        if len(scored) >= enough:
            break
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:limit]
    found = Person.objects.in_bulk([pk for pk, _ in ranked])
    return [found[pk] for pk, _ in ranked if pk in found]


def _steps(typed: list[str]) -> list[str]:
    """How far each tier widens the lookup. One word starts with its exact spelling, as
    a common name can fill the page alone; several words narrow each other."""
    return [EXACT, SLIPS, PREFIX] if len(typed) == 1 else [SLIPS, PREFIX]


def _enough(typed: list[str], limit: int) -> list[int]:
    """How many results end the widening after each tier: a page of exact matches, or
    5 by sound and slips before word beginnings are tried."""
    return [limit, 5, 0] if len(typed) == 1 else [5, 0]


def _tiers(within: Among, typed: list[str]) -> Iterator[list[int]]:
    """Ids ``within`` the people searched matching the typed words, tier by tier, narrowest first.

    The close tiers (the words as typed, by sound, one slip away) are read together and
    told apart in memory, and the user's scope is applied to them once. Only if they are
    not enough are the word beginnings read, which for a common beginning are many."""
    if not typed:
        return
    steps = _steps(typed)
    lookups = [[query_keys(w, step) for w in typed] for step in steps]
    close_lookups = lookups[:-1]
    held = _held({key for tier in close_lookups for keys in tier for key in keys})
    by_tier: list[list[int]] = [[] for _ in close_lookups]
    for pk in sorted(held):
        if (tier := _first_tier(held[pk], close_lookups)) is not None:
            by_tier[tier].append(pk)
    close = sorted({pk for ids in by_tier for pk in ids[:MAX_IDS]})
    visible = set(within(close).values_list("pk", flat=True)) if close else set()
    for ids in by_tier:
        yield [pk for pk in ids if pk in visible][:MAX_CANDIDATES]
    already = {pk for ids in by_tier for pk in ids}
    beginnings = [pk for pk in _matching(lookups[-1]) if pk not in already][:MAX_IDS]
    if beginnings:
        yield list(within(beginnings).order_by("pk").values_list("pk", flat=True)
                   [:MAX_CANDIDATES])


def _matching(lookups: list[set[str]]) -> list[int]:
    """Ids of people holding keys for enough of the query's words, in id order. The
    database counts the words each person matches, as a common word beginning can
    bring tens of thousands of keys that need not come back to Python."""
    present = _present(set().union(*lookups))
    wanted = [sorted(keys & present) for keys in lookups]
    if sum(1 for keys in wanted if keys) < _needed(len(lookups)):
        return []
    words_matched = sum(
        (Max(Case(When(key__in=keys, then=Value(1)), default=Value(0)))
         for keys in wanted if keys),
        Value(0),
    )
    found = (NameKey.objects.filter(key__in=present).values("person_id")
             .annotate(words=words_matched).filter(words__gte=_needed(len(lookups)))
             .order_by("person_id").values_list("person_id", flat=True))
    return list(found)


def _held(keys: set[str]) -> dict[int, set[str]]:
    """{person id: which of these keys they hold}, for the keys anyone holds."""
    held: dict[int, set[str]] = defaultdict(set)
    present = _present(keys)
    for pk, key in NameKey.objects.filter(key__in=present).values_list("person_id", "key"):
        held[pk].add(key)
    return held


def _first_tier(keys: set[str], lookups_by_tier: list[list[set[str]]]) -> int | None:
    """The narrowest tier at which a person's keys match enough of the query's words."""
    for tier, lookups in enumerate(lookups_by_tier):
        if sum(1 for wanted in lookups if keys & wanted) >= _needed(len(lookups)):
            return tier
    return None


def _needed(count: int) -> int:
    """Query words a name must match: all, or all but one from three (a missing middle name)."""
    return count if count < 3 else count - 1


def _present(keys: set[str]) -> set[str]:
    """Which of these keys anyone holds, by one index probe each.

    Most slips are nobody's name. Given hundreds of keys in an IN list, PostgreSQL
    expects a large share of the table and scans all of it; a probe per key is cheap
    on both databases and leaves the later queries short and well estimated."""
    table = NameKey._meta.db_table
    if connection.vendor == "postgresql":
        sql = (f'SELECT k FROM unnest(%s::text[]) AS k WHERE EXISTS '
               f'(SELECT 1 FROM "{table}" n WHERE n.key = k)')
        params = [sorted(keys)]
    else:
        sql = (f'SELECT value FROM json_each(%s) WHERE EXISTS '
               f'(SELECT 1 FROM "{table}" n WHERE n.key = value)')
        params = [json.dumps(sorted(keys))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _keys_of(person_ids: list[int]) -> dict[int, set[str]]:
    """Every search key of these people."""
    found: dict[int, set[str]] = defaultdict(set)
    for pk, key in NameKey.objects.filter(person_id__in=person_ids).values_list("person_id",
                                                                                "key"):
        found[pk].add(key)
    return found


def _scores(query: list[str], keys: dict[int, set[str]]) -> dict[int, int]:
    """{person id: score} for those whose names are close enough to the query."""
    scores = {
        pk: name_score(query, [k[2:] for k in their_keys if k.startswith("w:")])
        for pk, their_keys in keys.items()
    }
    return {pk: score for pk, score in scores.items() if score >= MIN_SCORE}


def word_score(typed: str, word: str) -> int:
    """How alike a typed word and a name word are, out of 100."""
    if typed == word:
        return 100
    if len(typed) == 1:
        return 90 if word.startswith(typed) else 0  # an initial
    if len(typed) >= 3 and word.startswith(typed):
        return 90  # the beginning of the name
    slip = DamerauLevenshtein.normalized_similarity(typed, word) * 100
    alike = max(fuzz.ratio(typed, word), slip)
    # Metaphone drops vowels, so Jane and John sound alike to it: sound only lifts
    # words that are already fairly close in spelling (Catherine and Kathryn).
    if alike >= WORD_FLOOR and sound(typed) == sound(word) != "":
        alike = max(alike, 80)
    return int(alike)


def name_score(query: list[str], name_words: Iterable[str]) -> int:
    """The mean, over the query's words, of each one's best match among the name's words.

    The words of all of a person's names count together, so a previous family name
    with a current given name still matches. Every query word must match (all but
    one, from three words: a middle name the record lacks), so a strong family name
    cannot carry an unlike given name."""
    name_words = list(name_words)
    if not query or not name_words:
        return 0
    best = [max(word_score(q, w) for w in name_words) for q in query]
    matched = [b for b in best if b >= WORD_FLOOR]
    misses = len(best) - len(matched)
    if misses > (1 if len(query) >= 3 else 0):
        return 0
    return sum(matched) // len(matched) - MISS_PENALTY * misses


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
