"""The CLI: one line per problem, never a traceback; exit codes users can script against."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()
BODY = (
    "PORT ALDER, March 4, 2025 (HW) -- At least 41 people died when the Kessel dam failed "
    "on Tuesday, provincial officials said. Rescue teams searched flooded villages."
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "dam.txt").write_text(f"Kessel dam fails\n\n{BODY}\n")
    (folder / "broken.jsonl").write_text(
        json.dumps({"id": "x1", "title": "Dam", "text": BODY}) + "\n{oops\n"
    )
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00IHDR")
    return folder


def test_analyze_reports_each_rejection_in_one_line_and_goes_on(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "rejected: corpus/broken.jsonl:2: not valid JSON" in result.stderr
    assert "rejected: corpus/photo.txt: binary content (NUL bytes), not text" in result.stderr
    assert "Traceback" not in result.output
    assert "2 articles added" in result.stdout


def test_a_page_without_text_is_one_line_of_ours_not_the_extractors_log(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "gallery.html").write_text("<html><body><img src='a.png'></body></html>")
    result = runner.invoke(app, ["analyze", str(folder), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "rejected: pages/gallery.html: no article text found in the HTML page" in result.stderr
    assert "trafilatura" not in result.stderr  # its "discarding data: None" warning


def test_a_store_inside_the_folder_it_reads_never_reads_itself(corpus: Path) -> None:
    db = str(corpus / "store.db")
    first = runner.invoke(app, ["analyze", str(corpus), "--db", db])
    again = runner.invoke(app, ["analyze", str(corpus), "--db", db])
    assert first.exit_code == again.exit_code == 0, first.output + again.output
    for result in (first, again):
        assert "store.db" not in result.stderr  # nor its -wal and -shm journals
        assert "3 files: " in result.stdout  # dam.txt, broken.jsonl, photo.txt


def test_strict_turns_a_rejection_into_exit_code_2(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(corpus), "--db", str(tmp_path / "s.db"), "--strict"]
    )
    assert result.exit_code == 2


def test_reingesting_is_a_no_op(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["analyze", str(corpus), "--db", db])
    again = runner.invoke(app, ["analyze", str(corpus), "--db", db])
    assert "0 articles added, 2 already present" in again.stdout


def test_store_in_a_missing_folder_is_one_error_line(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(tmp_path / "no" / "s.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [E200]")
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_input_path_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: [E101] {tmp_path / 'nope'}: no such file or folder"


def test_show_unknown_id_is_one_error_line(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["analyze", str(corpus), "--db", db])
    result = runner.invoke(app, ["show", "zzzz", "--db", db])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: [E302] no article or story has id 'zzzz'"


def test_export_writes_json_and_markdown(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["analyze", str(corpus), "--db", db])
    out = tmp_path / "r.json"
    assert (
        runner.invoke(app, ["export", "--db", db, "--format", "json", "--out", str(out)]).exit_code
        == 0
    )
    report = json.loads(out.read_text())
    assert {r["source_path"] for r in report["rejections"]} == {
        "corpus/broken.jsonl",
        "corpus/photo.txt",
    }
    markdown = runner.invoke(app, ["export", "--db", db, "--format", "markdown"])
    assert markdown.stdout.startswith("# Storyline report")
    assert "Rejected input" in markdown.stdout


def test_rejections_command_lists_quarantined_input(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["analyze", str(corpus), "--db", db])
    result = runner.invoke(app, ["rejections", "--db", db])
    assert "corpus/photo.txt: binary content (NUL bytes), not text (14 bytes kept)" in result.stdout


def test_extract_reports_bad_lines_and_still_processes_the_rest(tmp_path: Path) -> None:
    lines = tmp_path / "in.jsonl"
    lines.write_text(
        json.dumps({"id": "a", "text": BODY, "published": "2025-03-04"})
        + "\n"
        + json.dumps({"id": "b", "text": BODY, "published": "March"})
        + "\n"
    )
    result = runner.invoke(app, ["extract", "dates", str(lines)])
    assert result.exit_code == 1
    assert "in.jsonl:2: 'published' must be a date YYYY-MM-DD; got 'March'" in result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "a" and record["timexes"]


def test_extract_applies_the_ingest_limits_to_a_long_article_and_hostile_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: `extract` took a text over spaCy's limit, a 5,000-digit integer and JSON
    nested 100,000 deep; now the article is analysed up to the cut (reported) and the two bad
    lines are rejected one by one, as ingest does."""
    from storyline.ingest import stage

    monkeypatch.setattr(stage, "MAX_ARTICLE_CHARS", 2_000)  # the cap itself is 200,000
    lines = tmp_path / "in.jsonl"
    long_text = "The dam failed on March 3, 2025.\n" * 200  # 6,600 characters
    lines.write_text(
        json.dumps({"id": "long", "text": long_text, "published": "2025-03-04"})
        + "\n"
        + '{"id": "big", "text": "x", "n": '
        + "9" * 5000
        + "}\n"
        + "[" * 100_000
        + "\n"
    )
    result = runner.invoke(app, ["extract", "dates", str(lines)])
    assert result.exit_code == 1
    assert "in.jsonl:2: [E131] JSON that Python cannot hold" in result.stderr
    assert "in.jsonl:3: [E131] JSON that Python cannot hold (nested too deep)" in result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["cut"]["start"] <= 2_000 and "2,000 characters" in record["cut"]["reason"]
    assert record["timexes"] and all(t["end"] <= 2_000 for t in record["timexes"])


def test_extract_refuses_a_file_over_the_ingest_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.analyze import extract

    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 100)
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps({"id": "a", "text": "word " * 50}) + "\n")
    result = runner.invoke(app, ["extract", "dates", str(lines)])
    assert result.exit_code != 0
    assert "over the 100-byte file size limit" in result.stderr
