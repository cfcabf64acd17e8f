"""The one stage sequence: ingest -> analyze -> link -> reconcile, each stage resumable.

The CLI (``analyze``, ``stories merge|split``), ``watch``, the web's writes and ``--ray`` all run
the stages through this module, so every change of stories, whoever caused it, is logged for
the Atom feed and the live pages (``storyline.link.updates``).

Every stage commits its work atomically and skips what is already done, so a run killed at
any point and started again ends with the same store as an uninterrupted run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.analyze.stage import analyze_pending, reanchor
from storyline.ingest.stage import IngestReport, discover, ingest_file, source_label
from storyline.link.stage import link_store
from storyline.link.updates import record_story_changes
from storyline.model import Rejection
from storyline.reconcile.stage import reconcile_store
from storyline.store.base import Store

# progress(stage, done, total): called as work advances, for progress bars
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class RunSummary:
    files: int = 0
    added: int = 0
    already_present: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    stories: int = 0
    articles: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)


def ingest_files(
    store: Store, files: Sequence[Path], roots: Sequence[Path], progress: Progress = _quiet
) -> IngestReport:
    """Ingest ``files`` (labelled relative to ``roots``); one transaction per file."""
    report = IngestReport()
    for done, path in enumerate(files, start=1):
        ingest_file(store, path, source_label(path, list(roots)), report)
        progress("ingest", done, len(files))
    return report


def ingest_paths(
    store: Store, paths: Iterable[str | Path], progress: Progress = _quiet
) -> tuple[int, IngestReport]:
    """Ingest every file under ``paths``; the number of files found and what became of them."""
    roots = [Path(p) for p in paths]
    files = list(discover(roots))
    return len(files), ingest_files(store, files, roots, progress)


def update_stages(
    store: Store, progress: Progress = _quiet, analyze: bool = True
) -> list[dict[str, Any]]:
    """Bring every stage after ingest up to date; log and return the story changes.

    ``analyze=False`` re-runs only linking and reconciliation, after an analyst's decision."""
    before = store.result("stories") or []
    if analyze:
        analyze_pending(store, progress)
    link_store(store, progress)
    reanchor(store)  # dates the link stage completed from a story anchor their time expressions
    reconcile_store(store, progress)
    return record_story_changes(store, before)


def run(store: Store, paths: Iterable[str | Path], progress: Progress = _quiet) -> RunSummary:
    """Ingest ``paths`` and bring every later stage of the store up to date."""
    files, report = ingest_paths(store, paths, progress)
    summary = RunSummary(
        files=files,
        added=len(report.added),
        already_present=len(report.already_present),
        rejected=report.rejected,
    )
    summary.changes = update_stages(store, progress)
    summary.stories = len(store.result("stories") or [])
    summary.articles = len(store.articles())
    return summary
