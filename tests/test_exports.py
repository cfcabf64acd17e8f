"""Exports: offline HTML, CSV of claims and quotes, JSONL assignments, Atom feed."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.etree import ElementTree

import pytest

from storyline.errors import UsageError
from storyline.link.updates import UPDATES_KIND, record_story_changes
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
from storyline.web.fixture import fill_fixture_store

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def report(store: Store) -> dict[str, Any]:
    fill_fixture_store(store)
    return build_report(store)


def test_html_is_self_contained_and_escapes_article_text(report: dict[str, Any]) -> None:
    html = report_html(report)
    assert "<script" not in html  # the fixture headline is a script tag: shown as text
    assert "&lt;script&gt;alert(" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "nothing may load from the network"
    assert "<link" not in html and "<style>" in html
    assert html.count('<svg class="timeline-chart"') == 3
    assert html.count('<svg class="provenance-graph"') == 3


def test_every_html_link_lands_on_an_element_of_the_file(report: dict[str, Any]) -> None:
    html = report_html(report)
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= ids


def test_html_conflict_links_to_the_sentence_with_the_value(report: dict[str, Any]) -> None:
    html = report_html(report)
    conflict = html.split('class="conflict"')[1].split("</section>")[0]
    anchor = re.search(r'href="#([^"]+)"', conflict)[1]
    sentence = re.search(rf'id="{anchor}">([^<]*)<', html)[1]
    assert "6,700 containers" in sentence


def test_html_shows_removed_junk_only_on_request(report: dict[str, Any]) -> None:
    assert "Removed as page junk" not in report_html(report)
    assert "Removed as page junk" in report_html(report, include_removed=True)


def test_claims_csv_has_one_row_per_finding_and_sentence(report: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(claims_csv(report))))
    verdicts = {row["verdict"] for row in rows}
    assert verdicts == {"agreed", "conflict", "single_source"}
    conflict_rows = [r for r in rows if r["verdict"] == "conflict"]
    assert len(conflict_rows) == 4 * 3  # 4 articles in each of the 3 stories
    assert all(r["external_id"].startswith("s") for r in conflict_rows)
    quotes = list(csv.DictReader(io.StringIO(quotes_csv(report))))
    assert {r["verdict"] for r in quotes} == {"variant"}


def test_assignments_name_every_article_with_its_external_id(report: dict[str, Any]) -> None:
    lines = [json.loads(line) for line in assignments_jsonl(report).splitlines()]
    assert len(lines) == len(report["articles"]) == 12
    story_ids = {s["id"] for s in report["stories"]}
    assert all(line["story_id"] in story_ids and line["external_id"] for line in lines)


def test_atom_feed_lists_logged_updates_first(store: Store) -> None:
    stories = fill_fixture_store(store)
    merged = {
        "id": "merged0000000000",
        "title": "Merged",
        "article_ids": stories[0]["article_ids"] + stories[1]["article_ids"],
        "related_story_ids": [],
    }
    store.put_result("stories", [merged, stories[2]])
    changes = record_story_changes(store, stories, at="2024-06-01T12:00:00Z")
    assert [c["change"] for c in changes] == ["merged"]
    feed = ElementTree.fromstring(
        atom_feed(build_report(store), store.result(UPDATES_KIND)).encode()
    )
    entries = feed.findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title") == "merged: Merged"
    assert entries[0].findtext(f"{ATOM}updated") == "2024-06-01T12:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2024-06-01T12:00:00Z"
    assert len(entries) == 2


def test_export_text_dispatches_and_is_deterministic(store: Store) -> None:
    fill_fixture_store(store)
    for fmt in ("json", "markdown", "html", "csv-claims", "csv-quotes", "assignments", "atom"):
        assert export_text(store, fmt) == export_text(store, fmt)
    with pytest.raises(UsageError, match="format must be one of"):
        export_text(store, "pdf")


@pytest.mark.slow
def test_seeds_html_report_shows_every_seed_finding(seeds_dir: Any) -> None:
    """The founding case: the offline HTML report of the five seeds shows the findings of the
    claims issue, each linked to a sentence of the same file."""
    from storyline.runner import run
    from storyline.store import open_store

    store = open_store(":memory:")
    run(store, [seeds_dir])
    html = report_html(build_report(store))
    store.close()
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


def test_html_export_keeps_the_stylesheet_font_rule_unescaped(report: dict[str, Any]) -> None:
    html = report_html(report)
    style = html[html.index("<style>") : html.index("</style>")]
    assert '"Segoe UI"' in style and "&#34;" not in style
