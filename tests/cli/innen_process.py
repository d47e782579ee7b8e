"""Running `innen` as its own process, on a database and var folder of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
