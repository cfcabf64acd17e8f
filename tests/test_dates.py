"""Time expressions: what an analyst reading the dates of an article would notice.

Most tests build docs with ``spacy.blank("en")`` (the tense then comes from the words of the
sentence); the seed tests use the real model and are marked slow.
"""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.model import Precision, TimexType
from storyline.nlp.time.lexicon import word_list
from storyline.nlp.time.timexes import find_timexes, timexes_as_json
from tests.conftest import seed_path

ANCHOR = date(2024, 5, 15)  # a Wednesday: the seeds' publication date
NLP = spacy.blank("en")


def values(text: str, anchor: date | None = ANCHOR) -> dict[str, str]:
    return {t.text: t.value for t in find_timexes(NLP(text), anchor)}


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Kim visited a plant on Tuesday.", "Tuesday", "2024-05-14"),
        ("Kim will visit the plant on Friday.", "Friday", "2024-05-17"),
        ("On Friday, he oversaw a test.", "Friday", "2024-05-10"),
        ("Last week, he oversaw a test.", "Last week", "2024-W19"),
        ("They met next week.", "next week", "2024-W21"),
        ("He called last month's drills a demonstration.", "last month", "2024-04"),
        ("The summit in September last year was tense.", "September last year", "2023-09"),
        ("Plans for the first half of the year were met.", "the first half of the year", "2024-H1"),
        ("Prices rose last year.", "last year", "2023"),
        ("He said so yesterday.", "yesterday", "2024-05-14"),
        ("It opened on 28 December 2023.", "28 December 2023", "2023-12-28"),
        ("Shells made in the 1970s turned up.", "the 1970s", "197"),
        ("The treaty was signed on May 15, 1998.", "May 15, 1998", "1998-05-15"),
        ("Troops stayed for two days.", "two days", "P2D"),
        ("Prices are reviewed every week.", "every week", "P1W"),
        ("He arrived at 10:30 p.m. Tuesday.", "10:30 p.m. Tuesday", "2024-05-14T22:30"),
        ("It rained last summer.", "last summer", "2023-SU"),
        ("Demand is weak now.", "now", "PRESENT_REF"),
        ("It happened three years ago.", "three years ago", "2021"),
        ("The record stood since nineteen ninety-six.", "nineteen ninety-six", "1996"),
    ],
)
def test_values_resolve_against_the_anchor(text: str, expression: str, value: str) -> None:
    assert values(text).get(expression) == value


def test_the_third_quarter_not_yet_begun_is_last_years() -> None:
    # Anchored in May, a past-tense "third quarter" is last year's; a future one this year's.
    assert values("Profit fell in the third quarter.") == {"the third quarter": "2023-Q3"}
    assert values("Profit will rise in the third quarter.") == {"the third quarter": "2024-Q3"}


def test_no_anchor_no_guess() -> None:
    found = values("Kim visited on August 21 and again on Tuesday, and last week.", None)
    assert found == {"August 21": "XXXX-08-21", "Tuesday": "XXXX-WXX-2", "last week": "XXXX-WXX"}


def test_every_value_has_a_precision_and_calendar_values_an_interval() -> None:
    text = "On Friday, last week, in early December 2023 and in the first half of 2024."
    found = {t.text: t for t in find_timexes(NLP(text), ANCHOR)}
    assert found["Friday"].precision is Precision.DAY
    assert found["last week"].precision is Precision.WEEK
    assert (found["last week"].start_date, found["last week"].end_date) == (
        date(2024, 5, 6),
        date(2024, 5, 12),
    )
    early = found["early December 2023"]
    assert early.value == "2023-12" and early.precision is Precision.MONTH
    assert (early.start_date, early.end_date) == (date(2023, 12, 1), date(2023, 12, 10))
    assert found["the first half of 2024"].end_date == date(2024, 6, 30)


def test_words_that_only_look_like_dates_are_not_tagged() -> None:
    text = "You may march to the plant. A quarter of the vote. Sales fall. 1,500 troops. Jan said."
    assert find_timexes(NLP(text), ANCHOR) == []


def test_ages_and_amounts_are_not_durations() -> None:
    assert values("The 52-year-old paid $2024 for 2,000 shares.") == {}


