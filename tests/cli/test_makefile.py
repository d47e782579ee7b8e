"""`make demo HOST=...`: what the demo prints and links to follows the address it serves on."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def demo_commands(*arguments: str) -> list[str]:
    # -n prints the commands without running any.
    dry = subprocess.run(
        ["make", "-n", "demo", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return [line for line in dry.stdout.splitlines() if "innen " in line]


def test_make_demo_on_another_host_links_and_answers_there():
    commands = demo_commands("HOST=192.168.1.20:9000")
    for step in ("innen demo load", "innen run", "innen serve --worker 192.168.1.20:9000"):
        [line] = [line for line in commands if step in line]
        assert "SITE_URL='http://192.168.1.20:9000'" in line
        assert "ALLOWED_HOSTS='127.0.0.1,localhost,192.168.1.20'" in line


def test_make_demo_by_default_serves_and_links_to_this_machine():
    [load] = [line for line in demo_commands() if "innen demo load" in line]
    assert "SITE_URL='http://127.0.0.1:8000'" in load
