"""Forms for the steps of the journey, one per action.

A form only parses what the worker typed; the rules between steps live in ``rules.py`` and
come back from the action as ``RuleViolation`` problems, which ``add_problems`` puts on the
field they name, so the GOV.UK error summary links to it and nothing typed is lost.
"""

import datetime

from django import forms
from django.utils import timezone

from opencsc.codes.cin import (
    ASSESSMENT_FACTORS,
    CATEGORY_OF_ABUSE,
    CLOSURE_REASON,
    PRIMARY_NEED,
    REFERRAL_SOURCE,
)
from opencsc.core.forms import DateField, GovukForm

from .models import (
    Assessment,
    Contact,
    CPPlan,
    CPReview,
    InitialConference,
    Referral,
    Section47,
    StrategyAttendee,
    StrategyDiscussion,
    Visit,
)


def _select(label, choices, prompt, **kwargs):
    return forms.ChoiceField(label=label, choices=[("", prompt), *choices], **kwargs)


def _radios(label, choices, required_message, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": required_message}, **kwargs)


def _date(label, required_message, **kwargs):
    return DateField(label=label, help_text=kwargs.pop("help_text", "For example, 27 3 2026"),
                     error_messages={"required": required_message}, **kwargs)


def _text(label, *, rows=5, required=False, **kwargs):
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class StepForm(GovukForm):
    """A step's form. ``refuse`` names why the step can no longer be taken, if it cannot."""

    def __init__(self, *args, refuse: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.refuse = refuse

    def clean(self):
        data = super().clean()
        if self.refuse:
            raise forms.ValidationError(self.refuse)
        return data

    def add_problems(self, problems) -> None:
        """Put each (field, message) an entry rule returned on its field, or above the form."""
        for field, message in problems:
            self.add_error(field if field in self.fields else None, message)


# --- Contact -----------------------------------------------------------------------------

class ContactForm(StepForm):
    children = forms.MultipleChoiceField(
        label="Which children is the contact about?", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the child or children the contact is about"})
    received_date = _date("Date the contact was received", "Enter the date the contact was "
                          "received", not_in_future=True)
    received_time = forms.TimeField(
        label="Time it was received", input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time the contact was received",
                        "invalid": "Enter the time like 09:15 or 14:30"})
    contactor_name = forms.CharField(
        label="Who made contact?", max_length=200, help_text="Their name",
        error_messages={"required": "Enter the name of the person who made contact"})
    contactor_role = forms.CharField(
        label="Their role or relationship to the child", max_length=200, required=False,
        help_text="For example, head teacher, health visitor, grandmother")
    source = _select("Source of the contact", REFERRAL_SOURCE.choices(),
                     "Select the source", error_messages={"required": "Select the source of "
                                                          "the contact"})
    concern = _text("What is the concern?", rows=6, required=True,
                    error_messages={"required": "Describe the concern"})
    consent = _radios("Consent to share information", Contact.Consent.choices,
                      "Select whether consent was given")
    legal_basis = _radios("Legal basis for sharing", Contact.LegalBasis.choices,
                          "Select the legal basis for sharing")

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [(str(c.pk), _child_label(c)) for c in children]

    def received_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["received_date"],
                                                             data["received_time"]))

    def clean(self):
        data = super().clean()
        if data.get("received_date") and data.get("received_time") and \
                self.received_at() > timezone.now():
            self.add_error("received_time", "The time the contact was received must be now or "
                           "in the past")
        return data

    def details(self) -> dict:
        fields = ("contactor_name", "contactor_role", "source", "concern", "consent",
                  "legal_basis")
        return {"received_at": self.received_at(), **{f: self.cleaned_data[f] for f in fields}}


def _child_label(child) -> str:
    born = f", born {child.date_of_birth:%-d %B %Y}" if child.date_of_birth else ""
    return f"{child.full_name} ({child.la_child_id}{born})"


class ContactSearchForm(forms.Form):
    name = forms.CharField(label="Child's name", max_length=200, required=False,
                           help_text="Any of the child's names, in any order")


class ContactDecisionForm(StepForm):
    outcome = _radios("What is the decision?", Contact.Outcome.choices, "Select the decision")
    team = forms.ModelChoiceField(
        label="Team to pass the referral to", queryset=None, required=False,
        empty_label="Select a team", help_text="Only for a referral to children's social care")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Contact.Outcome.REFERRAL and not data.get("team"):
            self.add_error("team", "Select the team to pass the referral to")
        return data


# --- Referral and assessment -------------------------------------------------------------

