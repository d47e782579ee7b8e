"""The external ids a batch names, looked up at once, and written as the batch maps them."""

from __future__ import annotations

from collections.abc import Iterable

from innen.connections.models import Connection, ExternalRef, RefKind, Unmapped
from innen.inlists import pieces


class Refs:
    """The connection's `ExternalRef`s of one batch, by kind and external id."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.known: dict[tuple[str, str], ExternalRef] = {}

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
        ref.save()
        self.known[(kind, external_id)] = ref
        return ref

    def unmapped(self, kind: RefKind, external_id: str, reason: str) -> None:
        Unmapped.objects.update_or_create(
            organisation_id=self.connection.organisation_id,
            connection=self.connection,
            kind=kind,
            external_id=external_id,
            defaults={"reason": reason[:2000]},
        )

    def mapped(self, kind: RefKind, external_ids: Iterable[str]) -> None:
        """These records mapped now: no longer listed as unmapped."""
        ids = list(external_ids)
        for some in pieces(ids):
            Unmapped.objects.filter(
                connection=self.connection, kind=kind, external_id__in=some
            ).delete()
