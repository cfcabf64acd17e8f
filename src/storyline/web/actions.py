"""Writes from the web UI: merge, split and upload, logged as decisions and as story updates.

Uploads are analysed in one worker process (spaCy loaded once, kept warm): the analysis is
seconds of CPU that would otherwise hold the interpreter lock of the process that answers the
pages, and a hostile upload that exhausts memory takes down the worker, not the server. The
upload route answers 202 as soon as the file is kept; the outcome is at /api/uploads/NAME.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from pathlib import Path
from typing import Any, TypeVar

from storyline.errors import InternalError, StorylineError, UploadWorkerDied
from storyline.store import Store
from storyline.web.views import StoreViews

Result = TypeVar("Result")
log = logging.getLogger(__name__)


def write(views: StoreViews, change: Callable[[Store], Result]) -> Result:
    """Run one change under the write lock (the stage sequence logs the story updates). No
    snapshot is built for it: the story list and story pages read the store's rows, so the
    writer sees their change at once, and a page that needs the snapshot builds the next one
    when it is asked for."""
    with views.write_lock, closing(views.open()) as store:
        return change(store)


def merge(views: StoreViews, first: str, second: str, reason: str) -> dict[str, Any]:
    """Merge two stories (``storyline.decisions.merge_stories``); the merged story."""
    from storyline.decisions import merge_stories

    return write(views, lambda store: merge_stories(store, first, second, reason))


def split(
    views: StoreViews, story_id: str, article_ids: Sequence[str], reason: str
) -> dict[str, Any]:
    """Move articles out of a story into a new one; the new story."""
    from storyline.decisions import split_story

    return write(views, lambda store: split_story(store, story_id, article_ids, reason))


def safe_name(name: str) -> str:
    """An upload's name reduced to letters, digits and ``._-`` (never a path)."""
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[-80:] or "upload.txt"


async def keep_upload(folder: Path, name: str, chunks: AsyncIterator[bytes]) -> Path:
    """Stream an upload to ``folder`` under a name that starts with the hash of its bytes:
    nothing uploaded is lost, and uploading the same file again is a no-op. The body's size
    is capped while it streams (storyline.web.edge); a cut upload leaves no file behind."""
    from fastapi.concurrency import run_in_threadpool

    folder.mkdir(exist_ok=True)
    digest = hashlib.sha256()
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as out:
            async for chunk in chunks:
                digest.update(chunk)
                await run_in_threadpool(out.write, chunk)
        kept = folder / f"{digest.hexdigest()[:12]}-{safe_name(name)}"
        os.replace(partial, kept)
        return kept
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _ingest_kept(store_path: str, kept: str) -> dict[str, Any]:
    """In the worker process: ingest one kept upload and relink the store."""
    from storyline.runner import run
    from storyline.store import open_store

    store = open_store(store_path)
    try:
        summary = run(store, [Path(kept)])
    finally:
        store.close()
    return {
        "added": summary.added,
        "already_present": summary.already_present,
        "rejected": [{"line": r.line, "reason": r.reason} for r in summary.rejected],
        "stories": summary.stories,
    }


WORKER_NICENESS = 10  # analysis waits for the pages: a reader should not wait for spaCy


def _yield_to_pages() -> None:
    """In the worker process: run at a lower priority than the server, so that on a busy
    machine the pages are served first and the upload's analysis takes the time left."""
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)


def _warm_up() -> None:
    """In the worker process: import the stage sequence and load the English pipeline."""
    import storyline.runner  # noqa: F401
    from storyline.nlp.language import load_nlp

    with contextlib.suppress(StorylineError):  # no model: the first upload says so
        load_nlp()


class IngestWorker:
    """One worker process that ingests uploads, started on first use and restarted if it dies.

    Uploads are queued in order on one thread of this process, which only waits: the worker
    process does the reading, analysis, linking and reconciliation, and this process builds
    the next snapshot once it is done. The caller gets an answer at once (``submit``) and asks
    ``status`` for the outcome."""

    KEPT_OUTCOMES = 1000  # the newest outcomes answered by ``status``; older ones are dropped

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._queue = ThreadPoolExecutor(1, thread_name_prefix="upload-queue")
        self._outcomes: dict[str, dict[str, Any]] = {}

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"), initializer=_yield_to_pages
                )
            return self._pool

    def warm(self) -> None:
        """Start the worker and load the pipeline's models now, not at the first upload (the
        server starts it when it starts: seconds of CPU before the first page, not during)."""
        self._started().submit(_warm_up)

    def run(self, store_path: Path, kept: Path) -> dict[str, Any]:
        """Ingest ``kept`` in the worker process and wait for it (the caller's thread blocks)."""
        pool = self._started()
        try:
            return pool.submit(_ingest_kept, str(store_path), str(kept)).result()
        except BrokenProcessPool as exc:
            with self._lock:
                self._pool = None
            log.error("upload worker died on %s", kept.name)
            raise UploadWorkerDied(kept.name) from exc

    def submit(self, views: StoreViews, kept: Path) -> dict[str, Any]:
        """Queue ``kept`` for ingestion; its outcome as ``status`` answers it now (pending)."""
        with self._lock:
            self._outcomes[kept.name] = {"file": f"uploads/{kept.name}", "status": "pending"}
            while len(self._outcomes) > self.KEPT_OUTCOMES:
                self._outcomes.pop(next(iter(self._outcomes)))
        self._queue.submit(self._ingest, views, kept)
        return self.status(kept.name) or {}

    def _ingest(self, views: StoreViews, kept: Path) -> None:
        try:
            outcome = {"status": "done", **upload(views, self, kept)}
        except StorylineError as exc:
            outcome = {"status": "failed", "error": {"code": exc.code, "message": exc.message}}
        except Exception:
            log.exception("upload of %s failed", kept.name)
            failure = InternalError()
            outcome = {
                "status": "failed",
                "error": {"code": failure.code, "message": failure.message},
            }
        with self._lock:
            self._outcomes[kept.name] = {"file": f"uploads/{kept.name}", **outcome}

    def status(self, name: str) -> dict[str, Any] | None:
        """The outcome of the upload kept as ``name``: pending, done (what was added, already
        present, rejected) or failed (the error); None when unknown."""
        with self._lock:
            outcome = self._outcomes.get(name)
            return dict(outcome) if outcome is not None else None

    def close(self) -> None:
        self._queue.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


def upload(views: StoreViews, worker: IngestWorker, kept: Path) -> dict[str, Any]:
    """Ingest a kept upload (any format ``storyline analyze`` reads) in the worker process.

    The write lock is held while the worker runs, so readers go on being served the last
    snapshot rather than the half-updated store of each stage's commit."""
    result = write(views, lambda _store: worker.run(views.path, kept))
    return {"file": f"uploads/{kept.name}", **result}
