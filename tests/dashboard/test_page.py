"""The dashboard page: its figures, its charts' data, its scripts, and only its organisation."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.dashboard.conftest import invoice

pytestmark = pytest.mark.django_db


def _page(client, user):
    client.force_login(user)
    return client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="nl")


def _chart_data(html: str) -> dict:
    block = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert block is not None
    return json.loads(block.group(1))


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_shows_the_figures_and_carries_the_charts_data(client, org, viewer, other):
    today = timezone.localdate()
    cust = factories.customer(org, name="Jansen Bouw B.V.")
    invoice(org, cust, "1234.56", today - timedelta(days=45))
    invoice(org, cust, "100.00", today + timedelta(days=3))

    response = _page(client, viewer)
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["figures"].ledger.total == Decimal("1334.56")
    assert "€\xa01.334,56" in html  # total open, the Dutch way
    assert "€\xa01.234,56" in html  # overdue
    assert f'href="/customers/{cust.pk}/"' in html
    data = _chart_data(html)
    assert data["aging"]["amounts"] == ["100.00", "0.00", "1234.56", "0.00", "0.00"]
    assert len(data["dso"]["labels"]) == len(data["dso"]["days"]) == 12
    assert len(data["cash_in"]["amounts"]) == 4
    assert set(data["funnel"]) >= {"labels", "reached_counts", "paid_counts"}
    for canvas in ("chart-aging", "chart-dso", "chart-cash-in"):
        assert f'id="{canvas}"' in html
    # The funnel's chart is drawn only when some step went out in the period.
    assert ('id="chart-funnel"' in html) == bool(data["funnel"]["labels"])


def test_another_organisations_invoices_never_count(client, org, viewer, other):
    html = _page(client, viewer).content.decode()
    assert "Stranger" not in html
    assert "9.999" not in html and "8.888" not in html
    assert _chart_data(html)["aging"]["amounts"] == ["0.00"] * 5


def test_the_charts_come_from_the_app_itself_and_no_script_is_inline(client, org, viewer):
    html = _page(client, viewer).content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert "/static/web/vendor/chartjs/chart.umd.min.js" in sources
    assert "/static/web/dashboard.js" in sources
    assert all(src.startswith("/static/") for src in sources)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' id="dashboard-data" type="application/json"']
    for path in ("web/vendor/chartjs/chart.umd.min.js", "web/vendor/chartjs/LICENSE.md"):
        assert finders.find(path) is not None


def test_it_says_when_habits_and_funnel_are_those_of_todays_run(client, org, viewer):
    from innen.insights.snapshot import take_snapshot

    assert "incassorun van vandaag" not in _page(client, viewer).content.decode()

    take_snapshot(org, timezone.localdate())
    response = _page(client, viewer)

    assert response.context["figures"].from_run
    assert "incassorun van vandaag" in response.content.decode()


def test_a_week_of_expected_cash_in_reads_as_one_short_range_that_does_not_wrap(
    client, org, viewer
):
    from innen.web.templatetags.innen_format import day_range

    html = _page(client, viewer).content.decode()
    weeks = _page(client, viewer).context["figures"].ledger.cash_in
    labels = _chart_data(html)["cash_in"]["labels"]
    assert labels == [day_range(week.first, week.last) for week in weeks]
    assert all(not re.search(r"[ \u2009]", label) and len(label) <= 16 for label in labels)
    assert f'<td class="nowrap">{labels[0]}</td>' in html
    with translation.override("nl"):
        assert day_range(date(2026, 12, 7), date(2026, 12, 13)) == "7–13\xa0dec"
        assert day_range(date(2026, 12, 28), date(2027, 1, 3)) == "28\xa0dec\u202f–\u202f3\xa0jan"
    with translation.override("en"):
        assert day_range(date(2026, 11, 30), date(2026, 12, 6)) == "30\xa0Nov\u202f–\u202f6\xa0Dec"


def test_the_money_axes_count_in_whole_euros():
    script = Path(finders.find("web/dashboard.js")).read_text()
    formatter = re.search(r"var wholeEuro = new Intl.NumberFormat\((.*?)\);", script, re.S)
    assert formatter is not None and "maximumFractionDigits: 0" in formatter.group(1)
    axis = re.search(r"var money = \{(.*?)\n    \};", script, re.S)
    assert axis is not None
    assert "wholeEuro.format(v)" in axis.group(1) and "euro.format" not in axis.group(1)
