"""Forms for recording a child's care, one per action.

A form only parses what the worker typed. The entry rules live in ``rules.py`` and come back
from the action as ``RuleViolation`` problems; ``add_problems`` puts each on the field it
names, so the GOV.UK error summary links to it and nothing typed is lost.
"""

import re

from django import forms

from opencsc.codes.ssda903 import (
    ADOPTER_LEGAL_STATUS,
    ADOPTER_SEX,
    CATEGORY_OF_NEED,
    LEGAL_STATUS,
    PLACEMENT_PROVIDER,
    PLACEMENT_TYPE,
    PREVIOUS_PERMANENCE,
    REASON_EPISODE_CEASED,
    REASON_PLACED_CEASED,
    REASON_PLACEMENT_CHANGE,
    REVIEW_PARTICIPATION,
    SDQ_REASON,
)
from opencsc.people.identifiers import normalise_postcode, postcode_problem

from .fields import (
    YES_NO,
    YES_NO_UNKNOWN,
    CareForm,
    StaffChoice,
    coded,
    date_field,
    every_code,
    radios,
    select,
    text,
    yes_or_none,
)
from .models import HealthAssessment, HealthCheck, Provider, VisitRequest

URN = re.compile(r"^(SC\d{6}|\d{7})$")
PLACEMENT_LA = re.compile(r"^(\d{3}|[EWSN]\d{8}|CON|NIR|SCO|WAL|NUK)$")
# Ofsted Annex A list 8's permanence plans (shared/domain/reference.md section 4).
PERMANENCE_PLANS = ["Return to family", "Adoption", "Special guardianship or child "
                    "arrangements order", "Supported living in the community",
                    "Long-term residential placement", "Long-term fostering", "Other"]


# --- The provider register ------------------------------------------------------------

class ProviderSearchForm(forms.Form):
    q = forms.CharField(label="Name", required=False, max_length=100)
    kind = forms.ChoiceField(label="Kind", required=False,
                             choices=[("", "Any kind"), *Provider.Kind.choices])


class ProviderForm(CareForm):
    name = text("Name of the provider or carer", required=True, max_length=200,
                 error_messages={"required": "Enter the name of the provider or carer"})
    kind = radios("What kind of provider is it?", Provider.Kind.choices,
                   "Select what kind of provider it is")
    provider_code = select("Placement provider (SSDA903 PLACE_PROVIDER)",
                            coded(PLACEMENT_PROVIDER), "Choose a provider code",
                            required=False,
                            help_text="Leave blank only for providers of temporary or "
                                      "'other' placements, which the return does not code")
    urn = text("Ofsted URN", max_length=12, help_text="SC followed by 6 digits, like "
                "SC123456, or 7 digits. Leave blank if the provider is not registered")
    postcode = text("Postcode", max_length=10, help_text="For example, B1 1AA")
    local_authority = text("Local authority of the placement", max_length=9,
                            help_text="The 3-digit DfE LA number, like 330, a 9-character "
                            "ONS code, or CON, NIR, SCO, WAL or NUK outside England")

    def clean_urn(self):
        urn = self.cleaned_data["urn"].replace(" ", "").upper()
        if urn and not URN.match(urn):
            raise forms.ValidationError("Enter an Ofsted URN as SC and 6 digits, like "
                                        "SC123456, or as 7 digits")
        return urn

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if value and (problem := postcode_problem(value)):
            raise forms.ValidationError(problem)
        return normalise_postcode(value) if value else ""

    def clean_local_authority(self):
        value = self.cleaned_data["local_authority"].strip().upper()
        if value and not PLACEMENT_LA.match(value):
            raise forms.ValidationError("Enter the LA as a 3-digit DfE number like 330, a "
                                        "9-character ONS code, or CON, NIR, SCO, WAL or NUK")
        return value


class ProviderEditForm(ProviderForm):
    active = forms.BooleanField(
        label="Still used for new placements", required=False,
        help_text="Untick when the provider closes or the carer stops: past placements keep it")

    @classmethod
    def initial_from(cls, provider: Provider) -> dict:
        return {name: getattr(provider, name) for name in cls.base_fields}


