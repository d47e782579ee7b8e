from django.contrib import admin

from innen.readonly_admin import ReadOnlyAdmin
from innen.workers.models import WorkerBeat


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnlyAdmin):
    """Which workers are alive, on which machine: what the beat thread writes, to read."""

    list_display = ["worker_id", "host", "pid", "started_at", "seen_at"]
    ordering = ["-seen_at"]
