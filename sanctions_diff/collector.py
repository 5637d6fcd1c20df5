"""When Python's cyclic garbage collector runs: the only module that imports ``gc``.

Loading a large snapshot and diffing it create millions of small objects (entities, tuples,
normalised names) and almost no reference cycles; yet every 700 allocations the collector
scans the young objects, and every so often all of them. On a 100,000-entity snapshot that
was a third of the load time and a third of the diff time (``python -m
benchmarks.profile_diff``), for nothing found. Reference counting still frees everything
that is not in a cycle, so pausing the collector for those steps costs no memory that
matters.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; the previous state is restored after it
    (nested blocks leave the collector off until the outermost one ends)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def leaving() -> None:
    """The process is about to end: everything still held is left to the exit. Python's
    shutdown runs one last full collection over every object alive, however many; after a
    large diff (the caches of normalised names are module-level) that scan cost 0.5 s, to
    find nothing. Frozen objects are skipped by it; they are still freed."""
    gc.freeze()
