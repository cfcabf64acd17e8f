"""A run that finds nothing new: files read before are not parsed again, and the command
imports neither spaCy nor a parser (issue 14: such a run costs under 1 s)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.ingest import seen_files
from storyline.ingest.stage import IngestReport
from storyline.runner import ingest_paths
from storyline.store import Store, open_store

runner = CliRunner()
BODY = (
    "PORT ALDER, March 4, 2025 (HW) -- At least 41 people died when the Kessel dam failed "
    "on Tuesday, provincial officials said. Rescue teams searched flooded villages."
)
PAGE = (
    "<html><head><title>Dam toll rises</title></head><body><article><h1>Dam toll rises</h1>"
    f"<p>{BODY}</p><p>Officials said the toll could rise as searches go on.</p>"
    "</article></body></html>"
)
HEAVY = ("spacy", "thinc", "torch", "trafilatura", "htmldate", "feedparser", "warcio", "py3langid")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "dam.txt").write_text(f"Kessel dam fails\n\n{BODY}\n")
    (folder / "page.html").write_text(PAGE)
    (folder / "broken.jsonl").write_text(
        json.dumps({"id": "x1", "title": "Dam", "text": BODY}) + "\n{oops\n"
    )
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00IHDR")
    return folder


def analyze(corpus: Path, db: Path) -> tuple[str, str]:
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def read_again(
    store: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], IngestReport]:
    """Ingest ``corpus`` again; the labels of the files parsed (to nothing) and the report."""
    parsed: list[str] = []

    def prepare_loaded(path: Path, label: str, loaded: object) -> list[object]:
        parsed.append(label)
        return []

    monkeypatch.setattr("storyline.runner.prepare_loaded", prepare_loaded)
    return parsed, ingest_paths(store, [corpus])[1]


def test_a_run_that_finds_nothing_new_imports_neither_spacy_nor_a_parser(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "broken.jsonl").unlink()  # a file rejected in part is read on every run
    db = tmp_path / "s.db"
    analyze(corpus, db)
    probe = (
        "import sys\n"
        "from storyline.cli import main\n"
        f"sys.argv = ['storyline', 'analyze', {str(corpus)!r}, '--db', {str(db)!r}]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print(sorted({m.split('.')[0] for m in sys.modules}), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "0 articles added, 2 already present, 1 rejected" in done.stdout, done.stderr
    imported = done.stderr.splitlines()[-1]
    assert [name for name in HEAVY if f"'{name}'" in imported] == []


def test_a_file_read_before_reports_the_same_articles_and_rejections(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    _, first_errors = analyze(corpus, db)
    again, again_errors = analyze(corpus, db)
    assert "0 articles added, 3 already present, 2 rejected" in again
    assert again_errors == first_errors
    assert "rejected: corpus/photo.txt: binary content (NUL bytes), not text" in again_errors
    assert "rejected: corpus/broken.jsonl:2: not valid JSON" in again_errors


@pytest.fixture
def ingested(corpus: Path, tmp_path: Path) -> Store:
    """A store that ingested ``corpus`` once."""
    store = open_store(tmp_path / "s.db")
    ingest_paths(store, [corpus])
    return store


def test_a_file_read_before_is_not_parsed_again(
    ingested: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed, report = read_again(ingested, corpus, monkeypatch)
    # the JSONL file had one bad line: a rejection of a part of a file is read again
    assert parsed == ["corpus/broken.jsonl"]
    assert len(report.already_present) == 2
    assert [r.source_path for r in report.rejected] == ["corpus/photo.txt"]


def test_a_changed_file_is_read_again(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    analyze(corpus, db)
    (corpus / "dam.txt").write_text(f"Kessel dam fails\n\n{BODY} Two more bodies were found.\n")
    again, _ = analyze(corpus, db)
    assert "1 articles added, 2 already present" in again


def test_other_ingest_code_reads_every_file_again(
    ingested: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seen_files, "INGEST_CODE", "other")
    assert len(read_again(ingested, corpus, monkeypatch)[0]) == 4


def test_the_kept_outcome_of_a_file_follows_the_code_and_data_that_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's kept outcome is filed under the code that read it: the ingest package, and
    also the records' ids (``model.py``), the rejections' reasons and the known outlets; a
    change to any of them reads the file again."""
    import shutil

    from storyline import code_version

    package = tmp_path / "storyline"
    shutil.copytree(code_version.PACKAGE / "ingest", package / "ingest")
    for name in ("model.py", "errors.py", "outlets.json"):
        shutil.copy(code_version.PACKAGE / name, package / name)
    monkeypatch.setattr(code_version, "PACKAGE", package)
    parts = ("ingest", "model.py", "errors.py", "outlets.json")
    fingerprints = set()
    for changed in (None, "ingest/clean.py", "model.py", "errors.py", "outlets.json"):
        if changed is not None:
            with (package / changed).open("a") as file:
                file.write("\n")
        code_version.source_fingerprint.cache_clear()
        fingerprints.add(code_version.source_fingerprint(*parts))
    assert len(fingerprints) == 5
    monkeypatch.undo()
    code_version.source_fingerprint.cache_clear()
    assert code_version.source_fingerprint(*parts) == seen_files.INGEST_CODE


def test_a_file_changed_after_it_was_hashed_is_kept_under_the_bytes_it_was_read_from(
    store: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file rewritten between the run's look-up and its reading: what it became is kept
    under the bytes that were parsed, so a later run with the first bytes reads it again."""
    dam = corpus / "dam.txt"
    first = dam.read_bytes()
    hashed = seen_files.hashed

    def rewritten_after(path: Path, label: str, roots: object) -> seen_files.FileToRead:
        found = hashed(path, label, roots)  # type: ignore[arg-type]
        if path == dam:
            dam.write_text("Kessel dam holds\n\nThe Kessel dam held on Tuesday, officials said.\n")
        return found

    monkeypatch.setattr(seen_files, "hashed", rewritten_after)
    ingest_paths(store, [corpus])
    monkeypatch.undo()
    dam.write_bytes(first)
    parsed, _ = read_again(store, corpus, monkeypatch)
    assert "corpus/dam.txt" in parsed
