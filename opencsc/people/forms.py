import datetime

from django import forms

from opencsc.codes.person import DISABILITY, ETHNICITY, GENDER_IDENTITY, RELIGION, SEX
from opencsc.core.forms import DateField, GovukForm

from .identifiers import (
    nhs_number_problem,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    postcode_problem,
    upn_problem,
)
from .models import PersonName, Relationship


class SearchForm(GovukForm):
    name = forms.CharField(label="Name", required=False, max_length=200,
                           help_text="Any of the child's names, in any order")
    date_of_birth = DateField(label="Date of birth", required=False,
                              help_text="For example, 27 3 2019")
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=14)
    upn = forms.CharField(label="UPN", required=False, max_length=15)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"]
        if value and (problem := nhs_number_problem(value)):
            raise forms.ValidationError(problem)
        return normalise_nhs_number(value)


def _text(label, required=False, max_length=100, **kwargs):
    return forms.CharField(label=label, required=required, max_length=max_length, **kwargs)


class ChildDetailsForm(GovukForm):
    """A child's details, for opening a record and for changing it."""

    given_names = _text("Given names", required=True,
                        error_messages={"required": "Enter the child's given names"})
    family_name = _text("Family name", required=True,
                        error_messages={"required": "Enter the child's family name"})
    date_of_birth = DateField(label="Date of birth", required=False, not_in_future=True,
                              help_text="For example, 27 3 2019")
    expected_date_of_birth = DateField(label="Expected date of birth", required=False,
                                       help_text="Only for an unborn child")
    sex = forms.ChoiceField(label="Sex", choices=SEX.choices(), widget=forms.RadioSelect,
                            error_messages={"required": "Select the child's sex"})
    gender_identity = forms.ChoiceField(label="Gender identity", choices=GENDER_IDENTITY,
                                        required=False)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=ETHNICITY.choices(),
                                  error_messages={"required": "Select the child's ethnicity"})
    first_language = _text("First language", max_length=60)
    religion = forms.ChoiceField(label="Religion", choices=RELIGION, required=False)
    disabilities = forms.MultipleChoiceField(
        label="Disabilities", choices=DISABILITY.choices(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply",
    )
    nhs_number = _text("NHS number", max_length=14, help_text="10 digits, like 943 476 5919")
    upn = _text("Unique pupil number (UPN)", max_length=15)
    former_upn = _text("Former UPN", max_length=15)
    gp_practice = _text("GP practice", max_length=200)
    school = _text("School or setting", max_length=200)

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"]
        if value and (problem := nhs_number_problem(value)):
            raise forms.ValidationError(problem)
        return normalise_nhs_number(value)

    def clean_upn(self):
        return self._clean_upn("upn")

    def clean_former_upn(self):
        return self._clean_upn("former_upn")

    def _clean_upn(self, name):
        value = self.cleaned_data[name]
        if value and (problem := upn_problem(value)):
            raise forms.ValidationError(problem)
        return normalise_upn(value)

    def clean_disabilities(self):
        codes = self.cleaned_data["disabilities"]
        if "NONE" in codes and len(codes) > 1:
            raise forms.ValidationError(
                "‘No disability’ cannot be chosen with a disability (CIN rule 8790)"
            )
        return codes

    def clean(self):
        data = super().clean()
        dob, edd = data.get("date_of_birth"), data.get("expected_date_of_birth")
        if "date_of_birth" in self.errors or "expected_date_of_birth" in self.errors:
            return data
        if dob and edd:
            self.add_error("expected_date_of_birth", "Enter a date of birth or an expected date "
                           "of birth, not both (CIN rule 8525Q)")
        elif not dob and not edd:
            self.add_error("date_of_birth", "Enter the date of birth, or the expected date of "
                           "birth for an unborn child")
        elif edd and data.get("sex") not in (None, "U"):
            self.add_error("sex", "An unborn child's sex is recorded as unknown (CIN rule 8750)")
        return data

    def details(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("disabilities", None)
        return {k: v for k, v in data.items() if k in self.base_fields and k not in self.extra}

    extra = ("council", "team", "line_1", "town", "postcode", "confirm_new", "date_of_death")


class NewChildForm(ChildDetailsForm):
    council = forms.ModelChoiceField(label="Responsible council", queryset=None,
                                     empty_label=None)
    team = forms.ModelChoiceField(label="Team", queryset=None, empty_label=None)
    line_1 = _text("Address line 1", max_length=200)
    town = _text("Town or city")
    postcode = _text("Postcode", max_length=10, help_text="For example, B1 1AA")
    confirm_new = forms.BooleanField(
        label="None of these records is this child: open a new record", required=False)

    def __init__(self, *args, councils, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["team"].queryset = teams

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if value and (problem := postcode_problem(value)):
            raise forms.ValidationError(problem)
        return normalise_postcode(value) if value else ""

    def address(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("postcode"):
            return None
        return {"line_1": data["line_1"] or "Address not given", "town": data["town"],
                "postcode": data["postcode"], "start_date": datetime.date.today()}


class EditChildForm(ChildDetailsForm):
    date_of_death = DateField(label="Date of death", required=False, not_in_future=True)

    def details(self) -> dict:
        data = super().details()
        data["date_of_death"] = self.cleaned_data.get("date_of_death")
        return data


class AddressForm(GovukForm):
    line_1 = _text("Address line 1", required=True, max_length=200,
                   error_messages={"required": "Enter the first line of the address"})
    line_2 = _text("Address line 2", max_length=200)
    town = _text("Town or city")
    postcode = _text("Postcode", required=True, max_length=10, help_text="For example, B1 1AA",
                     error_messages={"required": "Enter the postcode"})
    start_date = DateField(label="Date the child started living here", not_in_future=True,
                           error_messages={"required": "Enter the date the child moved in"})

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if problem := postcode_problem(value):
            raise forms.ValidationError(problem)
        return normalise_postcode(value)


class RelationshipForm(GovukForm):
    kind = forms.ChoiceField(label="Relationship to the child", choices=Relationship.Kind.choices,
                             error_messages={"required": "Select the relationship"})
    given_names = _text("Their given names", required=True,
                        error_messages={"required": "Enter their given names"})
    family_name = _text("Their family name", required=True,
                        error_messages={"required": "Enter their family name"})
    date_of_birth = DateField(label="Their date of birth", required=False, not_in_future=True)
    parental_responsibility = forms.BooleanField(label="Has parental responsibility",
                                                 required=False)
    lives_with = forms.BooleanField(label="Lives with the child", required=False)


class OtherNameForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of name", choices=PersonName.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of name"})
    given_names = _text("Given names")
    family_name = _text("Family name")

    def clean(self):
        data = super().clean()
        if not data.get("given_names") and not data.get("family_name"):
            raise forms.ValidationError("Enter a given name or a family name")
        return data


class ProfessionalForm(GovukForm):
    name = _text("Name", required=True, max_length=200,
                 error_messages={"required": "Enter the professional's name"})
    role = _text("Role", required=True, max_length=120, help_text="For example, health visitor",
                 error_messages={"required": "Enter their role"})
    organisation = _text("Organisation", max_length=200)
    phone = _text("Phone", max_length=40)
    email = forms.EmailField(
        label="Email", required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"})


class EmergencyAccessForm(GovukForm):
    la_child_id = _text("The child's LA child ID", required=True, max_length=20,
                        help_text="For example, OC00001234",
                        error_messages={"required": "Enter the child's LA child ID"})
    reason = forms.CharField(
        label="Why you need this record now", widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000, help_text="Your reason is logged and the child's team manager is told",
        error_messages={"required": "Enter why you need emergency access"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Give your reason in a sentence, so it can be reviewed")
        return reason
