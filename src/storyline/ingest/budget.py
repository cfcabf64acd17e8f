"""A time budget for reading each record of a file, so that no input can hold a run for long.

The budget is per record (an article of a JSONL file, an item of a feed, a record of a WARC
archive, a whole text or HTML page), not per file: a 600-line JSONL file of long articles took
over a per-file budget on a loaded machine and lost every line after the limit, so a large
file's cost is its size, and only a record that hangs is stopped.

Readers lean on libraries (trafilatura, feedparser, warcio) whose cost on hostile input is
hard to bound from outside. Two guards share one deadline:

- in the main thread (the CLI, ``watch``), a ``SIGALRM`` timer interrupts the reader even in
  the middle of one record: Python code is interrupted at its next bytecode, C code when it
  returns to Python (a single libxml2 parse is not cut short, but the limits on elements,
  items and inflated bytes bound those);
- everywhere (the web server reads in worker threads, where signals cannot be used), the
  deadline is checked between records, so a slow file stops after the record in progress.

``OverBudget`` derives from ``BaseException`` so that a library's ``except Exception`` cannot
swallow it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

# Seconds for reading, cleaning and dating one record: far above any real article (the whole
# 26-article sample corpus is read in under 2 s), far below a stuck run.
RECORD_SECONDS = 30.0
# Seconds for the analysis components of one parsed article (about 50 ms for a real one): a
# defect that loops on one article's parse is stopped and recorded instead of holding the run
# (and its memory) for ever.
ARTICLE_SECONDS = 60.0


class OverBudget(BaseException):
    """A record took longer than its budget."""


def _can_use_alarm() -> bool:
    """Only in the main thread, and only when no one else's timer is pending (a test runner's
    timeout, say): ours would cancel it."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )


@contextmanager
def time_budget(seconds: float) -> Iterator[Callable[[], None]]:
    """Raise ``OverBudget`` in the block once ``seconds`` have passed since it started or
    since the last call of the ``next_record()`` it yields: call that after each record (it
    raises when the record just read ran past its deadline, else starts the next one's)."""
    deadline = time.monotonic() + seconds
    alarm = _can_use_alarm()

    def next_record() -> None:
        nonlocal deadline
        now = time.monotonic()
        if now > deadline:
            raise OverBudget
        deadline = now + seconds
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, seconds)

    if not alarm:
        yield next_record
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield next_record
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
