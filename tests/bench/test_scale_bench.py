"""The web load test's parts, the model of 10,000 organisations, and the Citus check."""

import http.server
import json
import threading

from innen.bench import citus_check, scale_model, web
from tests.tenant_queries import REACHED_VIA


def test_the_model_keeps_four_dossier_events_an_invoice_at_the_measured_size():
    sizes = {"dossier_event": 800.0}
    tables = {t.table: t for t in scale_model.storage(100_000_000, sizes)}
    assert tables["dossier_event"].rows == 400_000_000
    assert tables["dossier_event"].total == 320e9
    assert tables["dossier_event"].measured and not tables["ledger_invoice"].measured


def test_the_daily_run_never_beats_the_databases_share_over_its_nodes():
    costs = {"run_seconds_per_open_invoice": 1e-4, "floor_seconds_per_open_invoice": 1e-4}
    many_workers = scale_model.Tier("t", workers=100, database_nodes=2)
    assert scale_model.daily_run_seconds(many_workers, 1_000_000, costs) == 50.0


def test_the_model_prints_storage_and_time_per_tier():
    lines = list(scale_model.report(10_000, 100_000_000, scale_model.MEASURED_BYTES_PER_ROW))
    assert any(line.startswith("storage_total_gb: ") for line in lines)
    assert sum(line.startswith("daily_run_minutes [") for line in lines) == len(scale_model.TIERS)


def test_the_server_time_is_read_from_its_request_log_for_the_loads_pages_only(tmp_path):
    log = tmp_path / "server.log"
    records = [
        {"path": "/dashboard/", "duration_ms": 120.5},
        {"path": "/login/", "duration_ms": 900.0},
        {"path": "/worklist/", "duration_ms": 80.0},
    ]
    log.write_text("gunicorn starting\n" + "\n".join(json.dumps(r) for r in records) + "\n")
    assert web.server_durations(log) == [120.5, 80.0]


class _SetsASecureCookie(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str | None, str | None]] = []

    def do_GET(self):
        self.seen.append((self.headers.get("Cookie"), self.headers.get("X-Forwarded-Proto")))
        self.send_response(302 if self.path == "/in" else 200)
        self.send_header("Set-Cookie", "sessionid=abc; Secure; HttpOnly; Path=/")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_browser_keeps_secure_cookies_behind_the_proxy_it_stands_in_for():
    server = http.server.HTTPServer(("127.0.0.1", 0), _SetsASecureCookie)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser = web.Browser(f"http://127.0.0.1:{server.server_port}")
        assert browser.ask("/in")[0] == 302  # the redirect itself, with its cookie
        assert browser.ask("/page")[0] == 200
    finally:
        server.shutdown()
    assert _SetsASecureCookie.seen[-1] == ("sessionid=abc", "https")


def test_citus_would_distribute_every_table_with_an_organisation_and_no_other():
    distributed = set(citus_check.distributed_tables())
    assert "ledger_invoice" in distributed and "dossier_event" in distributed
    assert not distributed & set(REACHED_VIA)
    assert not distributed & set(citus_check.REFERENCE_TABLES)


def test_the_check_names_the_invoices_primary_key_which_leaves_the_organisation_out():
    broken = list(citus_check.keys_without_organisation())
    assert "ledger_invoice: primary key (id)" in broken
