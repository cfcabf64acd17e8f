"""The one stage sequence: ingest -> analyze -> link -> reconcile, each stage resumable.

The CLI (``analyze``, ``stories merge|split``), ``watch``, the web's writes and ``--ray`` all run
the stages through this module, so every change of stories, whoever caused it, is logged for
the Atom feed and the live pages (``storyline.link.updates``).

Every stage commits its work atomically and skips what is already done, so a run killed at
any point and started again ends with the same store as an uninterrupted run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.analyze import stage as analysis
from storyline.analyze.stage import FAILED, analyze_pending, failure_rejection, reanchor
from storyline.code_version import source_fingerprint
from storyline.heap import collecting_new_objects
from storyline.ingest import seen_files
from storyline.ingest.metadata import load_language_identifier
from storyline.ingest.stage import (
    IngestReport,
    Prepared,
    commit_file,
    discover,
    load_file,
    prepare_loaded,
    source_label,
)
from storyline.link.stage import link_store
from storyline.link.touched import clear_pending, pending, story_count
from storyline.link.updates import record_story_changes
from storyline.model import Rejection, StoryUpdate, content_id
from storyline.parallel import forked_results
from storyline.reconcile.stage import reconcile_store
from storyline.report.story_rows import INDEX_INPUTS, update_story_index
from storyline.store.base import Store

log = logging.getLogger(__name__)

INPUTS_KIND = "stage_inputs"  # the fingerprint of what the stories were last built from
CODE_KIND = "stage_code"  # the RESULTS_VERSION the stored results were computed with
# the code of the stored link and reconcile results: a store written with other code (an
# upgrade, or the untyped "reconciliation" result before findings) is rebuilt on its next run
RESULTS_VERSION = f"findings-{source_fingerprint('link', 'reconcile')}"

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
    changes: list[StoryUpdate] = field(default_factory=list)


def ingest_files(
    store: Store, files: Sequence[Path], roots: Sequence[Path], progress: Progress = _quiet
) -> IngestReport:
    """Ingest ``files`` (labelled relative to ``roots``); one transaction per file, in the
    order of the files.

    A first run over many files reads them on both cores (issue 14): reading, cleaning and
    dating a file needs nothing of the store, so only the writes stay in this process. A file
    read before, byte for byte, is not read again (``storyline.ingest.seen_files``)."""
    report = IngestReport()
    found = [seen_files.hashed(path, source_label(path, list(roots)), roots) for path in files]
    outcomes = seen_files.outcomes(store, found)
    unread = [file for file in found if file.path not in outcomes]
    if unread:
        load_language_identifier()  # once, before the workers are forked with it

    def read(file: seen_files.FileToRead) -> tuple[seen_files.FileToRead, list[Prepared]]:
        # the outcome is kept under the bytes read here: a file changed since it was hashed
        # above is not remembered as the bytes it held then
        loaded = load_file(file.path, file.label, roots)
        return seen_files.as_read(file.path, file.label, loaded), prepare_loaded(
            file.path, file.label, loaded
        )

    with forked_results(read, unread) as fresh:
        for done, file in enumerate(found, start=1):
            if file.path in outcomes:
                seen_files.repeat(outcomes[file.path], file, report)
            else:
                as_read, prepared = next(fresh)
                with store.transaction():
                    commit_file(store, prepared, report)
                    seen_files.remember(store, as_read, prepared)
            progress("ingest", done, len(files))
    return report


def ingest_paths(
    store: Store, paths: Iterable[str | Path], progress: Progress = _quiet
) -> tuple[int, IngestReport]:
    """Ingest every file under ``paths``; the number of files found and what became of them."""
    roots = [Path(p) for p in paths]
    files = list(discover(roots, store.own_files()))
    return len(files), ingest_files(store, files, roots, progress)


def update_stages(
    store: Store, progress: Progress = _quiet, analyze: bool = True, everything: bool = False
) -> list[StoryUpdate]:
    """Bring every stage after ingest up to date; log and return the story changes.

    ``analyze=False`` re-runs only linking and reconciliation, after an analyst's decision;
    ``everything`` recomputes every story, changed or not (``rebuild``).

    The one loop back, ``reanchor`` after linking, is inherent: grouping reads each article's
    time expressions (the years it writes), an undated article takes its date from the story it
    joins (checked against those years), and only then can its relative expressions ("on
    Tuesday") be resolved, which needs the parse again (tense, the expression before it). The
    completed date is written once, by the link stage; ``reanchor`` only re-resolves the time
    expressions of the articles whose anchor it changed, before reconciliation reads them."""
    started = time.perf_counter()
    if analyze:
        analyzed = analyze_pending(store, progress)
        log.info("analysed %d articles in %.1f s", analyzed, time.perf_counter() - started)
    with store.exclusive("link"):  # one linker at a time on a shared store (PostgreSQL)
        return _update_links(store, progress, everything, started)


def _update_links(
    store: Store, progress: Progress, everything: bool, started: float
) -> list[StoryUpdate]:
    """Link, reanchor, reconcile and log, unless another worker already linked these inputs."""
    inputs = _link_inputs(store)
    if not everything and up_to_date(store, inputs):
        log.info("no new articles, analyses or decisions: stories are up to date")
        _update_story_list(store, inputs)  # a store written before the story list's rows
        return []
    # the stages below allocate in this process only: their collections walk what they make,
    # not what the run holds already (storyline.heap)
    with collecting_new_objects():
        linked = link_store(store, progress, everything)
        # what this run and any interrupted one left for reconciliation (kept until it commits)
        left = pending(store)
        reanchor(store, left.redated)  # dates completed from a story anchor their time expressions
        # other code may reconcile any story differently: every story's fingerprint is checked
        upgraded = store.result(CODE_KIND) != results_version()
        changed = None if upgraded else left.stories
        with collecting_new_objects():  # what linking left stays out of reconciling's collections
            reconciled = reconcile_store(store, progress, everything, changed=changed)
        log.info("reconciled %d changed stories", len(reconciled))
        changes = record_story_changes(store, linked.before, linked.after)
        listed = None if changed is None or everything else [*changed, *reconciled, *left.relisted]
        if store.result(INDEX_INPUTS) is None:  # rows never written whole (a new row format)
            listed = None
        update_story_index(store, listed)
    with store.transaction():
        clear_pending(store)
        store.put_result(CODE_KIND, results_version())
        store.put_result(INDEX_INPUTS, inputs)
        store.put_result(INPUTS_KIND, inputs)  # last: a run killed before this redoes the stages
    log.info("%d story changes; stages took %.1f s", len(changes), time.perf_counter() - started)
    return changes


def _update_story_list(store: Store, inputs: str) -> None:
    """Write the story list's rows (``storyline.report.story_rows``) if they are not of these
    inputs: the first run after an upgrade fills them."""
    if store.result(INDEX_INPUTS) != inputs:
        update_story_index(store)
        store.put_result(INDEX_INPUTS, inputs)


def rebuild(store: Store, progress: Progress = _quiet) -> list[StoryUpdate]:
    """Recompute stories, derivations, timelines and reconciliation from the stored articles
    and analyses, even when nothing new arrived (after an upgrade of Storyline, say)."""
    return update_stages(store, progress, everything=True)


def up_to_date(store: Store, inputs: str | None = None) -> bool:
    """Whether the stored stories were built by this code from the store's present inputs."""
    return store.result(INPUTS_KIND) == (inputs or _link_inputs(store))


def _link_inputs(store: Store) -> str:
    """A fingerprint of what linking and reconciling read: the code, and the store's input
    mark, which every write of an article's features or clues and every analysts' decision
    raises (``Store.input_mark``). Equal fingerprints, equal stories; one row is read, so a
    run that finds nothing new costs the same at any size."""
    return content_id("stage-inputs", results_version(), str(store.input_mark()), size=32)


def results_version() -> str:
    """What the stored stories and findings were computed with: the link and reconcile code
    and the versions of the analyses they read. A new extraction (a component's version:
    claims, quotes ...) re-analyses every article, and every story must then be compared
    again: the analyses changed although no article, feature or decision did."""
    return f"{RESULTS_VERSION}-{content_id(analysis.signature(analysis.COMPONENTS))}"


def new_failures(store: Store, before: dict[str, str]) -> list[Rejection]:
    """The articles whose analysis failed since ``before`` (article id -> failure version)."""
    failed = store.analysis_versions(FAILED)
    new = sorted(a for a, version in failed.items() if before.get(a) != version)
    found = []
    for article_id in new:
        article = store.article(article_id)
        failure = store.analysis(article_id, FAILED)
        if article is not None and failure is not None:
            found.append(failure_rejection(article, failure["reason"]))
    return found


def run(store: Store, paths: Iterable[str | Path], progress: Progress = _quiet) -> RunSummary:
    """Ingest ``paths`` and bring every later stage of the store up to date."""
    files, report = ingest_paths(store, paths, progress)
    summary = RunSummary(
        files=files,
        added=len(report.added),
        already_present=len(report.already_present),
        rejected=report.rejected,
    )
    failed_before = store.analysis_versions(FAILED)
    summary.changes = update_stages(store, progress)
    summary.rejected += new_failures(store, failed_before)
    summary.stories = story_count(store)
    summary.articles = store.article_count()  # not every article read and decoded
    return summary
