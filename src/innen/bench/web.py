"""The web tier under load: the production server, 20 people on the dashboard and worklist.

A throwaway database (PostgreSQL at `INNEN_BENCH_WEB_DATABASE_URL`, default
`postgresql://postgres@127.0.0.1:5432/innen_bench_web`, made and dropped by the bench; a
SQLite file when no PostgreSQL answers) gets the demo organisation (`innen demo load`, 300
customers). Then `innen serve` starts as in production (DEBUG off, gunicorn with
`WEB_CONCURRENCY` processes, default 2 on this two-core machine, WhiteNoise) on 127.0.0.1
only, the bench standing in for the TLS proxy in front of it (X-Forwarded-Proto). The demo
user signs in once through the sign-in page; `USERS` threads then share that session and
each asks `REQUESTS_PER_USER` pages in turn from the dashboard and the worklist: a bounded
number of requests, all to 127.0.0.1.

`web_p95_ms` is the 95th percentile of the response times (the whole page read), against
the issue's 300 ms target; `web_errors` counts answers other than 200 and failed requests;
`web_requests_per_second` is what the server answered in all (docs/scaling.md's model takes
a process's share of it); `web_server_median_ms` and `web_server_p95_ms` are the server's
own time per page from its request log, without the wait for a free process. A person asking
a page again gets it kept (`innen.web.kept_pages`) while nothing changed; `web_fresh_p95_ms`
and `web_fresh_median_ms` are the same twenty asking `FRESH_PER_USER` pages each at
addresses never asked before, so every page is made afresh (the first look after a change).
"""

from __future__ import annotations

import contextlib
import http.cookies
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from innen.bench import Figure, benchmark, percentile

USERS = 20
REQUESTS_PER_USER = 25
FRESH_PER_USER = 5
PAGES = ("/dashboard/", "/worklist/")
TARGET_MS = 300
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/innen_bench_web"
SECRET = "innen-bench-web-only-not-secret-" + "x" * 40
STARTUP_SECONDS = 300
INNEN = [sys.executable, "-m", "innen.cli.main"]


@benchmark
def web() -> Iterator[Figure]:
    with tempfile.TemporaryDirectory(prefix="innen-bench-web-") as scratch:
        env = _environment(Path(scratch))
        log = Path(scratch) / "server.log"
        try:
            _innen(env, "migrate")
            _innen(env, "demo", "load")
            with _serving(env, log) as base:
                browser = _signed_in(base)
                started = time.perf_counter()
                samples, errors = load(browser)
                seconds = time.perf_counter() - started
                served = server_durations(log)
                fresh, fresh_errors = load(browser, FRESH_PER_USER, fresh=True)
        finally:
            _drop_database(env)
    p95 = percentile(samples, 0.95) if samples else float("nan")
    yield Figure("web_p95_ms", p95, "ms", floor=TARGET_MS, floor_label="target")
    yield Figure("web_median_ms", percentile(samples, 0.5) if samples else float("nan"), "ms")
    yield Figure("web_requests", len(samples) + errors, "requests")
    yield Figure("web_errors", errors, "errors")
    yield Figure("web_requests_per_second", (len(samples) + errors) / seconds, "requests/s")
    if served:
        # The server's own time per page (its JSON log): the rest of web_median_ms is the
        # wait for a free process.
        yield Figure("web_server_median_ms", percentile(served, 0.5), "ms")
        yield Figure("web_server_p95_ms", percentile(served, 0.95), "ms")
    # Each page made afresh (an address never asked before, so never kept): what the first
    # look after a change costs when twenty ask at once.
    if fresh:
        yield Figure("web_fresh_p95_ms", percentile(fresh, 0.95), "ms")
        yield Figure("web_fresh_median_ms", percentile(fresh, 0.5), "ms")
    yield Figure("web_fresh_errors", fresh_errors, "errors")


def server_durations(log: Path) -> list[float]:
    """The duration of each page the load asked for, as the server's request log says."""
    durations = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("path") in PAGES and "duration_ms" in record:
            durations.append(float(record["duration_ms"]))
    return durations


@contextlib.contextmanager
def _serving(env: dict[str, str], log: Path) -> Iterator[str]:
    """`innen serve` on a free port of 127.0.0.1, its log in `log`; its address, once healthy."""
    port = _free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            [*INNEN, "serve", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=output,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_healthy(base, server)
            yield base
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def _environment(scratch: Path) -> dict[str, str]:
    from innen.bench.pg_database import recreate_database

    url = os.environ.get("INNEN_BENCH_WEB_DATABASE_URL", DEFAULT_URL)
    if recreate_database(url) is not None:
        url = f"sqlite:///{scratch / 'web.sqlite3'}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "INNEN_VAR_DIR": str(scratch),
        "DJANGO_SETTINGS_MODULE": "innen.config.settings",
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "INNEN_ALLOW_SQLITE": "true",
        # The bench stands in for the TLS proxy in front (docs/deploy.md).
        "TRUSTED_PROXY_COUNT": "1",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        # No shared cache in the bench: the warning about it is expected.
        "PYTHONWARNINGS": "ignore",
    }


def _drop_database(env: dict[str, str]) -> None:
    url = env["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    server = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(server, autocommit=True) as conn:
        name = sql.Identifier(parts.path.lstrip("/"))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def _innen(env: dict[str, str], *argv: str) -> None:
    done = subprocess.run(
        [*INNEN, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"innen {' '.join(argv)} failed:\n{done.stderr[-4000:]}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS  # collectstatic first: a minute or more
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"innen serve stopped with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.5)
    raise RuntimeError(f"innen serve did not answer /healthz in {STARTUP_SECONDS} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the answer itself is wanted: a redirect may set the session's cookie


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Browser:
    """Asks as a browser behind a TLS proxy would: HTTPS said by X-Forwarded-Proto (the
    server trusts one proxy), its own cookies kept (they are Secure, so urllib's jar would
    not send them over plain HTTP on 127.0.0.1)."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def ask(self, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:
        origin = "https://" + self.base.removeprefix("http://")
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Origin": origin,
            "Referer": origin + path,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with _OPENER.open(request, timeout=60) as answer:
                status, body, got = answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as refused:
            status, body, got = refused.code, refused.read(), refused.headers
        for line in got.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(line)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return status, body


def _signed_in(base: str) -> Browser:
    """The demo user's browser, signed in through the sign-in page."""
    from innen.demo.loader import DEMO_PASSWORD, DEMO_USERNAME

    browser = Browser(base)
    _, html = browser.ask("/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        raise RuntimeError("the sign-in page has no CSRF token")
    form = {
        "csrfmiddlewaretoken": token[1].decode(),
        "username": DEMO_USERNAME,
        "password": DEMO_PASSWORD,
    }
    status, _ = browser.ask("/login/", form)
    if status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"the demo user could not sign in (HTTP {status})")
    return browser


def load(
    browser: Browser, per_user: int = REQUESTS_PER_USER, *, fresh: bool = False
) -> tuple[list[float], int]:
    """`USERS` threads, `per_user` pages each: the response times (ms) and errors. `fresh`:
    each at an address of its own (`?look=`), so no page is one kept before."""
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def user(number: int) -> None:
        for index in range(per_user):
            path = PAGES[(number + index) % len(PAGES)]
            path += f"?look={number}-{index}" if fresh else ""
            started = time.perf_counter()
            try:
                ok = browser.ask(path)[0] == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    samples.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=user, args=(n,)) for n in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, errors[0]
