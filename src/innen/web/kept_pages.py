"""The busiest desk pages, kept per person until anything of their organisation changes.

Twenty people may look at the worklist and the dashboard at once, and a page costs some
60 ms of a process's time to make (docs/scaling.md): the same person asking the same page
again, with nothing changed, gets the page made before. A kept page is keyed by the person,
the organisation, the address, the language, the day, the sign-in's CSRF secret (its forms
post with that secret's token) and the organisation's *page version*, which a change forgets:

* any row of the organisation saved through the ORM (every model with an `organisation`, the
  links of many-to-many fields too; allocations tell through the next), at once and when it
  commits. Not deletes: a
  listener for every model's deletes would cost every cascade its fast path (Django then
  loads each row to tell it); a delete in a request is a write request (below);
* the open items changing (`innen.ledger.changes`, also sent by the bulk writers);
* any write request (POST, PUT, PATCH, DELETE) of a member, whatever it wrote beneath the
  ORM (`ForgetKeptPagesOnWrite`).

Writers beneath the ORM outside a request (a queryset `update()` in a worker) send nothing:
for them a page is kept at most `KEEP_SECONDS`; so for another process's changes when the
cache is each process's own memory (no `CACHE_URL`, which production sets: docs/deploy.md).
A page with a message for the person (a "recorded" notice) is neither kept nor served kept:
the message must show once.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.apps import apps
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from innen.ledger.changes import open_items_changed
from innen.ledger.models import Allocation
from innen.organisations.models import Organisation
from innen.organisations.requests import organisation_or_none

KEEP_SECONDS = 60
VERSION_SECONDS = 24 * 60 * 60  # a version unused for a day is forgotten; a new one is drawn
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

View = Callable[..., HttpResponse]
# Saved by the thousand, and every writer of them says so itself (`open_items_changed`):
# no receiver on each (tests/ledger/test_outstanding.py).
TOLD_OTHERWISE: tuple[type[Any], ...] = (Allocation,)


def _version_key(organisation_id: int) -> str:
    return f"innen:page-version:{organisation_id}"


def page_version(organisation_id: int) -> str:
    key = _version_key(organisation_id)
    version = cache.get(key)
    if version is None:
        # Another process may set one meanwhile: theirs stays, and is the one read.
        cache.add(key, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(key, "")
    return str(version)


def pages_changed(organisation_ids: Iterable[int]) -> None:
    """Forget the kept pages of these organisations."""
    cache.delete_many([_version_key(pk) for pk in set(organisation_ids)])


def kept_page(view: View) -> View:
    """`view` (a GET page of an organisation's desk) kept per person as the module says."""

    @wraps(view)
    def keeping(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        kept = cache.get(key)
        if isinstance(kept, tuple):
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), KEEP_SECONDS)
        return response

    return keeping


def _page_key(request: HttpRequest) -> str | None:
    """The kept page's key, or None when this request must be answered afresh."""
    organisation = organisation_or_none(request)
    secret = request.META.get("CSRF_COOKIE")
    if request.method != "GET" or organisation is None or not secret:
        return None
    if len(get_messages(request)):  # counted, not read: the page made afresh shows them
        return None
    person = hashlib.sha256(f"{request.user.pk}:{secret}".encode()).hexdigest()[:32]
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return ":".join(
        [
            "innen:page",
            str(organisation.pk),
            person,
            address,
            get_language() or "",
            timezone.localdate().isoformat(),
            page_version(organisation.pk),
        ]
    )


class ForgetKeptPagesOnWrite:
    """A member's write request forgets the organisation's kept pages, whatever it wrote
    (a queryset `update()` sends no signal). After `CurrentOrganisationMiddleware`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        organisation = organisation_or_none(request)
        if request.method not in SAFE_METHODS and organisation is not None:
            pages_changed([organisation.pk])
        return response


def _forget_now_and_at_commit(organisation_id: int) -> None:
    # Now, and again once it commits: a page made meanwhile from the rows before the commit
    # is forgotten too.
    pages_changed([organisation_id])
    transaction.on_commit(lambda: pages_changed([organisation_id]), robust=True)


def _row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    organisation_id = getattr(instance, "organisation_id", None)
    if isinstance(organisation_id, int):
        _forget_now_and_at_commit(organisation_id)


def _organisation_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    _forget_now_and_at_commit(instance.pk)  # its name, logo or settings, on every page


def _open_items_changed(sender: Any, organisation_ids: set[int], **kwargs: Any) -> None:
    pages_changed(organisation_ids)


def listen() -> None:
    """Forget kept pages when their organisation changes (the web app's `ready`)."""
    open_items_changed.connect(_open_items_changed, dispatch_uid="web-kept-pages-open-items")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="web-kept-pages-org")
    for model in apps.get_models(include_auto_created=True):
        fields = {field.name for field in model._meta.fields}
        if "organisation" not in fields or model in TOLD_OTHERWISE:
            continue
        label = model._meta.label_lower
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"web-kept-pages-{label}")
        m2m_changed.connect(_row_changed, sender=model, dispatch_uid=f"web-kept-pages-m2m-{label}")
