import datetime
import re
import unicodedata

from ninja import Field, Schema
from pydantic import field_validator

from opencsc.people.identifiers import (
    nhs_number_problem,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    postcode_problem,
    upn_problem,
)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ChildQuery(Schema):
    """Search criteria; an identifier with a wrong check character is refused with the reason."""

    name: str = Field("", max_length=200, description="Any of the child's names, in any order")
    date_of_birth: datetime.date | None = Field(None, description="As YYYY-MM-DD, like 2019-03-27")
    nhs_number: str = Field("", max_length=14, description="10 digits; spaces are ignored")
    upn: str = Field("", max_length=15, description="Unique pupil number, 13 characters")
    postcode: str = Field("", max_length=10, description="A full UK postcode, like B1 1AA")
    limit: int = Field(50, ge=1, le=200, description="At most this many children, best first")

    @field_validator("name", "nhs_number", "upn", "postcode")
    @classmethod
    def no_control_characters(cls, value: str) -> str:
        # PostgreSQL refuses NUL in a string, so it would otherwise become a 500.
        if any(unicodedata.category(c) == "Cc" for c in value):
            raise ValueError("must not contain control characters")
        return value.strip()

    @field_validator("date_of_birth", mode="before")
    @classmethod
    def real_date(cls, value) -> datetime.date | None:
        # Stricter than pydantic, which would also take a Unix timestamp for a date.
        if value in (None, ""):
            return None
        try:
            if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError("date_of_birth must be a real date like 2019-03-27") from None

    @field_validator("nhs_number")
    @classmethod
    def valid_nhs_number(cls, value: str) -> str:
        return _checked(value, nhs_number_problem, normalise_nhs_number)

    @field_validator("upn")
    @classmethod
    def valid_upn(cls, value: str) -> str:
        return _checked(value, upn_problem, normalise_upn)

    @field_validator("postcode")
    @classmethod
    def valid_postcode(cls, value: str) -> str:
        return _checked(value, postcode_problem, normalise_postcode)


def _checked(value: str, problem_of, normalise) -> str:
    if value and (problem := problem_of(value)):
        raise ValueError(problem)
    return normalise(value) if value else ""


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


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: str
    errors: list[FieldError]
