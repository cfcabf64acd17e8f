"""``storyline cluster``: the stories of JSONL articles, one answer per input line.

The lines go through the very stage sequence ``analyze`` runs (``storyline.runner.run``, into
a store in memory), so ``cluster`` and ``analyze`` tell the same stories by construction.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import InputError
from storyline.runner import run
from storyline.store import open_store


@dataclass(frozen=True)
class ClusterLine:
    """One input line of ``storyline cluster``: its ``{id, story}`` record or why it was refused."""

    line: int
    record: dict[str, str] | None = None
    error: InputError | None = None


def cluster_jsonl(lines: Iterable[str], source_path: str) -> Iterator[ClusterLine]:
    """Cluster JSONL articles (``id``, ``title``, ``text``, optional ``published``, ``source``).

    Yields one result per non-blank line, in input order: ``{"id": ..., "story": ...}`` or the
    error naming the line. The lines go through the very stage sequence ``analyze`` runs
    (``storyline.runner.run``, into a store in memory), so ``cluster`` and ``analyze`` tell
    the same stories by construction: one answer per input.
    """
    lines = list(lines)
    line_of: dict[str, int] = {}  # the JSONL reader's external id -> its line
    for number, raw in enumerate(lines, start=1):
        with contextlib.suppress(ValueError, RecursionError):
            record = json.loads(raw)
            if isinstance(record, dict) and record.get("id") is not None:
                line_of.setdefault(str(record["id"]), number)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(source_path).name
        path.write_text("".join(line.rstrip("\r\n") + "\n" for line in lines), "utf-8")
        store = open_store(":memory:")
        try:
            summary = run(store, [path])
            external = {a.id: a.external_id or "" for a in store.articles()}
            story_of = {a: s.id for s in store.stories() for a in s.article_ids}
        finally:
            store.close()
    results: dict[int, ClusterLine] = {}
    for article_id, story in story_of.items():
        found = line_of.get(external[article_id])
        if found is not None:
            results[found] = ClusterLine(found, {"id": external[article_id], "story": story})
    for rejection in summary.rejected:
        number = rejection.line or 0
        error = InputError(source_path, rejection.reason, rejection.line)
        results.setdefault(number, ClusterLine(number, error=error))
    yield from (results[number] for number in sorted(results))
