"""The story brief: sentences, intervals, findings with their sources, missing keys."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.report.brief import build_brief, build_briefs, interval_of, provenance
from storyline.report.brief_text import sentence_bounds, sentence_index
from storyline.report.json_report import build_report
from storyline.report.markdown import report_markdown
from storyline.store import Store
from storyline.web.fixture import fill_fixture_store


@pytest.fixture
def report(store: Store) -> dict[str, Any]:
    fill_fixture_store(store)
    return build_report(store)


def test_sentences_split_at_stops_and_lines_but_not_abbreviations() -> None:
    text = "Mr. Kim said it. Then U.S. officials left!\n\nA new paragraph “Quoted.” Next one"
    pieces = [text[s:e] for s, e in sentence_bounds(text)]
    assert pieces == [
        "Mr. Kim said it.",
        "Then U.S. officials left!",
        "A new paragraph “Quoted.”",
        "Next one",
    ]
    assert sentence_index(text, text.index("officials")) == 1


@given(st.text(max_size=300))
def test_sentences_are_ordered_non_empty_views_of_the_text(text: str) -> None:
    previous_end = 0
    for start, end in sentence_bounds(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        previous_end = end


def test_interval_of_timeml_values() -> None:
    assert interval_of("2024-05-14") == ("2024-05-14", "2024-05-14")
    assert interval_of("2024-W19") == ("2024-05-06", "2024-05-12")
    assert interval_of("2024-05") == ("2024-05-01", "2024-05-31")
    assert interval_of("2024-Q2") == ("2024-04-01", "2024-06-30")
    assert interval_of("2024-H1") == ("2024-01-01", "2024-06-30")
    assert interval_of("2023") == ("2023-01-01", "2023-12-31")
    assert interval_of("XXXX-08-21") is None
    assert interval_of("P3D") is None
    assert interval_of("2024-13-45") is None


@given(st.text(max_size=20))
def test_interval_of_never_crashes(value: str) -> None:
    found = interval_of(value)
    assert found is None or found[0] <= found[1]


def test_conflict_shows_both_values_with_speaker_and_sentences(report: dict[str, Any]) -> None:
    story = report["stories"][0]
    brief = build_brief(report, story["id"])
    (conflict,) = brief["conflicts"]
    assert [side["value"] for side in conflict["sides"]] == ["6700", "7000"]
    assert {side["who"] for side in conflict["sides"]} == {"Shin Won-sik"}
    assert "same speaker" in conflict["notes"] and "may differ in time" in conflict["notes"]
    articles = {a["id"]: a for a in report["articles"]}
    for side in conflict["sides"]:
        for ref in side["refs"]:
            sentence = articles[ref["article_id"]]["text"][ref["start"] : ref["end"]]
            assert sentence == f"{int(side['value']):,} containers"
            assert f"{int(side['value']):,} containers" in ref["excerpt"]


def test_agreed_variant_and_single_source_findings(report: dict[str, Any]) -> None:
    brief = build_brief(report, report["stories"][0]["id"])
    (agreed,) = brief["agreed"]
    assert agreed["independent_count"] == 1 and agreed["independent_sources"] == ["KCNA"]
    assert len(agreed["refs"]) == 4
    (variant,) = brief["variants"]
    assert ["replace", "epochal", "historic"] in variant["diff"]
    assert [i["subject"] for i in brief["single_source"]] == ["long queues near the site"]


def test_provenance_has_rewrites_and_upstream_sources(report: dict[str, Any]) -> None:
    brief = build_brief(report, report["stories"][0]["id"])
    graph = brief["provenance"]
    assert graph["upstream"] == ["KCNA"]
    kinds = sorted(e["kind"] for e in graph["edges"])
    assert kinds == ["cited", "cited", "light_rewrite"]


def test_provenance_names_an_agency_once_by_its_acronym() -> None:
    members = [{"id": "a1", "outlet": "UPI"}, {"id": "a2", "outlet": "MENAFN"}]
    cited = [("a1", "KCNA"), ("a2", "Korean Central News Agency"), ("a2", "state media")]
    graph = provenance(members, [], cited)
    assert graph["upstream"] == ["KCNA", "state media"]
    kcna = next(n["id"] for n in graph["nodes"] if n["label"] == "KCNA")
    assert sorted(e["to"] for e in graph["edges"] if e["from"] == kcna) == ["a1", "a2"]


def test_summary_sentences_name_every_article_saying_the_same(report: dict[str, Any]) -> None:
    brief = build_brief(report, report["stories"][0]["id"])
    assert brief["summary"][0]["text"].startswith("Kim inspected a new tactical missile system")
    assert len({r["article_id"] for r in brief["summary"][0]["refs"]}) == 4


def test_removed_junk_only_on_request(report: dict[str, Any]) -> None:
    story_id = report["stories"][0]["id"]
    assert build_brief(report, story_id)["removed"] == []
    removed = build_brief(report, story_id, include_removed=True)["removed"]
    assert removed and removed[0]["reason"] == "navigation"


def test_entries_with_missing_keys_do_not_break_the_brief(report: dict[str, Any]) -> None:
    story_id = report["stories"][0]["id"]
    sparse = dict(
        report,
        timeline=[{"story_id": story_id}, {"story_id": story_id, "value": "2024-99"}],
        claims=[{"story_id": story_id, "verdict": "conflict"}, {"story_id": story_id}],
        quotes=[{"story_id": story_id, "verdict": "variant", "details": "not a dict"}],
        conflicts=[{"story_id": story_id, "details": {"values": ["not a dict", {}]}}],
    )
    brief = build_brief(sparse, story_id)
    assert [t["when"] for t in brief["timeline"]] == ["2024-99", "undated"]
    assert len(brief["conflicts"]) == 2
    assert report_markdown(sparse).startswith("# Storyline report")


def test_markdown_brief_links_every_finding_and_escapes_markup(report: dict[str, Any]) -> None:
    text = report_markdown(report)
    assert "\\<script\\>" in text and "<script>" not in text
    conflicts = text.split("### Conflicts")[1].split("###")[0]
    assert "6700" in conflicts and "7000" in conflicts and "(#a-" in conflicts
    assert text == report_markdown(report)
    assert len(build_briefs(report)) == 3
