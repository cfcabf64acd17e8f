"""Direct quotes and their speakers: quotation-mark pairing, attribution, the founding seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from storyline.nlp.quote_marks import find_quoted_passages
from storyline.nlp.quotes import find_quotes, quotes_as_json

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def passages(text: str) -> list[str]:
    return [text[p.start : p.end] for p in find_quoted_passages(text)]


# ---- quotation marks -----------------------------------------------------------------------


def test_curly_straight_and_doubled_apostrophe_quotes() -> None:
    text = "“We were there,” she said. He said \"no.\" ''This isn't reform,'' said Mr. Burman."
    assert passages(text) == ["We were there,", "no.", "This isn't reform,"]


def test_single_quotes_in_a_headline_but_not_apostrophes() -> None:
    text = "Kim calls for ‘epochal change’ as Korea’s and the Koreas’ rock 'n' roll of the '90s."
    assert passages(text) == ["epochal change"]


def test_nested_quote_stays_inside_the_outer_quote() -> None:
    text = "“You say you ‘accept responsibility,’ but you don’t,” Merkley said."
    assert passages(text) == ["You say you ‘accept responsibility,’ but you don’t,"]


def test_quote_spanning_paragraphs_is_one_passage() -> None:
    text = "“First paragraph of the speech.\n\n“Second paragraph,” he said.\n\nAfter."
    found = find_quoted_passages(text)
    assert len(found) == 1
    assert found[0].multi_paragraph
    assert text[found[0].start : found[0].end].endswith("Second paragraph,")


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes\n\nThe next paragraph is not quoted."
    assert passages(text) == ["this never closes"]


quoted_words = st.text(alphabet="abcdefg hij", min_size=1, max_size=20).filter(str.strip)


@given(st.lists(st.tuples(st.text(alphabet="klmnop .,", max_size=15), quoted_words), max_size=6))
def test_every_curly_quoted_phrase_is_found(parts: list[tuple[str, str]]) -> None:
    text = "".join(f"{plain} “{words}” " for plain, words in parts)
    assert passages(text) == [words.strip() for _, words in parts]


@given(st.text(alphabet="ab \n\"'“”‘’.", max_size=60))
def test_passages_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    end = 0
    for passage in find_quoted_passages(text):
        assert end <= passage.start < passage.end <= len(text)
        assert not text[passage.start].isspace() and not text[passage.end - 1].isspace()
        end = passage.end


def test_tokenizer_only_doc_still_yields_quotes_without_speakers() -> None:
    doc = spacy.blank("en")("The ministry warned of a “preview of nuclear war” this year.")
    quotes = find_quotes(doc, "a1")
    assert [(q.text, q.speaker, q.article_id) for q in quotes] == [
        ("preview of nuclear war", None, "a1")
    ]


# ---- speakers (real model) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from storyline.nlp.language import load_nlp

    return load_nlp()


def seed(name: str) -> str:
    path = next(SEEDS.glob(f"{name}_*.txt"), None) if SEEDS.exists() else None
    if path is None:
        pytest.skip("seed articles (../shared/seeds) are absent")
    return path.read_text(encoding="utf-8")


def by_text(doc, start: str) -> dict:  # type: ignore[no-untyped-def]
    rows = [q for q in quotes_as_json(doc, None) if q["text"].startswith(start)]
    assert rows, f"no quote starting with {start!r}"
    return rows[0]


@pytest.mark.slow
def test_seed_001_epochal_change_is_kims_words_cited_by_kcna(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(seed("001"))
    quote = by_text(doc, "emphasized the need for an epochal change")
    assert quote["speaker"] == "Kim Jong-un"
    assert doc.text[quote["speaker_start"] : quote["speaker_end"]] == "the North Korean leader"
    assert quote["cited_source"] == "KCNA"
    assert by_text(doc, "preparations for war")["speaker"] == "Kim Jong-un"
    headline = [q for q in quotes_as_json(doc, None) if q["text"] == "epochal change"]
    assert headline and headline[0]["speaker"] == "Kim Jong-un"


@pytest.mark.slow
def test_seed_002_speaker_and_cited_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(seed("002"))
    acquainted = by_text(doc, "acquainted himself with")
    assert acquainted["speaker"] == "Kim Jong Un"
    assert acquainted["cited_source"] == "Korean Central News Agency"
    chiefs = by_text(doc, "demonstration of the performance")
    assert chiefs["speaker"] == "Joint Chiefs of Staff"
    assert chiefs["cue"] == "called"


@pytest.mark.slow
def test_seed_003_according_to_kcna_carries_to_later_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(seed("003"))
    for words in ("great satisfaction", "historic change"):
        quote = by_text(doc, words)
        assert quote["speaker"] == "Kim Jong Un"
        assert quote["cited_source"] == "Korean Central News Agency"


@pytest.mark.slow
def test_pronoun_resolves_to_the_nearest_person_and_continuation_keeps_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Stein spokeswoman Melezia Figueroa said the candidate was headed to the venue.\n\n"
        "“We were there under legitimate pretenses,” she told USA Today. “We left.”"
    )
    rows = quotes_as_json(nlp(text), None)
    assert [(r["text"], r["speaker"]) for r in rows] == [
        ("We were there under legitimate pretenses,", "Melezia Figueroa"),
        ("We left.", "Melezia Figueroa"),
    ]
    assert text[rows[0]["speaker_start"] : rows[0]["speaker_end"]] == "she"
    assert rows[0]["cue"] == "told"


@pytest.mark.slow
def test_offsets_point_into_the_text_for_every_seed(nlp) -> None:  # type: ignore[no-untyped-def]
    if not SEEDS.exists():
        pytest.skip("seed articles (../shared/seeds) are absent")
    for path in sorted(SEEDS.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        for row in quotes_as_json(doc, None):
            assert doc.text[row["start"] : row["end"]] == row["text"]
            assert (row["speaker_start"] is None) == (row["speaker"] is None)