def test_absurd_values_never_crash() -> None:
    text = "In the year 99999, on February 30, 2024, on 31/02/2024, for 10**9 years, at 99 p.m."
    found = timexes_as_json(NLP(text), date(9999, 12, 31))
    assert all(0 <= t["start"] < t["end"] <= len(text) for t in found)


def test_json_lines_carry_offsets_type_value_and_precision() -> None:
    text = "Kim visited on Tuesday."
    (line,) = timexes_as_json(NLP(text), ANCHOR)
    assert line == {
        "start": 15,
        "end": 22,
        "text": "Tuesday",
        "type": "DATE",
        "value": "2024-05-14",
        "precision": "day",
    }
    assert text[line["start"] : line["end"]] == line["text"]


def test_the_component_sets_doc_timexes() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("storyline_timexes")
    doc = nlp.make_doc("He left on Sunday.")
    doc._.published = ANCHOR
    doc = nlp.get_pipe("storyline_timexes")(doc)
    assert [(t.text, t.value, t.type) for t in doc._.timexes] == [
        ("Sunday", "2024-05-12", TimexType.DATE)
    ]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        # lone surrogates are not text: no file or JSON line can carry them
        alphabet=st.sampled_from(list("0123456789 -/.,:'aAmMpPsTtWwQqdeylno"))
        | st.characters(blacklist_categories=["Cs"]),
        max_size=80,
    )
    | st.lists(
        st.sampled_from(
            word_list(
                "May 31 , 2024 1999s the last next week ago two 12 p.m. Friday nights year-ago "
                "quarter early mid- late of 9999 0 Q4 fiscal every a day later earlier"
            )
        ),
        max_size=14,
    ).map(" ".join),
    anchor=st.none() | st.dates(),
)
def test_random_text_never_crashes_and_spans_stay_inside(text: str, anchor: date | None) -> None:
    for timex in find_timexes(NLP(text), anchor):
        assert 0 <= timex.span.start < timex.span.end <= len(text)
        assert timex.text == text[timex.span.start : timex.span.end]
        assert timex.value


@pytest.mark.slow
def test_seed_dates_with_the_real_model() -> None:
    from storyline.nlp.language import load_nlp

    nlp = load_nlp()
    found = {
        prefix: {t.text: t.value for t in find_timexes(nlp(seed_path(prefix).read_text()), ANCHOR)}
        for prefix in ("000", "001", "002")
    }
    assert found["001"]["Tuesday"] == "2024-05-14"  # the inspection
    assert found["001"]["Friday"] == "2024-05-10"  # the 240mm rocket launcher test
    assert found["001"]["September last year"] == "2023-09"  # the Kim-Putin summit
    assert found["001"]["the previous day"] == "2024-05-14"
    assert found["002"]["Last week"] == "2024-W19"
    assert found["002"]["last month"] == "2024-04"  # the artillery drill
    assert found["000"]["Wednesday"] == "2024-05-15"  # the KCNA report
    assert found["000"]["mid-December 2023"] == "2023-12"


def test_the_nine_months_keeps_its_article_but_an_adjective_does_not() -> None:
    # TimeBank: "the nine months" names a period already mentioned; "the eight-year war" is
    # an adjective whose article belongs to the noun
    assert "the nine months" in values("In the nine months, net income rose 4%.")
    assert "eight-year" in values("The move ended the eight-year war with Iran.")
    assert "the year-ago quarter" in values("Sales fell from the year-ago quarter.")


def test_nearly_two_years_keeps_its_approximation() -> None:
    assert values("The talks lasted nearly two years.") == {"nearly two years": "P2Y"}


def test_as_soon_as_tuesday_is_a_day_to_come_even_in_a_past_report() -> None:
    # anchored on Wednesday 15 May 2024: the next Tuesday, not the one before
    found = values("He could return as soon as Tuesday, officials said.")
    assert found == {"Tuesday": "2024-05-21"}


def test_effective_date_in_a_past_report_lies_ahead() -> None:
    # anchored 15 May 2024: "effective Feb. 1" is next February, though the verb is past
    found = values("The company said the new contract, effective Feb. 1, was signed.")
    assert found.get("Feb. 1") == "2025-02-01"


def test_recent_and_coming_months_are_stretches_of_unknown_length() -> None:
    assert values("Prices rose in recent months.") == {"recent months": "PXM"}
    assert values("Talks resume in coming weeks.") == {"coming weeks": "PXW"}


