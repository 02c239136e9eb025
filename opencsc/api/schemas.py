import datetime

from ninja import Schema


class ChildSummary(Schema):
    id: int
    la_child_id: str
    given_names: str
    family_name: str
    date_of_birth: datetime.date | None
    expected_date_of_birth: datetime.date | None
    restricted: bool


class Address(Schema):
    line_1: str
    line_2: str
    town: str
    postcode: str
    start_date: datetime.date
    end_date: datetime.date | None


class RelatedPerson(Schema):
    name: str
    relationship: str
    parental_responsibility: bool
    lives_with: bool


class ChildRecord(ChildSummary):
    sex: str
    gender_identity: str
    ethnicity: str
    first_language: str
    religion: str
    disabilities: list[str]
    nhs_number: str
    upn: str
    former_upn: str
    gp_practice: str
    school: str
    date_of_death: datetime.date | None
    responsible_council_la_code: str
    other_names: list[str]
    addresses: list[Address]
    relationships: list[RelatedPerson]
    allocated_team: str | None
    allocated_worker: str | None


class Me(Schema):
    username: str
    name: str
    role: str | None
    teams: list[str]
    employer: str | None
    employment_type: str | None


class Error(Schema):
    detail: str
