"""Files read before, byte for byte: a run that meets one again repeats what it became.

An article's id is a hash of what the reader makes of the file's bytes, so the same bytes under
the same name, read by the same ingest code, make the same articles and the same rejections.
The store keeps, for each file a run read, the ids of its articles and its rejections of the
whole file. A later run that finds the same file counts those articles as already present
and reports those rejections again without parsing the file: a run that finds nothing new
loads no language model and imports no parser (issue 14).

A file with a rejection of a part of it (one line of a JSONL file) or of a record over its
time budget (a later run may read it in time) is not kept: it is read on every run, as
before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from storyline.code_version import source_fingerprint
from storyline.ingest.stage import IngestReport, Prepared, load_file
from storyline.model import Rejection, content_id
from storyline.store.base import Store
from storyline.store.codec import KeyedRow

SEEN_FILES = "ingested_files"  # keyed rows: file key -> {"articles": [...], "rejections": [...]}
# What reading a file depends on (other code may read the same bytes otherwise): the readers and
# cleaning, the records and their ids, the reasons of rejections, the known outlets
INGEST_CODE = source_fingerprint("ingest", "model.py", "errors.py", "outlets.json")
OVER_BUDGET = "[E140]"  # the reason of a record over its time budget: not repeated


class FileToRead(NamedTuple):
    """A file of a run, its label, and the hash of its bytes (None when it cannot be read)."""

    path: Path
    label: str
    sha256: str | None

    @property
    def key(self) -> str | None:
        """What the store keeps the file's outcome under: its label, bytes and ingest code."""
        if self.sha256 is None:
            return None
        return content_id("ingested-file", INGEST_CODE, self.label, self.sha256, size=32)


def hashed(path: Path, label: str, roots: Sequence[Path]) -> FileToRead:
    """A file with the hash of its bytes; no hash when ``load_file`` refuses it (a link out of
    the roots, a FIFO, an oversized file: ``prepare_file`` says why, without parsing)."""
    return as_read(path, label, load_file(path, label, roots))


def as_read(path: Path, label: str, loaded: bytes | Rejection) -> FileToRead:
    """A file with the hash of the bytes ``load_file`` read (no hash for its rejection)."""
    digest = None if isinstance(loaded, Rejection) else hashlib.sha256(loaded).hexdigest()
    return FileToRead(path, label, digest)


def outcomes(store: Store, files: Sequence[FileToRead]) -> dict[Path, Any]:
    """Path -> the stored outcome of those of ``files`` read before."""
    keys = sorted({key for file in files if (key := file.key) is not None})
    stored = store.keyed(SEEN_FILES, keys) if keys else {}
    return {file.path: stored[file.key] for file in files if file.key in stored}


def repeat(outcome: dict[str, Any], file: FileToRead, report: IngestReport) -> None:
    """Count a file read before as its first reading did: its articles present, its
    rejections again (their bytes, the whole file, read anew)."""
    report.already_present.extend(outcome["articles"])
    if outcome["rejections"]:
        raw = load_file(file.path, file.label)
        raw = raw.raw if isinstance(raw, Rejection) else raw
        report.rejected.extend(
            Rejection(source_path, reason, raw, line)
            for source_path, reason, line in outcome["rejections"]
        )


def remember(store: Store, file: FileToRead, prepared: Sequence[Prepared]) -> None:
    """Keep what a file became, when a later run can repeat it exactly (see the module)."""
    key = file.key
    articles: list[str] = []
    rejections: list[list[Any]] = []
    for output in prepared:
        if isinstance(output, Rejection):
            whole_file = hashlib.sha256(output.raw).hexdigest() == file.sha256
            if not whole_file or output.reason.startswith(OVER_BUDGET):
                return
            rejections.append([output.source_path, output.reason, output.line])
        else:
            articles.append(output[0].id)
    if key is not None:
        outcome = {"articles": articles, "rejections": rejections}
        store.put_keyed(SEEN_FILES, [KeyedRow(key, "", outcome)])
