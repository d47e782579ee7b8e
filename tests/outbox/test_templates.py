"""An organisation's own message text is stored through the outbox's service, which refuses a
text that does not render: the run would send nothing with it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from innen.letters.samples import sample_letter
from innen.outbox import services
from innen.outbox.models import MessageTemplate
from tests import factories

pytestmark = pytest.mark.django_db

GOOD_BODY = "{{ salutation }},\n\nWilt u {{ amount_due }} betalen voor {{ invoices }}?"


def save(org, body, subject="Herinnering"):
    return services.template_save(
        organisation=org,
        kind="reminder",
        language="nl",
        subject=subject,
        body=body,
        letters=[sample_letter("reminder", "nl", date(2026, 3, 1))],
        problems_in="nl",
    )


def test_a_text_that_renders_is_stored_and_a_second_replaces_it():
    org = factories.organisation()

    save(org, GOOD_BODY)
    save(org, GOOD_BODY, subject="Tweede herinnering")

    stored = MessageTemplate.objects.get()
    assert (stored.organisation, stored.subject, stored.body) == (
        org,
        "Tweede herinnering",
        GOOD_BODY,
    )


def test_a_text_that_does_not_render_is_refused_and_nothing_is_stored():
    org = factories.organisation()

    with pytest.raises(ValidationError):
        save(org, "{{ salutation }")

    assert not MessageTemplate.objects.exists()


def test_back_to_the_default_removes_only_that_text():
    org = factories.organisation()
    save(org, GOOD_BODY)

    services.template_reset(organisation=org, kind="reminder", language="en")
    assert MessageTemplate.objects.count() == 1
    services.template_reset(organisation=org, kind="reminder", language="nl")
    assert not MessageTemplate.objects.exists()