@pytest.mark.slow
def test_a_possessive_weekday_and_an_infinitive_under_a_past_verb_take_the_nearest_day() -> None:
    # TimeBank classes: "Wednesday's ruling" names the ruling's day, not that of the clause
    # around it; "agreed to sell ... Friday" may be the day of the agreement. Anchored on a
    # Friday (7 January 2000), the nearest Wednesday is two days before, not five after.
    from storyline.nlp.language import load_nlp

    nlp = load_nlp()
    anchor = date(2000, 1, 7)

    def found(text: str) -> dict[str, str]:
        return {t.text: t.value for t in find_timexes(nlp(text), anchor)}

    assert found("Officials sought ways to get around Wednesday's ruling.") == {
        "Wednesday": "2000-01-05"
    }
    assert found("The company agreed to sell its stake to the bank Wednesday.") == {
        "Wednesday": "2000-01-05"
    }
    assert found("The company plans to sell its stake to the bank Wednesday.") == {
        "Wednesday": "2000-01-12"
    }


# sentences of the web world (htmldate's Media Cloud pages), read as the pipeline reads a
# language without a model: tokenized by ``spacy.blank("xx")``
XX = spacy.blank("xx")


@pytest.mark.parametrize(
    "text",
    [
        "Еще от трех требуют следующее: объем – не менее 1998 кубических см., мощность – 150 "
        "лошадиных сил, остальные характеристики аналогичны.",
        "Noch vor wenigen Tagen bezahlten Wechselstuben für einen Dollar etwa 2000 syrische "
        "Pfund, jetzt steht der Kurs bei 3000.",
        "1925 रुपये प्रति क्विंटल की दर से 15 जून तक होने वाली खरीद के लिए कई केंद्रों पर",
        "Su promedio general fue de .294, muy bueno, 1|27 jonrones, 724 empujadas y 1747 hits.",
    ],
)
def test_a_count_or_amount_in_any_language_is_no_year(text: str) -> None:
    assert find_timexes(XX(text), date(2020, 4, 1)) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Строительство ЦКАД началось в 2014 году.", "2014"),
        ("2019 etwa vervierfachte sich in Libanon der Import von Diesel.", "2019"),
        ("Ši VVP emisija bus išperkama 2032 metų vasario 12 dieną.", "2032"),
        # the open world (PolNeAR): "at least" before a year dates it
        ("The highest turnout since at least 1980, the Pew Research Center says.", "1980"),
    ],
)
def test_a_year_in_any_language_stays_a_year(text: str, value: str) -> None:
    assert [t.value for t in find_timexes(XX(text), date(2020, 4, 1))] == [value]


def test_a_slashed_date_outside_english_reads_day_first() -> None:
    # an Indonesian page of Monday the 4th of May 2020: "Senin (4/5/2020)" was April 5
    text = "Jawaban soal di Belajar dari Rumah TVRI untuk SMA, Senin (4/5/2020)."
    assert [t.value for t in find_timexes(XX(text), date(2020, 5, 4), day_first=True)] == [
        "2020-05-04"
    ]
    assert [t.value for t in find_timexes(NLP("On 4/5/2020 it rained."), ANCHOR)] == ["2020-04-05"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the web world: a Japanese page's "2020/7/11" was read as the year 2020 only
        ("東京都は2020/7/11に新たに206人の感染を確認した。", "2020-07-11"),
        ("東京都は2020年7月11日に新たに206人の感染を確認した。", "2020-07-11"),
        ("2020/7/11-12:JRA winners of Sale Graduates.", "2020-07-11"),
        ("서울시는 2020년 7월 11일 발표했다.", "2020-07-11"),
        ("Die Meldung vom 2020.07.11 wurde bestätigt.", "2020-07-11"),
    ],
)
def test_a_numeric_date_with_the_year_first_is_a_day_in_any_language(text: str, value: str) -> None:
    found = find_timexes(XX(text), date(2020, 7, 12), day_first=True)
    assert [t.value for t in found] == [value]


@pytest.mark.parametrize(
    "text",
    ["Install version 2020.1.12.3 first.", "See example.com/2020/7/11/story for it.", "2020/13/40"],
)
def test_a_year_first_number_that_is_no_day_is_no_date(text: str) -> None:
    assert [t.value for t in find_timexes(XX(text), date(2020, 7, 12))] == []
