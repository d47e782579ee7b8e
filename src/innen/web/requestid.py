"""A request id on every request, its response and every log line written while it runs.

Taken from `X-Request-ID` when a proxy sent one (so its log and ours join up), else a new
UUID. One JSON log line per request ("innen.request") says what was asked and answered.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What a proxy may send: letters, digits and a few separators, not too long for a log line.
ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "innen_request_id", default="-"
)
log = logging.getLogger("innen.request")


def chosen_request_id(sent: str) -> str:
    """The id the proxy sent when it looks like one, else a new UUID."""
    return sent if ACCEPTABLE.match(sent) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = chosen_request_id(request.headers.get(HEADER, ""))
        # Not reset on the way out: Django logs an error response (django.request) after
        # the middleware has returned, and that line should carry the id too. The next
        # request in this thread sets its own.
        current_request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[HEADER] = request_id
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record as `request_id` ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
