"""The `storyline` command: a thin layer over the library. Each command opens the store, makes
one library call and prints. Library errors become one ``Error: [E...] ...`` line, never a
traceback."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline.errors import (
    AmbiguousId,
    MissingStore,
    PathError,
    StorylineError,
    UnknownId,
)
from storyline.model import StoryUpdate
from storyline.store import Store, open_store

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help=__doc__, pretty_exceptions_enable=False
)
stories_app = typer.Typer(help="List stories; merge and split them (decisions are logged).")
extract_app = typer.Typer(help="Run one analysis over JSONL lines {id, text, published}.")
app.add_typer(stories_app, name="stories")
app.add_typer(extract_app, name="extract")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str, typer.Option("--db", help="The store: a SQLite file or a postgresql:// URL.")
]
DEFAULT_DB = "storyline.db"


class LogLevel(StrEnum):
    debug = "debug"
    info = "info"
    warning = "warning"
    error = "error"


@app.callback()
def configure(
    log_level: Annotated[
        LogLevel,
        typer.Option(
            "--log-level",
            help="What to log to stderr: `watch`, `serve` and `analyze --ray` log their work "
            "at info.",
        ),
    ] = LogLevel.warning,
) -> None:
    """Turn articles from many outlets into verified stories, offline."""
    logging.basicConfig(
        level=log_level.value.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    # trafilatura logs its own extraction steps as warnings ("discarding data: None"); what a
    # user needs of a page is ours: a rejection naming the file and the reason
    if log_level != LogLevel.debug:
        logging.getLogger("trafilatura").setLevel(logging.ERROR)


class ExportFormat(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"
    csv_claims = "csv-claims"
    csv_quotes = "csv-quotes"
    assignments = "assignments"
    atom = "atom"


def fail(error: StorylineError, code: int = 1) -> NoReturn:
    """Print the error as one line and exit."""
    err.print(f"Error: {error}", markup=False)
    raise typer.Exit(code)


@contextmanager
def store_at(db: str | Path) -> Iterator[Store]:
    """Open the store; turn any Storyline error inside into one Error line."""
    store = None
    try:
        store = open_store(db)
        yield store
    except StorylineError as exc:
        fail(exc)
    finally:
        if store is not None:
            store.close()


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # no bar, and no stray blank line, in logs and pipes
    ) as bar:
        tasks: dict[str, Any] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield advance


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of articles.")],
    db: DbOption = DEFAULT_DB,
    strict: Annotated[
        bool, typer.Option(help="Exit with code 2 if any input is rejected.")
    ] = False,
    ray: Annotated[
        bool,
        typer.Option(
            "--ray",
            help="Analyse on Ray workers: the cluster at RAY_ADDRESS if set, else a local one "
            "on all cores. Needs `pip install 'storyline\\[scale]'`.",
        ),
    ] = False,
) -> None:
    """Ingest articles and run every stage: analysis, stories, reconciliation."""
    from storyline.runner import run
    from storyline.scale import ray_analysis

    for path in paths:
        if not path.exists():
            fail(PathError(path, "no such file or folder"))
    scale_out = ray_analysis() if ray else contextlib.nullcontext()
    with store_at(db) as store, scale_out, progress_bar() as progress:
        summary = run(store, paths, progress)
    for rejection in summary.rejected:
        where = (
            f"{rejection.source_path}:{rejection.line}" if rejection.line else rejection.source_path
        )
        err.print(f"rejected: {where}: {rejection.reason}", markup=False)
    out.print(
        f"{summary.files} files: {summary.added} articles added, {summary.already_present} "
        f"already present, {len(summary.rejected)} rejected. Store: {summary.articles} articles "
        f"in {summary.stories} stories ({db}).",
        markup=False,
    )
    if strict and summary.rejected:
        raise typer.Exit(2)


@app.command()
def rebuild(db: DbOption = DEFAULT_DB) -> None:
    """Recompute stories and reconciliation from the stored articles and analyses."""
    from storyline.runner import rebuild as rebuild_store

    with store_at(db) as store, progress_bar() as progress:
        changes = rebuild_store(store, progress)
        stories = len(store.stories())
    out.print(f"{stories} stories; {len(changes)} changed ({db}).", markup=False)


@app.command()
def articles(db: DbOption = DEFAULT_DB) -> None:
    """List the stored articles."""
    from storyline.report.contents import report_order

    with store_at(db) as store:
        found = report_order(store.articles())
    table = Table("id", "outlet", "published", "basis", "title")
    for article in found:
        published = article.published
        table.add_row(
            article.id[:12],
            article.outlet or "-",
            published.date.isoformat() if published.date else "-",
            published.basis.value,
            article.title,
        )
    out.print(table)


@stories_app.callback(invoke_without_command=True)
def stories(ctx: typer.Context, db: DbOption = DEFAULT_DB) -> None:
    """List the stories."""
    if ctx.invoked_subcommand:
        return
    with store_at(db) as store:
        found = store.stories()
    table = Table("id", "articles", "title", "related")
    for story in found:
        table.add_row(
            story.id[:12],
            str(len(story.article_ids)),
            story.title,
            ", ".join(r[:8] for r in story.related_story_ids) or "-",
        )
    out.print(table)


@stories_app.command("merge")
def stories_merge(
    first: str,
    second: str,
    reason: Annotated[str, typer.Option(help="Why: kept in the decision log.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Merge two stories (logged; survives reruns and new articles)."""
    from storyline.decisions import merge_stories

    with store_at(db) as store:
        story = merge_stories(store, first, second, reason)
    out.print(f"Merged into story {story['id'][:12]} ({len(story['article_ids'])} articles).")


