"""How many sign-in tries by code an address and a code get: 10 per 15 minutes each.

Counted in Django's cache. The default (local memory) counts per process: fine for the demo
and the tests, but a production site with several processes needs a shared cache (Redis,
for example `CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
"LOCATION": "redis://127.0.0.1:6379"}}`), or each process counts on its own.
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
