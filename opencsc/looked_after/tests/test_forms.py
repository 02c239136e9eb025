"""Forms that parse what a worker typed before any action runs."""

from opencsc.looked_after.forms import PreviousPermanenceForm


def permanence(order_date: str) -> PreviousPermanenceForm:
    return PreviousPermanenceForm({"kind": "P2", "local_authority": "330",
                                   "order_date": order_date})


def test_previous_permanence_refuses_an_order_date_not_in_the_ssda903_form():
    form = permanence("2019-06-01")
    assert not form.is_valid()
    assert "Enter the date as DD/MM/YYYY" in form.errors["order_date"][0]


def test_previous_permanence_takes_zz_for_an_unknown_day_or_month_in_lower_case():
    for typed, kept in [("01/06/2019", "01/06/2019"), ("ZZ/06/2019", "zz/06/2019"),
                        (" zz/zz/2019 ", "zz/zz/2019"), ("", "")]:
        form = permanence(typed)
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["order_date"] == kept


def test_no_previous_permanence_z1_takes_no_order_date_or_la_citing_rule_635():
    form = PreviousPermanenceForm({"kind": "Z1", "local_authority": "330",
                                   "order_date": "01/06/2019"})
    assert not form.is_valid()
    assert "rule 635" in form.errors["order_date"][0]
    assert "rule 635" in form.errors["local_authority"][0]
    assert PreviousPermanenceForm({"kind": "Z1"}).is_valid()