class ReferralForm(StepForm):
    referral_date = _date("Referral date", "Enter the referral date")
    source = _select("Source of the referral", REFERRAL_SOURCE.choices(),
                     "Select the source", error_messages={"required": "Select the source of "
                                                          "the referral"})
    next_step = _radios("What happens next?", Referral.NextStep.choices,
                        "Select what happens next",
                        help_text="‘No further action’ records the referral and closes it "
                                  "the same day")


class AssessmentStartForm(StepForm):
    start_date = _date("Date the assessment started", "Enter the date the assessment started")


class AssessmentForm(StepForm):
    child_seen_date = DateField(label="Date the child was seen", required=False,
                                help_text="For example, 27 3 2026. Leave blank until you have "
                                          "seen the child")
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    wishes_and_feelings = _text("The child's wishes and feelings", rows=8,
                                help_text="In the child's own words where you can")
    analysis = _text("Analysis", rows=10,
                     help_text="What you found, what it means for the child, and why")
    factors = forms.MultipleChoiceField(
        label="Factors identified at assessment", required=False,
        choices=ASSESSMENT_FACTORS.choices(), widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or ‘No factors identified’")
    primary_need = _select("Primary need", PRIMARY_NEED.choices(), "Select the primary need",
                           required=False)
    outcome = _radios("Outcome of the assessment", Assessment.Outcome.choices, "", required=False)

    DRAFT_FIELDS = ("child_seen_date_0", "child_seen_date_1", "child_seen_date_2",
                    "child_seen_alone", "wishes_and_feelings", "analysis", "factors",
                    "primary_need", "outcome")

    BOXES = ("child_seen_alone", "factors")  # a browser sends an unticked box as nothing

    @classmethod
    def draft_from(cls, post) -> dict:
        """What to keep of an autosaved POST: this form's fields, as lists of strings, with
        the boxes left unticked kept as empty lists."""
        if not any(name in post for name in cls.DRAFT_FIELDS):
            return {}
        return {name: post.getlist(name) for name in cls.DRAFT_FIELDS
                if name in post or name in cls.BOXES}

    @classmethod
    def initial_from_draft(cls, draft: dict) -> dict:
        """The draft's values, shown as typed (even a half-typed date) without judging them."""
        def one(name):
            return (draft.get(name) or [""])[0]

        initial = {name: one(name) for name in ("wishes_and_feelings", "analysis",
                                                 "primary_need", "outcome") if name in draft}
        if any(f"child_seen_date_{i}" in draft for i in range(3)):
            initial["child_seen_date"] = [one(f"child_seen_date_{i}") for i in range(3)]
        if "child_seen_alone" in draft:
            initial["child_seen_alone"] = bool(one("child_seen_alone"))
        if "factors" in draft:
            initial["factors"] = draft["factors"]
        return initial


class AuthoriseForm(StepForm):
    authorisation_date = _date("Date of authorisation", "Enter the date of authorisation")


# --- Plans and visits --------------------------------------------------------------------

class CINPlanStartForm(StepForm):
    start_date = _date("Date the plan started", "Enter the date the plan started")


class CINPlanReviewForm(StepForm):
    review_date = _date("Date of the review", "Enter the date of the review")
    notes = _text("Notes from the review")


class PlanEndForm(StepForm):
    end_date = _date("Date the plan ended", "Enter the date the plan ended")


class CPPlanEndForm(PlanEndForm):
    end_reason = _radios("Why did the plan end?", CPPlan.EndReason.choices,
                         "Select why the plan ended")


class VisitForm(StepForm):
    kind = _radios("Kind of visit", Visit.Kind.choices, "Select the kind of visit")
    visit_date = _date("Date of the visit", "Enter the date of the visit")
    child_seen = forms.BooleanField(label="The child was seen", required=False, initial=True)
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    notes = _text("Notes", help_text="Record the visit in full as a case note")

    def clean(self):
        data = super().clean()
        if data.get("child_seen_alone") and not data.get("child_seen"):
            self.add_error("child_seen_alone", "A child seen alone was seen: select ‘The child "
                           "was seen’ too, or clear ‘seen alone’")
        return data


# --- Strategy discussion, section 47, conference and child protection plan ---------------

AGENCIES = StrategyAttendee.Agency


class StrategyForm(StepForm):
    discussion_date = _date("Date of the strategy discussion", "Enter the date of the "
                            "strategy discussion")
    decision = _radios("Decision", StrategyDiscussion.Decision.choices, "Select the decision")
    other_agency = forms.CharField(label="Name of the other agency", max_length=200,
                                   required=False)
    notes = _text("Notes", help_text="Who took part, what was shared and why the decision was "
                                     "made")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for agency in AGENCIES:
            for what in ("invited", "attended"):
                self.fields[f"{agency.value}_{what}"] = forms.BooleanField(
                    label=f"{agency.label}: {what}", required=False)

    def agency_rows(self):
        """One row per agency: its label and its invited and attended boxes."""
        return [(agency.label, self[f"{agency.value}_invited"], self[f"{agency.value}_attended"])
                for agency in AGENCIES]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"{a.value}_invited") or data.get(f"{a.value}_attended")
                   for a in AGENCIES):
            self.add_error(None, "Select the agencies invited to the strategy discussion")
        takes_part = data.get("other_invited") or data.get("other_attended")
        if takes_part and not data.get("other_agency"):
            self.add_error("other_agency", "Enter the name of the other agency")
        return data

    def attendees(self) -> list[dict]:
        data, rows = self.cleaned_data, []
        for agency in AGENCIES:
            attended = data[f"{agency.value}_attended"]
            if data[f"{agency.value}_invited"] or attended:
                name = data["other_agency"] if agency == AGENCIES.OTHER else ""
                rows.append({"agency": agency.value, "name": name, "invited": True,
                             "attended": attended})
        return rows


