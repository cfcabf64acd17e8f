"""Story timelines: dated happenings with their articles; relative dates resolved."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from spacy.language import Language

from storyline.model import Event, Precision, Span, TimelineEntry, TimeRef, TimexType
from storyline.nlp.events import find_events
from storyline.nlp.time.timexes import find_timexes
from storyline.reconcile.events import with_current_times
from storyline.reconcile.timeline import build_timeline, by_media, sentences
from tests.test_store import make_article


def timex(
    article_id: str,
    text: str,
    phrase: str,
    value: str,
    day: date,
    precision: Precision = Precision.DAY,
) -> TimeRef:
    start = text.index(phrase)
    return TimeRef(
        article_id,
        Span(start, start + len(phrase)),
        phrase,
        TimexType.DATE,
        value,
        precision,
        day,
        day,
    )


def event(
    article_id: str, text: str, trigger: str, kind: str, time: TimeRef | None = None
) -> Event:
    """An event of ``kind`` at the first ``trigger`` of ``text``; ``time`` is the time of its
    own clause (``Event.time``), which alone types a timeline entry with it."""
    start = text.index(trigger)
    return Event(article_id, kind, Span(start, start + len(trigger)), time=time)


def test_sentences_cover_the_text_without_blank_edges() -> None:
    text = "One sentence here. Another one!\n\nA third? Yes."
    assert [s.of(text) for s in sentences(text)] == [
        "One sentence here.",
        "Another one!",
        "A third?",
        "Yes.",
    ]


def test_reports_by_media_merge_but_other_reporters_stay_apart() -> None:
    assert by_media("state media") and by_media("state-run Korean Central News Agency")
    assert not by_media("South Korea's National Intelligence Service")


def test_relative_date_resolves_against_the_dated_happening_in_its_sentence() -> None:
    text = (
        "Kim's inspection on Tuesday took place two days after he visited factories that "
        "produce sniper rifles."
    )
    article = make_article(text)
    tuesday = timex(article.id, text, "Tuesday", "2024-05-14", date(2024, 5, 14))
    entries = build_timeline(
        [article],
        {article.id: [tuesday]},
        [
            event(article.id, text, "inspection", "inspect", tuesday),
            event(article.id, text, "visited", "inspect"),
        ],
    )
    visit = [e for e in entries if e.relative_to]
    assert [(e.value, e.kind) for e in visit] == [("2024-05-12", "inspect")]
    assert visit[0].what.startswith("he visited factories")


def test_a_visit_and_a_report_of_the_visit_are_different_entries() -> None:
    first = (
        "Kim on Tuesday visited a weapons plant. The inspection on Tuesday came two days "
        "after he visited factories."
    )
    second = "The inspection came two days after state media reported that Kim visited factories."
    a, b = make_article(first), make_article(second, title="other")
    tuesday = timex(a.id, first, "Tuesday", "2024-05-14", date(2024, 5, 14))
    entries = build_timeline(
        [a, b],
        {a.id: [tuesday]},
        [
            event(a.id, first, "visited", "inspect", tuesday),
            Event(a.id, "inspect", Span(first.rindex("visited"), first.rindex("visited") + 7)),
        ],
    )
    on_sunday = sorted(e.kind for e in entries if e.value == "2024-05-12")
    assert on_sunday == ["inspect", "report"]


def test_entries_of_several_articles_merge_by_date_and_kind() -> None:
    text_a = "Last week, he oversaw the test firing of shells."
    text_b = "Last week, he oversaw the test-firing of controllable shells."
    a, b = make_article(text_a), make_article(text_b, title="b")
    week = {"value": "2024-W19", "day": date(2024, 5, 6), "precision": Precision.WEEK}
    last_week = timex(a.id, text_a, "Last week", **week), timex(b.id, text_b, "Last week", **week)
    entries = build_timeline(
        [a, b],
        {a.id: [last_week[0]], b.id: [last_week[1]]},
        [
            event(a.id, text_a, "test", "test_fire", last_week[0]),
            event(b.id, text_b, "test-firing", "test_fire", last_week[1]),
        ],
    )
    assert [(e.value, e.kind, len(e.article_ids)) for e in entries] == [
        ("2024-W19", "test_fire", 2)
    ]


def test_deadlines_and_the_dateline_day_are_not_happenings() -> None:
    text = "SEOUL, May 15 (UPI) -- Plans will be met by the end of the year."
    article = make_article(text)
    refs = [
        timex(article.id, text, "May 15", "2024-05-15", date(2024, 5, 15)),
        timex(article.id, text, "the end of the year", "2024", date(2024, 9, 1), Precision.YEAR),
    ]
    assert build_timeline([article], {article.id: refs}) == []


def test_a_wire_sentence_and_its_rewrite_are_one_entry() -> None:
    text_a = "The dam collapsed late on Monday, killing at least 41 people, officials said."
    text_b = "The dam collapsed late on Monday, killing at least 41 people, the officials said."
    a, b = make_article(text_a), make_article(text_b, title="b")
    entries = build_timeline(
        [a, b],
        {
            a.id: [timex(a.id, text_a, "late on Monday", "2025-03-03", date(2025, 3, 3))],
            b.id: [timex(b.id, text_b, "late on Monday", "2025-03-03", date(2025, 3, 3))],
        },
    )
    assert [(e.value, len(e.article_ids)) for e in entries] == [("2025-03-03", 2)]


def test_a_decade_is_background_not_a_timeline_entry() -> None:
    text = "Shells made in the 1970s turned up on the battlefield."
    article = make_article(text)
    decade = timex(article.id, text, "the 1970s", "197", date(1970, 1, 1), Precision.DECADE)
    assert build_timeline([article], {article.id: [decade]}) == []


def test_copyright_lines_and_gallery_counters_make_no_timeline_entries() -> None:
    text = (
        "3/34 28 November 2017 Rescuers search the rubble.\n"
        "Copyright © 2016 NPR. All rights reserved.\n"
        "The dam collapsed on 4 March 2025, officials said."
    )
    article = make_article(text)
    refs = [
        timex(article.id, text, "28 November 2017", "2017-11-28", date(2017, 11, 28)),
        timex(article.id, text, "2016", "2016", date(2016, 1, 1), Precision.YEAR),
        timex(article.id, text, "4 March 2025", "2025-03-04", date(2025, 3, 4)),
    ]
    entries = build_timeline([article], {article.id: refs})
    assert [e.value for e in entries] == ["2025-03-04"]


def test_timeline_sentences_do_not_cut_at_abbreviations() -> None:
    # issue 13: the timeline's own splitter cut "Then U.S. officials left" into three
    from storyline.reconcile.timeline import sentences

    text = "Then U.S. officials left on May 3. Talks resumed."
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "Then U.S. officials left on May 3.",
        "Talks resumed.",
    ]


def test_page_stamps_date_lines_street_numbers_and_clock_times_make_no_entries() -> None:
    # the open world's timelines: "POSTED: 1052 GMT (1852 HKT), April 10, 2007" gave entries
    # in 1052, 1852 and 2007, "Apr 9, 2007" on its own line one more, "1800 Pitkin Ave." one in
    # 1800; the time expressions are the time reader's, as the pipeline finds them
    from storyline.nlp.language import load_nlp
    from storyline.nlp.time.timexes import find_timexes

    text = (
        "POSTED: 1052 GMT (1852 HKT), April 10, 2007\n"
        "Apr 9, 2007\n"
        "The three live in an apartment at 1800 Pitkin Ave., where the gunman opened fire.\n"
        "A gunman shot a man dead at the firm on April 9, 2007, police said."
    )
    article = make_article(text)
    refs = find_timexes(load_nlp()(text), date(2007, 4, 10), article.id)
    entries = build_timeline([article], {article.id: refs})
    assert [e.value for e in entries] == ["2007-04-09"]


def _pipeline_timeline(text: str, published: date, day_first: bool = False) -> list[TimelineEntry]:
    """The timeline of one article as the pipeline makes it: its time expressions and entity
    mentions read by the English model, then ``build_timeline``."""
    from storyline.nlp.entities.entities import find_mentions
    from storyline.nlp.language import load_nlp
    from storyline.nlp.time.timexes import find_timexes

    article = make_article(text)
    doc = load_nlp()(text)
    refs = find_timexes(doc, published, article.id, day_first)
    return build_timeline([article], {article.id: refs}, (), {article.id: find_mentions(doc)})


def test_list_items_headings_stamps_and_signatures_of_real_pages_make_no_entries() -> None:
    # the web world (htmldate's Media Cloud pages): a filmography, an awards list, a wiki's
    # revision stamp, a page stamp, an embedded tweet's signature, a heading and references
    # each gave a timeline entry; only the sentence at the end tells of a happening
    text = (
        "- LA Arirang (SBS, 1995)\n"
        "- Wet Dreams 2 (2004, cameo)\n"
        "- 1999 Critics Association: Best New Actress Award\n"
        "Latest revision as of 05:33, 7 April 2020\n"
        "THE TIMES OF INDIA | Oct 02, 2020, 19:02:47 IST\n"
        "— Daniel Dale (@ddale8) December 30, 2019\n"
        "2020 Democratic National Convention\n"
        "Bentham, j. (1789) introduction to the principles of morals and legislation.\n"
        "Davis, erik, techgnosis: myth, magic, mysticism in the age of information (new york: "
        "harmony books, 1998), especially 198-203.\n"
        "The Keys closed its doors to tourists on March 22.\n"
        '"Have we forgotten December 2008 and become complacent? "'
    )
    entries = _pipeline_timeline(text, date(2020, 4, 7))
    # the last line: a quotation of tokenized real news (the open world), its stop before a
    # spaced quotation mark, is a sentence
    assert [(e.value, e.what) for e in entries] == [
        ("2008-12", '"Have we forgotten December 2008 and become complacent? "'),
        ("2020-03-22", "The Keys closed its doors to tourists on March 22."),
    ]


def test_a_report_names_its_reporter_as_an_entity_or_no_one() -> None:
    # the web world's report kinds carried the words before the verb as the reporter
    # ("report:cast a ballot,” biden", "report:the results", "report:further details will
    # be"); the kind is now "report" and the reporter an entity of the sentence, or None
    text = (
        "We have to figure out how we are going to conduct a full and fair and safe election "
        "in November, and no one should have to risk their lives to cast a ballot,” Biden said "
        "Thursday.\n\n"
        "Florida Gov. Ron DeSantis said Monday in West Palm Beach that he is aware of the "
        "forecasts calling for another active season.\n\n"
        "And the head of the hotel federation in Florence said Saturday that mask requirements "
        "in open spaces seemed redundant if keeping a physical distance.\n\n"
        "The results reported Monday are based on interim analysis of trials in the U.K. and "
        "Brazil of a vaccine developed by Oxford University and manufactured by AstraZeneca.\n\n"
        "Further details will be announced on Tuesday.\n\n"
        "Rachel Berg, a philanthropist from Monsey, New York, said Thursday's speeches have led "
        "her to count Trump and Carson out and focus on Rubio and Cruz."
    )
    entries = _pipeline_timeline(text, date(2020, 11, 23))
    reports = {e.what.split()[0]: e.reporter for e in entries if e.kind == "report"}
    assert reports == {
        "We": "Biden",
        "Florida": "Ron DeSantis",
        "And": None,
        "The": None,
        "Further": None,
        "Rachel": None,  # the open world: not "New York", the second part of a place
    }
    assert all(":" not in e.kind for e in entries)


def test_a_month_the_reporting_verb_dates_is_the_report_not_the_act() -> None:
    # the web world: "said in February that ... missiles fired upon Ukraine" was a February
    # attack; February is when the monitoring group said so
    text = (
        "British weapons monitoring group Conflict Armament Research said in February that "
        "hundreds of components were found in the debris of North Korean ballistic missiles "
        "fired upon Ukraine."
    )
    entries = _pipeline_timeline(text, date(2024, 5, 15))
    assert [(e.value, e.kind) for e in entries] == [("2024-02", "report")]


def test_released_in_a_year_is_no_report() -> None:
    # the web world: "Soltan, who was released in 2015" is a prisoner set free, not a report
    text = (
        "Attorneys for Beblawi filed a motion to dismiss a lawsuit filed by Soltan, who was "
        "released in 2015 after nearly two years in an Egyptian prison."
    )
    entries = _pipeline_timeline(text, date(2020, 6, 2))
    assert [e.kind for e in entries if e.value == "2015"] == ["mention"]


def kinds_by_date(nlp: Language, text: str, published: date) -> dict[str, str]:
    """The kind of each timeline entry of one article, by date, read through the model."""
    article = make_article(text)
    doc = nlp(text)
    timexes = find_timexes(doc, published, article.id)
    events = find_events(doc, article.id, timexes=timexes)
    return {e.value: e.kind for e in build_timeline([article], {article.id: timexes}, events)}


# real sentences of the news world (the seeds with the ECB+ and PolNeAR articles) and the web
# world (the seeds with htmldate's 200 pages)
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "published", "kinds"),
    [
        # a date of a coordinated clause with its own subject: 2012 is Gingrich's, no tour
        ("In 2012, Newt Gingrich suspended his paid speaking schedule to mount a bid, and in "
         "2008, Rudy Giuliani ended his lucrative speaking tour to run.", date(2015, 6, 16),
         {"2012": "mention"}),
        # a date of another clause: the election's November is no meeting
        ("Democratic leaders hoped the meeting, requested by Sanders, would be a moment of "
         "catharsis for the party, sending a signal that even Sanders understands the "
         "importance of electing a Democrat in November.", date(2016, 6, 9),
         {"2016-11": "mention"}),
        # the date of the event's own clause still dates it
        ("On Sunday it shot down two Syrian planes in Idlib and struck at least one military "
         "airport in Aleppo province.", date(2020, 3, 2), {"2020-03-01": "attack"}),
        # "said in February" still dates the report
        ("British weapons monitoring group Conflict Armament Research said in February that "
         "components were found in the debris of North Korean ballistic missiles fired upon "
         "Ukraine.", date(2024, 5, 15), {"2024-02": "report"}),
    ],
)  # fmt: skip
def test_an_entry_takes_the_kind_of_the_event_whose_own_date_it_is(
    nlp: Language, text: str, published: date, kinds: dict[str, str]
) -> None:
    found = kinds_by_date(nlp, text, published)
    assert {value: found.get(value) for value in kinds} == kinds


def test_an_event_takes_its_time_as_the_article_now_resolves_it() -> None:
    # an article dated from its story after its analysis: "on Tuesday" was unresolved then
    text = "Kim on Tuesday visited a weapons plant."
    article = make_article(text)
    resolved = timex(article.id, text, "Tuesday", "2024-05-14", date(2024, 5, 14))
    # as analysed before the article had a date: TIMEX3 "XXXX-WXX-2", a Tuesday of no known week
    stale = dataclasses.replace(resolved, value="XXXX-WXX-2", start_date=None, end_date=None)
    (visit,) = with_current_times(
        [event(article.id, text, "visited", "inspect", stale)], {article.id: [resolved]}
    )
    assert visit.time == resolved
    (untimed,) = with_current_times([event(article.id, text, "visited", "inspect")], {})
    assert untimed.time is None
