"""Near-duplicates and derivations: who copied or rewrote whom, and independent sources."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.ingest.outlets import resolve_outlets
from storyline.ingest.stage import CLUES_KIND
from storyline.link.derivation import find_derivations, independent_sources
from storyline.link.minhash import NUM_PERM, Signatures, colliding_pairs
from storyline.link.quote_mask import QUOTE_GAP, masked_words
from storyline.model import Article, DateBasis, DerivationKind, Published
from storyline.runner import ingest_paths
from storyline.store import open_store
from storyline.store.codec import with_resolution
from tests.conftest import SAMPLES, SEEDS

EXPECTED = json.loads((SAMPLES.parent / "expected.json").read_text(encoding="utf-8"))


def ingested(folder: Path) -> list[Article]:
    """The articles of a folder as the link stage sees them (outlet names resolved)."""
    store = open_store(":memory:")
    try:
        ingest_paths(store, [folder])
        articles = store.ingested_articles()
        clues = store.analyses(CLUES_KIND)
        outlets = resolve_outlets(articles, {a: c["outlet"] for a, c in clues.items()})
        return [with_resolution(a, {}, outlets) for a in articles]
    finally:
        store.close()


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return {Path(a.source_path).name[:3]: a for a in ingested(SEEDS)}


def article(
    text: str, outlet: str | None = None, day: date | None = None, key: str = ""
) -> Article:
    published = Published(day, DateBasis.METADATA if day else DateBasis.UNKNOWN)
    return Article(
        id=Article.make_id(text, key),
        source_path=f"{key}.txt",
        title=key,
        text=text,
        raw_text=text,
        published=published,
        outlet=outlet,
    )


REPORT = (
    "Rescue teams searched the flooded valley on Tuesday after the dam failed overnight.\n\n"
    "The governor said at least forty people had died and hundreds were missing.\n\n"
    "Engineers had warned for years that the spillway was too small for spring floods.\n\n"
    "The army sent helicopters and boats to villages cut off by the water.\n\n"
    "Officials opened shelters in schools and sports halls across the province."
)
OTHER = (
    "Farmers in the north are counting losses after a late frost destroyed the apple harvest.\n\n"
    "The agriculture ministry promised compensation to growers within two months."
)


def test_seed_000_is_a_rewrite_of_the_upi_seed_002(seeds: dict[str, Article]) -> None:
    found = find_derivations(list(seeds.values()))
    edges = {(d.from_id, d.to_id): d for d in found}
    rewrite = edges[(seeds["002"].id, seeds["000"].id)]
    assert rewrite.kind in (DerivationKind.LIGHT_REWRITE, DerivationKind.HEAVY_REWRITE)
    evidence = [
        (p.from_span.of(seeds["002"].text), p.to_span.of(seeds["000"].text))
        for p in rewrite.evidence
    ]
    assert any(
        "The inspection came two days after" in f and "The inspection came" in t
        for f, t in evidence
    )


def test_seeds_quoting_the_same_kcna_statement_are_not_derivations(
    seeds: dict[str, Article],
) -> None:
    found = find_derivations(list(seeds.values()))
    independent = {seeds[k].id for k in ("001", "002", "003")}
    assert not [d for d in found if {d.from_id, d.to_id} <= independent]
    assert len(found) == 1


def test_a_rewrite_and_its_original_count_as_one_source(seeds: dict[str, Article]) -> None:
    articles = list(seeds.values())
    groups = independent_sources(articles, find_derivations(articles))
    assert groups[seeds["000"].id] == groups[seeds["002"].id] == seeds["002"].id
    assert len({groups[seeds[k].id] for k in ("001", "002", "003", "004")}) == 4


def sample_key(item: Article) -> str:
    """The answer-key name of a sample article: its file, or "file#n" for multi-article files."""
    name = Path(item.source_path).name
    keys = [e["key"] for e in EXPECTED["articles"] if e["key"].split("#")[0] == name]
    if len(keys) == 1:
        return keys[0]
    (key,) = [
        e["key"] for e in EXPECTED["articles"] if e["key"] in keys and e["title"] == item.title
    ]
    return str(key)


def test_sample_corpus_derivations_match_the_answer_key() -> None:
    articles = ingested(SAMPLES)
    key = {a.id: sample_key(a) for a in articles}
    found = {(key[d.from_id], key[d.to_id], d.kind.value) for d in find_derivations(articles)}
    expected = {
        (e["derived_from"], e["key"], e["derivation"])
        for e in EXPECTED["articles"]
        if e["derived_from"]
    }
    assert found == expected


def test_sample_wire_pickups_group_with_the_wire_story_only() -> None:
    articles = [
        dataclasses.replace(
            a, published=Published(date.fromisoformat(e["published"]), DateBasis.METADATA)
        )
        if (e := next(x for x in EXPECTED["articles"] if x["key"] == sample_key(a)))["published"]
        else a
        for a in ingested(SAMPLES)
    ]
    key = {a.id: sample_key(a) for a in articles}
    groups = independent_sources(articles, find_derivations(articles))
    members: dict[str, set[str]] = {}
    for article_id, group in groups.items():
        members.setdefault(group, set()).add(key[article_id])
    wire = next(m for m in members.values() if "harborwire_dam_collapse.txt" in m)
    assert wire == {
        "harborwire_dam_collapse.txt",
        "coastline_dam_rewrite.txt",
        "globerelay_dam_copy.txt",
    }


def test_shared_quotations_alone_are_not_copying() -> None:
    statement = (
        "We will respond with overwhelming force to any provocation on our soil, and the "
        "enemies of the republic will regret the day they tested our patience and resolve"
    )
    first = article(f'The ministry said on Monday: "{statement}."\n\n{OTHER}', key="a")
    second = article(
        f'A spokesman read a statement on state television: "{statement}."\n\n{REPORT}', key="b"
    )
    assert find_derivations([first, second]) == []
    unquoted = dataclasses.replace(second, text=second.text.replace('"', ""), id="c")
    also_unquoted = dataclasses.replace(first, text=first.text.replace('"', ""), id="d")
    assert find_derivations([also_unquoted, unquoted]) != []


def test_a_verbatim_copy_is_a_copy_and_the_earlier_article_is_the_original() -> None:
    original = article(REPORT, "Harbor Wire", date(2025, 3, 4), key="wire")
    copy = article(REPORT + "\n\nMore news on our website.", "Daily", date(2025, 3, 5), key="copy")
    (found,) = find_derivations([copy, original])
    assert (found.from_id, found.to_id, found.kind) == (original.id, copy.id, DerivationKind.COPY)
    assert found.score > 0.9


def test_a_wire_credit_names_the_original_even_when_it_is_longer() -> None:
    wire = article("VELLIN, March 4 (HW) -- " + REPORT, "Harbor Wire", key="wire")
    pickup_text = "VELLIN, March 4 (HW) -- " + REPORT.rsplit("\n\n", 2)[0]
    pickup = article(pickup_text + "\n\n" + OTHER, "Coastline Daily", key="pickup")
    (found,) = find_derivations([pickup, wire])
    assert (found.from_id, found.to_id) == (wire.id, pickup.id)


def test_articles_far_apart_in_time_are_not_compared() -> None:
    early = article(REPORT, "A", date(2025, 1, 1), key="early")
    late = article(REPORT, "B", date(2025, 6, 1), key="late")
    assert find_derivations([early, late]) == []


def test_unrelated_articles_give_no_derivation_and_their_own_groups() -> None:
    left, right = article(REPORT, "A", key="left"), article(OTHER, "B", key="right")
    assert find_derivations([left, right]) == []
    assert independent_sources([left, right], []) == {left.id: left.id, right.id: right.id}


def shuffled(items: Sequence[Article], seed: int) -> list[Article]:
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_output_does_not_depend_on_input_order(seed: int) -> None:
    articles = [
        article(REPORT, "Wire", date(2025, 3, 4), key="w"),
        article(REPORT.replace("Tuesday", "Wednesday"), "Daily", date(2025, 3, 5), key="d"),
        article(REPORT + "\n\n" + OTHER, "Relay", date(2025, 3, 5), key="r"),
        article(OTHER, "Farm", key="f"),
    ]
    assert find_derivations(shuffled(articles, seed)) == find_derivations(articles)


@given(st.text(alphabet=st.sampled_from(list('ab "“”’\n.')), max_size=80))
def test_masked_words_never_reach_into_a_quotation(text: str) -> None:
    words = masked_words(text)
    gaps = [w for w in words if w.norm == QUOTE_GAP]
    for word in words:
        assert word.start <= word.end <= len(text)
        if word.norm != QUOTE_GAP:
            assert not any(g.start <= word.start < g.end for g in gaps)


def test_reuse_words_keep_their_vowel_signs() -> None:
    assert [w.norm for w in masked_words("मुंबई में कोरोना, Korea’s")] == [
        "मुंबई", "में", "कोरोना", "korea"
    ]  # fmt: skip


def test_sentence_similarities_counted_from_holders_equal_the_pairwise_definition() -> None:
    # the alignment counts shared words and bigrams through each text's holders instead of
    # intersecting every pair of sentences (a bulk run aligns 7,993 pairs); same similarities
    from storyline.link.alignment import (
        MIN_CONTENT_WORDS,
        SENTENCE_SIM,
        PreparedText,
        _similarities,
        sentence_similarity,
    )

    texts = [
        p.read_text("utf-8", "replace") for p in sorted(SAMPLES.iterdir()) if p.suffix == ".txt"
    ]
    prepared = [PreparedText.of(text) for text in texts]
    compared = 0
    for a in prepared:
        for b in prepared:
            expected = {
                (i, j): sim
                for i, left in enumerate(a.sentences)
                for j, right in enumerate(b.sentences)
                if len(left.content) >= MIN_CONTENT_WORDS
                and (sim := sentence_similarity(left, right)) >= SENTENCE_SIM
            }
            assert _similarities(a, b, SENTENCE_SIM) == expected
            compared += bool(expected)
    assert compared > len(prepared)  # rewrites among the samples: pairs beyond each text itself


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.lists(st.integers(0, 9), min_size=NUM_PERM, max_size=NUM_PERM),
        ),
        max_size=40,
    )
)
@settings(max_examples=60, deadline=None)
def test_the_pairs_of_a_whole_set_are_those_each_signature_finds(
    signatures: list[list[int] | None],
) -> None:
    """``colliding_pairs`` (every signature against every other at once, for the search of a
    whole set) gives exactly the pairs that asking ``Signatures`` signature by signature gives:
    a whole band equal and the estimated Jaccard reached. With ten values, most pairs share a
    band and about half reach the bar (a tenth of the values equal)."""
    index = Signatures(dict(enumerate(signatures)))
    asked = {
        (i, j)
        for i, signature in enumerate(signatures)
        if signature is not None
        for j in index.candidates(signature)
        if j > i
    }
    assert colliding_pairs(signatures) == asked