# --- Periods of care and episodes -----------------------------------------------------

def _providers():
    return Provider.objects.filter(active=True).order_by("name")


class ProviderChoice(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=_providers(), empty_label="Choose a provider or carer",
                         label=kwargs.pop("label", "Provider or carer"),
                         help_text="From the provider register. Add a provider there first "
                                   "if it is new",
                         error_messages={"required": "Choose the provider or carer"}, **kwargs)

    def label_from_instance(self, provider):
        code = f", {provider.provider_code}" if provider.provider_code else ""
        return f"{provider.name} ({provider.get_kind_display()}{code})"


class PlacementFields(CareForm):
    """The placement's own details (SSDA903 PL_POST, HOME_POST, and the reg 28 long-term flag)."""

    postcode = text("Placement postcode", max_length=10,
                     help_text="Leave blank to use the provider's postcode")
    home_postcode = text("Child's home postcode", max_length=10,
                          help_text="Where the child lived before coming into care (HOME_POST). "
                                    "On a move, leave blank to keep the one recorded")
    long_term = forms.BooleanField(
        label="This placement is intended to last until the child is 18", required=False,
        help_text="After its first year, visits are then due every 3 months (CPPCR reg 28)")
    temporary_approval = forms.BooleanField(
        label="The carer is a connected person approved only temporarily", required=False,
        help_text="CPPCR reg 24: visits are due weekly until the first review, then every "
                  "4 weeks")

    def _postcode(self, name):
        value = self.cleaned_data[name]
        if value and (problem := postcode_problem(value)):
            raise forms.ValidationError(problem)
        return normalise_postcode(value) if value else ""

    def clean_postcode(self):
        return self._postcode("postcode")

    def clean_home_postcode(self):
        return self._postcode("home_postcode")

    def placement_details(self) -> dict:
        data, provider = self.cleaned_data, self.cleaned_data["provider"]
        return {"postcode": data["postcode"] or provider.postcode,
                "home_postcode": data["home_postcode"], "long_term": data["long_term"],
                "temporary_approval": data["temporary_approval"]}


class StartForm(PlacementFields):
    field_order = ["start_date", "legal_status", "category_of_need", "placement_type",
                   "provider"]
    start_date = date_field("Date the child became looked after", "Enter the date the child "
                       "became looked after", help_text="DECOM. For example, 27 3 2026")
    legal_status = select("Legal status (LS)", coded(LEGAL_STATUS), "Choose a legal status")
    category_of_need = select("Category of need (CIN)", coded(CATEGORY_OF_NEED),
                               "Choose a category of need")
    placement_type = select("Placement type (PLACE)", every_code(PLACEMENT_TYPE),
                             "Choose a placement type",
                             help_text="It must be a code of the collection year the date "
                                       "falls in")
    provider = ProviderChoice()

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"start_date": data["start_date"], "legal_status": data["legal_status"],
                "category_of_need": data["category_of_need"],
                "placement_type": data["placement_type"], "provider": data["provider"],
                "placement_details": self.placement_details()}


class LegalStatusForm(CareForm):
    change_date = date_field("Date of the change", "Enter the date the legal status changed")
    legal_status = select("New legal status (LS)", coded(LEGAL_STATUS),
                           "Choose the new legal status")


class PlacementChangeForm(PlacementFields):
    field_order = ["change_date", "provider", "placement_type", "reason_placement_change",
                   "same_carer", "legal_status"]
    change_date = date_field("Date the child moved", "Enter the date the child moved")
    provider = ProviderChoice(label="New provider or carer")
    placement_type = select("New placement type (PLACE)", every_code(PLACEMENT_TYPE),
                             "Choose a placement type")
    reason_placement_change = select(
        "Reason for the change (REASON_PLACE_CHANGE)", coded(REASON_PLACEMENT_CHANGE),
        "Choose a reason", required=False,
        help_text="Recorded on the episode that ends. Not needed for a move into or back from "
                  "a temporary placement (T0 to T4), which the return gives no reason")
    same_carer = radios("Is the child staying with the same carer?", YES_NO,
                         "Say whether the child is staying with the same carer",
                         help_text="For example, the carer moved house: the same carer, a new "
                                   "placement")
    legal_status = select("New legal status, if it changed the same day",
                           coded(LEGAL_STATUS), "No change of legal status", required=False)

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"change_date": data["change_date"], "provider": data["provider"],
                "placement_type": data["placement_type"],
                "reason_placement_change": data["reason_placement_change"],
                "same_carer": data["same_carer"] == "yes",
                "legal_status": data["legal_status"] or None,
                "placement_details": self.placement_details()}


