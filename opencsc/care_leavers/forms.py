"""Forms for care-leaver support, one per action. Entry rules come back from the action and
are put on the field they name (``CareForm.add_problems``)."""


from opencsc.codes.ssda903 import ACCOMMODATION_TYPE, ACTIVITY, IN_TOUCH
from opencsc.looked_after.fields import (
    YES_NO,
    CareForm,
    StaffChoice,
    coded,
    date_field,
    radios,
    select,
    text,
    yes_or_none,
)


class NeedsAssessmentForm(CareForm):
    assessment_date = date_field("Date the needs assessment was completed",
                            "Enter the date the needs assessment was completed")


class PathwayPlanForm(CareForm):
    plan_date = date_field("Date of the plan or review", "Enter the date of the plan or review")
    is_review = radios("Is this a review of the pathway plan?", [
        ("no", "No, a new pathway plan"), ("yes", "Yes, a review")],
        "Say whether this is a new plan or a review")
    summary = text("Summary", rows=5)

    def action_kwargs(self) -> dict:
        return {**self.cleaned_data, "is_review": self.cleaned_data["is_review"] == "yes"}


class PersonalAdviserForm(CareForm):
    adviser = StaffChoice("Personal adviser", "Choose the personal adviser")
    start_date = date_field("Date appointed", "Enter the date the adviser was appointed")


class KeepInTouchForm(CareForm):
    contact_date = date_field("Date of the contact", "Enter the date of the contact",
                         help_text="On or around the 17th to 21st birthdays. For example, "
                                   "27 3 2026")
    in_touch = radios("Is the council in touch with the young person? (IN_TOUCH)",
                       coded(IN_TOUCH), "Say whether you are in touch with the young person")
    activity = select("Main activity (ACTIV)", coded(ACTIVITY), "Choose an activity",
                       required=False)
    accommodation = select("Accommodation (ACCOM)", coded(ACCOMMODATION_TYPE),
                            "Choose the accommodation", required=False)
    accommodation_suitable = radios("Is the accommodation suitable?", YES_NO, "",
                                     required=False)

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {**data, "accommodation_suitable": yes_or_none(data["accommodation_suitable"])}


class StayingPutForm(CareForm):
    carer_name = text("Name of the former foster carers", required=True, max_length=200,
                       error_messages={"required": "Enter the name of the former foster "
                                                   "carers"})
    start_date = date_field("Date Staying Put started", "Enter the date Staying Put started")
