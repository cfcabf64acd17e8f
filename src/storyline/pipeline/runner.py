"""The main job: ingest -> analyze -> link -> reconcile, each stage resumable.

Every stage commits its work atomically and skips what is already done, so a run killed at
any point and started again ends with the same store as an uninterrupted run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from storyline.model import Rejection
from storyline.pipeline.analyze import analyze_pending
from storyline.pipeline.ingest import IngestReport, discover, ingest_file, source_label
from storyline.pipeline.link import link_store
from storyline.pipeline.reconcile_stage import reconcile_store
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
    analyzed: int = 0
    stories: int = 0
    articles: int = 0


def ingest_paths(
    store: Store, paths: Iterable[str | Path], progress: Progress = _quiet
) -> tuple[int, IngestReport]:
    """Ingest every file under ``paths``; one transaction per file."""
    roots = [Path(p) for p in paths]
    files = list(discover(roots))
    report = IngestReport()
    for done, path in enumerate(files, start=1):
        ingest_file(store, path, source_label(path, roots), report)
        progress("ingest", done, len(files))
    return len(files), report


def run(store: Store, paths: Iterable[str | Path], progress: Progress = _quiet) -> RunSummary:
    """Ingest ``paths`` and bring every later stage of the store up to date."""
    files, report = ingest_paths(store, paths, progress)
    summary = RunSummary(
        files=files,
        added=len(report.added),
        already_present=len(report.already_present),
        rejected=report.rejected,
    )
    summary.analyzed = analyze_pending(store, progress)
    summary.stories = link_store(store, progress)
    reconcile_store(store, progress)
    summary.articles = len(store.articles())
    return summary
