"""Tasks waiting in the queue follow their functions to where they moved.

django-tasks stores a task by its module path and imports it from there when a worker takes
it, so a task queued before the move (the daily run booked for tomorrow, a delivery not yet
done) would fail under its old path. Only waiting rows are rewritten: the finished ones are
history, and the running ones are already in a worker's hands.
"""

from django.apps.registry import Apps
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db import migrations

MOVED = {
    "innen.collection.tasks.daily_run": "innen.daily.daily_run",
    "innen.collection.tasks.run_organisation": "innen.daily.run_organisation",
    "innen.collection.tasks.deliver_messages": "innen.outbox.tasks.deliver_messages",
}


def _move(apps: Apps, moves: dict[str, str]) -> None:
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in moves.items():
        tasks.objects.filter(task_path=old, status="READY").update(task_path=new)


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _move(apps, MOVED)


def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _move(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0003_broken_promise_days"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
