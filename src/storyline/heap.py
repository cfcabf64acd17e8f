"""The garbage collector's work kept to the objects a block makes.

A full collection walks every object the process holds. The stages after analysis run in the
main process over everything a run read (articles, features, mentions, the clusterer's state,
the entity registry) and allocate enough for several full collections each: on a bulk run of
1,644 articles the link stage's own collections took about 1 s of its 12 CPU seconds, the
registry write's 0.6 s of 1.4 s (issue 14). Objects that already existed when such a block
began are frozen (``gc.freeze``) for the block, so its collections walk only what it made.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collecting_new_objects() -> Iterator[None]:
    """Freeze the objects that exist now for the block, and thaw them after it.

    A block inside another freezes again (what the outer block made so far stays out of the
    inner block's collections too) and leaves the thawing to the outermost block; objects a
    caller froze before stay frozen, since the collector has no nested freezing: the block
    that finds objects frozen never thaws."""
    outermost = not gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()
