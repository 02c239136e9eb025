"""Timing the search and the child's page through Django's test client (inside Django).

Search terms are made from the names of children the signed-in user can see, the way
people type them: exactly, family name first, with one slip of the keyboard (a letter
dropped, doubled, swapped with the next or changed), or first name and family name only.
"""

import random
import statistics
import time
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opencsc.people import access
from opencsc.people.models import Person

STYLES = ("exact", "swapped", "slip", "short")
WARM_UP = 10
COUNTED = 20  # requests per page whose queries are counted (counting slows them a little)


def measure(personas, requests: int, rng: random.Random) -> dict:
    pages, found = {}, {}
    for username in personas:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        children = _sample(user, requests, rng)
        terms = [(_term(child, STYLES[i % len(STYLES)], rng), child.pk, STYLES[i % len(STYLES)])
                 for i, child in enumerate(children)]
        search_urls = ["/children/?" + urlencode({"name": term}) for term, _, _ in terms]
        pages[f"search, {username}"], bodies = _time(client, search_urls)
        found[username] = _found(terms, bodies)
        child_urls = [f"/children/{child.pk}/" for child in children]
        pages[f"child's page, {username}"], _ = _time(client, child_urls)
        pages[f"children list, {username}"], _ = _time(client, ["/children/"] * requests)
    return {"pages": pages, "found": found}


def _sample(user, count: int, rng: random.Random) -> list[Person]:
    """Children the user can see, chosen at random (with repeats if they see too few)."""
    visible = sorted(access.children_for_user(user).values_list("pk", flat=True))
    chosen = rng.sample(visible, count) if len(visible) >= count else rng.choices(visible, k=count)
    people = Person.objects.in_bulk(chosen)
    return [people[pk] for pk in chosen]


def _term(child: Person, style: str, rng: random.Random) -> str:
    given = child.given_names.split()
    family = child.family_name
    if style == "swapped":
        return f"{family} {child.given_names}"
    if style == "slip":
        if rng.random() < 0.5:
            return f"{child.given_names} {_slip(family, rng)}"
        return f"{_slip(given[0], rng)} {' '.join(given[1:] + [family])}"
    if style == "short":
        return f"{given[0]} {family}"
    return f"{child.given_names} {family}"


def _slip(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap", "change"])
    if kind == "drop":
        return word[:at] + word[at + 1:]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return word[:at] + rng.choice("aeiouyrnst") + word[at + 1:]


def _time(client: Client, urls: list[str]) -> tuple[dict, list[bytes]]:
    for url in urls[:WARM_UP]:
        _get(client, url)
    samples, bodies = [], []
    cpu = time.process_time()
    for url in urls:
        started = time.perf_counter()
        body = _get(client, url)
        samples.append((time.perf_counter() - started) * 1000)
        bodies.append(body)
    cpu_ms = (time.process_time() - cpu) * 1000 / len(urls)
    counts = []
    for url in urls[:COUNTED]:
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        counts.append(len(queries))
    return {**percentiles(samples), "cpu_ms": cpu_ms, "queries": [min(counts), max(counts)]}, bodies


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response.content


def _found(terms, bodies) -> dict[str, float]:
    hits: dict[str, list[bool]] = {style: [] for style in STYLES}
    for (_, pk, style), body in zip(terms, bodies, strict=True):
        hits[style].append(f'href="/children/{pk}/"'.encode() in body)
    return {style: sum(found) / len(found) for style, found in hits.items() if found}


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1],
            "n": len(ordered)}
