"""Code lists of the DfE children's social work workforce (CSWW) census, and the trust's
supervision policy: data, one place each.

Source of the codes: the CSWW census schema for the 2022 collection (the ``ReasonLeave`` and
``LeaverDestination`` items of each worker record), as published in the DfE's guide to
submitting the census and its XSD (seen in liia-tools,
``liiatools/spec/social_work_workforce/social_work_workforce_2022.xsd``). The labels below
are our own wording of each code's meaning.
"""

import datetime

from django.db import models


class ReasonForLeaving(models.TextChoices):
    """CSWW ``ReasonLeave``: why a worker left their child and family social work role."""

    RESIGNATION = "1", "Resigned"
    VOLUNTARY_REDUNDANCY = "2", "Voluntary redundancy"
    COMPULSORY_REDUNDANCY = "3", "Compulsory redundancy"
    DISMISSED = "4", "Dismissed"
    RETIRED = "5", "Retired"
    DECEASED = "6", "Died"
    MOVED_WITHIN_LA = "7", "Moved to a role that is not child and family social work, here"
    OTHER = "8", "Other"
    NOT_KNOWN = "9", "Not known"
    NOT_YET_COLLECTED = "10", "Not yet collected"


class LeaverDestination(models.TextChoices):
    """CSWW ``LeaverDestination``: where a leaver went, as far as the employer knows."""

    OTHER_LA = "1", "Social work in another local authority in England"
    OUTSIDE_ENGLAND = "2", "Social work outside England"
    AGENCY = "3", "Agency or consultancy social work in England"
    NON_LA_SOCIAL_WORK = "4", "Other social work, not for a local authority, in England"
    SOCIAL_CARE = "5", "Another social care role in England"
    NO_SOCIAL_CARE = "6", "Not social care, outside England, no job or a career break"
    OTHER = "7", "Other"
    NOT_KNOWN = "8", "Not known"
    NOT_YET_COLLECTED = "9", "Not yet collected"


# The trust's policy, not a statutory timescale: every social worker has a supervision
# session at least every 4 weeks, the first within 4 weeks of starting. A session is due
# SUPERVISION_INTERVAL after the last one; after that day it is overdue.
SUPERVISION_INTERVAL = datetime.timedelta(weeks=4)
