"""How many sign-in tries by code an address and a code get: 10 per 15 minutes each.

Counted in Django's default cache, which is shared by every process when one is configured
(`CACHE_URL` or `REDIS_URL`, see settings). Without one it is each process's own memory:
fine for the demo and the tests, but several processes would each count on their own.
The address is the client's as `innen.client_address` reads it behind proxies.
"""

from __future__ import annotations

from django.core.cache import cache

LIMIT = 10
WINDOW_SECONDS = 15 * 60


def try_allowed(*keys: str) -> bool:
    """Count one try against every key; False once any of them had its LIMIT in the window.

    The window starts with a key's first try and is not extended by later ones.
    """
    allowed = True
    for key in keys:
        name = f"innen.portal.tries:{key}"
        cache.add(name, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, WINDOW_SECONDS)
            count = 1
        allowed = allowed and count <= LIMIT
    return allowed
