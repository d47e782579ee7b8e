"""The production server (`innen serve` with DEBUG off: gunicorn, WhiteNoise) on a local port."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.cli.innen_process import REPO, environment, innen

SECRET = "production-test-" + "k" * 50


def production_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    return environment(
        var_dir,
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        INNEN_ALLOW_SQLITE="true",
        TRUSTED_PROXY_COUNT="1",  # as behind the reverse proxy: it says the scheme was https
        **extra,
    )


def prepared(var_dir: Path) -> dict[str, str]:
    env = production_environment(var_dir)
    innen(env, "migrate")
    innen(env, "collectstatic")
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(env: dict[str, str], log: Path, workers: int = 1) -> Iterator[int]:
    """`innen serve` on a free port until the block ends; yields the port."""
    port = free_port()
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "innen.cli.main", "serve", f"127.0.0.1:{port}"],
            env={
                **env,
                "WEB_CONCURRENCY": str(workers),
                # The browser posts from http://, the proxy (X-Forwarded-Proto) says https.
                "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
            },
            stdout=stderr,
            stderr=stderr,
            cwd=REPO,
        )
        try:
            wait_for(port, server, log)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_for(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped:\n{log.read_text()}")
        try:
            get(port, "/healthz")
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"the server did not answer:\n{log.read_text()}")


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    return request(port, "GET", path, headers)


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: str | None = None
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body, headers={"X-Forwarded-Proto": "https", **headers})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def csrf_cookie(response: http.client.HTTPResponse) -> str:
    found = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))
    assert found, response.getheader("Set-Cookie")
    return found.group(1)
