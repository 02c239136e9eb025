"""One synthetic household at a time: its children, the adults in their lives, how they
are related, where they have lived, and who has held their cases.

Brothers and sisters share a mother; those who also share a father are siblings, the
others half-siblings, linked both ways as ``actions.add_relationship`` links them.
Adults are recorded as people with no responsible council: they are not case subjects.
"""

import datetime
import random
from dataclasses import dataclass, field

from opencsc.people.models import (
    Address,
    Disability,
    Person,
    PersonName,
    Professional,
    Relationship,
)
from opencsc.people.search import keys_for_names

from . import histories, names
from .histories import DAY, IN_CARE, LEAVING_CARE
from .places import Identifiers, Places, falling_weights
from .rows import Rows

K = Relationship.Kind
KINDS = (["family", "care_leaver", "alone"], [955, 30, 15])
SIZES = ([1, 2, 3, 4, 5], [40, 27, 17, 10, 6])
ELDEST_AGE = (list(range(18)), [4, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 5, 4, 3])
GAPS = ([0, 1, 2, 3, 4, 5, 6], [3, 20, 30, 22, 12, 8, 5])
DISABILITIES = {"AUT": 20, "LD": 18, "BEH": 16, "COMM": 14, "DDA": 8, "MOB": 6, "PC": 5,
                "HEAR": 4, "VIS": 3, "CON": 3, "HAND": 2, "INC": 2}
POOL_CODES = {"british": "WBRI", "irish": "WIRI", "traveller": "WIRT", "european": "WOTH",
              "roma": "WROM", "pakistani": "APKN", "bangladeshi": "ABAN", "indian": "AIND",
              "other_asian": "AOTH", "caribbean": "BCRB", "african": "BAFR",
              "chinese": "CHNE", "middle_eastern": "OOTH"}
full_name = Person.full_name.fget  # the model's own rule, applied to a pending row


@dataclass
class Household:
    kind: str
    team: str
    code: str
    pools: tuple[str, str]  # the mother's and the father's
    history: list = field(default_factory=list)  # (team, start, end, reason), current last
    addresses: list = field(default_factory=list)  # (line 1, line 2, town, postcode, start, end)
    children: list = field(default_factory=list)
    adults: list = field(default_factory=list)
    other_names: dict = field(default_factory=dict)  # person pk -> ["given family", ...]
    created_at: datetime.datetime | None = None
    mother: Person | None = None
    fathers: list = field(default_factory=list)  # per father group; None when not known
    partner: Person | None = None  # the father who lives with the mother, if one does
    step_parent: Person | None = None
    carers: list = field(default_factory=list)  # (person, kind, responsibility, lives with)
    fathers_without_responsibility: set = field(default_factory=set)
    groups: dict = field(default_factory=dict)  # child pk -> father group
    language: str = ""
    religion: str = ""
    primary: tuple = ("", 0)
    secondary: tuple = ("", 0)
    gp: str = ""

    @property
    def at_home(self) -> bool:
        """Whether the children live with their mother."""
        kinship = any(lives for _, _, _, lives in self.carers)
        return self.kind == "family" and self.team != IN_CARE and not kinship