class Section47ConcludeForm(StepForm):
    end_date = _date("Date the enquiry ended", "Enter the date the enquiry ended")
    outcome = _radios("Outcome of the enquiry", Section47.Outcome.choices,
                      "Select the outcome of the enquiry",
                      help_text="Any outcome other than a conference records ‘initial "
                                "conference not required’")


class ConferenceForm(StepForm):
    conference_date = _date("Date of the conference", "Enter the date of the conference",
                            help_text="A working day, for example 27 3 2026")
    decision = _radios("Decision of the conference", InitialConference.Decision.choices,
                       "Select the decision of the conference")
    initial_category = _radios("Category of abuse", CATEGORY_OF_ABUSE.choices(), "",
                               required=False, help_text="Only when a plan is decided")
    previous_plans = forms.IntegerField(
        label="Number of previous child protection plans", min_value=0, max_value=50,
        help_text="Plans this child has had before, here or in another council",
        error_messages={"required": "Enter the number of previous plans, or 0",
                        "invalid": "Enter the number of previous plans as a number, like 0 or 2",
                        "min_value": "The number of previous plans cannot be negative"})


class CoreGroupForm(StepForm):
    meeting_date = _date("Date of the core group meeting", "Enter the date of the core group "
                         "meeting")


class CPReviewForm(StepForm):
    review_date = _date("Date of the review conference", "Enter the date of the review "
                        "conference")
    decision = _radios("Decision of the review", CPReview.Decision.choices,
                       "Select the decision of the review")
    latest_category = _select("Latest category of abuse", CATEGORY_OF_ABUSE.choices(),
                              "Unchanged", required=False,
                              help_text="Only if the review changed the category")


# --- Closure -----------------------------------------------------------------------------

class ClosureForm(StepForm):
    closure_date = _date("Date the episode closes", "Enter the date the episode closes")
    reason = _radios("Reason for closure", CLOSURE_REASON.choices(),
                     "Select the reason for closure: a case cannot be closed without one")
    summary = _text("Closing summary", rows=6, required=True,
                    help_text="What was done, how the child is now, and why the case can close",
                    error_messages={"required": "Write a closing summary"})
    needs_unmet_service_unavailable = forms.BooleanField(
        label="Needs remain unmet because a service is unavailable", required=False,
        help_text="Closing a case for lack of a service is reported, so that it can be seen")
    unavailable_service = forms.CharField(label="Which service is unavailable?", max_length=200,
                                          required=False, help_text="Only when needs remain unmet")

    def clean(self):
        data = super().clean()
        if data.get("needs_unmet_service_unavailable") and not data.get("unavailable_service"):
            self.add_error("unavailable_service", "Say which service is unavailable")
        return data

    def details(self) -> dict:
        return dict(self.cleaned_data)


class ClosureDecisionForm(StepForm):
    decision = _radios("Your decision", [("approve", "Approve the closure"),
                                         ("decline", "Decline: the case stays open")],
                       "Select whether you approve the closure")
    note = _text("Note to the social worker", rows=4,
                 help_text="Required when you decline: say what needs to happen first")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("note", "").strip():
            self.add_error("note", "Say why you are declining the closure")
        return data
