"""What can go wrong talking to a package, as the sync must treat it."""

from __future__ import annotations


class PackageError(Exception):
    """Base: something the sync records on the connection and retries later."""


class RateLimited(PackageError):
    """The package said wait (HTTP 429 or its daily limit); `retry_after` in seconds."""

    def __init__(self, retry_after: float, message: str = "") -> None:
        super().__init__(message or f"rate limited, retry after {retry_after:.0f} s")
        self.retry_after = retry_after


class Unavailable(PackageError):
    """A 5xx, a timeout or a broken connection: retried with back-off."""


class SignInNeeded(PackageError):
    """The tokens no longer work (refresh refused, token revoked): an owner must connect again."""


class NotMappable(PackageError):
    """One record innen cannot take (a foreign currency, no contact): listed, the rest goes on."""
