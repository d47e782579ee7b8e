"""Every form's checkbox sits left of its label text, inside its label: the waiver form on
the invoice page as the policy's steps (`web/_form_field.html`)."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_waiver_forms_checkboxes_sit_inside_their_labels(controller_client, org):
    invoice = factories.invoice(org, factories.customer(org))
    page = controller_client.get(reverse("invoice-detail", args=[invoice.pk])).content.decode()
    waiver = page[page.index('id="waive"') :]
    for name in ("interest", "costs"):
        assert re.search(rf'<label class="check"><input type="checkbox" name="{name}"', waiver)
