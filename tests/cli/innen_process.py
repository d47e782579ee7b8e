"""Running `innen` as its own process, on a database and var folder of the test's own."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]


# The test's own database and cache, whatever the suite itself runs on.
NOT_INHERITED = {"DATABASE_URL", "DATABASE_POOLER", "CACHE_URL", "REDIS_URL", "DEBUG", "LOG_FORMAT"}


def environment(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        {
            "INNEN_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "innen.config.settings",
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
            **extra,
        }
    )
    return env


def innen(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "innen.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"innen {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def python(env: dict[str, str], code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600, cwd=REPO
    )
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return result.stdout


def database_url() -> str:
    """The URL of the database this test runs on, for a process of its own to share it."""
    from django.db import connection

    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgresql://{user}{password}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


def wait_for(
    what: str,
    done: Callable[[], Any],
    processes: list[subprocess.Popen[Any]],
    *,
    timeout: float,
    every: float = 0.1,
) -> Any:
    """What `done` returns once it is true; fails after `timeout` seconds, or when every one
    of `processes` has stopped."""
    deadline = time.monotonic() + timeout
    while not (found := done()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        assert any(p.poll() is None for p in processes), f"every process stopped before {what}"
        time.sleep(every)
    return found


def stop(processes: list[subprocess.Popen[Any]], *, grace: float = 0) -> None:
    """Stop `processes`: asked to (SIGTERM) when given `grace` seconds, else killed at once.
    None is left holding locks: the flush after a test would wait for it."""
    if grace:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0))
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.communicate()
