"""The lock-out check in front of the password check (django-axes)."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for sign-ins that come with a request.

    Every sign-in over HTTP passes its request (the sign-in page, the admin), so each is
    counted and refused when locked. A call without one (the test client's `login()`, a
    script) has no client address to lock: it goes on to the password check, where
    django-axes would raise instead.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        # django-axes only checks the lockout here (raising when locked out); it never signs in.
        result: None = super().authenticate(request, username, password, **kwargs)
        return result
