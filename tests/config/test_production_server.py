"""The production server answers a load balancer, serves hashed compressed static files,
logs JSON lines with the request id, shows the sign-in page, and, with a shared cache,
counts the portal's rate limit across processes."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from tests.config.production_server import (
    csrf_cookie,
    get,
    prepared,
    request,
    serving,
)

CACHE_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("production")
    return prepared(var_dir), var_dir


@pytest.fixture(scope="module")
def server(production):
    env, var_dir = production
    log = var_dir / "server.log"
    with serving(env, log, workers=2) as port:
        yield port, log, var_dir


def test_healthz_answers_and_readyz_names_the_missing_worker(server):
    port, _, _ = server
    assert json.loads(get(port, "/healthz").body)["database"] == "ok"
    ready = get(port, "/readyz")
    assert ready.status == 503
    assert "no worker seen" in json.loads(ready.body)["worker"]


def test_static_files_are_served_by_their_hashed_name_compressed_and_cached(server):
    port, _, var_dir = server
    manifest = json.loads((var_dir / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["web/innen.css"]
    assert hashed != "web/innen.css"
    response = get(port, f"/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")


def test_each_request_is_one_json_log_line_with_its_request_id(server):
    port, log, _ = server
    answered = get(port, "/healthz", **{"X-Request-ID": "lb-check-42"})
    assert answered.getheader("X-Request-ID") == "lb-check-42"
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == "lb-check-42"]
    assert mine and mine[0]["logger"] == "innen.request"
    assert mine[0]["path"] == "/healthz" and mine[0]["status"] == 200


def test_the_sign_in_page_is_served(server):
    port, _, _ = server
    page = get(port, "/login/")
    assert page.status == 200
    assert b'name="password"' in page.body


def try_code(port: int, cookie: str) -> int:
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": cookie, "code": "ABCD-EFGH", "postcode": "1234 AB"}
    )
    headers = {
        "Cookie": f"csrftoken={cookie}",
        "Referer": f"https://127.0.0.1:{port}/portal/",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return request(port, "POST", "/portal/", headers, body).status


def test_the_portal_rate_limit_holds_across_two_servers_sharing_redis(production, tmp_path):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(CACHE_URL).flushdb()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    env, _ = production
    shared = {**env, "CACHE_URL": CACHE_URL}
    with serving(shared, tmp_path / "a.log") as a, serving(shared, tmp_path / "b.log") as b:
        cookie = csrf_cookie(get(a, "/portal/"))
        tries = [try_code(a if n % 2 else b, cookie) for n in range(10)]
        assert tries == [400] * 10  # no such code, but each try counted
        assert try_code(a, cookie) == 429
        assert try_code(b, cookie) == 429
