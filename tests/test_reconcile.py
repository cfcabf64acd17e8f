"""Reconciliation on hand-made records: the verdicts an analyst reads in the story brief."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.model import (
    Article,
    Claim,
    DateBasis,
    Event,
    Finding,
    FindingKind,
    Precision,
    Published,
    Quote,
    Span,
    TimeRef,
    TimexType,
    Verdict,
    from_jsonable,
    to_jsonable,
)
from storyline.nlp.claims.units import unit_of_surface
from storyline.reconcile.engine import reconcile_story
from storyline.reconcile.findings import findings_markdown, findings_of
from storyline.reconcile.text import differs_in_wording, names_compatible, tokens, word_diff


def article(article_id: str, text: str, outlet: str | None = None) -> Article:
    return Article(
        article_id,
        f"{article_id}.txt",
        article_id,
        text,
        text,
        Published(date(2024, 5, 15), DateBasis.METADATA),
        outlet=outlet,
    )


def quote(item: Article, words: str, speaker: str | None, cited: str | None = None) -> Quote:
    start = item.text.index(words)
    return Quote(
        item.id, Span(start, start + len(words)), words, speaker=speaker, cited_source=cited
    )


def claim(
    item: Article,
    written: str,
    quantity: float,
    unit: str | None,
    counted: str | None,
    claimant: str | None = None,
    approximation: str | None = None,
    time: TimeRef | None = None,
    predicate: str | None = None,
    doer: str | None = None,
) -> Claim:
    start = item.text.index(written)
    sentence_start = item.text.rfind(".", 0, start) + 1
    sentence_end = item.text.find(".", start + len(written))
    return Claim(
        item.id,
        Span(sentence_start, sentence_end if sentence_end >= 0 else len(item.text)),
        quantity,
        Span(start, start + len(written)),
        unit,
        counted,
        approximation=approximation,
        claimant=claimant,
        time=time,
        predicate=predicate,
        normalized_unit=unit_of_surface(unit) if unit else None,  # as the extractor does
        doer=doer,
    )


def year(item: Article, value: str) -> TimeRef:
    start = item.text.index(value)
    return TimeRef(
        item.id,
        Span(start, start + 4),
        value,
        TimexType.DATE,
        value,
        Precision.YEAR,
        date(int(value), 1, 1),
        date(int(value), 12, 31),
    )


def alone(*articles: Article) -> dict[str, str]:
    """Every article its own reporting line."""
    return {a.id: a.id for a in articles}


KIM_A = article(
    "a",
    'Kim called for an "epochal change" in war preparations, state media said. '
    "Kim visited the plant, the KCNA reported.",
    "UPI",
)
KIM_B = article(
    "b", "Kim urged “epochal changes” in war preparations, Asian media reported.", "Asia Times"
)
KIM_C = article(
    "c",
    'Kim stressed the need for a "historic change" in the war preparations, '
    "according to the Korean Central News Agency.",
    "MENAFN",
)


def kcna_quotes() -> list[Quote]:
    return [
        quote(KIM_A, "epochal change", "Kim Jong-un", "state media"),
        quote(KIM_A, "Kim visited the plant", "KCNA"),
        quote(KIM_B, "epochal changes", "Kim Jong-un", "Asian media"),
        quote(KIM_C, "historic change", "Kim Jong Un", "Korean Central News Agency"),
    ]


def test_kcna_phrase_worded_two_ways_is_one_variant_resting_on_kcna() -> None:
    found = reconcile_story(
        "s", [KIM_A, KIM_B, KIM_C], kcna_quotes(), [], alone(KIM_A, KIM_B, KIM_C)
    )
    variants = [a for a in found if a.verdict is Verdict.VARIANT]
    assert len(variants) == 1
    variant = variants[0]
    assert len(variant.member_ids) == 3
    assert variant.independent_sources == ("KCNA",)
    differing = [w for w in variant.details.wordings if w.differs]
    assert [w.text for w in differing] == ["historic change"]
    assert ("replace", "epochal", "historic") in differing[0].ops


def test_different_speakers_saying_the_same_words_are_not_one_quote() -> None:
    one = article("a", 'Kim said "without fail" twice.')
    two = article("b", 'Putin said "without fail" once.')
    quotes = [
        quote(one, "without fail", "Kim Jong-un"),
        quote(two, "without fail", "Vladimir Putin"),
    ]
    found = reconcile_story("s", [one, two], quotes, [], alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE, Verdict.SINGLE_SOURCE]


def test_same_words_in_rewrite_count_once_and_in_independent_outlets_twice() -> None:
    one = article("a", "The JCS called it a “demonstration of characteristics for export.”", "UPI")
    two = article(
        "b", 'The JCS called it a "demonstration of characteristics for export".', "NK News"
    )
    quotes = [
        quote(one, "demonstration of characteristics for export.", "Joint Chiefs of Staff"),
        quote(two, "demonstration of characteristics for export", "Joint Chiefs of Staff"),
    ]
    rewrite = reconcile_story("s", [one, two], quotes, [], {"a": "a", "b": "a"})
    assert [a.verdict for a in rewrite] == [Verdict.AGREED]  # repeated, yet by one source
    assert len(rewrite[0].independent_sources) == 1
    assert rewrite[0].details.reporting_lines == 1
    independent = reconcile_story("s", [one, two], quotes, [], alone(one, two))
    assert [a.verdict for a in independent] == [Verdict.AGREED]
    assert len(independent[0].independent_sources) == 2


def test_rocket_and_weather_looking_good_are_not_variants() -> None:
    one = article("a", 'At the pad, "The rocket is looking good," Musk told reporters.')
    two = article("b", 'Forecasters cheered. "The weather is looking good," Musk tweeted at dawn.')
    quotes = [
        quote(one, "The rocket is looking good", "Elon Musk"),
        quote(two, "The weather is looking good", "Elon Musk"),
    ]
    found = reconcile_story("s", [one, two], quotes, [], alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 2


def test_one_article_quoting_its_speaker_twice_in_other_words_is_no_variant() -> None:
    one = article(
        "a",
        '"You want to cover the story," Kelly said. Later: "You don\'t want to be the story." '
        'The headline: "You want to cover the story, Kelly says."',
    )
    quotes = [
        quote(one, "You want to cover the story", "Megyn Kelly"),
        quote(one, "You don't want to be the story", "Megyn Kelly"),
        quote(one, "You want to cover the story, Kelly says", "Megyn Kelly"),
    ]
    found = reconcile_story("s", [one], quotes, [], alone(one))
    assert Verdict.VARIANT not in {a.verdict for a in found}
    assert sorted(len(a.member_ids) for a in found) == [1, 2]  # the repeat is one quote


def test_very_pro_choice_inside_the_whole_sentence_is_no_variant() -> None:
    long = "Being very very very pro choice, supporting partial birth abortion"
    one = article("a", 'Cruz said he was "very pro choice" then.')
    two = article("b", f'Cruz: "{long}," he said.')
    three = article("c", "“We'll continue to monitor the situation,” Smith said.")
    four = article("d", "“We ll continue to monitor the situation,” Smith said.")
    quotes = [
        quote(one, "very pro choice", "Ted Cruz"),
        quote(two, long, "Ted Cruz"),
        quote(three, "We'll continue to monitor the situation", "A. J. Smith"),
        quote(four, "We ll continue to monitor the situation", "A. J. Smith"),
    ]
    found = reconcile_story("s", [one, two, three, four], quotes, [], alone(one, two, three, four))
    # the picked-out phrase is neither a variant of the sentence nor one group with it
    assert sorted(a.verdict.value for a in found) == ["agreed", "single_source", "single_source"]


def test_total_loss_picked_out_of_a_whole_sentence_stays_apart() -> None:
    # 14_ecb (ECB+): one outlet quotes the fire officer's "total loss", another his sentence
    # (14_4ecb has both: the phrase in one paragraph, the sentence in a later one)
    sentence = "I'm afraid the building here is a total loss."
    one = article("a", 'Peter Guest described the building as a " total loss ".')
    two = article("b", f'Guest called it a " total loss ".\n" {sentence} " Mr Guest said.')
    three = article("c", f'" {sentence} " Peter Guest said.')
    quotes = [
        quote(one, "total loss", "Peter Guest"),
        quote(two, "total loss", "Peter Guest"),
        quote(two, sentence, "Peter Guest"),
        quote(three, sentence, "Peter Guest"),
    ]
    found = reconcile_story("s", [one, two, three], quotes, [], alone(one, two, three))
    groups = sorted(sorted(q.text for q in quotes if q.id in a.member_ids) for a in found)
    assert groups == [[sentence, sentence], ["total loss", "total loss"]]


def test_two_utterances_in_one_long_quote_of_another_outlet_stay_apart() -> None:
    roof = "It then quickly spread to the roof"
    store = "We've been able to prevent it spreading to other areas of the building"
    one = article("a", f'"{roof}," Goodman said. "{store}."')
    two = article("b", f'"{roof}. {store}," Goodman said.')
    quotes = [
        quote(one, roof, "Matt Goodman"),
        quote(one, store, "Matt Goodman"),
        quote(two, f"{roof}. {store}", "Matt Goodman"),
    ]
    found = reconcile_story("s", [one, two], quotes, [], alone(one, two))
    assert Verdict.VARIANT not in {a.verdict for a in found}
    assert sorted(len(a.member_ids) for a in found) == [1, 2]


def test_a_quote_that_lost_its_apostrophes_is_no_variant() -> None:
    one = article("a", "“It's disappointing to hear about the issue,” Smith said.")
    two = article("b", "“It s disappointing to hear about the issue,” Smith said.")
    quotes = [
        quote(one, "It's disappointing to hear about the issue", "A. J. Smith"),
        quote(two, "It s disappointing to hear about the issue", "A. J. Smith"),
    ]
    found = reconcile_story("s", [one, two], quotes, [], alone(one, two))
    assert [a.verdict for a in found] == [Verdict.AGREED]


def test_ellipsis_variants_are_diffed_word_by_word() -> None:
    ops = word_diff(
        "demonstration of characteristics … for export.",
        "demonstration of the performance ... for export.",
    )
    assert ops == [
        ["equal", "demonstration of"],
        ["replace", "characteristics", "the performance"],
        ["equal", "… for export"],
    ]
    assert differs_in_wording(ops)


def test_a_longer_quote_of_the_same_words_is_not_a_variant() -> None:
    ops = word_diff("epochal change", "emphasized the need for an epochal change")
    assert not differs_in_wording(ops)
    assert not differs_in_wording(word_diff("epochal change", "epochal changes"))


# the 1,701-article world: one quote in two house styles (AP and a British paper, an operator
# quoted by two outlets, a senator's statement, a police statement)
HOUSE_STYLES = [
    pytest.param("He probably realized if he didn't he was going to be shot",
                 "He probably realised if he didn't he was going to be shot", id="spelling"),
    pytest.param("a terrestrial fiber cut between Alexandria and the Suez",
                 "a terrestrial fibre cut between Alexandria and the Suez", id="fiber-fibre"),
    pytest.param("By rolling back this eleventh - hour regulation, we are ensuring",
                 "By rolling back this 11th hour regulation, we are ensuring", id="ordinal"),
    pytest.param("who gave himself up to police just after 6 p.m.,",
                 "who gave himself up to police just after 6: 00 p.m.,", id="zero-minutes"),
    pytest.param("two officers were hurt in the first hour",
                 "2 officers were hurt in the 1st hour", id="number-words"),
]  # fmt: skip


@pytest.mark.parametrize(("one", "other"), HOUSE_STYLES)
def test_a_quote_in_two_house_styles_is_not_a_variant(one: str, other: str) -> None:
    assert not differs_in_wording(word_diff(one, other))


def test_another_word_or_number_is_still_a_variant() -> None:
    assert differs_in_wording(word_diff("Somebody hit me", "Something hit me"))
    assert differs_in_wording(word_diff("two officers were hurt", "three officers were hurt"))
    assert differs_in_wording(word_diff("just after 6 p.m.", "just after 6: 30 p.m."))


def test_a_middle_initial_one_house_writes_keeps_one_speaker() -> None:
    # the 1,701-article world: Jumaane D. Williams (NYT) and Jumaane Williams quoted alike
    assert names_compatible("Jumaane D. Williams", "Jumaane Williams")
    assert names_compatible("Donald J. Trump", "Trump")
    assert names_compatible("Harry B. Harris Jr.", "Harry Harris")
    assert not names_compatible("George W. Bush", "George H. W. Bush")  # two presidents
    assert not names_compatible("J. Smith", "John Smith")


@given(
    st.lists(
        st.sampled_from(["an", "epochal", "change", "war", "…", "Kim", "the"]),
        min_size=1,
        max_size=8,
    ),
    st.lists(
        st.sampled_from(["a", "historic", "changes", "war", "...", "kim"]), min_size=1, max_size=8
    ),
)
def test_word_diff_rebuilds_both_wordings(left: list[str], right: list[str]) -> None:
    ops = word_diff(" ".join(left), " ".join(right))
    rebuilt_left = " ".join(op[1] for op in ops if op[0] in ("equal", "replace", "delete"))
    rebuilt_right = " ".join(op[-1] for op in ops if op[0] in ("equal", "replace", "insert"))
    assert rebuilt_left.split() == tokens(" ".join(left))
    assert [w.casefold() for w in rebuilt_right.split()] == [
        w.casefold() for w in tokens(" ".join(right))
    ]
    assert not differs_in_wording(word_diff(" ".join(left), " ".join(left)))


SHIN_A = article(
    "s1",
    "Shin Won-sik previously said the North has shipped at least 6,700 containers "
    "to Russia since the summit, enough for around 3 million rounds of "
    "152-millimeter artillery shells or 500,000 rounds of 122-millimeter shells.",
    "JoongAng Daily",
)
SHIN_B = article(
    "s2",
    "In March, Shin Won-sik said that the North had already sent 7,000 containers "
    "of munitions to Russia.",
    "UPI",
)


def container_claims() -> list[Claim]:
    return [
        claim(
            SHIN_A,
            "at least 6,700 containers",
            6700,
            "containers",
            "containers",
            "Shin Won-sik",
            "at least",
            predicate="ship",
        ),
        claim(
            SHIN_A,
            "around 3 million rounds",
            3e6,
            "rounds",
            "rounds of 152-millimeter artillery shells",
            "Shin Won-sik",
            "around",
        ),
        claim(
            SHIN_A,
            "500,000 rounds",
            5e5,
            "rounds",
            "rounds of 122-millimeter shells",
            "Shin Won-sik",
        ),
        claim(
            SHIN_B,
            "7,000 containers",
            7000,
            "containers",
            "containers of munitions",
            "Shin Won-sik",
            predicate="send",
        ),
    ]


def test_container_figures_of_one_speaker_conflict_and_may_differ_in_time() -> None:
    found = reconcile_story("s", [SHIN_A, SHIN_B], [], container_claims(), alone(SHIN_A, SHIN_B))
    conflicts = [a for a in found if a.verdict is Verdict.CONFLICT]
    assert len(conflicts) == 1
    details = conflicts[0].details
    assert [v.value for v in details.sides] == [6700, 7000]
    assert details.same_speaker is True
    assert details.may_differ_in_time is True
    assert details.bounds_compatible is True  # "at least 6,700" allows 7,000
    assert "In March" in details.sides[1].time
    assert "since the summit" in details.sides[0].time
    assert conflicts[0].independent_sources == ("Shin Won-sik",)
    singles = [a for a in found if a.verdict is Verdict.SINGLE_SOURCE]
    assert sorted(a.subject for a in singles) == [
        "rounds of 122-millimeter shells",
        "rounds of 152-millimeter artillery shells",
    ]


def test_hedged_figures_within_tolerance_agree() -> None:
    one = article("a", "Officials said around 3 million shells were sent.")
    two = article("b", "Officials said 3.1 million shells were sent.")
    claims = [
        claim(one, "around 3 million shells", 3e6, "shells", "shells", "Officials", "around"),
        claim(two, "3.1 million shells", 3.1e6, "shells", "shells", "Officials"),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.AGREED]


def test_years_ids_and_different_periods_raise_no_false_alarm() -> None:
    one = article("a", "It happened in 2023. Exports reached 500 tons in 2022. Case 4471 opened.")
    two = article("b", "It happened in 2024. Exports reached 800 tons in 2023. Case 9120 opened.")
    claims = [
        claim(one, "2023", 2023, None, None),
        claim(two, "2024", 2024, None, None),
        claim(one, "4471", 4471, None, None),
        claim(two, "9120", 9120, None, None),
        claim(one, "500 tons", 500, "tons", "exports", time=year(one, "2022")),
        claim(two, "800 tons", 800, "tons", "exports", time=year(two, "2023")),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert Verdict.CONFLICT not in {a.verdict for a in found}
    assert len(found) == 6


def test_a_rate_and_a_total_are_not_compared_but_two_claimants_totals_are() -> None:
    one = article("a", "Seoul says the North sends 300 shells per day to Russia.")
    two = article("b", "Seoul says the North has sent 9,000 shells to Russia.")
    three = article("c", "Kyiv says the North has shipped 12,000 shells to Russia.")
    claims = [
        claim(one, "300 shells", 300, "shells", "shells", "Seoul", predicate="send"),
        claim(two, "9,000 shells", 9000, "shells", "shells", "Seoul", predicate="send"),
        claim(three, "12,000 shells", 12000, "shells", "shells", "Kyiv", predicate="ship"),
    ]
    found = reconcile_story("s", [one, two, three], [], claims, alone(one, two, three))
    assert [a.verdict for a in found] == [Verdict.CONFLICT, Verdict.SINGLE_SOURCE]
    assert [v.value for v in found[0].details.sides] == [9000, 12000]
    assert found[0].details.same_speaker is False


DAM = article(
    "d1",
    "The flood killed at least 41 people, officials said. Hospitals treated 86 people for "
    "injuries. It is the worst disaster since floods killed 29 people in 2009. A fund of "
    "40 million crowns was released, and a collection raised 84,000 crowns.",
)
TOLL = article(
    "d2", "Hospital records show that 47 people died. Rescuers pulled 2 more bodies out."
)


def dam_claims() -> list[Claim]:
    return [
        claim(DAM, "at least 41 people", 41, "people", "people", "officials", "at least",
              predicate="kill"),
        claim(DAM, "86 people", 86, "people", "people", predicate="treat"),
        claim(DAM, "29 people", 29, "people", "people", time=year(DAM, "2009"),
              predicate="kill"),
        claim(DAM, "40 million crowns", 4e7, "crowns", "crowns", predicate="release"),
        claim(DAM, "84,000 crowns", 84000, "crowns", "crowns", predicate="raise"),
        claim(TOLL, "47 people", 47, "people", "people", "Hospital records", predicate="die"),
        claim(TOLL, "2 more bodies", 2, "bodies", "more bodies", predicate="pull"),
    ]  # fmt: skip


def test_only_the_same_happening_counted_twice_conflicts() -> None:
    """41 killed vs 47 died conflict; 86 treated, 29 killed in 2009, the money raised and the
    money released, and two more bodies are other figures, not other values."""
    found = reconcile_story("s", [DAM, TOLL], [], dam_claims(), alone(DAM, TOLL))
    [conflict] = [a for a in found if a.verdict is Verdict.CONFLICT]
    assert [v.value for v in conflict.details.sides] == [41, 47]
    assert [a.verdict for a in found].count(Verdict.SINGLE_SOURCE) == 5


def test_one_article_with_two_values_of_one_source_is_no_conflict() -> None:
    one = article("a", "The storm killed 12 people on Monday. Storms killed 30 people in May.")
    claims = [
        claim(one, "12 people", 12, "people", "people", predicate="kill"),
        claim(one, "30 people", 30, "people", "people", predicate="kill"),
    ]
    found = reconcile_story("s", [one], [], claims, alone(one))
    assert Verdict.CONFLICT not in {a.verdict for a in found}
    opposed = [
        claim(one, "12 people", 12, "people", "people", "police", predicate="kill"),
        claim(one, "30 people", 30, "people", "people", "hospitals", predicate="die"),
    ]
    found = reconcile_story("s", [one], [], opposed, alone(one))
    assert [a.verdict for a in found] == [Verdict.CONFLICT]


def test_a_figure_of_an_earlier_moment_does_not_conflict_with_the_current_one() -> None:
    one = article("a", "When officials said 41 people had died, families knew it was wrong.")
    two = article("b", "The commission put the death toll at 47.")
    earlier = TimeRef("a", Span(0, 4), "When", TimexType.DATE, "PAST_REF", Precision.NONE)
    claims = [
        claim(one, "41 people", 41, "people", "people", time=earlier, predicate="die"),
        claim(two, "47", 47, "toll", "the death toll", "commission", predicate="death"),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 2


def test_event_reported_by_all_via_state_media_rests_on_kcna() -> None:
    texts = [
        "Kim inspected a new tactical missile system, state media reported.",
        "Kim inspected a tactical missile system, the KCNA said.",
        "Kim Jong Un inspected the new missile system, according to Asian media.",
    ]
    articles = [article(f"e{i}", text) for i, text in enumerate(texts)]
    events = []
    for item in articles:
        at = item.text.index("inspected")
        target = item.text[at + 12 : item.text.index(",")]
        events.append(
            Event(item.id, "inspect", Span(at, at + 9), actor="Kim Jong-un", target=target)
        )
    kcna = quote(articles[1], "Kim inspected", "KCNA")
    found = reconcile_story("s", articles, [kcna], [], alone(*articles), events)
    agreed = [a for a in found if a.details.kind == "event"]
    assert len(agreed) == 1
    assert agreed[0].verdict is Verdict.AGREED
    assert agreed[0].independent_sources == ("KCNA",)


def test_a_car_a_mystery_and_a_fugitive_inspecting_himself_are_no_agreed_events() -> None:
    texts = [
        "A car attacked Raj Chohan near the bridge.",
        "A car attacked Raj Chohan, police said.",
    ]
    articles = [article(f"c{i}", text) for i, text in enumerate(texts)]
    junk = [
        ("attack", "car", "Raj Chohan"),
        ("transfer", "mystery", None),
        ("attack", "At least two other buildings", None),
        ("inspect", "Arcade Joseph Comeaux", "Arcade Joseph Comeaux"),
    ]
    events = [
        Event(item.id, kind, Span(2, 5), actor=actor, target=target)
        for item in articles
        for kind, actor, target in junk
    ]
    pirates = [Event(a.id, "attack", Span(2, 5), actor="pirates") for a in articles]
    found = reconcile_story("s", articles, [], [], alone(*articles), events + pirates)
    assert [a.subject for a in found if a.details.kind == "event"] == ["pirates — attack"]


def test_findings_point_to_the_words_and_round_trip_through_json() -> None:
    articles = [KIM_A, KIM_B, KIM_C, SHIN_A, SHIN_B]
    quotes, claims = kcna_quotes(), container_claims()
    found = reconcile_story("s", articles, quotes, claims, alone(*articles))
    findings = findings_of(found, articles, quotes, claims)
    stored = json.loads(json.dumps(to_jsonable(findings)))
    assert [from_jsonable(Finding, f) for f in stored] == findings
    texts = {a.id: a.text for a in articles}
    [conflict] = [f for f in findings if f.verdict is Verdict.CONFLICT]
    assert conflict.kind is FindingKind.CLAIM and conflict.value is None
    written = [texts[m.article_id][m.span.start : m.span.end] for m in conflict.members]
    assert written == [m.text for m in conflict.members]
    assert written == ["at least 6,700 containers", "7,000 containers"]
    assert [s.as_written for s in conflict.sides] == written
    quotes_found = [f for f in findings if f.kind is FindingKind.QUOTE]
    assert {f.verdict for f in quotes_found} == {Verdict.VARIANT, Verdict.SINGLE_SOURCE}


def test_same_input_in_any_order_gives_the_same_assessments() -> None:
    articles = [KIM_A, KIM_B, KIM_C, SHIN_A, SHIN_B]
    quotes, claims = kcna_quotes(), container_claims()
    first = reconcile_story("s", articles, quotes, claims, alone(*articles))
    shuffled_quotes, shuffled_claims = quotes[:], claims[:]
    random.Random(42).shuffle(shuffled_quotes)
    random.Random(7).shuffle(shuffled_claims)
    second = reconcile_story("s", articles, shuffled_quotes, shuffled_claims, alone(*articles))
    assert [(a.id, a.verdict, a.details) for a in first] == [
        (a.id, a.verdict, a.details) for a in second
    ]


def test_markdown_shows_conflict_values_and_word_diff() -> None:
    articles = [KIM_A, KIM_B, KIM_C, SHIN_A, SHIN_B]
    quotes, claims = kcna_quotes(), container_claims()
    found = reconcile_story("s", articles, quotes, claims, alone(*articles))
    text = findings_markdown(findings_of(found, articles, quotes, claims))
    assert text.index("#### Conflicts") < text.index("#### Variants") < text.index("#### Single")
    assert "~~epochal~~ **historic** change" in text
    assert "when: In March, already" in text


def test_two_named_doers_give_two_figures_not_a_conflict() -> None:
    one = article("a", "Storm Ana killed 28 people on Sunday.")
    two = article("b", "Storm Bo killed 17 people on Sunday.")
    claims = [
        replace(claim(one, "28 people", 28, "people", "people", predicate="kill"), agent="Ana"),
        replace(claim(two, "17 people", 17, "people", "people", predicate="kill"), agent="Bo"),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 2
    same_doer = [replace(c, agent="Ana") for c in claims]
    found = reconcile_story("s", [one, two], [], same_doer, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.CONFLICT]


def test_two_climbers_falls_are_not_a_conflict() -> None:
    one = article("a", "A British climber has fallen 2,000ft to his death.", "Sky")
    two = article("b", "A 36-year-old Australian climber died after falling 150 metres.", "Stuff")
    claims = [
        replace(claim(one, "2,000ft", 2000, "ft", None, predicate="fall"), doer="British climber"),
        replace(
            claim(two, "150 metres", 150, "metres", None, predicate="fall"),
            doer="36-year-old Australian climber",
        ),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 2
    one_climber = [replace(c, doer="climber") for c in claims]
    found = reconcile_story("s", [one, two], [], one_climber, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.CONFLICT]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Officials", "the governor"),
        # the open world's groups, bodies by their kind and described persons
        ("People", "Executives"),
        ("Bank", "presumptive Republican presidential nominee"),
        # the 1,650-article world's roles told with whose or where they are
        ("Democratic front-runner", "Florida senator"),
        ("Ivana Trump's brief", "Industry experts"),
        # the TimeBank world's bodies described by their trade or their town
        ("Dutch chemical group", "New York-based company"),
        ("Menlo Park, Calif., company", "Los Angeles thrift holding company"),
    ],
)
def test_roles_groups_and_descriptions_are_no_independent_sources(first: str, second: str) -> None:
    one = article("a", f"{first} said 10 people were killed.", "BBC")
    two = article("b", f"Ten people were killed, {second} said.", "AFP")
    three = article("c", "Gaskin said 10 people were killed.", "Stuff")
    claims = [
        claim(one, "10 people", 10, "people", "people", first, predicate="kill"),
        claim(two, "Ten people", 10, "people", "people", second, predicate="kill"),
        claim(three, "10 people", 10, "people", "people", "Dave Gaskin", predicate="kill"),
    ]
    [agreed] = reconcile_story("s", [one, two, three], [], claims, alone(one, two, three))
    assert sorted(agreed.independent_sources) == ["AFP", "BBC", "Dave Gaskin"]


@pytest.mark.parametrize(
    "name", ["Greek government", "Ban Ki-moon", "Shin Won-sik", "Hillary Clinton's campaign"]
)
def test_bodies_by_whose_they_are_and_hyphenated_names_are_sources(name: str) -> None:
    one = article("a", f"{name} said 10 people were killed.", "BBC")
    two = article("b", "Gaskin said 10 people were killed.", "Stuff")
    claims = [
        claim(one, "10 people", 10, "people", "people", name, predicate="kill"),
        claim(two, "10 people", 10, "people", "people", "Dave Gaskin", predicate="kill"),
    ]
    [agreed] = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert sorted(agreed.independent_sources) == sorted(["Dave Gaskin", name])


def test_five_villages_flattened_and_seven_destroyed_conflict() -> None:
    one = article("a", "The quake flattened five villages on Qeshm island.")
    two = article("b", "Seven villages were destroyed by the quake on Qeshm.")
    claims = [
        claim(one, "five villages", 5, "villages", "villages", predicate="flatten"),
        claim(two, "Seven villages", 7, "villages", "villages", predicate="destroy"),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.CONFLICT]


def test_passes_completed_of_passes_thrown_are_no_conflict() -> None:
    # "Garrard completed 28 of 41 passes" and "Garrard, who completed 28 passes": the lexicon
    # knows nothing of passes completed, so two values are two figures, not a conflict
    one = article("a", "Garrard completed 28 of 41 passes for 329 yards.")
    two = article("b", "Garrard, who completed 28 passes for 329 yards, ran for two yards.")
    claims = [
        claim(one, "41 passes", 41, "passes", "passes", predicate="complete"),
        claim(two, "28 passes", 28, "passes", "passes", predicate="complete"),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 2


def test_one_altitude_in_feet_and_in_metres_agrees_and_a_range_is_not_a_distance() -> None:
    one = article("a", "The climber fell 2,000 feet near the bivvy, police said.")
    two = article("b", "The climber fell 610 metres near the bivvy.")
    three = article("c", "The climber fell some 700 metres to his death.")
    four = article("d", "The missile has a range of 1,000 km; it flew 600 km.")
    claims = [
        claim(one, "2,000 feet", 2000, "feet", None, "police", predicate="fall", doer="climber"),
        claim(two, "610 metres", 610, "metres", None, predicate="fall", doer="climber"),
        claim(
            three,
            "some 700 metres",
            700,
            "metres",
            None,
            None,
            "some",
            predicate="fall",
            doer="climber",
        ),
        claim(four, "1,000 km", 1000, "km", None, predicate="range"),
        claim(four, "600 km", 600, "km", None, predicate="fly"),
    ]
    found = reconcile_story("s", [one, two], [], claims[:2], alone(one, two))
    assert [a.verdict for a in found] == [Verdict.AGREED]
    found = reconcile_story("s", [one, two, three], [], claims[:3], alone(one, two, three))
    assert [a.verdict for a in found] == [Verdict.CONFLICT]  # 610 m vs some 700 m: a true one
    found = reconcile_story("s", [four], [], claims[3:], alone(four))
    assert Verdict.CONFLICT not in {a.verdict for a in found}


def test_figure_of_san_bernardino_in_2015_is_background_of_the_las_vegas_story() -> None:
    day = Published(date(2017, 10, 2), DateBasis.METADATA)
    vegas = replace(
        article("a", "The gunman killed 58 people and wounded 500 people."), published=day
    )
    other = replace(article(
        "b",
        "It was the deadliest since San Bernardino in 2015, where 14 were killed and 22 people "
        "wounded. Police said 515 people were wounded.",
    ), published=day)  # fmt: skip
    claims = [
        claim(vegas, "500 people", 500, "people", "people", predicate="wound"),
        claim(other, "22 people", 22, "people", "people", predicate="wound"),
        claim(other, "515 people", 515, "people", "people", "Police", predicate="wound"),
    ]
    found = reconcile_story("s", [vegas, other], [], claims, alone(vegas, other))
    [conflict] = [a for a in found if a.verdict is Verdict.CONFLICT]
    assert [v.value for v in conflict.details.sides] == [500, 515]
    assert [a.verdict for a in found].count(Verdict.SINGLE_SOURCE) == 1


def test_articles_of_unknown_outlets_show_no_article_id_placeholder_as_source() -> None:
    # open world: articles without a known outlet were listed as "article 1a2b3c4d" sources
    one = article("a1b2c3d4e5", "Ten people were killed in the quake.")
    two = article("f6a7b8c9d0", "The quake killed 10 people.", "BBC")
    claims = [
        claim(one, "Ten people", 10, "people", "people", predicate="kill"),
        claim(two, "10 people", 10, "people", "people", predicate="kill"),
    ]
    [agreed] = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert agreed.verdict is Verdict.AGREED
    assert agreed.independent_sources == ("BBC",)
    assert not any("article " in note for note in agreed.notes)
    assert "2 reporting line(s), 1 independent source(s): BBC" in agreed.notes


def test_cannes_heist_in_march_and_last_month_is_background_of_the_paris_raid_in_may() -> None:
    # 24_ecbplus: copies of one wire story agreed on the figures of other heists
    text = (
        "Four men rammed their car into the store on Monday. In March, thieves stole 910,000 "
        "pounds of jewellery in Cannes. And last month thieves cracked two safes near Nice."
    )
    one, two = article("a", text, "Sky News"), article("b", text, "Orange")
    claims = [
        claim(c, written, value, unit, unit, predicate=verb)
        for c in (one, two)
        for written, value, unit, verb in (
            ("Four men", 4, "men", "ram"),
            ("910,000 pounds", 910000, "GBP", "steal"),
            ("two safes", 2, "safes", "crack"),
        )
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    [agreed] = [a for a in found if a.verdict is Verdict.AGREED]
    assert agreed.subject == "men"
    assert sum(a.verdict is Verdict.SINGLE_SOURCE for a in found) == 4


def test_running_totals_so_far_and_a_town_home_to_120000_are_background() -> None:
    one = article("a", "So far, the navy has seized 14 rifles. Qeshm is home to 120,000 people.")
    two = article("b", "The navy has seized 14 rifles so far. The island, home to 120,000 people.")
    claims = [
        claim(one, "14 rifles", 14, "rifles", "rifles", predicate="seize"),
        claim(two, "14 rifles", 14, "rifles", "rifles", predicate="seize"),
        claim(one, "120,000 people", 120000, "people", "people"),
        claim(two, "120,000 people", 120000, "people", "people"),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 4


def test_a_player_s_figures_of_last_season_are_background_of_the_signing() -> None:
    # heldout2 10_ecb and the open world: "hit 13 home runs ... last season", "a franchise that
    # won two games last season" agreed with copies and other outlets as facts of the story
    one = article("a", "He was acquired last season and hit 13 home runs in 54 games.", "AP")
    two = article("b", "In 54 games with the Angels he hit 13 home runs.", "ESPN")
    three = article("c", "The Angels offered him eight years and 13 home runs mattered.", "NYT")
    claims = [
        claim(one, "13 home runs", 13, "home runs", "home runs", predicate="hit"),
        claim(two, "13 home runs", 13, "home runs", "home runs", predicate="hit"),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 2
    this_season = [
        claims[1],
        claim(three, "13 home runs", 13, "home runs", "home runs", predicate="hit"),
    ]
    found = reconcile_story("s", [two, three], [], this_season, alone(two, three))
    assert [a.verdict for a in found] == [Verdict.AGREED]  # no season named: the story's own


def test_shares_of_different_wholes_and_distances_of_different_things_are_not_compared() -> None:
    # 20_ecbplus: "100 percent" of Gavarzin's houses vs "40 percent of the buildings";
    # 3_ecbplus: Baytown "25 miles east of Houston" vs the capture "25 miles from the escape"
    one = article("a", "Houses in Gavarzin were destroyed 100 percent. Baytown is 25 miles east.")
    two = article("b", "He said 40 percent of the buildings were destroyed. He was 25 miles away.")
    claims = [
        claim(one, "100 percent", 100, "%", None, predicate="destroy"),
        claim(two, "40 percent", 40, "%", "the buildings", predicate="destroy"),
        claim(one, "25 miles", 25, "miles", None),
        claim(two, "25 miles", 25, "miles", None),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 4


def test_an_estimated_102_million_and_108_million_do_not_agree() -> None:
    # 24_ecb: the Harry Winston loot, "an estimated $102 million" vs "$108 million": 6 % apart
    one = article("a", "Robbers made off with an estimated $102 million of jewels.", "AP")
    two = article("b", "Robbers snatched $108 million of jewels.", "AFP")
    claims = [
        claim(one, "an estimated $102 million", 102e6, "USD", None, None, "an estimated"),
        claim(two, "$108 million", 108e6, "USD", None),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert Verdict.AGREED not in {a.verdict for a in found}


def test_a_briton_and_a_named_climber_of_another_age_are_not_the_australian_who_fell() -> None:
    # the open-world false conflict: Buckley's 2,000 ft met the Australian's 150 m through
    # "Briton" (a nationality read as a name) and "Robert Buckley" (his age in an apposition)
    one = article("a", "The Briton fell 2,000ft on Saturday.", "BBC")
    two = article("b", "Robert Buckley, 32, fell about 2,000 feet on Saturday.", "Guardian")
    three = article("c", "A 36-year-old Australian climber died after falling 150 metres.", "Stuff")
    claims = [
        replace(claim(one, "2,000ft", 2000, "ft", None, predicate="fall"), doer="Briton"),
        replace(
            claim(two, "2,000 feet", 2000, "feet", None, predicate="fall"),
            doer="Robert Buckley (32)",
        ),
        replace(
            claim(three, "150 metres", 150, "metres", None, predicate="fall"),
            doer="36-year-old Australian climber",
        ),
    ]
    found = reconcile_story("s", [one, two, three], [], claims, alone(one, two, three))
    assert sorted(a.verdict.value for a in found) == ["agreed", "single_source"]
    assert not any(a.verdict is Verdict.CONFLICT for a in found)


def test_british_and_english_climbers_are_one_doer_and_their_falls_conflict() -> None:
    one = article("a", "A British climber fell 2,000ft on Saturday.", "Sky")
    two = article("b", "An English climber fell 700 metres on Saturday.", "Telegraph")
    claims = [
        replace(claim(one, "2,000ft", 2000, "ft", None, predicate="fall"), doer="British climber"),
        replace(
            claim(two, "700 metres", 700, "metres", None, predicate="fall"), doer="English climber"
        ),
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.CONFLICT]


def test_a_yearly_rate_a_household_and_a_running_totals_count_are_background() -> None:
    # 12_ecbplus and 8_ecb of the dev gold: agreed, but no figure of the story's event
    text = (
        "Over 100 billion dollars of trade passes each year through this sea lane. "
        "He leaves behind a wife and two children. "
        "The ship seized 14 rifles during the five operations it carried out there."
    )
    one, two = article("a", text, "NDTV"), article("b", text, "Rediff")
    claims = [
        claim(c, written, value, unit, counted)
        for c in (one, two)
        for written, value, unit, counted in (
            ("100 billion dollars", 1e11, "USD", None),
            ("two children", 2, "children", "children"),
            ("five operations", 5, "operations", "operations"),
        )
    ]
    found = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert [a.verdict for a in found] == [Verdict.SINGLE_SOURCE] * 6


def test_children_killed_in_the_event_are_still_compared() -> None:
    one = article("a", "The gunman killed his wife and two children on Monday.", "BBC")
    two = article("b", "Two children and their mother were killed in the attack.", "AFP")
    claims = [
        claim(one, "two children", 2, "children", "children", predicate="kill"),
        claim(two, "Two children", 2, "children", "children", predicate="kill"),
    ]
    [agreed] = reconcile_story("s", [one, two], [], claims, alone(one, two))
    assert agreed.verdict is Verdict.AGREED


# ---- scare quotes: a short quoted passage without a speaker next to it is no quote ----------

AQUA_A = article(
    "aa",
    "Williams, whose swimming led to a career of Hollywood “aqua musicals” designed just for "
    "her, died on Thursday in Beverly Hills, at the age of 91, her spokesman said.",
    "Tribune",
)
AQUA_B = article("ab", "The Technicolor “aqua musicals” made her a star.", "Herald")


def speaking(item: Article, words: str, speaker: str, mention: str, cue: str = "said") -> Quote:
    """A quote of ``speaker`` whose attributing mention is the text ``mention``."""
    start, at = item.text.index(words), item.text.index(mention)
    return Quote(
        item.id,
        Span(start, start + len(words)),
        words,
        speaker=speaker,
        speaker_span=Span(at, at + len(mention)),
        cue=cue,
    )


def test_scare_quotes_without_a_near_speaker_make_no_group() -> None:
    far = speaking(AQUA_A, "aqua musicals", "her spokesman", "her spokesman")
    quotes = [far, quote(AQUA_B, "aqua musicals", None)]
    found = reconcile_story("s", [AQUA_A, AQUA_B], quotes, [], alone(AQUA_A, AQUA_B))
    assert not [a for a in found if a.verdict in (Verdict.AGREED, Verdict.VARIANT)]


def test_a_short_quote_with_its_speaker_next_to_it_is_still_reconciled() -> None:
    first = article("ka", "Kim called for an “epochal change” in war preparations.", "UPI")
    second = article("kb", "Kim urged an “epochal change” in war preparations.", "AP")
    quotes = [
        speaking(first, "epochal change", "Kim Jong-un", "Kim"),
        speaking(second, "epochal change", "Kim Jong-un", "Kim"),
    ]
    found = reconcile_story("s", [first, second], quotes, [], alone(first, second))
    assert [a.verdict for a in found if a.verdict is Verdict.AGREED] == [Verdict.AGREED]


def test_a_short_quote_right_after_its_verb_is_reconciled_though_its_speaker_is_far() -> None:
    first = article(
        "kc",
        "North Korean leader Kim Jong-un inspected a new tactical missile system and called for "
        "“epochal changes” in war preparations.",
        "Yonhap",
    )
    second = article("kd", "Kim called for “epochal changes” in war preparations.", "AP")
    quotes = [
        speaking(first, "epochal changes", "Kim Jong-un", "Kim Jong-un", "called"),
        speaking(second, "epochal changes", "Kim Jong-un", "Kim", "called"),
    ]
    found = reconcile_story("s", [first, second], quotes, [], alone(first, second))
    assert [a.verdict for a in found if a.verdict is Verdict.AGREED] == [Verdict.AGREED]


def test_late_night_talk_show_does_not_chain_two_sentences() -> None:
    # ECB+ 2_ecb (no gold split): a phrase two different sentences contain linked them
    first = "We want it to be a party and a departure from the late night talk show format"
    second = "We are trying to get away from this late night talk show rut"
    phrase = "late night talk show"
    one, two, three = article("a", first), article("b", second), article("c", phrase)
    quotes = [
        quote(one, first, "Laurence Mark"),
        quote(two, second, "Laurence Mark"),
        quote(three, phrase, "Laurence Mark"),
    ]
    found = reconcile_story("s", [one, two, three], quotes, [], alone(one, two, three))
    assert max(len(a.member_ids) for a in found) == 2


def test_a_finding_whose_outlets_no_article_names_says_no_source_is_named() -> None:
    """Two articles of unnamed outlets agree on an event: the summary says no independent
    source is named, not "unknown" (which reads as a source of that name)."""
    from storyline.model import Assessment, EventDetails, Verdict
    from storyline.reconcile.findings import summary

    details = EventDetails("investigate", "FBI", None, ("a1", "a2"), 2)
    agreed = Assessment("s1", Verdict.AGREED, "FBI — investigate", ("e1", "e2"), (), (), details)
    assert summary(agreed) == "FBI — investigate — 0 independent source(s): none named"


def test_a_company_keeps_the_possessive_of_its_registered_name() -> None:
    from storyline.reconcile.sources import source_aliases

    # the TimeBank world showed "Hudson's Bay Co." as the source "Bay Co."
    aliases = source_aliases(["Hudson's Bay Co.", "McDonald's Corp.", "Seoul's Defense Ministry"])
    assert sorted(aliases.values()) == ["Defense Ministry", "Hudson's Bay Co.", "McDonald's Corp."]
