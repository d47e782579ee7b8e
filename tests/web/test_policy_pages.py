"""The policy editor: owners change a ladder after a preview; the law and history can refuse."""

from datetime import timedelta

import pytest
from django.urls import reverse

from innen.collection.models import Action, Policy, PolicyChange, PolicyStep, SegmentPolicy
from innen.daily import run_day
from innen.organisations.models import Role
from tests import factories
from tests.personas import member

pytestmark = pytest.mark.django_db

STEP_FIELDS = ("kind", "name", "offset_days", "anchor", "day_count", "pay_term_days")
FLAGS = ("claims_interest", "claims_costs", "needs_approval")


def policy_of(org, kind="business") -> Policy:
    return Policy.objects.get(organisation=org, customer_kind=kind, is_default=True)


def steps_of(policy):
    return list(policy.steps.order_by("position"))


def snapshot(policy):
    return [
        (s.pk, s.position, s.kind, s.offset_days, s.claims_costs, s.channels)
        for s in steps_of(policy)
    ]


def form_data(policy, steps=None, new=None, delete=(), **change):
    """The editor as a browser posts it: the stored policy, with `steps` changes per index
    ({index: {field: value}}), `new` as the extra row, the steps at `delete` removed."""
    stored = steps_of(policy)
    rows = len(stored) + 1
    data = {
        "name": policy.name,
        "segments": ", ".join(
            SegmentPolicy.objects.filter(policy=policy).values_list("segment", flat=True)
        ),
        "late_start": policy.late_start,
        "min_days_between_messages": str(policy.min_days_between_messages),
        "steps-TOTAL_FORMS": str(rows),
        "steps-INITIAL_FORMS": str(len(stored)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "30",
    }
    if policy.is_default:
        data["is_default"] = "on"
    if policy.skip_passed_steps:
        data["skip_passed_steps"] = "on"
    for index, step in enumerate(stored):
        values = {name: getattr(step, name) for name in (*STEP_FIELDS, *FLAGS)}
        values.update({"channels": step.channels, "min_open_amount": str(step.min_open_amount)})
        values.update((steps or {}).get(index, {}))
        prefix = f"steps-{index}-"
        data[prefix + "id"] = str(step.pk)
        data[prefix + "ORDER"] = str(index + 1)
        for name in STEP_FIELDS:
            data[prefix + name] = "" if values[name] is None else str(values[name])
        data[prefix + "min_open_amount"] = values["min_open_amount"].replace(".", ",")
        data[prefix + "channels"] = list(values["channels"])
        for flag in FLAGS:
            if values[flag]:
                data[prefix + flag] = "on"
        if index in delete:
            data[prefix + "DELETE"] = "on"
    for name, value in (new or {}).items():
        data[f"steps-{rows - 1}-{name}"] = value
    data.update(change)
    return data


def edit_url(policy):
    return reverse("policy-edit", args=[policy.pk])


def overdue_invoice(org, today, days, **fields):
    customer = factories.customer(org)
    return factories.invoice(
        org, customer, due=today - timedelta(days=days), issue_date=today - timedelta(days=40)
    )


def test_every_member_sees_the_policies_in_dutch(viewer_client, org):
    policy = policy_of(org)
    html = viewer_client.get(reverse("policies")).content.decode()
    assert "Aanmaningsbeleid" in html
    assert policy.name in html
    page = viewer_client.get(edit_url(policy))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Betalingsherinnering" in text
    assert "Voorbeeld" not in text  # no buttons for a viewer
    assert "Alleen de eigenaren" in text


def test_an_owner_changes_a_step_and_saves_it_in_place(client_alice, org):
    policy = policy_of(org)
    reminder = steps_of(policy)[1]
    data = form_data(policy, steps={1: {"offset_days": 10, "name": "Herinnering"}})
    data["save"] = "1"
    response = client_alice.post(edit_url(policy), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    reminder.refresh_from_db()
    assert (reminder.offset_days, reminder.name, reminder.position) == (10, "Herinnering", 1)
    page = client_alice.get(response["Location"]).content.decode()
    assert "opgeslagen" in page
    change = PolicyChange.objects.get(policy=policy)
    assert change.changed_by.username == "alice"
    assert change.before["steps"][1]["offset_days"] == 7
    assert change.after["steps"][1]["offset_days"] == 10


def test_the_empty_last_row_as_a_browser_posts_it_adds_no_step(client_alice, org):
    policy = policy_of(org)
    before = snapshot(policy)
    # A browser posts the first choice of each of the row's lists, and its empty boxes.
    empty_row = {"kind": "pre_due_notice", "anchor": "due_date", "day_count": "calendar"}
    empty_row |= {"ORDER": "", "name": "", "offset_days": "", "min_open_amount": ""}
    data = form_data(policy, steps={1: {"offset_days": 10}}, new=empty_row, save="1")
    response = client_alice.post(edit_url(policy), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(snapshot(policy)) == len(before)
    assert steps_of(policy)[1].offset_days == 10


def test_an_owner_adds_a_step_and_sets_the_segments(client_alice, org):
    policy = policy_of(org)
    count = policy.steps.count()
    new = {
        "kind": "suspension_notice",
        "name": "Levering gestopt",
        "offset_days": "60",
        "anchor": "due_date",
        "day_count": "calendar",
        "channels": ["email"],
        "min_open_amount": "500,00",
    }
    data = form_data(policy, new=new, segments="horeca, zorg", save="1")
    assert client_alice.post(edit_url(policy), data).status_code == 302
    added = steps_of(policy)[-1]
    assert (added.kind, added.position, str(added.min_open_amount)) == (
        "suspension_notice",
        count,
        "500.00",
    )
    assert policy.steps.count() == count + 1
    segments = SegmentPolicy.objects.filter(policy=policy).values_list("segment", flat=True)
    assert sorted(segments) == ["horeca", "zorg"]


def test_a_consumer_ladder_claiming_costs_before_the_14_day_letter_is_refused_with_the_reason(
    client_alice, org
):
    policy = policy_of(org, "consumer")
    before = snapshot(policy)
    data = form_data(policy, steps={3: {"claims_costs": True}}, save="1")
    response = client_alice.post(edit_url(policy), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Niet opgeslagen" in html
    assert "veertiendagenbrief" in html
    assert "Tweede herinnering" in html  # names the step
    assert snapshot(policy) == before


def test_the_preview_shows_before_and_after_and_saves_nothing(client_alice, org, today):
    invoice = overdue_invoice(org, today, 3)  # its reminder is due in four days
    policy = policy_of(org)
    before = snapshot(policy)
    data = form_data(policy, steps={1: {"offset_days": 12}}, preview="1")
    response = client_alice.post(edit_url(policy), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbeeld: de komende 30 dagen" in html
    assert invoice.number in html  # among the invoices that change
    assert " → " in html
    preview = response.context["preview"]
    assert sum(d.by_kind["reminder"] for d in preview.before) == 1
    moved = [d.day for d in preview.after if d.by_kind["reminder"]]
    assert moved and all(day > today + timedelta(days=4) for day in moved)
    assert snapshot(policy) == before
    assert not Action.objects.exists()
    assert not PolicyChange.objects.exists()


def test_a_refused_change_has_no_preview_but_its_reasons(client_alice, org):
    policy = policy_of(org, "consumer")
    data = form_data(policy, steps={3: {"claims_costs": True}}, preview="1")
    response = client_alice.post(edit_url(policy), data)
    assert response.context["preview"] is None
    assert "veertiendagenbrief" in response.content.decode()


def test_a_taken_step_stays_and_keeps_its_kind(client_alice, org, today):
    overdue_invoice(org, today, 10)
    run_day(org, today)
    policy = policy_of(org)
    reminder = steps_of(policy)[1]
    assert Action.objects.filter(step=reminder).exists()
    before = snapshot(policy)
    removed = client_alice.post(edit_url(policy), form_data(policy, delete=[1], save="1"))
    assert removed.status_code == 400
    assert "blijft in de ladder" in removed.content.decode()
    retyped = client_alice.post(
        edit_url(policy), form_data(policy, steps={1: {"kind": "aanmaning"}}, save="1")
    )
    assert retyped.status_code == 400
    assert "soort blijft" in retyped.content.decode()
    assert snapshot(policy) == before


def test_a_taken_step_changed_in_place_keeps_its_actions(client_alice, org, today):
    overdue_invoice(org, today, 10)
    run_day(org, today)
    policy = policy_of(org)
    reminder = steps_of(policy)[1]
    data = form_data(policy, steps={1: {"offset_days": 8, "needs_approval": True}}, save="1")
    assert client_alice.post(edit_url(policy), data).status_code == 302
    action = Action.objects.get(step__kind="reminder")
    assert action.step_id == reminder.pk
    assert PolicyStep.objects.get(pk=reminder.pk).offset_days == 8


def test_a_controller_and_a_viewer_see_the_policy_but_may_not_change_it(client, org):
    policy = policy_of(org)
    before = snapshot(policy)
    for name, role in (("carla", Role.CONTROLLER), ("victor", Role.VIEWER)):
        client.force_login(member(org, name, role))
        assert client.get(edit_url(policy)).status_code == 200
        for button in ("save", "preview"):
            data = form_data(policy, steps={1: {"offset_days": 9}}, **{button: "1"})
            response = client.post(edit_url(policy), data)
            assert response.status_code == 403
            assert "Alleen de eigenaren" in response.content.decode()
    assert snapshot(policy) == before


def test_another_organisations_policy_is_not_found(client_alice, org, other_org):
    policy = policy_of(other_org)
    before = snapshot(policy)
    assert client_alice.get(edit_url(policy)).status_code == 404
    data = form_data(policy, steps={1: {"offset_days": 9}}, save="1")
    assert client_alice.post(edit_url(policy), data).status_code == 404
    assert snapshot(policy) == before
    assert edit_url(policy) not in client_alice.get(reverse("policies")).content.decode()


def test_an_owner_copies_a_policy_for_no_one_yet(client_alice, org):
    policy = policy_of(org)
    response = client_alice.post(reverse("policy-copy", args=[policy.pk]))
    copy = Policy.objects.get(organisation=org, name="Kopie van Zakelijk (standaard)")
    assert response["Location"] == edit_url(copy)
    assert not copy.is_default and not SegmentPolicy.objects.filter(policy=copy).exists()
    assert [s.kind for s in steps_of(copy)] == [s.kind for s in steps_of(policy)]
    client_alice.post(reverse("policy-copy", args=[policy.pk]))
    assert Policy.objects.filter(name="Kopie 2 van Zakelijk (standaard)").exists()


def test_a_controller_may_not_copy_a_policy(controller_client, org):
    policy = policy_of(org)
    assert controller_client.post(reverse("policy-copy", args=[policy.pk])).status_code == 403
    assert Policy.objects.filter(organisation=org).count() == 2
