"""An index on the queue's running tasks: every worker's beat looks for those past their lease.

The queue's table (django-tasks-db's) keeps a week of finished results, hundreds of thousands
of rows after a large run; its own indexes cover only the tasks waiting. A partial index on
the few running ones keeps each beat's look cheap (PostgreSQL and SQLite both have them).
"""

from django.db import migrations

TABLE = "django_tasks_database_dbtaskresult"
INDEX = "innen_running_tasks_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("workers", "0001_worker_beats"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} (started_at) WHERE status = 'RUNNING'",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
