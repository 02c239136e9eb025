"""The contract pages: the council's contracts with the trust, each contract's measures
and targets, and the forms that change them. HTTP only: scope is in contract_access.py,
rules in contract.py (through forms.py), writes in actions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from . import access, actions, contract_access, forms
from . import contract as rules
from .status import plain_direction
from .views import _context, _posted, _scope  # the other oversight pages' own helpers


def _page(request, council, template, **extra):
    return render(request, f"oversight/{template}.html", _context(
        request, council, access.councils_for_user(request.user),
        can_edit_contract=contract_access.can_edit_contract(request.user), **extra))


def _back_to(contract) -> dict:
    return {"back": reverse("oversight:contract", args=[contract.pk]), "back_name": contract.name}


@login_required
def contracts(request):
    _, council = _scope(request)
    today = timezone.localdate()
    found = contract_access.contracts_of(council)
    return _page(request, council, "contracts",
                 contracts=[(c, c.in_force_on(today)) for c in found])


@login_required
def contract(request, pk):
    found = contract_access.contract_for_user(request.user, pk)
    day = rules.day_to_show(found, timezone.localdate())
    return _page(request, found.council, "contract", contract=found, day=day,
                 lines=rules.lines_on(found, day), changes=rules.history(found))


@login_required
def contract_new(request):
    contract_access.require_contract_editor(request.user)
    _, council = _scope(request)
    provider = council.delivered_by.first()
    if provider is None:
        raise Http404("No trust delivers this council's children's services.")
    form = forms.ContractForm(_posted(request), council=council)
    if request.method == "POST" and form.is_valid():
        created = actions.agree_contract(actor=request.user, council=council,
                                         provider=provider, **form.cleaned_data)
        messages.success(request, f"{created.name} added")
        return redirect("oversight:contract", pk=created.pk)
    back = f"{reverse('oversight:contracts')}?council={council.la_code}"
    return _page(request, council, "contract_new", form=form, provider=provider, back=back,
                 back_name="Contracts")


@login_required
def contract_measure_new(request, pk):
    contract_access.require_contract_editor(request.user)
    found = contract_access.contract_for_user(request.user, pk)
    form = forms.ContractMeasureForm(_posted(request), contract=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        direction = plain_direction(rules.catalogue_entry(data["code"]).direction)
        actions.add_contract_measure(found, actor=request.user, direction=direction, **data)
        messages.success(request, f"{rules.title_of(data['code'])} added to the contract")
        return redirect("oversight:contract", pk=found.pk)
    return _page(request, found.council, "contract_measure_new", form=form, contract=found,
                 **_back_to(found))


@login_required
def contract_target_new(request, pk):
    return _change_measure(request, pk, forms.ContractTargetForm, actions.set_contract_target,
                           "New target for {title} from {day}", "contract_target_new")


@login_required
def contract_measure_remove(request, pk):
    return _change_measure(request, pk, forms.ContractRemovalForm,
                           actions.remove_contract_measure,
                           "{title} removed from the contract from {day}",
                           "contract_measure_remove")


def _change_measure(request, pk, form_class, act, done: str, template: str):
    """A change to one measure from a date: ``act`` is the action that records it."""
    contract_access.require_contract_editor(request.user)
    measure = contract_access.contract_measure_for_user(request.user, pk)
    form = form_class(_posted(request), measure=measure, initial=_current(measure))
    if request.method == "POST" and form.is_valid():
        act(measure, actor=request.user, **form.cleaned_data)
        messages.success(request, done.format(title=rules.title_of(measure.code),
                                              day=rules.long_date(form.cleaned_data["from_date"])))
        return redirect("oversight:contract", pk=measure.contract.pk)
    return _measure_page(request, measure, template, form)


def _current(measure) -> dict:
    now = rules.in_force_on(measure, rules.day_to_show(measure.contract, timezone.localdate()))
    return {"tolerance": f"{now.tolerance.normalize():f}"} if now else {}  # 2, not 2.00


def _measure_page(request, measure, template, form):
    day = rules.day_to_show(measure.contract, timezone.localdate())
    return _page(request, measure.contract.council, template, form=form, measure=measure,
                 contract=measure.contract, title=rules.title_of(measure.code),
                 now=rules.in_force_on(measure, day), day=day, unit=rules.unit_of(measure.code),
                 **_back_to(measure.contract))
