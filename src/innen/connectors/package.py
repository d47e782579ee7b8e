"""The interface every package adapter implements; Exact Online and Moneybird are the first two."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from innen.connectors.records import Batch


@dataclass(frozen=True)
class Tokens:
    """What the package gave at sign-in; a rotating refresh token replaces the old one."""

    access_token: str
    refresh_token: str = ""
    expires_at: float = 0.0  # unix time; 0 for a token that does not expire (a personal token)


class TokenStore(Protocol):
    """Where the adapter keeps its tokens; the Django side stores them encrypted.

    `save` must be durable before the adapter uses the new tokens: with rotating refresh
    tokens the old refresh token stops working the moment a new one is issued.
    """

    def load(self) -> Tokens: ...

    def save(self, tokens: Tokens) -> None: ...


class Package(Protocol):
    """One connected administration (a Moneybird administration, an Exact division)."""

    name: str  # "moneybird", "exact"

    def changes(self, cursor: str) -> Iterator[Batch]:
        """Yield the changes since `cursor` ("" for a first full sync), in batches.

        Each batch's `cursor` resumes after it. Raises the errors of `innen.connectors.errors`.
        """
        ...


@runtime_checkable
class KeysInternally(Protocol):
    """A package that names its records by another key than innen's external id (Exact:
    the GUID for a number), and can look that key up for records taken over without it."""

    def internal_ids(self, external_ids: Sequence[str]) -> Iterator[Batch]:
        """Batches of `Batch.internal_ids` for those of `external_ids` the package holds, and
        `Batch.missing_invoice_ids` for those it no longer holds; their `cursor` is empty."""
        ...