class CeaseForm(CareForm):
    aliases = {"change_date": "end_date"}
    end_date = date_field("Date the child ceased to be looked after",
                     "Enter the date the child ceased to be looked after",
                     help_text="DEC. For example, 27 3 2026")
    reason_ceased = select("Reason care ended (REC)",
                            coded(REASON_EPISODE_CEASED, leave_out={"X1"}), "Choose a reason")


# --- Reviews, visits, the IRO and plans -----------------------------------------------

class ReviewForm(CareForm):
    review_date = date_field("Date of the review", "Enter the date of the review")
    participation = radios("How did the child take part? (REVIEW_CODE)",
                            coded(REVIEW_PARTICIPATION), "Select how the child took part")
    iro = StaffChoice("Independent reviewing officer who chaired it")
    decisions = text("Decisions", rows=6)


class VisitForm(CareForm):
    visit_date = date_field("Date of the visit", "Enter the date of the visit")
    child_seen = radios("Was the child seen?", YES_NO, "Say whether the child was seen")
    child_seen_alone = radios("Was the child seen alone?", YES_NO,
                               "Say whether the child was seen alone")
    notes = text("Notes", rows=4)

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"visit_date": data["visit_date"], "child_seen": data["child_seen"] == "yes",
                "child_seen_alone": data["child_seen_alone"] == "yes", "notes": data["notes"]}


class VisitRequestForm(CareForm):
    reason = radios("Why is a visit needed?", VisitRequest.Reason.choices,
                    "Say why a visit is needed")
    requested_date = date_field("Date the visit was asked for, or we were told",
                                "Enter the date the visit was asked for")
    notes = text("Notes", rows=3)


class IROForm(CareForm):
    iro = StaffChoice("Independent reviewing officer", "Choose the independent reviewing officer")
    start_date = date_field("Date allocated", "Enter the date the IRO was allocated")


class CarePlanForm(CareForm):
    plan_date = date_field("Date of the care plan", "Enter the date of the care plan")
    permanence_plan = select("Permanence plan", [(p, p) for p in PERMANENCE_PLANS],
                              "Not decided yet", required=False)


class PlacementPlanForm(CareForm):
    plan_date = date_field("Date of the placement plan", "Enter the date of the placement plan",
                      help_text="For the placement the child was in on that date. "
                                "For example, 27 3 2026")


# --- Health and education -------------------------------------------------------------

class HealthAssessmentForm(CareForm):
    kind = radios("Which assessment?", HealthAssessment.Kind.choices,
                   "Select which assessment it was")
    assessment_date = date_field("Date of the assessment", "Enter the date of the assessment")


class HealthCheckForm(CareForm):
    kind = radios("Which check?", HealthCheck.Kind.choices, "Select which check it was")
    check_date = date_field("Date of the check", "Enter the date of the check")