class HouseholdMaker:
    def __init__(self, rng: random.Random, today: datetime.date, rows: Rows, council,
                 identifiers: Identifiers):
        self.rng, self.today, self.rows, self.council = rng, today, rows, council
        self.places = Places(rng)
        self.ids = identifiers
        self.codes = list(names.ETHNICITIES)
        self.code_weights = [weight for weight, _ in names.ETHNICITIES.values()]
        self._weights: dict[int, list[float]] = {}

    # -- the household ------------------------------------------------------------------

    def household(self, room: int, team: str) -> Household:
        rng = self.rng
        kind = rng.choices(*KINDS)[0]
        if kind == "care_leaver":
            team, ages = LEAVING_CARE, [rng.randint(18, 21)]
        elif kind == "alone":
            team, ages = IN_CARE, [rng.randint(14, 17)]
        else:
            ages = self._ages()
        h = self._start(kind, team)
        dobs = [self._born(age) for age in ages[:room]]
        unborn = kind == "family" and len(dobs) < room and rng.random() < 0.02
        groups = self._groups(len(dobs))
        self._adults(h, dobs[0], len(set(groups)))
        for dob, group in zip(dobs, groups, strict=True):
            self._child(h, dob, group)
        if unborn:
            self._child(h, None, groups[-1])
        self._relationships(h)
        return h

    def finish(self, h: Household) -> None:
        """Search keys for everyone in the household, as ``actions.index_names`` makes them."""
        for person in h.children + h.adults:
            extra = h.other_names.get(person.pk, [])
            self.rows.add_name_keys(person.pk,
                                    sorted(keys_for_names([full_name(person), *extra])))

    def _start(self, kind: str, team: str) -> Household:
        rng = self.rng
        if kind == "alone":
            code = rng.choices(list(names.UASC_ETHNICITIES),
                               list(names.UASC_ETHNICITIES.values()))[0]
        else:
            code = rng.choices(self.codes, self.code_weights)[0]
        pools = names.ETHNICITIES[code][1]
        if kind == "alone":
            pools = (names.ETHNICITIES[code][1][0],) * 2
        if rng.random() < 0.5:
            pools = (pools[1], pools[0])
        h = Household(kind, team, code, pools)
        pool = names.POOLS[pools[0]]
        h.language = self._weighted(pool.languages)
        h.religion = self._weighted(pool.religions)
        if kind == "alone":
            h.language = rng.choice(names.UASC_LANGUAGES[code])
        h.primary = rng.choice(self.places.primaries)
        h.secondary = rng.choice(self.places.secondaries)
        h.gp = rng.choice(self.places.gp_practices)
        h.history = histories.allocations(rng, self.today, team, kind)
        first = h.history[0][1]
        h.created_at = datetime.datetime.combine(first, datetime.time(9), datetime.UTC)
        h.addresses = histories.addresses(rng, self.today, self.places, kind=kind, team=team,
                                          allocated=h.history[-1][1])
        return h

    def _ages(self) -> list[int]:
        rng = self.rng
        size = rng.choices(*SIZES)[0]
        ages = [rng.choices(*ELDEST_AGE)[0]]
        while len(ages) < size:
            younger = ages[-1] - rng.choices(*GAPS)[0]
            if younger < 0:
                break
            ages.append(younger)
        return ages

    def _born(self, age: int) -> datetime.date:
        return self.today - datetime.timedelta(days=age * 365 + self.rng.randint(age // 4, 364))

    def _groups(self, count: int) -> list[int]:
        """Which father each child has: two fathers in about three families in ten."""
        if count >= 2 and self.rng.random() < 0.3:
            split = self.rng.randint(1, count - 1)
            return [0] * split + [1] * (count - split)
        return [0] * count

    # -- adults -----------------------------------------------------------------------

    def _adults(self, h: Household, eldest: datetime.date, fathers: int) -> None:
        rng = self.rng
        if h.kind == "alone":
            return
        mother = self._adult(h, "F", h.pools[0], eldest, (16, 38))
        for group in range(fathers):
            father = None
            if rng.random() < (0.75 if group == 0 else 0.8):
                father = self._adult(h, "M", h.pools[1], mother.date_of_birth, (-9, 3))
                if rng.random() < 0.15:  # not named on the birth certificate
                    h.fathers_without_responsibility.add(father.pk)
            h.fathers.append(father)
        if h.fathers[-1] is not None and rng.random() < 0.5:
            h.partner = h.fathers[-1]
        elif rng.random() < 0.2:
            pool = self._pool_of(rng.choices(self.codes, self.code_weights)[0])
            h.step_parent = self._adult(h, rng.choice("MMMMF"), pool, mother.date_of_birth,
                                        (-10, 5))
        married = h.partner or h.step_parent
        if married and married.sex == "M" and rng.random() < 0.4:
            mother.family_name = married.family_name
        h.mother = mother
        if rng.random() < 0.10:
            grandparent = self._adult(h, rng.choice("FFM"), h.pools[0], mother.date_of_birth,
                                      (17, 30))
            lives = rng.random() < 0.35
            h.carers.append((grandparent, K.GRANDPARENT, lives and rng.random() < 0.3,
                             lives and rng.random() < 0.5))
        elif rng.random() < 0.045:
            kind = K.AUNT_UNCLE if rng.random() < 0.7 else K.CARER
            carer = self._adult(h, rng.choice("FFM"), h.pools[0], mother.date_of_birth, (-12, 12))
            h.carers.append((carer, kind, rng.random() < 0.3, True))

    def _adult(self, h: Household, sex: str, pool_name: str, relative_to: datetime.date,
               years: tuple[int, int]) -> Person:
        """An adult born ``years`` before ``relative_to`` (negative: after)."""
        rng = self.rng
        pool = names.POOLS[pool_name]
        born = relative_to - datetime.timedelta(days=rng.randint(*years) * 365
                                                + rng.randint(0, 364))
        code = POOL_CODES[pool_name] if h.code.startswith("M") else h.code
        person = self.rows.add(
            Person, given_names=self._name(pool.female if sex == "F" else pool.male),
            family_name=self._name(pool.family), date_of_birth=born, sex=sex,
            ethnicity=code, first_language=h.language, created_at=h.created_at,
        )
        h.adults.append(person)
        return person

    def _pool_of(self, code: str) -> str:
        return names.ETHNICITIES[code][1][self.rng.randrange(2)]

    # -- children ---------------------------------------------------------------------

    def _child(self, h: Household, born: datetime.date | None, group: int) -> None:
        rng = self.rng
        father = h.fathers[group] if h.fathers else None
        sex = "U" if born is None else rng.choices("MFU", [497, 497, 6])[0]
        pool = names.POOLS[h.pools[rng.randrange(2)]]
        given = "Baby" if born is None else self._given(pool, sex)
        if h.mother is None:
            family = self._name(pool.family)
        elif father is not None and rng.random() < 0.6:
            family = father.family_name
        else:
            family = h.mother.family_name
        if born is not None and father is not None and rng.random() < 0.03:
            family = f"{h.mother.family_name}-{father.family_name}"
        child = self.rows.add(
            Person, responsible_council_id=self.council.pk, given_names=given, family_name=family,
            date_of_birth=born, sex=sex, ethnicity=h.code, first_language=h.language,
            religion=h.religion, restriction="", created_at=max(h.created_at, self._noon(born)),
        )
        child.la_child_id = f"OC{child.pk:08d}"
        h.children.append(child)
        h.groups[child.pk] = group
        if born is None:
            child.expected_date_of_birth = self.today + datetime.timedelta(rng.randint(10, 150))
            self._addresses_of(h, child)
            return
        self._identifiers(h, child)
        self._other_names(h, child, father, pool)
        self._disabilities(child)
        self._addresses_of(h, child)
        self._professionals(h, child)

    def _noon(self, born: datetime.date | None) -> datetime.datetime:
        day = born or self.today - 30 * DAY
        return datetime.datetime.combine(day, datetime.time(12), datetime.UTC)

    def _identifiers(self, h: Household, child: Person) -> None:
        rng, age = self.rng, self._age(child.date_of_birth)
        if h.kind != "alone" or rng.random() < 0.8:
            child.nhs_number = self.ids.nhs_number() if rng.random() < 0.98 else ""
        if age >= 12 and rng.random() < 0.02:
            child.gender_identity = rng.choice(["non_binary", "other", "prefer_not"])
        child.gp_practice = h.gp if rng.random() < 0.95 else ""
        child.school = self._school(h, age)
        at_school = age >= 5 or (age == 4 and rng.random() < 0.8)
        if not at_school or rng.random() < 0.04:
            return
        if h.kind == "alone":
            arrived = h.history[0][1]
            child.upn = self.ids.upn(h.secondary[1], arrived.year)
        else:
            child.upn = self.ids.upn(h.primary[1], child.date_of_birth.year + 5)
        if rng.random() < 0.05:
            child.former_upn = self.ids.former_upn(child.date_of_birth.year + 5)

    def _school(self, h: Household, age: int) -> str:
        rng = self.rng
        if age in (2, 3):
            return rng.choice(self.places.nurseries) if rng.random() < 0.5 else ""
        if 4 <= age <= 15:
            if rng.random() < 0.03:
                return rng.choice(self.places.specials)[0]
            return (h.primary if age <= 10 else h.secondary)[0]
        if 16 <= age <= 17:
            return rng.choices([h.secondary[0], self.places.college, ""], [5, 4, 1])[0]
        return ""

    def _other_names(self, h: Household, child: Person, father, pool) -> None:
        rng = self.rng
        if rng.random() >= 0.06:
            return
        first = child.given_names.split()[0]
        options = [(PersonName.Kind.ALIAS, self._given(pool, child.sex), child.family_name)]
        for parent in (father, h.mother):
            if parent is not None and parent.family_name != child.family_name:
                options.append((PersonName.Kind.PREVIOUS, child.given_names, parent.family_name))
        if first in names.ALTERNATIVES:
            options.append((PersonName.Kind.PREFERRED, names.ALTERNATIVES[first],
                            child.family_name))
        chosen = rng.sample(options, min(len(options), rng.choice([1, 1, 1, 2])))
        for kind, given, family in chosen:
            self.rows.add(PersonName, person_id=child.pk, kind=kind, given_names=given,
                          family_name=family)
            h.other_names.setdefault(child.pk, []).append(f"{given} {family}")

    def _disabilities(self, child: Person) -> None:
        if self.rng.random() >= 0.08:
            return
        count = self.rng.choices([1, 2, 3], [70, 22, 8])[0]
        codes = set(self.rng.choices(list(DISABILITIES), list(DISABILITIES.values()), k=count))
        for code in sorted(codes):
            self.rows.add(Disability, person_id=child.pk, code=code)

    def _professionals(self, h: Household, child: Person) -> None:
        rng = self.rng
        if rng.random() >= 0.35:
            return
        age = self._age(child.date_of_birth)
        roles = list(names.PROFESSIONAL_ROLES["any"])
        roles += names.PROFESSIONAL_ROLES["baby" if age < 5 else "school"] if age < 18 else []
        roles += names.PROFESSIONAL_ROLES["teen"] if 13 <= age else []
        for role, organisation in rng.sample(roles, rng.choice([1, 1, 2])):
            organisation = organisation or (child.gp_practice if role == "GP" else child.school)
            pool = names.POOLS[rng.choice(["british"] * 4 + list(names.POOLS))]
            given, family = self._name(pool.female + pool.male), self._name(pool.family)
            domain = "".join(c for c in organisation.lower() if c.isalpha())[:24] or "fernbridge"
            self.rows.add(
                Professional, child_id=child.pk, name=f"{given} {family}", role=role,
                organisation=organisation, phone=f"0121 496 0{rng.randrange(1000):03d}",
                email=f"{given}.{family}@{domain}.example".lower().replace("'", ""),
                start_date=max(child.date_of_birth, self.today - rng.randint(30, 900) * DAY),
            )

    # -- relationships ------------------------------------------------------------------

    def _relationships(self, h: Household) -> None:
        home = h.at_home
        for child in h.children:
            unborn = child.date_of_birth is None
            father = h.fathers[h.groups[child.pk]] if h.fathers else None
            if h.mother is not None:
                self._link(child, h.mother, K.MOTHER, not unborn, home and not unborn)
            if father is not None:
                lives = home and not unborn and father is h.partner
                responsibility = father.pk not in h.fathers_without_responsibility
                self._link(child, father, K.FATHER, responsibility and not unborn, lives)
            if h.step_parent is not None:
                self._link(child, h.step_parent, K.STEP_PARENT, False, home and not unborn,
                           start=h.history[0][1])
            for carer, kind, responsibility, lives in h.carers:
                self._link(child, carer, kind, responsibility and not unborn,
                           lives and not unborn)
            for other in h.children:
                if other is child:
                    continue
                same_father = h.groups[other.pk] == h.groups[child.pk]
                together = not unborn and other.date_of_birth is not None and (
                    home or h.team == IN_CARE)
                self._link(child, other, K.SIBLING if same_father else K.HALF_SIBLING, False,
                           together)

    def _link(self, child, other, kind, responsibility, lives, start=None) -> None:
        self.rows.add(Relationship, person_id=child.pk, other_id=other.pk, kind=kind,
                      parental_responsibility=responsibility, lives_with=lives, start_date=start)

    # -- addresses ------------------------------------------------------------------------

    def _addresses_of(self, h: Household, child: Person) -> None:
        born = child.date_of_birth or self.today - 30 * DAY
        for line_1, line_2, town, postcode, start, end in h.addresses:
            if end is not None and end < born:
                continue
            self.rows.add(
                Address, person_id=child.pk, line_1=line_1, line_2=line_2, town=town,
                postcode=postcode, postcode_key=postcode.replace(" ", "").upper(),
                start_date=max(start, born), end_date=end,
            )

    # -- drawing ------------------------------------------------------------------------

    def _given(self, pool, sex: str) -> str:
        choices = {"M": pool.male, "F": pool.female}.get(sex) or pool.male + pool.female
        given = self._name(choices)
        if self.rng.random() < 0.25:
            middle = self._name(choices)
            if middle != given:
                given = f"{given} {middle}"
        return given

    def _name(self, choices: tuple[str, ...]) -> str:
        weights = self._weights.get(len(choices))
        if weights is None:
            weights = self._weights[len(choices)] = falling_weights(len(choices))
        return self.rng.choices(choices, cum_weights=weights)[0]

    def _weighted(self, pairs) -> str:
        pairs = list(pairs)
        return self.rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]

    def _age(self, born: datetime.date) -> int:
        today = self.today
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
