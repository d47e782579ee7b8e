"""No cyclic garbage collection while a batch of lines is loaded or matched. Pure.

A book is hundreds of thousands of objects that outlive the build and hold no cycles, and
so are the decisions of a hundred thousand lines. While they pile up, the collector keeps
walking them all (and everything else the process holds), finding nothing: a second and
more at a hundred thousand lines. Reference counting still frees the rest; the collector
runs again afterwards, unless it was off already.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