class SDQForm(CareForm):
    sdq_date = date_field("Date of the questionnaire", "Enter the date of the questionnaire")
    score = forms.IntegerField(label="Score", required=False, min_value=0, max_value=40,
                               help_text="From 0 to 40",
                               error_messages={"invalid": "Enter the score as a whole number",
                                               "min_value": "An SDQ score is from 0 to 40",
                                               "max_value": "An SDQ score is from 0 to 40"},
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    reason = select("Or the reason there is no score", coded(SDQ_REASON), "There is a score",
                     required=False)


class PEPForm(CareForm):
    pep_date = date_field("Date of the personal education plan", "Enter the date of the plan")
    school = text("School or setting", max_length=200)
    virtual_school_contact = text("Virtual school contact", max_length=200)


# --- Missing, UASC, adoption and previous permanence ----------------------------------

class MissingForm(CareForm):
    kind = radios("Was the child missing or away?", [
        ("M", "Missing: whereabouts unknown (M)"),
        ("A", "Away from placement without authorisation: whereabouts known (A)")],
        "Say whether the child was missing or away")
    start_date = date_field("Date they went missing", "Enter the date they went missing")
    end_date = date_field("Date they returned", help_text="Leave blank if they have not returned")


class ReturnForm(CareForm):
    end_date = date_field("Date they returned", "Enter the date they returned")
    return_interview_offered = date_field("Date a return home interview was offered",
                                     help_text="Within 72 hours of the return. Leave blank "
                                               "if not offered yet")
    return_interview_accepted = radios("Did they accept the interview?", YES_NO_UNKNOWN, "",
                                        required=False)

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {**data, "return_interview_accepted": yes_or_none(data["return_interview_accepted"])}


class UASCForm(CareForm):
    start_date = date_field("Date UASC status started", "Enter the date UASC status started")
    ceased_date = date_field("Date UASC status ceased (DUC)",
                        help_text="No later than the 18th birthday. Leave blank if it has not")


class AdoptionForm(CareForm):
    decision_date = date_field("Date of the decision that the child should be placed for adoption",
                          "Enter the date of the decision", help_text="DATE_INT")
    placement_order_date = date_field("Date of the placement order")
    matched_date = date_field("Date matched with adopters", help_text="DATE_MATCH")
    placed_date = date_field("Date placed for adoption")
    adoption_order_date = date_field("Date of the adoption order")
    reversed_date = date_field("Date of the decision that the child should no longer be placed",
                          help_text="Only if the plan for adoption ended")
    reversal_reason = select("Reason no longer to be placed", coded(REASON_PLACED_CEASED),
                              "Not applicable", required=False)
    foster_carer_adopting = radios("Is the child's foster carer adopting?", YES_NO_UNKNOWN, "",
                                    required=False)
    number_of_adopters = forms.TypedChoiceField(
        label="Number of adopters", coerce=int, empty_value=None, required=False,
        choices=[("", "Not known yet"), ("1", "1"), ("2", "2")])
    adopters_sex = select("Sex of adopters (SEX_ADOPTR)", coded(ADOPTER_SEX), "Not known yet",
                           required=False)
    adopters_legal_status = select("Legal status of adopters (LS_ADOPTR)",
                                    coded(ADOPTER_LEGAL_STATUS), "Not known yet",
                                    required=False)

    @classmethod
    def initial_from(cls, adoption) -> dict:
        if adoption is None:
            return {}
        initial = {name: getattr(adoption, name) for name in cls.base_fields}
        adopting = adoption.foster_carer_adopting
        initial["foster_carer_adopting"] = "" if adopting is None else "yes" if adopting else "no"
        return initial

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {**data, "foster_carer_adopting": yes_or_none(data["foster_carer_adopting"])}


ORDER_DATE = re.compile(r"^(\d{2}|zz)/(\d{2}|zz)/\d{4}$", re.IGNORECASE)


class PreviousPermanenceForm(CareForm):
    kind = radios("Before entering care, was the child under a permanence order?",
                   coded(PREVIOUS_PERMANENCE), "Select the previous permanence order, or none")
    local_authority = text("Local authority that made the order", max_length=9,
                            help_text="The 3-digit DfE LA number, like 330")
    order_date = text("Date of the order", max_length=10,
                       help_text="DD/MM/YYYY. Write zz for a day or month not known, like "
                                 "zz/06/2019")

    def clean_order_date(self):
        value = self.cleaned_data["order_date"].strip()
        if value and not ORDER_DATE.match(value):
            raise forms.ValidationError("Enter the date as DD/MM/YYYY, with zz for a day or "
                                        "month not known, like zz/06/2019")
        return value.lower()

    def clean(self):
        data = super().clean()
        if data.get("kind") == "Z1":
            for name in ("local_authority", "order_date"):
                if data.get(name):
                    self.add_error(name, "Leave this blank: the child had no previous "
                                         "permanence order (SSDA903 rule 635)")
        return data
