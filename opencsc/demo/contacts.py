"""Contacts to the demo trust's front door, in bulk.

Every referral began as a contact the front door decided to refer, received that day.
Most contacts are not referred: the front door gives advice, passes the family to early
help, or takes no further action, so contacts run at several times the referrals (about
three to one here; shared/domain/reference.md, sections 1.1 and 5). Sources are the DfE
referral source codes (CIN census ReferralSource); every contactor is an invented name.
Rows go to the database as ``rows.Rows`` write them: there are some 180,000 for a
hundred thousand children.
"""

import datetime
import random

from opencsc.casework.models import Contact, Referral

from .episode import DAY, SOURCES
from .journeys import YEARS_BACK, Child, Journeys
from .names import POOLS
from .rows import Rows

LINKS = Contact.children.through
# A child's contacts that were not referred, over the three years the journeys cover.
OTHER_CONTACTS = ([0, 1, 2, 3, 4, 5], [45, 25, 14, 8, 5, 3])
OUTCOMES = ([Contact.Outcome.NFA, Contact.Outcome.ADVICE, Contact.Outcome.EARLY_HELP],
            [30, 40, 30])
ROLES = {"1A": "Grandparent", "1B": "Neighbour", "1C": "Young person", "1D": "Member of public",
         "2A": "Designated safeguarding lead", "2B": "Education welfare officer",
         "3A": "GP", "3B": "Health visitor", "3C": "School nurse", "3D": "Midwife",
         "3E": "Emergency department nurse", "3F": "Hospice nurse", "4": "Housing officer",
         "5A": "Adult social care worker", "5B": "Youth justice worker",
         "5C": "Social worker, another council", "5D": "Early help practitioner",
         "6": "Police officer", "7": "Probation officer", "8": "Family support worker",
         "9": "", "10": ""}
CONCERNS = {
    Contact.Outcome.REFERRAL: ["Concerns about neglect: the child is often hungry and unkempt",
                               "Disclosure of physical harm at home",
                               "Domestic abuse incident at the family home",
                               "Parent's mental health is affecting the care of the children",
                               "Child missing from home overnight"],
    Contact.Outcome.NFA: ["Concern about a bruise, explained and consistent with play",
                          "Anonymous report of shouting; no children at the address"],
    Contact.Outcome.ADVICE: ["Parent asking for help with the child's behaviour at home",
                             "School asking whether a worry meets the threshold"],
    Contact.Outcome.EARLY_HELP: ["Family struggling with housing and money worries",
                                 "Poor school attendance and low mood"],
}
GIVEN_NAMES = POOLS["british"].male + POOLS["british"].female
CONSENT = ([Contact.Consent.GIVEN, Contact.Consent.NOT_SOUGHT,
            Contact.Consent.REFUSED_OVERRIDDEN], [65, 25, 10])


def seed_contacts(rng: random.Random, journeys: Journeys, children: list[Child],
                  front_door) -> Rows:
    """A contact for every referral the journeys made, and the children's other contacts
    outside their episodes; ``front_door`` (its staff) screened and decided them."""
    rows = Rows([Contact, LINKS])
    staff = [w.pk for w in front_door.workers] + [front_door.manager.pk]
    episodes: dict[int, list[tuple]] = {}
    for referral in journeys.rows.get(Referral, []):
        contact = _contact(rng, rows, staff, referral.child_id, referral.referral_date,
                           referral.source, Contact.Outcome.REFERRAL)
        referral.contact_id = contact.id
        episodes.setdefault(referral.child_id, []).append(
            (referral.referral_date, referral.closure_date or journeys.today))
    for child in children:
        for _ in range(rng.choices(*OTHER_CONTACTS)[0]):
            day = journeys.today - rng.randint(0, YEARS_BACK) * DAY
            if day < child.born or any(a <= day <= b for a, b in episodes.get(child.pk, ())):
                continue
            _contact(rng, rows, staff, child.pk, day, rng.choices(*SOURCES)[0],
                     rng.choices(*OUTCOMES)[0])
    return rows


def _contact(rng, rows: Rows, staff: list[int], child_id: int, day: datetime.date,
             source: str, outcome: str):
    received = datetime.datetime.combine(day, datetime.time(8 + rng.randint(0, 8),
                                                            rng.randint(0, 59)), datetime.UTC)
    consent = rng.choices(*CONSENT)[0]
    contact = rows.add(
        Contact, recorded_by_id=rng.choice(staff), recorded_at=received,
        received_at=received, contactor_name=_contactor(rng, source),
        contactor_role=ROLES.get(source, ""), source=source,
        concern=rng.choice(CONCERNS[outcome]), consent=consent,
        legal_basis=(Contact.LegalBasis.CONSENT if consent == Contact.Consent.GIVEN
                     else Contact.LegalBasis.SAFEGUARDING),
        outcome=outcome, decided_by_id=rng.choice(staff),
        decided_at=received + datetime.timedelta(minutes=rng.randint(20, 240)))
    rows.add(LINKS, contact_id=contact.id, person_id=child_id)
    return contact


def _contactor(rng, source: str) -> str:
    if source == "9":
        return "Anonymous"
    if source == "10":
        return "Not recorded"
    return f"{rng.choice(GIVEN_NAMES)} {rng.choice(POOLS['british'].family)}"
