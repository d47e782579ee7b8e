"""Collection sits below the apps its daily job and its messages reach: it imports none of them.

The day's run is `innen.daily` (arrangements, the dashboard's snapshot, then the ladder), and
the outbox delivers what the run queued (handed in through `innen.collection.handover`). An
import from collection back up to any of them, even one hidden inside a function, is a cycle.
"""

import ast
from pathlib import Path

import innen.collection

ABOVE_COLLECTION = ("innen.arrangements", "innen.insights", "innen.outbox", "innen.daily")


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _reaches_up(module: str) -> bool:
    return any(module == above or module.startswith(f"{above}.") for above in ABOVE_COLLECTION)


def test_collection_imports_nothing_from_the_daily_job_or_the_apps_above_it():
    package = Path(innen.collection.__file__).parent
    upward = {
        f"{path.relative_to(package)}: {module}"
        for path in package.rglob("*.py")
        for module in _imported(path)
        if _reaches_up(module)
    }
    assert upward == set()


def test_the_outbox_takes_the_messages_the_run_queues():
    from innen.collection import handover
    from innen.outbox.tasks import deliver_messages

    assert handover._deliver == deliver_messages.enqueue
