"""The external ids a batch names, looked up at once, and written as the batch maps them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.connections.models import Connection, ExternalRef, RefKind, Unmapped
from innen.connectors.errors import NotMappable
from innen.inlists import pieces

REMOVED = "removed"  # the version of a ref whose record the package no longer holds


class Refs:
    """The connection's `ExternalRef`s of one batch, by kind and external id."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.known: dict[tuple[str, str], ExternalRef] = {}
        self._changed: dict[tuple[str, str], ExternalRef] = {}
        self._mapped: dict[str, list[str]] = {}

    def load(self, kind: str, ids: Iterable[str]) -> None:
        wanted = sorted({i for i in ids if i and (kind, i) not in self.known})
        for some in pieces(wanted):
            rows = ExternalRef.objects.filter(
                connection=self.connection, kind=kind, external_id__in=some
            ).select_related("customer", "invoice", "credit_note")
            for ref in rows:
                self.known[(kind, ref.external_id)] = ref

    def get(self, kind: str, external_id: str) -> ExternalRef | None:
        return self.known.get((kind, external_id))

    def put(self, kind: str, external_id: str, version: str, **rows: object) -> ExternalRef:
        ref = self.known.get((kind, external_id))
        if ref is None:
            ref = ExternalRef(
                organisation_id=self.connection.organisation_id,
                connection=self.connection,
                kind=kind,
                external_id=external_id,
            )
        ref.version = version
        for name, row in rows.items():
            setattr(ref, name, row)
        self.known[(kind, external_id)] = ref
        self._changed[(kind, external_id)] = ref
        self.mapped(RefKind(kind), [external_id])  # taken over now: no longer listed as not
        return ref

    def keep_internal_ids(self, pairs: Iterable[tuple[str, str]]) -> None:
        """The package's own keys of invoices and credit notes taken over without them."""
        keys = dict(pairs)
        for kind in (RefKind.INVOICE, RefKind.CREDIT_NOTE):
            self.load(kind, keys)
            for external_id, internal_id in keys.items():
                ref = self.known.get((kind, external_id))
                if ref is not None and not ref.internal_id:
                    ref.internal_id = internal_id
                    self._changed[(kind, external_id)] = ref

    def flush(self) -> None:
        """Write the refs `put` since the last flush: one INSERT and one UPDATE."""
        changed = list(self._changed.values())
        self._changed = {}
        ExternalRef.objects.bulk_create([ref for ref in changed if ref.pk is None])
        ExternalRef.objects.bulk_update(
            [ref for ref in changed if ref.pk is not None],
            ["version", "internal_id", "customer", "invoice", "credit_note", "payment"],
            batch_size=500,
        )
        mapped, self._mapped = self._mapped, {}
        if not Unmapped.objects.filter(connection=self.connection).exists():
            return
        for kind, ids in mapped.items():
            for some in pieces(ids):
                Unmapped.objects.filter(
                    connection=self.connection, kind=kind, external_id__in=some
                ).delete()

    def unmapped(
        self,
        kind: RefKind,
        external_id: str,
        reason: str,
        waiting_for: str = "",
        record: dict[str, Any] | None = None,
    ) -> None:
        """List the record with why; with what it waits for and the record itself when it
        only lacks another record, so it is taken over once that arrives (`retrying`)."""
        if external_id in self._mapped.get(kind, ()):
            self._mapped[kind] = [i for i in self._mapped[kind] if i != external_id]
        Unmapped.objects.update_or_create(
            organisation_id=self.connection.organisation_id,
            connection=self.connection,
            kind=kind,
            external_id=external_id,
            defaults={
                "reason": reason[:2000],
                "waiting_for": waiting_for[:120],
                "record": record or {},
            },
        )

    def mapped(self, kind: RefKind, external_ids: Iterable[str]) -> None:
        """These records mapped now: no longer listed as unmapped (at `flush`)."""
        self._mapped.setdefault(kind, []).extend(external_ids)


class Lacking(NotMappable):
    """The record names another the package has not sent yet (its contact, its invoice)."""

    def __init__(self, reason: str, waiting_for: str, record: dict[str, Any]) -> None:
        super().__init__(reason)
        self.waiting_for = waiting_for
        self.record = record


def guarded(refs: Refs, kind: RefKind, external_id: str, apply: Any, *args: Any) -> None:
    try:
        with transaction.atomic():
            apply(refs, *args)
    except Lacking as problem:
        refs.unmapped(kind, external_id, str(problem), problem.waiting_for, problem.record)
    except NotMappable as problem:
        refs.unmapped(kind, external_id, str(problem))
    except ValidationError as problem:
        refs.unmapped(kind, external_id, said(problem))
    else:
        refs.mapped(kind, [external_id])


def said(problem: ValidationError) -> str:
    if hasattr(problem, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in problem.message_dict.items())
    return " ".join(problem.messages)
