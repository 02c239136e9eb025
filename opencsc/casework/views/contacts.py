"""Recording a contact at the front door, and deciding what happens next."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.organisations.models import Team
from opencsc.people import access as people_access
from opencsc.people import search

from .. import access, actions, episodes, forms
from ._common import form_page, posted, today

MAX_CHILDREN = 10  # siblings in one contact; more is almost certainly a mistake


def _ids(values) -> list[int]:
    found = []
    for value in values[:MAX_CHILDREN]:
        if value.isdigit() and int(value) not in found:
            found.append(int(value))
    return found


@login_required
def contact_new(request):
    access.require_recorder(request.user)
    chosen = [people_access.child_for_user(request.user, pk, purpose="contact")
              for pk in _ids(request.GET.getlist("child"))]
    form = forms.ContactForm(posted(request), children=chosen,
                             initial={"children": [str(c.pk) for c in chosen],
                                      "received_date": today()})

    def save(data):
        children = [people_access.child_for_contact_for_user(request.user, pk)
                    for pk in data["children"]]
        contact = actions.record_contact(actor=request.user, children=children,
                                         details=form.details())
        return reverse("casework:contact", args=[contact.pk])

    context = {"chosen": chosen, **_search(request, chosen)}
    return form_page(request, "casework/contact_new.html", form, context, save,
                     "Contact recorded. Decide what happens next within 1 working day.")


def _search(request, chosen) -> dict:
    """Children the user can see whose names match, to add to the contact."""
    search_form = forms.ContactSearchForm(request.GET)
    name = search_form.data.get("name", "").strip()[:200]
    if not name:
        return {"search_form": search_form, "results": None}
    visible = people_access.children_for_user(request.user).exclude(pk__in=[c.pk for c in chosen])
    results = search.search(visible, search.Criteria(name=name), limit=20)
    audit.record_now(request.user, AuditAction.SEARCH, object_type="people.person",
                     reason=str({"name": name, "for": "contact"}))
    keep = "".join(f"child={c.pk}&" for c in chosen)
    return {"search_form": search_form, "results": results, "keep": keep}


def _teams(user):
    """Teams of the user's organisation, and of the organisation delivering for it."""
    employer = user.staff.employer
    organisations = [employer, *employer.delivered_by.all()]
    return Team.objects.filter(service_area__organisation__in=organisations)


@login_required
def contact(request, pk):
    found = access.contact_for_user(request.user, pk)
    visible = people_access.children_for_user(request.user)
    children = list(found.children.filter(pk__in=visible))
    if request.method == "POST":
        access.require_recorder(request.user)
        for child in found.children.all():
            people_access.child_for_contact_for_user(request.user, child.pk)
    form = forms.ContactDecisionForm(posted(request), teams=_teams(request.user),
                                     refuse=_decided(found))

    def save(data):
        actions.decide_contact(found, actor=request.user, outcome=data["outcome"],
                               team=data["team"])
        return _after_decision(request.user, found, children)

    context = {"contact": found, "children": children,
               "can_decide": _can_decide(request.user, found),
               "referrals": found.referral_set.filter(child__in=visible).select_related("child"),
               "timescales": episodes.timescales(_one_per_rule(found.deadlines.all()))}
    return form_page(request, "casework/contact.html", form, context, save, "Decision recorded")


def _one_per_rule(deadlines):
    """A contact about siblings has a deadline for each child, all due the same day."""
    return list({d.rule: d for d in deadlines}.values())


def _decided(contact) -> str:
    return "A decision has already been recorded on this contact" if contact.outcome else ""


def _can_decide(user, contact) -> bool:
    return not contact.outcome and all(people_access.may_record_contact(user, child)
                                       for child in contact.children.all())


def _after_decision(user, contact, children) -> str:
    """Back to the contact, unless the referral went to a team the user cannot see."""
    if people_access.children_for_user(user).filter(pk__in=[c.pk for c in children]).exists():
        return reverse("casework:contact", args=[contact.pk])
    return reverse("core:home")