@stories_app.command("split")
def stories_split(
    story: str,
    article_ids: Annotated[list[str], typer.Argument(help="Articles to move to a new story.")],
    reason: Annotated[str, typer.Option(help="Why: kept in the decision log.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Split articles out of a story into a new one (logged; survives reruns)."""
    from storyline.decisions import split_story

    with store_at(db) as store:
        new = split_story(store, story, article_ids, reason)
    out.print(f"Split into story {new['id'][:12]} ({len(new['article_ids'])} articles).")


@app.command()
def show(
    item_id: Annotated[str, typer.Argument(help="An article or story id (or prefix).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show one article (cleaned text, metadata, what was removed) or one story, as JSON."""
    from storyline.report.json_report import build_report

    with store_at(db) as store:
        report = build_report(store)
    for kind in ("articles", "stories"):
        matches = [item for item in report[kind] if item["id"].startswith(item_id)]
        if len(matches) == 1:
            out.print_json(json.dumps(matches[0], ensure_ascii=False))
            return
        if len(matches) > 1:
            fail(AmbiguousId(item_id, len(matches), kind))
    fail(UnknownId(item_id, "article or story"))


@app.command()
def rejections(db: DbOption = DEFAULT_DB) -> None:
    """List quarantined input: what could not be read, and why (original bytes are kept)."""
    with store_at(db) as store:
        found = store.rejections()
    for r in found:
        where = f"{r.source_path}:{r.line}" if r.line else r.source_path
        out.print(f"{where}: {r.reason} ({len(r.raw):,} bytes kept)", markup=False)
    if not found:
        out.print("No rejected input.")


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.json,
    out_path: Annotated[Path | None, typer.Option("--out", help="File to write.")] = None,
    removed: Annotated[
        bool, typer.Option("--removed", help="Show what cleaning removed (markdown, html).")
    ] = False,
) -> None:
    """Write the report: JSON (schema/report.schema.json), Markdown or offline HTML briefs, CSV
    of claims or quotes, JSONL article-to-story assignments, or an Atom feed of story updates."""
    from storyline.report.exports import export_text

    with store_at(db) as store:
        text = export_text(store, format.value, include_removed=removed)
    _write(text, out_path)


def _write(text: str, out_path: Path | None) -> None:
    if out_path is None:
        sys.stdout.write(text)
        return
    try:
        out_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(PathError(out_path, f"cannot be written ({exc.strerror})", writing=True))


def _extract(kind: str, path: Path, out_path: Path | None) -> None:
    from storyline.analyze.extract import read_lines, run_extract

    try:
        lines = read_lines(path)
    except StorylineError as exc:
        fail(exc)
    written: list[str] = []
    failed = 0
    try:
        for result in run_extract(kind, lines, str(path)):
            if result.error is not None:
                err.print(f"Error: {result.error}", markup=False)
                failed += 1
            else:
                written.append(json.dumps(result.record, ensure_ascii=False, sort_keys=True))
    except StorylineError as exc:
        fail(exc)
    _write("".join(line + "\n" for line in written), out_path)
    if failed:
        raise typer.Exit(1)


@extract_app.command("dates")
def extract_dates(
    path: Path, out_path: Annotated[Path | None, typer.Option("--out")] = None
) -> None:
    """Time expressions (TIMEX3 type and value) anchored to each line's `published` date."""
    _extract("timexes", path, out_path)


@extract_app.command("quotes")
def extract_quotes(
    path: Path, out_path: Annotated[Path | None, typer.Option("--out")] = None
) -> None:
    """Direct quotes with speaker and cue."""
    _extract("quotes", path, out_path)


@extract_app.command("claims")
def extract_claims(
    path: Path, out_path: Annotated[Path | None, typer.Option("--out")] = None
) -> None:
    """Numeric claims: quantity, unit, what is counted, who claims it, stance."""
    _extract("claims", path, out_path)


@app.command()
def cluster(path: Path, out_path: Annotated[Path | None, typer.Option("--out")] = None) -> None:
    """Assign each JSONL article {id, title, text, published, source} to a story."""
    from storyline.jsonl_stories import cluster_jsonl

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        fail(PathError(path, f"cannot be read ({exc})"))
    records: list[str] = []
    failed = 0
    for result in cluster_jsonl(lines, str(path)):
        if result.error is not None:
            err.print(f"Error: {result.error}", markup=False)
            failed += 1
        else:
            records.append(json.dumps(result.record, ensure_ascii=False))
    _write("".join(r + "\n" for r in records), out_path)
    if failed:
        raise typer.Exit(1)


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to bind; keep 127.0.0.1 unless you mean it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="Another Host name to answer (repeatable); loopback names and --host always "
            "are, any other gets 400 (DNS rebinding)."
        ),
    ] = None,
    max_listeners: Annotated[
        int, typer.Option(help="Most live-update connections open at once; 503 past it.")
    ] = 500,
) -> None:
    """Browse stories in a web UI; merge and split need the token printed at start."""
    import uvicorn

    from storyline.web.app import create_app

    if not Path(db).exists():
        fail(MissingStore(db))
    web = create_app(
        db, host=host, allowed_host=allowed_host or (), max_listeners=max_listeners,
        warm_worker=True,
    )  # fmt: skip
    out.print(f"Serving {db} at http://{host}:{port}/  token for merge/split: {web.state.token}")
    # Live-update connections never end by themselves: give them 5 s on Ctrl-C, then close.
    uvicorn.run(
        web,
        host=host,
        port=port,
        log_level=logging.getLogger().getEffectiveLevel(),
        timeout_graceful_shutdown=5,
    )


@app.command()
def watch(
    paths: Annotated[list[Path], typer.Argument(help="Folders and feed files to watch.")],
    db: DbOption = DEFAULT_DB,
    interval: Annotated[float, typer.Option(help="Seconds between polls.")] = 2.0,
    feed_interval: Annotated[float, typer.Option(help="Seconds between feed re-reads.")] = 60.0,
) -> None:
    """Ingest new articles as they arrive; story changes go to the Atom feed and open pages."""
    from storyline.watch import watch as watch_paths

    for path in paths:
        if not path.exists():
            fail(PathError(path, "no such file or folder"))

    def report(changes: list[StoryUpdate]) -> None:
        for change in changes:
            out.print(f"{change.at} {change.summary}: {change.title}", markup=False)

    out.print(f"Watching {', '.join(map(str, paths))} (Ctrl-C to stop).", markup=False)
    with store_at(db) as store, contextlib.suppress(KeyboardInterrupt):
        watch_paths(store, paths, interval, feed_interval, on_change=report)


def main() -> None:
    """Entry point: any error that escapes a command is one line (a traceback only on request)."""
    try:
        app()
    except StorylineError as exc:
        err.print(f"Error: {exc}", markup=False)
        sys.exit(1)
    except Exception as exc:  # a bug, not bad input: still one line, traceback on request
        if os.environ.get("STORYLINE_DEBUG"):
            raise
        err.print(
            f"Error: [E999] internal error ({type(exc).__name__}: {exc}); "
            "rerun with STORYLINE_DEBUG=1 for the traceback and report it",
            markup=False,
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
