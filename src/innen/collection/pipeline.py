"""Two batches of a run under way at once: one plans in Python while the other waits for
the database."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import connection

Result = TypeVar("Result")  # what one batch gives back; never None


def _one_at_a_time(batches: list[list[int]]) -> bool:
    """Not PostgreSQL, a single batch, or inside a transaction: no second connection."""
    return (
        connection.vendor != "postgresql"
        or len(batches) < 2
        or connection.in_atomic_block
        or not connection.get_autocommit()
    )


def each_batch(work: Callable[[list[int]], Result], batches: list[list[int]]) -> Iterator[Result]:
    """`work` done on every batch; the results as they come (in any order).

    On PostgreSQL two batches are under way at once, each in its own connection and
    transaction: while one waits for the database (its queries, COPY, the commit and its
    foreign-key checks), the other plans in Python. Batches lock disjoint customers in id
    order, so they neither wait for nor deadlock each other, and every batch is exactly
    once as before. Inside a transaction (a test's, or a caller's) all is done in this one.
    """
    if _one_at_a_time(batches):
        for customer_ids in batches:
            yield work(customer_ids)
        return

    todo = iter(batches)
    take = threading.Lock()
    stop = threading.Event()
    done: queue.SimpleQueue[tuple[Result | None, BaseException | None]] = queue.SimpleQueue()

    def next_batch() -> list[int] | None:
        with take:
            return None if stop.is_set() else next(todo, None)

    def helper() -> None:
        try:
            while (customer_ids := next_batch()) is not None:
                done.put((work(customer_ids), None))
        except BaseException as exc:  # handed to the caller's thread, which raises it
            stop.set()
            done.put((None, exc))
        finally:
            connection.close()  # this thread's own connection
            done.put((None, None))  # the helper is finished

    helper_running = True

    def from_helper(wait: bool) -> Iterator[Result]:
        nonlocal helper_running
        while helper_running and (wait or not done.empty()):
            part, error = done.get()
            if error is not None:
                raise error
            if part is None:
                helper_running = False
            else:
                yield part

    thread = threading.Thread(target=helper, name="innen-run-batch", daemon=True)
    thread.start()
    try:
        while (mine := next_batch()) is not None:
            yield work(mine)
            yield from from_helper(wait=False)
        yield from from_helper(wait=True)
    finally:
        stop.set()
        thread.join()
