"""The story brief: sentences, intervals, findings with their sources, on a store the pipeline
built from the bundled sample corpus."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.model import Article, DateBasis, Published, Verdict
from storyline.nlp.time.values import interval_of
from storyline.report.brief import Brief, Ref, build_brief, build_briefs, provenance
from storyline.report.brief_text import sentence_bounds, sentence_index
from storyline.report.contents import Contents, load_contents
from storyline.report.json_report import brief_json
from storyline.report.markdown import report_markdown
from storyline.store import Store


@pytest.fixture
def contents(sample_store: Store) -> Contents:
    return load_contents(sample_store)


def _brief_about(contents: Contents, words: str) -> Brief:
    story = next(s for s in contents.stories if words in s.title)
    return build_brief(contents, story.id)


def _article(article_id: str, outlet: str) -> Article:
    return Article(
        article_id, "x.txt", "t", "text", "text", Published(None, DateBasis.UNKNOWN), outlet=outlet
    )


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
    def iso(value: str) -> tuple[str, str] | None:
        found = interval_of(value)
        return (found[0].isoformat(), found[1].isoformat()) if found else None

    assert iso("2024-05-14") == ("2024-05-14", "2024-05-14")
    assert iso("2024-W19") == ("2024-05-06", "2024-05-12")
    assert iso("2024-05") == ("2024-05-01", "2024-05-31")
    assert iso("2024-Q2") == ("2024-04-01", "2024-06-30")
    assert iso("2024-H1") == ("2024-01-01", "2024-06-30")
    assert iso("2023") == ("2023-01-01", "2023-12-31")
    assert iso("XXXX-08-21") is None
    assert iso("P3D") is None
    assert iso("2024-13-45") is None


@given(st.text(max_size=20))
def test_interval_of_never_crashes(value: str) -> None:
    found = interval_of(value)
    assert found is None or found[0] <= found[1]


def test_conflict_shows_every_figure_with_its_speaker_and_sentence(contents: Contents) -> None:
    brief = _brief_about(contents, "mobilises all forces")
    (conflict,) = brief.conflicts
    assert conflict.subject == "the official death toll"
    figures = {side.value.casefold() for side in conflict.sides}
    assert {"at least 41 people", "47 dead"} <= figures
    assert "provincial civil defence office" in {side.who for side in conflict.sides}
    for side in conflict.sides:
        (ref,) = side.refs
        text = contents.by_id[ref.article_id].text
        assert text[ref.start : ref.end] == side.value  # the figure, as written
        assert side.value in ref.excerpt  # inside the sentence the anchor names


def test_agreed_facts_show_their_value_and_sources(contents: Contents) -> None:
    brief = _brief_about(contents, "patrol vessel order")
    vessels = next(i for i in brief.agreed if i.subject == "coastal patrol vessels")
    assert vessels.value == "12 coastal patrol vessels"
    # four since bare roles and unnamed lines stopped counting as independent sources
    assert vessels.independent_count == len(vessels.independent_sources) == 4
    assert "Talia Verran" in vessels.independent_sources
    assert len({r.article_id for r in vessels.refs}) == 6


def test_every_finding_has_its_own_id_and_members(contents: Contents) -> None:
    # the defect of issue 13: every item had empty members and ids collided
    items = [
        item
        for brief in build_briefs(contents)
        for key in ("agreed", "conflicts", "variants", "single_source")
        for item in getattr(brief, key)
    ]
    assert len(items) == len(contents.findings)
    assert len({i.id for i in items}) == len(items)
    assert all(i.member_ids and len(i.refs) >= 1 for i in items)


def test_variant_shows_the_word_diff_of_each_wording(contents: Contents) -> None:
    variants = [i for b in build_briefs(contents) for i in b.variants]
    assert variants
    for item in variants:
        assert item.verdict == Verdict.VARIANT.value
        changed = [w for w in item.wordings if any(op[0] != "equal" for op in w.diff)]
        assert changed and all(w.refs for w in item.wordings)


def test_event_findings_point_to_their_trigger_sentence(contents: Contents) -> None:
    events = [f for f in contents.findings if f.kind.value == "event"]
    assert events
    for finding in events:
        for member in finding.members:
            text = contents.by_id[member.article_id].text
            assert member.span.of(text) == member.text and member.text


def test_timeline_entries_have_dates_and_sentences(contents: Contents) -> None:
    brief = _brief_about(contents, "mobilises all forces")
    assert brief.timeline
    for row in brief.timeline:
        assert date.fromisoformat(row.start) <= date.fromisoformat(row.end)
        assert row.refs and row.what


def test_provenance_has_rewrites_and_upstream_sources(contents: Contents) -> None:
    brief = _brief_about(contents, "patrol vessel order")
    graph = brief.provenance
    upstream = {n.id for n in graph.nodes if n.kind == "upstream"}
    assert graph.upstream and len(upstream) == len(graph.upstream)
    cited = [e for e in graph.edges if e.kind == "cited"]
    assert cited and all(e.from_id in upstream for e in cited)
    assert any(e.kind != "cited" for b in build_briefs(contents) for e in b.provenance.edges)


def test_provenance_names_an_agency_once_by_its_acronym() -> None:
    members = [_article("a1", "UPI"), _article("a2", "MENAFN")]
    cited = [("a1", "KCNA"), ("a2", "Korean Central News Agency"), ("a2", "state media")]
    graph = provenance(members, [], cited)
    assert graph.upstream == ("KCNA", "state media")
    kcna = next(n.id for n in graph.nodes if n.label == "KCNA")
    assert sorted(e.to_id for e in graph.edges if e.from_id == kcna) == ["a1", "a2"]


def test_summary_sentences_name_every_article_saying_the_same(contents: Contents) -> None:
    brief = _brief_about(contents, "patrol vessel order")
    assert brief.summary and all(s.refs for s in brief.summary)
    assert max(len({r.article_id for r in s.refs}) for s in brief.summary) > 1


def test_removed_junk_only_on_request(contents: Contents) -> None:
    story = next(s for s in contents.stories if any(a.removed_spans for a in contents.members(s)))
    assert build_brief(contents, story.id).removed == ()
    assert build_brief(contents, story.id, include_removed=True).removed


def test_brief_of_an_unknown_story_is_a_key_error(contents: Contents) -> None:
    with pytest.raises(KeyError):
        build_brief(contents, "no-such-story")


def test_markdown_brief_links_every_finding_and_is_stable(contents: Contents) -> None:
    text = report_markdown(contents)
    conflicts = text.split("### Conflicts")[1].split("###")[0]
    assert "at least 41 people" in conflicts and "47 dead" in conflicts and "(#a-" in conflicts
    assert text == report_markdown(contents)
    # the answer key of the sample corpus has five stories
    assert len(build_briefs(contents)) == len(contents.stories) == 5


def test_markdown_escapes_hostile_markup(hostile_store: Store) -> None:
    text = report_markdown(load_contents(hostile_store))
    assert "\\<script\\>" in text and "<script>" not in text
    assert re.search(r"(?<!\\)<img", text) is None  # only escaped: \<img ...\>


def test_brief_json_spells_edges_from_and_to_and_reports_articles(contents: Contents) -> None:
    # the typed brief becomes JSON in one place; the API's shape did not change with the types
    for brief in build_briefs(contents):
        shown = json.loads(json.dumps(brief_json(brief)))
        assert list(shown) == [f.name for f in fields(Brief)]
        assert [a["id"] for a in shown["articles"]] == [a.id for a in brief.articles]
        for edge, typed in zip(shown["provenance"]["edges"], brief.provenance.edges, strict=True):
            assert (edge["from"], edge["to"]) == (typed.from_id, typed.to_id)
        assert all(
            ref.keys() == {f.name for f in fields(Ref)}
            for i in shown["agreed"]
            for ref in i["refs"]
        )
