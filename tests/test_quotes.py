"""Direct quotes and their speakers: quotation-mark pairing, attribution, the founding seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from storyline.nlp.quotes.marks import find_quoted_passages, title_cased
from storyline.nlp.quotes.quotes import find_quotes, quotes_as_json

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def passages(text: str) -> list[str]:
    return [text[p.start : p.end] for p in find_quoted_passages(text)]


# ---- quotation marks -----------------------------------------------------------------------


def test_curly_straight_and_doubled_apostrophe_quotes() -> None:
    text = "“We were there,” she said. He said \"no.\" ''This isn't reform,'' said Mr. Burman."
    assert passages(text) == ["We were there,", "no.", "This isn't reform,"]


def test_the_wires_tex_style_quotes() -> None:
    # AP and the AQUAINT corpus open with two backticks and close with two apostrophes
    text = "``It was definitely a bomb,'' said an official. Then ``we ran.''"
    assert passages(text) == ["It was definitely a bomb,", "we ran."]


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


def test_quote_running_on_unmarked_over_paragraphs_is_split_by_paragraph() -> None:
    # 12_7ecbplus (ECB+): no mark reopens the second paragraph; the closing mark is there
    text = (
        '"The warship immediately altered towards the suspicious vessels.\n'
        'While two of them managed to escape, INS Sukanya intercepted three, " said Captain '
        "Manohar Nambiar.\nThe Navy confiscated 14 rifles."
    )
    assert passages(text) == [
        "The warship immediately altered towards the suspicious vessels.",
        "While two of them managed to escape, INS Sukanya intercepted three,",
    ]
    assert [p.continues for p in find_quoted_passages(text)] == [True, False]


def test_run_on_quote_over_blank_lines_and_a_paragraph_without_marks() -> None:
    # 35_11ecbplus (ECB+) as the cleaner leaves it: paragraphs apart by blank lines, the
    # middle one with no mark at all, the closing curly mark two paragraphs on
    text = (
        "He went on to say, “the Chargers have always been leaders.\n\n"
        "We take our stature in the community very seriously.\n\n"
        "Through the Chargers and the NFL, our players receive support. ”\n\nVincent Jackson"
    )
    assert passages(text) == [
        "the Chargers have always been leaders.",
        "We take our stature in the community very seriously.",
        "Through the Chargers and the NFL, our players receive support.",
    ]


def test_spaced_straight_marks_of_tokenised_text_pair() -> None:
    # 14_2ecb (ECB+): tokenised text spaces its straight marks on both sides
    text = (
        'Police are treating it as " potentially suspicious ".\n'
        'A Surrey Police spokeswoman said: " The fire has progressed rapidly.\n'
        'It is being treated as potentially suspicious. "\nAnyone with information ...'
    )
    assert passages(text) == [
        "potentially suspicious",
        "The fire has progressed rapidly.",
        "It is being treated as potentially suspicious.",
    ]


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


# ---- speakers named around the quote (real model) ---------------------------------------------


def speakers(nlp, text: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(r["text"], r["speaker"]) for r in quotes_as_json(nlp(text), None)]


@pytest.mark.slow
def test_signed_comments_belong_to_their_signers(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Readers shared their thoughts.\n"
        "“He is ignorant of our culture and lives.”― Pamela Padilla\xa0\n"
        "“I would rather live in what he calls “hell” than here.” ―\xa0Christina Lastra.\n"
    )
    found = speakers(nlp, text)
    assert ("He is ignorant of our culture and lives.", "Pamela Padilla") in found
    assert all(s == "Christina Lastra" for t, s in found if "hell" in t or "rather" in t)


@pytest.mark.slow
def test_transcript_label_names_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Wallace asked about the debate.\n\n"
        '"PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of '
        "“Shark Tank.” But this is America, Chris."
    )
    rows = quotes_as_json(nlp(text), None)
    shark = next(r for r in rows if r["text"].startswith("Shark Tank"))
    assert shark["speaker"] == "PENCE"
    assert text[shark["speaker_start"] : shark["speaker_end"]] == "PENCE"


@pytest.mark.slow
def test_headline_label_before_a_colon_is_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Politifact: Donald Trump Is Right, ‘Thousands of Shootings’ in Chicago this Year.\n\n"
        "Politifact checked the claim on Tuesday."
    )
    assert ("Thousands of Shootings", "Politifact") in speakers(nlp, text)


@pytest.mark.slow
def test_colon_lead_in_in_the_previous_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Few of the donors give small sums.\n\n"
        "The New York Times reports:\n\n"
        "“Just 24 percent of the contributors to the campaign so far have given $200 or less.”"
    )
    assert speakers(nlp, text)[0][1] == "The New York Times"


@pytest.mark.slow
def test_quote_after_an_attributed_sentence_takes_its_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rep. Adam Schiff spoke on Tuesday.\n\n"
        "The administration may be reluctant to act while talks go on, Schiff said. "
        "“The other factor is the appearance of tipping the scales.”"
    )
    rows = quotes_as_json(nlp(text), None)
    assert rows[0]["speaker"].endswith("Schiff")
    assert (rows[0]["cue"], text[rows[0]["speaker_start"] : rows[0]["speaker_end"]]) == (
        "said",
        "Schiff",
    )


@pytest.mark.slow
def test_cue_in_the_sentence_after_the_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Lindsey Graham spoke to conservatives on Thursday.\n\n"
        "“Does anybody know what the environmental platform of the Republican Party is?” "
        "Graham asked. “Neither do I.”"
    )
    found = speakers(nlp, text)
    assert [s for _, s in found] == ["Lindsey Graham", "Lindsey Graham"]


@pytest.mark.slow
def test_he_resolves_to_the_subject_not_the_nearest_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Donald Trump said praise from Russian President Vladimir Putin would not affect his "
        "policy toward Russia. He said Putin has “been a leader far more than our president "
        "has been a leader.”"
    )
    assert speakers(nlp, text)[0][1] == "Donald Trump"


@pytest.mark.slow
def test_she_skips_a_man_named_in_between(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ms. Elizabeth Warren questioned the bank on Tuesday.\n\n"
        "The committee heard Mr. John Stumpf explain the sales targets. "
        "“You squeezed employees to the breaking point,” she said."
    )
    rows = quotes_as_json(nlp(text), None)
    assert rows[0]["speaker"] == "Elizabeth Warren"
    assert text[rows[0]["speaker_start"] : rows[0]["speaker_end"]] == "she"


@pytest.mark.slow
def test_she_is_the_person_described_not_a_name_in_her_description(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Lesley Deutch, a senior vice president in the Boca Raton office of John Burns Real "
        "Estate Consulting, said the old model of private golf clubs is in decline.\n\n"
        "''I don't think the industry is over,'' she said."
    )
    assert [s for _, s in speakers(nlp, text)] == ["Lesley Deutch"]


@pytest.mark.slow
def test_she_is_the_person_a_relative_clause_describes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“We are waiting for justice,” said Jillian Soto, who lost her sister Victoria at Sandy "
        "Hook.\n\n“Remington designed an immoral marketing campaign,” she said."
    )
    assert [s for _, s in speakers(nlp, text)] == ["Jillian Soto", "Jillian Soto"]


@pytest.mark.slow
def test_a_speakers_name_ends_before_the_place_the_tagger_ran_it_into(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        'Juan "Chico" Manriquez of Oakland carried one of the photos. "I pretty much cried the '
        'whole parade," he said.'
    )
    found = dict(speakers(nlp, text))
    assert found["I pretty much cried the whole parade,"] == 'Juan "Chico" Manriquez'


def test_person_genders_from_honorifics_and_reported_pronouns() -> None:
    from storyline.nlp.gender import person_genders

    nlp_blank = spacy.blank("en")
    doc = nlp_blank("Mrs. Lynch met Stumpf .")
    doc.ents = [doc.char_span(5, 10, "PERSON"), doc.char_span(15, 21, "PERSON")]
    genders = person_genders(doc, list(doc.ents), [False] * len(doc))
    assert genders == {"lynch": "f"}


@pytest.mark.slow
def test_they_resolves_to_the_group_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Clinton’s campaign is seeking to contrast her approach with what they call "
        "Republican Donald Trump’s “self-centered message.”"
    )
    rows = quotes_as_json(nlp(text), None)
    assert rows[0]["speaker"] == "Clinton’s campaign"


# ---- nested attribution: who governs the quoted clause (real model) ---------------------------


def speaker_mentions(nlp, text: str) -> list[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    """(quote, speaker mention as written, resolved speaker) for every quote of ``text``."""
    rows = quotes_as_json(nlp(text), None)
    return [
        (
            r["text"],
            text[r["speaker_start"] : r["speaker_end"]] if r["speaker_start"] is not None else None,
            r["speaker"],
        )
        for r in rows
    ]


@pytest.mark.slow
def test_pronoun_bound_by_the_governing_subject_names_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speaker_mentions(
        nlp, "Secretary General Ban Ki-moon condemned what he called a “brazen breach” of rules."
    )
    assert found == [("brazen breach", "Secretary General Ban Ki-moon", "Ban Ki-moon")]
    # a coordinated clause with a subject of its own keeps its pronoun
    text = (
        "Kerr Putney, the police chief, said the footage was not conclusive, but he said that "
        "the footage “supports what we've heard” about the shooting."
    )
    assert speaker_mentions(nlp, text)[0][1] == "he"


@pytest.mark.slow
def test_possessive_pronoun_bound_by_the_passive_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Bornstein's earlier letter was widely ridiculed for its prediction that Trump would be "
        "“the healthiest individual ever elected to the presidency.”"
    )
    assert speaker_mentions(nlp, text)[0][1] == "Bornstein's earlier letter"


@pytest.mark.slow
def test_possessor_of_a_speech_noun_is_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Politifact seized on Trump’s claim that there have been “thousands of shootings” there."
    assert speaker_mentions(nlp, text)[0][1:] == ("Trump", "Trump")
    # not the subject of the clause the claim holds
    text = "Contrary to his claim that people would “learn nothing,” there is a lot to learn."
    assert speaker_mentions(nlp, text)[0][1] == "his"


@pytest.mark.slow
def test_governing_cue_owns_a_quoted_clause_but_a_wire_report_only_cites(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The clip says Kaine “has a passion for defending the wrong people.”"
    assert speaker_mentions(nlp, text)[0][1] == "The clip"
    text = "Meanwhile, it attacked Trump, saying he “has offended Hispanics with his insults.”"
    assert speaker_mentions(nlp, text)[0][1] == "it"


@pytest.mark.slow
def test_cue_of_a_thing_under_a_speakers_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Clinton says it underscores that Trump is “temperamentally unfit to be commander.”"
    assert speaker_mentions(nlp, text)[0][1] == "Clinton"


@pytest.mark.slow
def test_participle_after_of_takes_the_name_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ad uses footage of Hillary Clinton asking, “Why aren’t I 50 points ahead?”"
    assert speaker_mentions(nlp, text)[0][1] == "Hillary Clinton"


@pytest.mark.slow
def test_cue_introducing_the_quote_wins_over_the_main_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The spot concludes with footage of Trump saying during the debate last week, "
        "“That makes me smart,” when Clinton blasted him for not paying income tax."
    )
    assert speaker_mentions(nlp, text)[0][1] == "Trump"


@pytest.mark.slow
def test_findings_and_rulings_are_cues(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A Government Accountability Office report released last year found that the agency "
        "could not be sure that money was not coming from “the drug trade.”"
    )
    assert speaker_mentions(nlp, text)[0][1] == "A Government Accountability Office report"
    text = "Politifact then ruled that Trump’s statement is “true,” but it noted exceptions."
    assert speaker_mentions(nlp, text)[0][1] == "Politifact"


@pytest.mark.slow
def test_person_in_apposition_to_a_thing_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "With 50 days until the election, Minyon Moore, a senior adviser to the Clinton "
        "campaign, called Mr. Obama's remarks on Saturday “a true wake-up call” to his voters."
    )
    assert speaker_mentions(nlp, text)[0][1] == "Minyon Moore"


@pytest.mark.slow
def test_after_saying_takes_the_subject_of_the_main_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "After saying her right foot was “so swollen I could barely get my shoe on,” she was "
        "rushed to a hospital for tests."
    )
    assert speaker_mentions(nlp, text)[0][1] == "she"


@pytest.mark.slow
def test_nickname_in_quotes_inside_a_trailing_attribution(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"This is a big year for our potential United States senator, Bobby Scott!" Scott\'s '
        'niece, state Del. Marcia "Cia" Price (D-Newport News), shouted to the crowd.'
    )
    assert speaker_mentions(nlp, text)[0][1] == "Scott's niece"


# ---- the speaker-accuracy definition of the PolNeAR evaluation --------------------------------


def test_same_name_counts_another_mention_of_the_gold_source() -> None:
    from eval.polnear import same_name

    assert same_name("Hillary Clinton", "Mrs. Clinton")
    assert same_name("Kim Jong-un", "Kim")
    assert same_name("Mike Pence", "Republican nominee\xa0Gov.\xa0Mike Pence (R-IN)")
    assert same_name("The New York Times", "The New York Times")
    assert not same_name("Hillary Clinton", "Clinton’s campaign")
    assert not same_name("Donald Trump", "He")
    assert not same_name("Clinton", "Minyon Moore, a senior adviser to the Clinton campaign,")
    assert not same_name(None, "Clinton")


@pytest.mark.slow
def test_ben_carson_defends_is_ben_carson(nlp) -> None:  # type: ignore[no-untyped-def]
    # a title-case headline runs the verb into the name: "Ben Carson Defends", "Glenn Beck
    # Blasts Drudge" were speakers of the open-world run
    doc = nlp('Ben Carson Defends "Perception" Remarks\n\n"Perception is what matters," he said.')
    assert {q["speaker"] for q in quotes_as_json(doc, None)} == {"Ben Carson"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fox News Sunday", True),
        ("Make Your Kid a Millionaire", True),
        ("“Pence: Gennifer Flowers Won't Be at Debate”", True),
        ("The minister said the talks would go on", False),
        ("Talks Went on, the minister said", False),
        ("of the and", False),  # no content word
        ("", False),
    ],
)
def test_title_cased_lines_have_every_content_word_capitalised(text: str, expected: bool) -> None:
    assert title_cased(text) is expected


# ---- who can be a speaker (junk speakers of the open-world run) ------------------------------

SPEAKER_CASES = [
    # a capitalised noun opening its sentence, written once ("Loyalty"): not the "he" of it
    (
        "Tom Reyes has run the party office for a decade.\n\n"
        "Loyalty, he noted, keeps the party's “old guard” at the phones every night.",
        {"Tom Reyes"},
    ),
    # a place in the speaker's apposition is not the speaker
    (
        "The ministry answered the next day.\n\n"
        "“That was a fair question, Minister,” Representative Joan Petrova, Democrat of "
        "Ohio, told the panel as it rose.",
        {"Joan Petrova"},
    ),
    # a party label's state ("R-Wis.") speaks as the person it labels (the mixed world:
    # a sentence the outlet broke, with no verb of saying, gave "Wis.")
    (
        "House Speaker Paul Ryan, R-Wis., despite admitting that he did have his concerns "
        "about “trial lawyers trying to get rich” and general “legal matters” that could be "
        "worrisome, the victims “do need to have their day in court” and he does believe "
        "McConnell is correct.",
        {"Paul Ryan"},
    ),
    # a name that only modifies a noun ("his Oscar role") is not who "he" is
    (
        "The studio named Marc Dallow as host of the show on Friday.\n\n"
        "Dallow was abroad promoting his new film Friday when his Oscar role was announced. "
        '"Thirty years ago when I was in Sydney watching the show with my family, I never '
        "imagined that I'd one day be up on that stage myself,\" he said in a statement.",
        {"Marc Dallow"},
    ),
    # a name that modifies a noun here but acts elsewhere still counts ("the Carson campaign")
    (
        "Dr. Ben Carson said on Sunday that his team was strong.\n\n"
        "Carson turned the story back on the paper, noting that its reporter Robert Costa had "
        "written in June that the Carson campaign was coming apart.\n\n"
        "“Apparently not,” he said. “A leopard doesn't change its spots.”",
        {"Ben Carson"},
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speakers"), SPEAKER_CASES)
def test_speaker_is_the_person_not_a_word_near_the_cue(nlp, text, speakers) -> None:  # type: ignore[no-untyped-def]
    assert {q["speaker"] for q in quotes_as_json(nlp(text), None)} == speakers


@pytest.mark.slow
def test_words_on_a_thing_have_no_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Two students came to the rally in matching outfits.\n\n"
        "According to the local paper, the men were wearing shirts that read “Vote for Nobody.”"
    )
    assert [q["speaker"] for q in quotes_as_json(nlp(text), None) if q["speaker"]] == []


@pytest.mark.slow
def test_a_group_word_with_the_stays_as_written(nlp) -> None:  # type: ignore[no-untyped-def]
    # "the Texan said": one person of that group, not the group; as written when unnamed
    text = (
        "The former governor, who ended his own bid last year, spoke at length.\n\n"
        "“Those are very skilled governors,” the Texan said. “But the voters want an outsider.”"
    )
    assert {q["speaker"] for q in quotes_as_json(nlp(text), None)} == {"the Texan"}


# a bare title word, a common noun opening a sentence, an abbreviation: no one who speaks
NO_JUNK_SPEAKER_CASES = [
    # a title word heading a headline is the person the article names with that title
    (
        "Judge halts Ohio's 'fair districts' map.\n\n"
        "COLUMBUS, Ohio - U.S. District Judge Marta L. Greene late Friday issued an order "
        "blocking the new map.",
        {"Marta L. Greene"},
    ),
    # a title word whose person the tagger ran into an organisation: no speaker
    (
        "The agency published the new rule on Monday.\n\n"
        '" The rule strengthens the regulations so the agency can focus on protecting the '
        'species most at risk, " said Secretary of the Interior Dirk Hallman.',
        set(),
    ),
    # a headline's short form of the one organisation the article names with it
    (
        "State calls 12 emails of Smith 'top secret.'\n\n"
        "The State Department said on Friday that it had found the emails.",
        {"The State Department"},
    ),
    # a common noun capitalised only because it opens a headline or sentence
    (
        "The ad ran in Iowa all week.\n\n"
        "Source familiar with the ad says the group is spending “substantial” funds to air it.",
        set(),
    ),
    (
        "Guns Are ‘A Public Health Crisis,’ Governor Tells Convention.\n\n"
        "Guns are “a public health crisis,” the governor of the state told delegates.",
        {"the governor"},
    ),
    # a lone capitalised title word the article writes as no title: a surname, kept
    (
        "The letter was read out in court on Monday.\n\n"
        'King provided an explanation, saying, "The note was written in the question of '
        'what he might have done."',
        {"King"},
    ),
    # a quoted sentence opens with a capital too: a noun opening one is no name
    (
        "Guns Are ‘A Public Health Crisis,’ Governor Tells Convention.\n\n"
        "Guns are “a public health crisis,” the governor of the state told delegates.\n\n"
        "“Guns have been a public health crisis for a very long time,” said Ana Ruiz, a "
        "delegate.",
        {"the governor", "Ana Ruiz"},
    ),
    # an abbreviation of a title, cut off by its period: not a name
    (
        "The jury returned its verdict on Tuesday.\n\n"
        '"This is the kind of crime that the law was made for," said Dist. Atty. Paul Ramos.',
        set(),
    ),
    # words borne by a thing: a banner's text is no one's speech, nor a nearby place's
    (
        "Thousands of Germans came out against the trade deal.\n\n"
        "In a riff on his famous campaign line, they will hold banners proclaiming: "
        "“Yes we can – Stop TTIP!”",
        set(),
    ),
    (
        "Tens of thousands marched in Athens on Wednesday.\n\n"
        "A group of about 200 communists had stormed the Athens Acropolis yesterday, "
        'unfurling banners reading "Peoples of Europe, Rise Up."',
        set(),
    ),
    # a plain noun of an absolute phrase (``hands clasped``) is the subject of nothing said
    (
        "Fiorina ran the company for six years.\n\n"
        "That same month, the super PAC supporting Fiorina's candidacy premiered an "
        'hour-long documentary, "Citizen Carly," in which Fiorina sits, hands clasped in a '
        "paisley-print chair, to explain just how well the merger worked.",
        set(),
    ),
    # ``they`` stands for people who speak, not for the nearest plural (``talks``)
    (
        'SAG leaders say they need a credible strike threat to wrest a better deal than the " '
        'final " offer management presented before talks collapsed on June 30.\n\n'
        'They stress, however, that a " yes " vote does not automatically put a strike into '
        "effect.",
        {"SAG leaders"},
    ),
    # of two coordinated clauses before a quote, the nearer one's subject speaks
    (
        "Jake Sherman and Anna Palmer will write Politico’s Playbook from January.\n\n"
        "Playbook won’t go that far, but Sherman wants to use the platform as a real-time "
        "fact check. “I think because we have the access to the people we will impose the "
        "skepticism in real time.”",
        {"Jake Sherman"},
    ),
    # a plain plural that is the subject of a finite cue still speaks
    (
        "The plan was published on Monday.\n\nCritics say the plan is “a disaster.”",
        {"Critics"},
    ),
    # the TimeBank world: an origin written as an adjective, and a thing whose relative clause
    # carries the words, are no one
    (
        "About 100 protesters marched in front of the federal building in Orlando on Friday "
        "night, waving Cuban and American flags and chanting ``Cuba libre'' and ``long live "
        "the USA.''",
        set(),
    ),
    (
        "Two men carried a banner that said ``President Clinton, Please keep Elian in the "
        "United States.''",
        set(),
    ),
    (
        "The NATO summit, she said, would produce an initiative that ``responds to the grave "
        "threat posed by weapons of mass destruction.''",
        set(),
    ),
    # a body's relative clause still speaks for it (the company: the one named just before)
    (
        "Acme Corp. cut 200 jobs on Monday.\n\nThe company, which said ``the cuts are painful "
        "but necessary,'' will close two plants.",
        {"Acme Corp."},
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speakers"), NO_JUNK_SPEAKER_CASES)
def test_no_junk_speaker(nlp, text, speakers) -> None:  # type: ignore[no-untyped-def]
    found = {q["speaker"] for q in quotes_as_json(nlp(text), None) if q["speaker"]}
    assert found == speakers


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cited"),
    [
        # the open world: a document passes the words on for its owner
        (
            "Wisconsin Gov. Scott Walker endorsed the plan. \u201cDelegates are and should be"
            " able to vote the way they see fit,\u201d Walker said, according to an Associated"
            " Press account.",
            "Associated Press",
        ),
        (
            'The surgeon general "communicates the best science, evidence, and data to the'
            ' American people for them to make healthy choices," according to the Office of the'
            " Surgeon General's Web site.",
            "the Office of the Surgeon General",
        ),
        # a report no owner is written with is the report, never a name it stood beside
        (
            "Shane Shook, a security expert, said he did not see convincing evidence in the"
            " report that the Chinese government was behind the hack.\n\nThe witness said the"
            " order was to \u201cavoid effecting the outcome of the confirmation,\u201d"
            " according to the report.",
            "the report",
        ),
    ],
)
def test_a_cited_document_is_its_owner(nlp, text: str, cited: str) -> None:  # type: ignore[no-untyped-def]
    (quote,) = find_quotes(nlp(text))
    assert quote.cited_source == cited


# the open world (2026-12-06): a speaker is a person, organisation or outlet, never a headline
# fragment, a span run into the words beside a name, a thing or a place
OPEN_WORLD_SPEAKER_CASES = [
    # a title-cased headline names a person only as far as the body writes the name
    (
        "Obama Just Pulled Out The Race Card On Donald Trump In A Major Way.\n\nIn an interview"
        " with National Public Radio, President Barack Obama castigated Republican presidential"
        " candidate Donald Trump.\n\n\u201cParticularly blue-collar men have had a lot of trouble"
        " in this new economy,\u201d Obama said.",
        {"Barack Obama"},
    ),
    (
        "Billy Bush Joins a Parade of Political Scions on TV.\n\nBilly Bush, the nephew of one"
        " president and the cousin of another, is joining the morning show as an anchor, NBC"
        " announced on Tuesday.\n\nMr. Bush said he was \u201cthrilled to be joining such a"
        " talented team.\u201d",
        {"Billy Bush"},
    ),
    (
        "Clinton Hid Past Health Problems From Public, Former White House Doctor Says.\n\n"
        "Secrecy is not a stranger when it comes to Hillary Clinton\u2019s health issues.\n\n"
        "\u201cSure enough I had a big clot behind my right knee that required immediate"
        " treatment,\u201d Clinton wrote.",
        {"Hillary Clinton"},
    ),
    (
        "Media Growls In Response To Kaine\u2019s Claim Clinton \u2018Talks To the Press"
        " Everywhere She Goes.\u2019\n\nWhether they know it or not, Democratic presidential"
        " candidate Hillary Clinton is very accessible.",
        set(),
    ),
    # a name holds no verb, no dash set apart by spaces, no line break, no open bracket
    (
        '"I think parental leave is enormously important - and it\'s a personal decision,"'
        " Trump told Business Insider in March.",
        {"Trump"},
    ),
    (
        "\u201cThe cut will affect traffic across the region,\u201d Jonathan Wright - director of"
        " wholesale products at Interoute - told the BBC.",
        {"Jonathan Wright"},
    ),
    (
        "Donald Trump has called himself the king of debt.\n\nX.\n\nTrump seemed to appreciate"
        " that concept in a Wednesday interview, in which he doubled down on the \u201cking of"
        " debt\u201d moniker.",
        {"Donald Trump"},
    ),
    (
        "\u201cAmid the trading of insults between the opposing camps, a remark made by Vice"
        " President Joe Biden on Aug. 15 was quite rough around the edges,\u201d said the Vox"
        " Populi (Voice of the People) column.",
        {"the Vox Populi"},
    ),
    # the person named as the subject, not the title in apposition to them
    (
        "\u201cIt is literally possible to only tax people above $250,000 and get enough money to"
        " fund an infrastructure program,\u201d said William Gale, the Arjay and Frances Miller"
        " Chair in Federal Economic Policy in the Economic Studies Program at the Brookings"
        " Institute.",
        {"William Gale"},
    ),
    # a thing is no speaker
    (
        "At the time, Cruz told NBC News that Trump's success had been \"immensely beneficial"
        ' for our campaign." His assumption, confidently stated on live TV, was that "as voters'
        " get more educated,\" they would graduate from Trump's campaign to his.",
        {"Cruz"},
    ),
    (
        "The project is a part of a joint project with the Central Commission for Elections.\n\n"
        "'The objectives of this meeting are to provide expert support to professionals and"
        " members of the electoral commission', the information said.",
        set(),
    ),
    (
        "Between 130 and 160 courses are closing every 12 months, a trend that the foundation"
        " predicts will continue ''for the next few years.''",
        set(),
    ),
    # a place a person is "of" is no one a pronoun stands for; the missed name is
    (
        "Republicans Jolly of Indian Shores and DeSantis of Ponte Vedra Beach are against"
        " abolishing the department.\n\nJolly, who was elected to Congress in 2014, doesn\u2019t"
        " see the department\u2019s role in enforcing anti-discrimination laws as antiquated.\n\n"
        "\u201cThere are communities around the country that require some level of federal"
        " involvement,\u201d he said.",
        {"Jolly"},
    ),
    # a headline's label or speaking noun is still its speaker; a document bears its words
    (
        "Pence: Gennifer Flowers Won\u2019t Be at Debate, Trump Was \u2018Mocking\u2019 Clinton"
        " Camp.\n\nOn Sunday, Gov. Mike Pence said the tweet was only meant to mock Hillary"
        " Clinton.",
        {"Pence"},
    ),
    (
        "Black Lawmakers Rip Donald Trump As A \u2018Disgusting Fraud.\u2019\n\nWASHINGTON -"
        " Donald Trump\u2019s obsession is an insult to all African-Americans, top black"
        " lawmakers said Friday afternoon.",
        {"Black Lawmakers"},
    ),
    (
        "A document on the Trump campaign's website states that same-sex couples would receive"
        ' the leave only if their marriage is "recognized under state law," language that could'
        " bar any unmarried parent.",
        {"A document"},
    ),
    # a short name two people of the article share stays as written: no guess between them
    (
        "In an election year when Bill Clinton's policies have faced scrutiny, Hillary Clinton"
        " is betting on them.\n\nMrs. Clinton told voters in Kentucky on Sunday that her"
        " husband would be \u201cin charge of revitalizing the economy.\u201d",
        {"Clinton"},
    ),
    # the subject of the main clause before "he said", tagged a person or not, is whom it means
    (
        "Former Mexican President Felipe Calderon slammed Donald Trump's plan on Saturday.\n\n"
        "\u201cWe are not going to pay any single cent for such a stupid wall,\u201d Calderon told"
        " CNBC Saturday.\n\nSince launching his White House bid, Trump has taken a firm stance"
        " against illegal immigration.\n\n\u201cWhen Mexico sends its people, they\u2019re not"
        " sending their best,\u201d he said.",
        {"Calderon", "Donald Trump"},
    ),
    # a name a "which" clause describes is a thing: no one "he" stands for (left unresolved,
    # the reconcile stage clears it)
    (
        "Two programs funded by the federal government are Title I, which supports schools"
        " that serve low-income students, and Head Start, which serves children from birth"
        " through age 5.\n\nAs for how his plan would impact poor public schools, he said:"
        " \u201cIt would spark a competition for the students.\u201d",
        {"he"},
    ),
    # real web pages (htmldate's Media Cloud pages): a dateline or a fact check's label is no
    # speaker; the name right at the cue is
    (
        "NEW DELHI: The ongoing farmers' agitation entered the eleventh day on Sunday ahead of"
        " 'Bharat bandh' announced to be observed on December 8 if the demands to repeal the"
        " agri-marketing laws are not met. Speaking to reporters after the meeting, Chandumajra"
        ' said: "He will also come to the meeting in Delhi two weeks later."',
        {"Chandumajra"},
    ),
    (
        "THE CLAIM: Harris is ineligible to serve as vice president because her mother is from"
        " India.\n\nTrump said Thursday that he \u201cheard\u201d the California senator"
        " doesn\u2019t meet the requirements, adding, \u201cI have no if idea that\u2019s"
        " right.\u201d",
        {"Trump"},
    ),
    # a participle cue adds to the words of the cue above it, not of the clause it hangs on
    (
        "In an interview, Biller said he hoped the state would agree to allow ReOpenNC to"
        " demonstrate safely without fear of arrest, adding, \u201cWhat is sufficient safety to"
        " buy toilet paper at Costco should be sufficient safety to practice one\u2019s"
        " fundamental rights.\u201d",
        {"Biller"},
    ),
    # a thing's clause under a person's cue: the person, named by the honorific
    (
        'Mr Ng said that the move had put the group in a "good position to deal with the'
        ' decline in advertising".',
        {"Mr Ng"},
    ),
    # a text a pronoun owns is no one; whom the pronoun stands for is a guess
    (
        "Rockland County Executive Ed Day said he will declare a state of emergency on Monday."
        '\n\n"However, the time has come that we must take additional actions locally," Day'
        ' said in a statement.\n\nHis statement continued: "We have been in close contact'
        ' with our school Superintendents."',
        {"Day"},
    ),
    # "him" in the clause of a subject is someone else, and so is the "he" that says it
    (
        "\u201cRight now we feel very supported by the people,\u201d bus driver Jomhs"
        " Jaramillo tells Efe.\n\nJomhs underlined the contribution that foreigners have had in"
        " the UK.\n\nFour years earlier Brexit came as a \u201chuge\u201d blow to him, despite"
        " the fact he has dual nationality, he says.",
        {"Jomhs Jaramillo"},
    ),
    # the one a cue is about is not who speaks it
    (
        'He was 77.\n\nGigante was also nicknamed "The Oddfather" and "The Pajama King" -'
        " references to his habit of shuffling along the sidewalk in his robe.",
        set(),
    ),
    # a headline's subject with no cue speaks only if it can: newborns do not
    (
        "Two newborns die for \u2018want of oxygen\u2019 at Bhakkar hospital\n\nF.P. Report"
        "\n\nBHAKKAR: In what was blamed on negligence on the part of its administration, two"
        " newborns died at the hospital.",
        set(),
    ),
    # scare quotes: a word talked about, a so-called term, no cue
    (
        "If \u201cstaff\u201d is meant, then the assyrians whose \u201cstaff\u201d was"
        " god\u2019s \u201cindignation\u201d (isa. 10:5) may be referred to; if"
        " \u201ctribe,\u201d then the dwellers of jerusalem are addressed.",
        set(),
    ),
    (
        "Trump was a high-profile force behind the so-called \u201cbirther movement\u201d"
        " \u2014 the lie that questioned whether President Barack Obama, the nation\u2019s first"
        " Black president, was born in the United States.",
        set(),
    ),
    # a name of another sentence, an adjective and another verb's object are no subject of a cue
    (
        "The state kept the number of testing low so that the extent of spread of the contagion"
        " in the densely populated Bihar was not known to the people. Welcoming the"
        ' "proactive measures" by districts, JD(U) spokesman Rajiv Ranjan Prasad and BJP'
        " spokesperson Nikhil Anand flayed the RJD.",
        {"Nikhil Anand"},
    ),
    (
        "After making her mark in the early Democratic presidential debates by railing against"
        ' plans, describing the "dark psychic force of the collectivized hatred that this'
        ' president is bringing up in this country," promising to "harness love" to defeat'
        " President Trump, and declaring she'd call the prime minister of New Zealand, the"
        " spiritual guru has failed to qualify for the events in recent months.",
        {"the spiritual guru"},
    ),
    # a place acts for its government only with a cue verb: no cue, no speaker
    (
        "Schools were reopened for older students.\n\nSri Lanka closed schools last month when"
        ' two new clusters " one centered at a garment factory and the other at a fish market "'
        " emerged in the Colombo area.\n\nOverall, Sri Lanka has had 20,170 cases.",
        set(),
    ),
    (
        "Schools were reopened for older students.\n\nSri Lanka said: \u201cWe will reopen the"
        " schools next month.\u201d",
        {"Sri Lanka"},
    ),
    # a name the tagger reads as a place elsewhere in the article is that place, no one
    # ``he`` stands for
    (
        "Pakistan has backed Azerbaijan at the UN.\n\nCalling Azerbaijan\u2019s stance on the"
        " conflict \u2018fair\u2019, Hayee called for withdrawal of occupying forces from all"
        " occupied territories.\n\n\u201cUnfortunately, both Azerbaijan and Pakistan face double"
        " standards,\u201d he concluded.",
        {"Hayee", "he"},  # left unresolved: the reconcile stage clears it
    ),
    # ... but a name that says something is a person, however often the tagger reads it as
    # a place
    (
        "Since the suit was filed by Soltan, a Washington-based human rights advocate, his"
        " relatives have been detained.\n\n\u201cThere is no doubt that the government is"
        " holding my cousins hostage,\u201d Soltan said this month.\n\nSince his arrest in"
        " August 2013, Soltan has become a high-profile critic of the Egyptian military"
        " government, and he alleged in his lawsuit he was \u201ctargeted\u201d for"
        " assassination.",
        {"Soltan"},
    ),
    # a ``which`` clause after a speaker's title is the organisation's, not the speaker's
    (
        "The network is funded by Charles Koch.\n\n\u201cGroups are united in purpose on"
        " this,\u201d said Noah Wall, advocacy director for FreedomWorks, which in 2009 organized"
        " a Tea Party protest that drew thousands to Washington. He described the current"
        " efforts as appealing to a \u201cmuch broader\u201d group.",
        {"Noah Wall"},
    ),
    # one word after an article is no person (the Florida Keys)
    (
        "Stephanie Kaple runs the food pantry.\n\nThe Keys closed its doors to tourists on March"
        " 22.\n\n\u201cWe do have some reserves, but we may face multiple threats,\u201d she said.",
        {"Stephanie Kaple"},
    ),
    # a chain of ``he`` in a paragraph stands for whom its first ``He`` does
    (
        "Woody Allen has published his memoir.\n\nHe was with Mia Farrow for more than a decade,"
        " especially after the birth of their child, Ronan (named Satchel at birth). As he has"
        " alleged before, he and Farrow were apart by then. \u201cWe couldn\u2019t keep our hands"
        " off each other,\u201d he writes of Previn.",
        {"Woody Allen"},
    ),
    # a title by its words alone is no one's words, whatever verb governs it; a verb of
    # saying still quotes someone
    (
        "The Trump White House skipped the ceremony.\n\nIt opened with a diverse choir of"
        " graduates from across the country brought together virtually on-screen to sing"
        " \u201cThe Star Spangled Banner.\u201d It included performances by Alicia Keys.",
        set(),
    ),
    (
        "The senator spoke to reporters.\n\n\u201cWe Will Win This Fight,\u201d said Senator"
        " Jane Smith.",
        {"Jane Smith"},
    ),
    # a headline speaks for the outlet it appears in
    (
        "The Fed has lent widely.\n\nA Monday headline in the Wall Street Journal reads, \u201cThe"
        " Fed is changing what it means to be a central bank.\u201d",
        {"the Wall Street Journal"},
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speakers"), OPEN_WORLD_SPEAKER_CASES)
def test_open_world_speaker_is_someone(nlp, text, speakers) -> None:  # type: ignore[no-untyped-def]
    found = {q["speaker"] for q in quotes_as_json(nlp(text), None) if q["speaker"]}
    assert found == speakers


# real web pages: a nickname inside a name and the title of a work are no quotes at all; a
# cue verb's own title-cased words still are
NOT_A_QUOTE_CASES = [
    # examples a list gives by their titles (``including``, ``like``, ``such as``)
    (
        "Rally attendees heard music.\n\nThe sound system, cycling through revolution-centric"
        ' songs by Pearl Jam, added Latin hits including "La Gozadera" and "Madre Tierra'
        ' (Oye)."',
        [],
    ),
    (
        'Critics met on Monday.\n\nThey praised books like "The Road" and "No Country for Old'
        ' Men," he said.',
        [],
    ),
    (
        'In 1964, Bell and his teenage brother Robert "Kool" Bell, unable to afford drums, would'
        " collect old paint cans in their Youngstown, Ohio neighborhood.",
        [],
    ),
    (
        "SONG OF THE YEAR [Awarded to Songwriter(s)/Publisher(s)/Artist(s)]\n\n- \u201c10,000"
        " Hours\u201d \u2013 Dan + Shay Featuring Justin Bieber\n\n- Songwriters: Justin Bieber,"
        " Jason \u201cPoo Bear\u201d Boyd, Jessie Jo Dillon, Shay Mooney\n\n- \u201cOne Man"
        " Band\u201d \u2013 Old Dominion",
        [],
    ),
    (
        "The book arrives after a month of turmoil.\n\nIn a postscript to the Arcade edition,"
        " Allen alleges that Hachette had vowed to publish \u201cApropos of Nothing\u201d"
        " despite his \u201cbeing a toxic pariah and menace to society.\u201d",
        ["being a toxic pariah and menace to society."],
    ),
    (
        "The book arrives after a month of turmoil.\n\nThe initial announcement of"
        " \u201cApropos of Nothing\u201d came earlier this month, when Grand Central Publishing"
        " confirmed to The Associated Press that it would release the book.",
        [],
    ),
    (
        "The book arrives after a month of turmoil.\n\nDozens of Hachette employees staged a"
        " walkout over the Allen book and Farrow, who had been working on \u201cCatch and"
        " Kill\u201d at the time Hachette acquired Allen\u2019s memoir, said he would stop"
        " working with the publisher.",
        [],
    ),
    (
        "The pageant was held in 1996.\n\nTrump called the 1996 pageant winner \u201cMiss"
        " Piggy\u201d and \u201cMiss Housekeeping.\u201d",
        ["Miss Piggy", "Miss Housekeeping."],
    ),
    # the name a participle or an apposition gives a thing
    (
        "Protests spread.\n\nMoore had been coordinating with FreedomWorks and the American"
        " Legislative Exchange Council in a coalition called \u201cSave Our Country,\u201d which"
        " was formed to push for a quicker easing of restrictions.",
        [],
    ),
    (
        "Allen remains a pariah.\n\nEllen Page and Greta Gerwig are among the actors who have"
        " said that they won\u2019t work with him again and his most recent movie, \u201cA Rainy"
        " Day in New York,\u201d never came out in the United States.",
        [],
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quoted"), NOT_A_QUOTE_CASES)
def test_nicknames_and_titles_are_no_quotes(nlp, text: str, quoted: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [q["text"] for q in quotes_as_json(nlp(text), None)] == quoted


# the open world, 1,700 articles and TimeBank (2026-12-07): a speaker is a person,
# organisation or outlet, never a count or share, an event or thing, a pronoun that stands
# for no one, or a title cut off before its name
NAMED_WHERE_SPOKEN_CASES = [
    # a thing whose clause a participle or infinitive of saying only hangs on says nothing
    (
        "Reached by phone, Bennett denied the notion that a campaign shakeup is coming,"
        " explaining that he was unaware of the interview because he was \u201ctaking a day"
        " off.\u201d",
        set(),
    ),
    (
        "On Saturday, Francis made clear that his meeting with Sanders was not political,"
        ' saying that those who thought it was should "look for a psychiatrist."',
        set(),
    ),
    (
        "His face darted from side to side, his eyes gleaming, as if to say, \u201cDid you see"
        " me pull that off?\u201d",
        set(),
    ),
    (
        "Clinton dealt a severe blow to Sanders with an unexpectedly strong win that led her to"
        " declare that the nomination was ''in sight.''",
        set(),
    ),
    # a person lends a participle its clause as before, a name the tagger missed too
    (
        "The retired neurosurgeon gave no details about his plans, saying in his statement only"
        " that he was \u201crefining some operational practices.\u201d",
        {"The retired neurosurgeon"},
    ),
    # a share or a crowd's size doing something else is no one who speaks; a crowd of people
    # chanting and a share that is the cue's own subject speak (PolNeAR's sources)
    (
        'But on the streets of Philadelphia, where thousands of self-described "Berners" have'
        " descended this week to express their frustration, the idea is unpopular.",
        set(),
    ),
    (
        "In Old Havana, hundreds of children marched around the Parque Central chanting ``We"
        " will save Elian!''",
        {"children"},  # named by who the crowd is (``GATHERING_HEADS``)
    ),
    (
        "When asked which quality was most important, only 23 percent of those who selected"
        " someone who \u201ccares about people like me\u201d voted for Clinton.",
        set(),
    ),
    (
        'However, 63 percent said Clinton was "justified" in keeping her diagnosis private.',
        {"63 percent"},
    ),
    # a text carried on to an infinitive, a text issued, a speaker of another cue, a year and
    # people counted all speak as before
    (
        "The piece goes on to slam Sanders\u2019 \u201cpolitical revolution\u201d for implying"
        " \u201ca national consensus favoring his agenda when there is none.\u201d",
        {"The piece"},
    ),
    (
        "The town released a statement Wednesday saying Trump\u2019s comments \u201care based on"
        " his opinion, not actual facts.\u201d",
        {"The town"},
    ),
    (
        "In court documents, Lazar's public defense counsel asked for a sentence of three years,"
        ' calling his hacking expeditions "an addiction of sorts."',
        {"Lazar's public defense counsel"},
    ),
    (
        "A 1996 FEC advisory opinion added that paid speeches would be campaign events only if"
        " they involved \u201cexpressly advocating the nomination of any candidate.\u201d",
        {"A 1996 FEC advisory opinion"},
    ),
    (
        "Outside the arena, about 200 protesters congregated in three clusters, holding signs and"
        ' chanting "Dump Trump."',
        {"about 200 protesters"},
    ),
    # things counted by the thousand
    ('More than 70,000 petitions urged officials to cancel the "midnight regulation".', set()),
    # a possessive relative and a text owned by a pronoun stand for no one named
    (
        "He also asked if parents would be willing to vote for a candidate whose words \u201cyou"
        " wouldn\u2019t want your children to repeat.\u201d",
        set(),
    ),
    (
        "When Trump was questioned about the dispute on ABC News, his response focused on how"
        " Khan\u2019s wife remained silent during the speech, as if she \u201cwasn\u2019t allowed"
        " to have anything to say.\u201d",
        set(),
    ),
    # the one a naming verb names is not the one who names
    ('Calls men derogatory names, like "pigs," and operates male beauty pageants.', set()),
    # a title cut off before ``and`` belongs to the name after it
    (
        "\u201cHe\u2019s reprising that role,\u201d said former Pennsylvania Gov. and Democratic"
        " National Committee Chairman Ed Rendell.",
        {"Ed Rendell"},
    ),
    # a thing made by a named author gives the author
    (
        'A "living wage" for a single adult in California is about $12 an hour, according to'
        " calculations by Amy Glasmeier of the Massachusetts Institute of Technology.",
        {"Amy Glasmeier"},
    ),
    # ``according to`` in the next paragraph, run into the quote's sentence by the parse
    (
        "\u201cIf we march out with the Democratic nomination, Donald Trump is toast.\u201d\n\n"
        "Entering the final contests in June, Clinton leads Sanders by 271 pledged delegates"
        " according to a count by The Associated Press.",
        set(),
    ),
    # what a plural thing suggests is the reading of whoever says so; people chant themselves
    (
        "A source familiar with the internal investigation said the areas of the regulator\u2019s"
        " network that were hacked suggested the intruders were seeking \u201ceconomic"
        " intelligence.\u201d",
        {"A source"},
    ),
    ('Officials said protesters chanted "No justice, no peace."', {"protesters"}),
    # a name after ``a`` is no person a description stands for
    (
        "NBC New York estimated the crowd at 70, and the Post says a crowd looted a Rite Aid.\n\n"
        'The manager said, "They poured in here like 40 or 50 of them."',
        {"The manager"},
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speakers"), NAMED_WHERE_SPOKEN_CASES)
def test_speaker_is_named_where_it_speaks(nlp, text, speakers) -> None:  # type: ignore[no-untyped-def]
    found = {q["speaker"] for q in quotes_as_json(nlp(text), None) if q["speaker"]}
    assert found == speakers


@pytest.mark.slow
def test_a_name_closing_its_sentence_leaves_the_period_out(nlp) -> None:  # type: ignore[no-untyped-def]
    # the open world: the tagger took the sentence's period into "Orange." (a company)
    text = 'Voice traffic "was out of service," according to Orange.\n\nMore later.'
    assert {q.speaker for q in find_quotes(nlp(text))} == {"Orange"}


# a definite ``the company`` or ``the statement`` speaks for the one organisation or author
# its text has just named; two named, or none, leave it as written
STANDS_FOR_CASES = [
    (
        "Kraft Foods confirmed that three people were shot at its plant.\n\n"
        '"I heard the gunfire, and I ran," he told The Associated Press.\n\n'
        '"This is a sad day for the Kraft Foods family," the company said in a statement.',
        "This is a sad day",
        "Kraft Foods",
    ),
    (
        "Without a specific takeover threat, Courtaulds is giving shareholders more choice,"
        " said Julia Blake, an analyst at London stockbrokers Barclays de Zoete Wedd.\n\n"
        'In a statement, the company said: "Both parts can only realize their full potential."',
        "Both parts",
        "Courtaulds",
    ),
    (
        'Microsoft and Google competed for the contract.\n\n"We are pleased," the company said.',
        "We are pleased",
        "the company",
    ),
    (
        "Nearly 200 people died outside embassies of the United States in Kenya.\n\n"
        "A statement by the Foreign Affairs Department described the attacks as senseless.\n\n"
        '"The South African government deplores these senseless acts," the statement said.',
        "The South African",
        "the Foreign Affairs Department",
    ),
    (
        "The school principal, Matthew Willoughby of the Urban Assembly School, wrote a"
        " heartfelt letter describing the teen as a hard-working student.\n\n"
        '"Kimani made great strides this year academically," the letter read.',
        "Kimani made",
        "Matthew Willoughby",
    ),
    (
        "According to The Guardian, an email was sent from the club's executive director,"
        ' Jeremy Boreing, to the club members. The email said, "Effective immediately, we are'
        ' going to wind down."',
        "Effective immediately",
        "Jeremy Boreing",
    ),
    # an author the tagger leaves untyped, or a description holding a name
    (
        "A statement from Surrey police said the blaze at the store was being treated as"
        ' "potentially suspicious".',
        "potentially suspicious",
        "Surrey police",
    ),
    (
        "The Mysore sped to the scene, and the pirate boats attempted to escape, according to"
        " a statement from the Indian government.\n\nIndian commandoes seized"
        ' "a substantial cache of arms and equipment," the statement said.',
        "a substantial cache",
        "the Indian government",
    ),
    (
        'They issued a statement on Monday.\n\n"We are devastated," the statement said.',
        "We are devastated",
        "the statement",
    ),
    # a campaign is a candidate's, whom the tagger takes for an organisation (Brock here)
    (
        "\"You've got one candidate who is vying to be the first woman president and is"
        " embracing the historic nature of her own candidacy, and on the other hand, you've"
        ' got Trump, who represents a kind of retrograde social structure of the past" that is'
        ' blatantly sexist, Brock said. "There\'s no better foil for Hillary."\n\n'
        "Clinton allies and the campaign itself have been startled by what some call Trump's"
        " unsubtle line of attack, which stands in dramatic contrast with the more subtle"
        " presence of race in President Obama's historic election eight years ago.\n\n"
        "But most Clinton allies consider the newly escalated gender wars of 2016 a helpful"
        " point of comparison that she can use to rally women's support and show how each"
        " candidate might behave as president.\n\n"
        "\"They might make flashy headlines, but Trump's comments aren't a joke,\" the"
        " campaign wrote Wednesday.",
        "They might make",
        "the campaign",
    ),
    (
        'The report was released on Monday.\n\n"Immigrants are integrating," the report concluded.',
        "Immigrants are",
        "the report",
    ),
]


# a gathering or a count of people speaks as the people of its "of" phrase
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        (
            "A chorus of prominent Republicans has said the same thing. ''The sooner he releases"
            " his entire returns, the better,'' a chorus of prominent Republicans said.",
            "The sooner",
            "Republicans",
        ),
        (
            "His fall was sealed in a Brooklyn courtroom where a parade of six turncoat mobsters,"
            ' led by Salvatore Gravano, described "Chin\'s" power in the Genovese clan.',
            "Chin",
            "six turncoat mobsters",
        ),
        ('A number of officials said the plan was "dead on arrival."', "dead on", "officials"),
    ],
)
def test_a_gathering_speaks_as_its_people(nlp, text, start, speaker) -> None:  # type: ignore[no-untyped-def]
    assert by_text(nlp(text), start)["speaker"] == speaker


@pytest.mark.slow
@pytest.mark.parametrize(("text", "start", "speaker"), STANDS_FOR_CASES)
def test_the_company_and_the_statement_speak_for_who_the_text_named(
    nlp, text, start, speaker
) -> None:  # type: ignore[no-untyped-def]
    assert by_text(nlp(text), start)["speaker"] == speaker


def test_a_speaker_is_named_in_full_only_by_a_name_in_the_same_word_order(nlp) -> None:  # type: ignore[no-untyped-def]
    # the tagger read a headline that is not title-cased throughout as one person, whose words
    # hold both of Hillary Clinton's: no fuller form of her name, which writes them reversed
    text = (
        "Clinton Cash Debunks Hillary: Only ‘One or Two Instances’ where Donations ‘Slipped "
        "through the Cracks.’\n\n"
        "Presumptive Democrat nominee Hillary Clinton said The Clinton Foundation had "
        "“overwhelming disclosure,” referencing its donations on Wednesday.\n\n"
        "Hillary Rodham Clinton visited Ohio on Monday. “We will win,” Clinton said.\n"
    )
    found = dict(speakers(nlp, text))
    assert found["overwhelming disclosure,"] == "Hillary Clinton"
    assert found["We will win,"] == "Hillary Rodham Clinton"  # a fuller form in order
