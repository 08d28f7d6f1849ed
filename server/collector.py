"""Running Python's cycle collector rarely, for processes that allocate a lot per unit of
work: a service answering pages of organizations, an export writing hundreds of thousands.

Both move what is alive at the start (modules, the schema, mappers) out of the collector's
sight with ``gc.freeze`` — a full collection then walks only what the work allocates — and
raise the thresholds. Reference counting still frees almost everything as before; the
collector still runs, so the few reference cycles the database layer makes are freed too.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

SERVICE_THRESHOLDS = (20_000, 20, 20)
"""A page of organizations allocates tens of thousands of short-lived containers (rows,
answer dicts); at Python's default of 700 the collector ran hundreds of times a request
and took a fifth of the CPU under load (py-spy, 8 concurrent page queries); at these values
about a tenth, for a few megabytes more of garbage waiting at any time."""

EXPORT_THRESHOLDS = (50_000, 20, 100)
"""An export makes millions of short-lived dicts and lists while it holds two batches of
rows: with the defaults the collector re-scanned those rows thousands of times, about a
third of the export's time; memory stays flat at these values (``bench/export_bench.py``)."""


def collect_rarely(thresholds: tuple[int, int, int]) -> None:
    """Freeze what is alive now and collect at ``thresholds`` from here on."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)


def tune_service() -> None:
    """Once per process (several apps in one process, as in tests, tune it once)."""
    if gc.get_threshold() != SERVICE_THRESHOLDS:
        collect_rarely(SERVICE_THRESHOLDS)


@contextlib.contextmanager
def collecting_rarely(thresholds: tuple[int, int, int]) -> Iterator[None]:
    """:func:`collect_rarely` for the time of a block; the collector as it was after."""
    before = gc.get_threshold()
    collect_rarely(thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
