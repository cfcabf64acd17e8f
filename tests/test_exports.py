"""Exports: offline HTML, CSV of claims and quotes, JSONL assignments, Atom feed; on stores the
pipeline built from the sample corpus and from hostile input (tests/conftest.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest

from storyline.decisions import merge_stories
from storyline.errors import UsageError
from storyline.link.updates import UPDATES_KIND, logged_updates
from storyline.model import Verdict
from storyline.report.brief import finding_anchor, sentence_anchor
from storyline.report.brief_text import sentence_index
from storyline.report.contents import Contents, load_contents
from storyline.report.exports import (
    assignments_jsonl,
    atom_feed,
    claims_csv,
    export_text,
    quotes_csv,
    report_html,
)
from storyline.report.json_report import build_report
from storyline.store import Store

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = Path(__file__).resolve().parents[1] / "src" / "storyline" / "schema" / "report.schema.json"


@pytest.fixture
def contents(sample_store: Store) -> Contents:
    return load_contents(sample_store)


@pytest.fixture
def hostile(hostile_store: Store) -> Contents:
    return load_contents(hostile_store)


def test_html_is_self_contained(contents: Contents) -> None:
    html = report_html(contents)
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "nothing may load from the network"
    assert "<link" not in html and "<style>" in html and "<script" not in html
    stories = len(contents.stories)
    assert html.count('<svg class="provenance-graph"') == stories


def test_html_escapes_hostile_titles_quotes_and_urls(hostile: Contents) -> None:
    html = report_html(hostile)
    assert "<script" not in html and "<img" not in html and '<a href="javascript' not in html
    assert "&lt;script&gt;alert(&#39;headline&#39;)" in html
    assert not re.search(r'(href|src)="\s*(javascript|data):', html, re.IGNORECASE)


def test_every_html_link_lands_on_an_element_of_the_file(contents: Contents) -> None:
    html = report_html(contents)
    ids = re.findall(r'id="([^"]+)"', html)
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= set(ids)
    assert len(ids) == len(set(ids)), "every id of the file is unique"


def test_every_html_finding_links_to_its_own_sentences(contents: Contents) -> None:
    """Each finding's element has a unique id and links to the sentence of each of its members
    (article id + sentence anchor), not to text that merely looks alike."""
    html = report_html(contents)
    for finding in contents.findings:
        anchor = finding_anchor(finding)
        assert html.count(f'id="{anchor}"') == 1, finding.subject
        element = re.split(r'id="f-|</section>', html.split(f'id="{anchor}"')[1])[0]
        linked = set(re.findall(r'href="#(a-[0-9a-f]{12}-s\d+)"', element))
        for member in finding.members:
            text = contents.by_id[member.article_id].text
            sentence = sentence_anchor(member.article_id, sentence_index(text, member.span.start))
            assert sentence in linked, (finding.subject, member.text)


def test_html_conflict_links_to_the_sentence_with_the_value(contents: Contents) -> None:
    html = report_html(contents)
    conflict = html.split('class="conflict"')[1].split("</section>")[0]
    anchor = re.search(r'href="#([^"]+)"', conflict)[1]
    sentence = html.split(f'id="{anchor}">')[1].split("</span>")[0]
    assert "41 people" in sentence


def test_html_shows_removed_junk_only_on_request(contents: Contents) -> None:
    assert "Removed as page junk" not in report_html(contents)
    assert "Removed as page junk" in report_html(contents, include_removed=True)


def test_claims_csv_has_one_row_per_finding_and_sentence(contents: Contents) -> None:
    rows = list(csv.DictReader(io.StringIO(claims_csv(contents))))
    assert {row["verdict"] for row in rows} == {"agreed", "conflict", "single_source"}
    conflict_rows = [r for r in rows if r["verdict"] == "conflict"]
    conflicts = [f for f in contents.findings if f.verdict is Verdict.CONFLICT]
    assert len(conflict_rows) == sum(len(f.members) for f in conflicts)
    assert all(r["excerpt"] and int(r["start"]) < int(r["end"]) for r in rows)
    agreed = [r for r in rows if r["verdict"] == "agreed" and r["kind"] == "claim"]
    assert "12 coastal patrol vessels" in {r["value"] for r in agreed}
    quotes = list(csv.DictReader(io.StringIO(quotes_csv(contents))))
    assert {r["verdict"] for r in quotes} >= {"variant", "agreed", "single_source"}


def test_assignments_name_every_article_with_its_story(contents: Contents) -> None:
    lines = [json.loads(line) for line in assignments_jsonl(contents).splitlines()]
    assert len(lines) == len(contents.articles) == 26
    story_ids = {s.id for s in contents.stories}
    assert all(line["story_id"] in story_ids for line in lines)
    assert any(line["external_id"] for line in lines)


def test_atom_feed_lists_logged_updates_first(sample_store: Store) -> None:
    stories = sample_store.result("stories") or []
    merge_stories(sample_store, stories[0]["id"], stories[1]["id"], "one event")
    feed = ElementTree.fromstring(
        atom_feed(
            load_contents(sample_store), logged_updates(sample_store.result_text(UPDATES_KIND))
        ).encode()
    )
    entries = feed.findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title").startswith("merged: ")
    assert feed.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")
    assert len(entries) == len(sample_store.result(UPDATES_KIND))  # the run's, then the merge


def test_export_text_dispatches_and_is_deterministic(sample_store: Store) -> None:
    for fmt in ("json", "markdown", "html", "csv-claims", "csv-quotes", "assignments", "atom"):
        assert export_text(sample_store, fmt) == export_text(sample_store, fmt)
    with pytest.raises(UsageError, match="format must be one of"):
        export_text(sample_store, "pdf")


def test_json_export_follows_the_report_schema(sample_store: Store, hostile_store: Store) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for store in (sample_store, hostile_store):
        report = json.loads(export_text(store, "json"))
        jsonschema.validate(report, schema)
        assert report["conflicts"] or report["claims"]


def test_a_conflict_keeps_the_figures_a_version_1_reader_reads(sample_store: Store) -> None:
    """Readers of version 1 (the open-world check among them) read a conflict's figures from
    ``details.values``: each names its article and its value as written."""
    report = json.loads(export_text(sample_store, "json"))
    texts = {a["id"]: a["text"] for a in report["articles"]}
    assert report["conflicts"]
    for conflict in report["conflicts"]:
        assert conflict["details"] == {"counted": conflict["counted"], "values": conflict["sides"]}
        for value in conflict["details"]["values"]:
            assert value["as_written"] in texts[value["article_id"]]
    assert not any("details" in f for f in report["claims"] + report["quotes"])


@pytest.mark.slow
def test_seeds_html_report_shows_every_seed_finding(seeds_dir: Any) -> None:
    """The founding case: the offline HTML report of the five seeds shows the findings of the
    claims issue, each linked to a sentence of the same file."""
    from storyline.runner import run
    from storyline.store import open_store

    store = open_store(":memory:")
    run(store, [seeds_dir])
    html = report_html(load_contents(store))
    report = build_report(store)
    store.close()
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    section = {
        name: html.split(f'<section class="{name}">')[1].split("</section>")[0]
        for name in ("conflicts", "variants", "single", "agreed")
    }
    assert "7,000 containers" in section["conflicts"] and "6,700" in section["conflicts"]
    assert "Shin Won-sik" in section["conflicts"]
    assert "<del>epochal</del> <ins>historic</ins>" in section["variants"]
    assert "characteristics" in section["variants"] and "performance" in section["variants"]
    for single in ("152-millimeter", "122-millimeter", "largest standing army"):
        assert single in section["single"]
    assert "1 independent source</strong> (KCNA)" in section["agreed"]
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= ids


def test_html_export_keeps_the_stylesheet_font_rule_unescaped(contents: Contents) -> None:
    html = report_html(contents)
    style = html[html.index("<style>") : html.index("</style>")]
    assert '"Segoe UI"' in style and "&#34;" not in style
