"""Who said a quote, from its own sentences: cue verbs, "according to", the dependency tree
and simple coreference.

Everything here reads the parse spaCy already made; there is no extra model. The rules, in the
order ``in_sentence`` tries them for one quoted passage:

0. The quote is the content of a possessed speech noun (``Trump’s claim that there have been
   “thousands of shootings”``): the possessor is the speaker.
1. The quote starts with the verb of a clause whose subject stands just before it
   (``the North Korean leader “emphasized the need …”``): the subject is the speaker when the
   verb is a cue verb or the subject is a person (``Kim “acquainted himself …”``), unless
   someone's cue verb governs the clause (``He said Putin has “been a leader …”``, ``The clip
   says Kaine “has a passion …”``: their words); a wire that *reported* it is only cited.
1b. A cue verb introduces the quote, only its own dependents and a comma between them
   (``footage of Trump saying during the debate, “That makes me smart”``).
2. Climbing the tree from the quote reaches a cue verb outside any quote: its subject is the
   speaker (``Seoul's Joint Chiefs of Staff called … a potential “demonstration …”``).
3. A cue verb elsewhere in the quote's sentences, nearest first (a name next to the cue when
   the parse lost its subject), then ``according to X``, then a cue right after a quote that
   ends its sentence (``“…?” Graham asked.``).

In rules 2 and 3 a cue whose subject is a thing (``it underscores``, ``the advertisement
suggests``) under a speaker's cue gives the quote to that speaker. Whatever rule found the
speaker, a subject pronoun bound by the subject of a clause it is embedded in (``Ban Ki-moon
condemned what he called``) is reported as that subject, the source a reader sees first.

``climb_to_actor`` is the fallback for a quote in a clause whose subject is a person or a name
with no cue at all. Rules that look beyond the sentence live in ``quote_context``.

A reporter the speaker is quoted through (``according to the KCNA``, ``KCNA reported``) becomes
the cited source. ``he``/``she`` resolve to the nearest earlier person of a fitting gender
(``quote_gender``), a subject pronoun preferring a subject of its paragraph; ``they`` to the
nearest group subject that can speak (an organisation, a collective noun, a plural of people
who speak: ``SAG leaders``, not ``talks``); definite nominals (``the North Korean leader``)
to the nearest entity they describe; a short name to the fullest earlier form of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from storyline.nlp.docview import view_of
from storyline.nlp.entities.entities import person_bounds
from storyline.nlp.entities.name_spans import Headlines, headlines_of, name_bounds
from storyline.nlp.entities.names import name_key as full_name_key
from storyline.nlp.gender import name_key, pronoun_gender
from storyline.nlp.quotes.marks import QuotedPassage, title_cased
from storyline.nlp.speaking_nouns import (
    GATHERING_HEADS,
    GROUP_NOUNS,
    PERSON_NOUNS,
    person_word,
    word_set,
)
from storyline.nlp.subjects import (
    RELATIVE,
    SUBJECT_DEPS,
    VERBS,
    People,
    capitalised_mid_sentence,
    one_organisation,
    organisation_before,
    plain_word,
    same_paragraph,
    sentences_before,
    subject_of,
    written_as_name,
)

CUE_LEMMAS = word_set(
    """
    say tell add state report write note call emphasize emphasise stress express describe claim
    insist argue warn declare announce explain ask reply respond continue conclude suggest recall
    acknowledge admit deny predict urge vow promise pledge tweet post testify comment remark
    mention observe assert maintain contend complain charge accuse praise criticize blast slam
    dub brand label term nickname quip joke demand order highlight underline underscore confirm
    estimate
    read put tout boast lament concede caution advise reveal disclose allege shout yell scream
    chant cry exclaim whisper muse wonder question counter retort rebut signal hail decry
    condemn denounce welcome thank apologize promise threaten predict insist recount describe
    characterize dismiss mock ridicule attack defend blame cite quote sing rule find point
    proclaim reference
    """
)
# a report that passes the speaker's words on rather than speaking them
REPORT_LEMMAS = frozenset({"report", "say", "state", "write", "tell", "announce", "add", "note"})
REPORT_NOUNS = frozenset(
    {
        "report",
        "statement",
        "release",
        "dispatch",
        "article",
        "commentary",
        "editorial",
        "broadcast",
        "account",
        "website",
        "site",
        "headline",
    }
)
HONORIFICS = word_set("mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. gen gen. president")
POSSESSIVE_ENDINGS = frozenset({"'s", "’s"})
MALE_FEMALE = frozenset({"he", "she", "him", "her"})
GROUP_LABELS = frozenset({"ORG", "NORP"})  # what ``they`` can stand for
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
NOMINAL_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """The speaker of one quote: the mention in the text and the name it refers to."""

    speaker: str
    speaker_start: int
    speaker_end: int
    cue: str | None = None
    cited_source: str | None = None


MODIFIER_DEPS = frozenset({"compound", "npadvmod"})  # ``Oscar role``, ``Oscar-winning``
ARTICLES = frozenset({"the", "a", "an"})


def implausible_person(ent: Span, mid_sentence: Counter[str]) -> bool:
    """A one-word PERSON that the tagger made of a plain word (``plain_word``: ``bona``,
    ``Conceding that …``, ``Harsh?``, ``Loyalty, he noted, …``). A pronoun must not take such
    a word for its antecedent, nor a quote for its speaker."""
    return ent.label_ == "PERSON" and len(ent) == 1 and plain_word(ent[0], mid_sentence)


def _name_span(doc: Doc, ent: Span, headlines: Headlines) -> Span | None:
    """The part of a tagged entity that is its name (``name_bounds``; in a headline, only
    the words the body writes so: ``Obama Just Pulled Out`` is the body's ``Obama``), or
    None when no part is. A person the body never names stays as the headline writes them
    (``Ben Carson Defends …``: whom the body's ``he`` refers to), unless the body writes a
    word of theirs in lower case (``Popular Website Shows Bias …``: words, no one)."""
    start, end = name_bounds(doc, ent.start, ent.end)
    if ent.label_ == "PERSON":  # ``Meenakshi Ganguly of Human Rights Watch``: Meenakshi Ganguly
        start, end = person_bounds(doc, start, end)
    written = headlines.written_part(start, end)
    if written[0] < written[1] or ent.label_ != "PERSON" or headlines.plain(start, end):
        start, end = written
    return Span(doc, start, end, label=ent.label_) if start < end else None


def _as_places(ents: list[Span]) -> list[Span]:
    """The entities with a PERSON that the tagger reads as a place elsewhere in the article
    labelled a place: ``Sri Lanka closed schools`` (PERSON there) is the ``Sri Lanka`` of
    ``Overall, Sri Lanka has had …`` (GPE), and ``Calling Azerbaijan’s stance`` names the
    country; one name is one thing within an article. A name that, read as a person, is the
    subject of a cue verb (``Soltan said``) stays a person wherever the tagger reads it so,
    however often it reads it as a place."""
    places = {e.text: e.label_ for e in ents if e.label_ in PLACE_LABELS}
    speaking = {
        " ".join(name_words(e))
        for e in ents
        if e.label_ == "PERSON" and e.root.dep_ in SUBJECT_DEPS and e.root.head.lemma_ in CUE_LEMMAS
    }
    return [
        Span(e.doc, e.start, e.end, label=places[key])
        if e.label_ == "PERSON" and (key := " ".join(name_words(e))) in places.keys() - speaking
        else e
        for e in ents
    ]


def _no_one(ent: Span, acting: set[str]) -> bool:
    """A PERSON the tagger made of what no pronoun stands for: a word that only modifies a
    noun and never acts (``his Oscar role``; a longer name only before a lower-case noun:
    ``the now-denied Keystone XL pipeline``, not a headline's ``… Remarks``), a thing
    a ``which`` clause describes (``Head Start, which serves children``: a person takes
    ``who``; not one who says something, ``said Noah Wall, director for FreedomWorks,
    which …``, where the clause is the organisation's), a single word after an article
    (``The Keys closed its doors``: a person's name takes none), a place a person is ``of``
    (``DeSantis of Ponte Vedra Beach``)."""
    root = ent.root
    modifies = root.dep_ in MODIFIER_DEPS and (len(ent) == 1 or root.head.text.islower())
    if modifies and not acting & set(ent.text.split()):
        return True
    speaking = root.dep_ in SUBJECT_DEPS and root.head.lemma_ in CUE_LEMMAS
    if not speaking and any(
        c.dep_ == "relcl" and c.left_edge.lower_ == "which" for c in root.children
    ):
        return True
    if len(ent) == 1 and any(c.dep_ == "det" and c.lower_ in ARTICLES for c in root.children):
        return True
    if root.dep_ != "pobj" or root.head.lower_ != "of" or root.head.i > ent.start:
        return False
    owner = root.head.head  # the parse may hang ``of`` on a word coordinated with the person
    return any(t.ent_type_ == "PERSON" and t.i < ent.start for t in (owner, *owner.conjuncts))


class DocIndex:
    """Per-document lookups built once: entities by token, quoted tokens, paragraphs."""

    def __init__(self, doc: Doc, passages: list[QuotedPassage]) -> None:
        self.doc = doc
        view = view_of(doc)
        self.text = view.text
        self.quoted = [False] * len(doc)
        for passage in passages:
            span = doc.char_span(passage.start, passage.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.quoted[i] = True
        for i, mark in enumerate(view.quote_marks):  # no speaker or cue is a quote mark
            if mark:
                self.quoted[i] = True
        self.mid_sentence = capitalised_mid_sentence(doc)
        self.headlines = headlines_of(doc)
        tagged = doc.ents  # a new tuple of spans at every read of ``doc.ents``: read once
        # the words the tagger names, and the nationalities or religions it finds as adjectives
        self.tagged_texts = frozenset(ent.text for ent in tagged)
        self.origin_adjectives = frozenset(
            ent.text for ent in tagged if ent.label_ == "NORP" and ent.root.pos_ == "ADJ"
        )
        named = (_name_span(doc, ent, self.headlines) for ent in tagged)
        ents = _as_places(
            [e for e in named if e is not None and not implausible_person(e, self.mid_sentence)]
        )
        self.entity_of: dict[int, Span] = {}
        for ent in ents:
            for i in range(ent.start, ent.end):
                self.entity_of[i] = ent
        # what a pronoun can stand for: a person the text speaks of, not a word that only
        # ever modifies something else (``his Oscar role``: Oscar is never anyone's subject,
        # where ``the Carson campaign`` names Carson, who acts elsewhere)
        acting = {
            word
            for e in ents
            if e.label_ == "PERSON" and e.root.dep_ in SUBJECT_DEPS
            for word in e.text.split()
        }
        self.persons = [
            e
            for e in ents
            if e.label_ == "PERSON" and not self.quoted[e.start] and not _no_one(e, acting)
        ]
        self.named = [e for e in ents if e.label_ in NAME_LABELS and not self.quoted[e.start]]
        self.people = People(doc, self.persons, self.quoted)
        self._anchors: dict[tuple[int, int], list[Token]] = {}

    @cached_property
    def person_names(self) -> list[tuple[int, list[str], set[str]]]:
        """Each person's first token, name words (``name_words``) and their casefolded set,
        in text order: read once, not for every speaker a quote resolves."""
        named = [(person.start, name_words(person)) for person in self.persons]
        return [(start, words, {w.casefold() for w in words}) for start, words in named]

    def anchors(self, quote: Span) -> list[Token]:
        """The tokens of a quote that attach to the sentence around it: read once per quote,
        for each rule that climbs the tree from them."""
        key = (quote.start, quote.end)
        if key not in self._anchors:
            self._anchors[key] = [
                t for t in quote if not (quote.start <= t.head.i < quote.end) or t.head.i == t.i
            ]
        return self._anchors[key]

    def nearest_person(self, i: int, gender: str | None, subject: bool = False) -> Span | None:
        """The person a pronoun at token ``i`` refers to (see ``People.nearest``)."""
        return self.people.nearest(i, gender, subject)

    def gender_of(self, name: str) -> str | None:
        """The gender the article gives the person ``name`` (``m``, ``f``), or None."""
        return self.people.gender_of(name)

    def same_paragraph(self, start: int, end: int) -> bool:
        """Whether tokens ``start`` and ``end`` stand in one paragraph."""
        return same_paragraph(self.doc, start, end)

    def outside(self, token: Token) -> bool:
        return not self.quoted[token.i]

    def near(self, token: Token, quote: Span) -> bool:
        """Whether ``token`` stands in the paragraph of the quote (a speaker never crosses one)."""
        text = self.text
        low, high = sorted(
            (token.idx, quote.start_char if token.i < quote.start else quote.end_char)
        )
        return "\n" not in text[low:high]


def mention_bounds(index: DocIndex, token: Token) -> tuple[int, int]:
    """Token bounds [start, end) of the noun phrase headed by ``token`` (no trailing clauses)."""
    start = token.i
    stack = [c for c in token.lefts if c.dep_ in NOMINAL_LEFT_DEPS]
    while stack:
        child = stack.pop()
        start = min(start, child.left_edge.i)
    end = token.i + 1
    ent = index.entity_of.get(token.i)
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    return start, end


def _strip_honorific(words: list[str]) -> list[str]:
    return [w for w in words if w.lower() not in HONORIFICS]


def _headline_verb(word: str) -> bool:
    """``Defends`` of ``Ben Carson Defends``: a capitalised speech verb that a title-case
    headline let the tagger read as part of the name."""
    lowered = word.casefold()
    return lowered.endswith("s") and lowered[:-1] in CUE_LEMMAS


def _without_headline_verb(words: list[str]) -> list[str]:
    """The words of a name up to a headline verb (``Glenn Beck Blasts Drudge`` -> Glenn Beck)."""
    cut = next((i for i, w in enumerate(words) if i > 0 and _headline_verb(w)), len(words))
    return words[:cut]


def name_words(ent: Span) -> list[str]:
    """The words of a person's name without honorifics, a headline verb or a possessive
    (``Hillary Clinton’s health``: Hillary Clinton)."""
    words = _without_headline_verb(_strip_honorific(ent.text.split()))
    if words and words[-1][-2:].lower() in POSSESSIVE_ENDINGS and len(words[-1]) > 2:
        words[-1] = words[-1][:-2]
    return words


def canonical_person(index: DocIndex, ent: Span) -> str:
    """The fullest earlier form of a person's name: Kim -> Kim Jong-un, Mr. Burman -> ...
    When the earlier full names holding it are of different people (``Bill Clinton's …
    Hillary Clinton``: ``Mrs. Clinton``), the one named last in its paragraph, else the name
    as written: a guess would be wrong half the time, and the store's registry knows whom a
    short name most often means."""
    words = name_words(ent)
    best = " ".join(words) or ent.text
    wanted = {w.casefold() for w in words}
    fuller = [
        (start, other_words, folded)
        for start, other_words, folded in index.person_names
        if start <= ent.start
        and len(other_words) > len(words)
        and wanted <= folded
        and _in_order(words, other_words)
    ]
    if not fuller:
        return best
    _, longest, widest = max(fuller, key=lambda found: len(found[1]))
    if all(folded <= widest for _, _, folded in fuller):
        return " ".join(longest)
    nearest, nearest_words, _ = fuller[-1]
    if index.same_paragraph(nearest, ent.start):
        return " ".join(nearest_words)  # ``Greg McDermott … McDermott said`` in one paragraph
    return best


def _in_order(words: list[str], fuller: list[str]) -> bool:
    """Whether a fuller name writes a name's words in its order (``Hillary Rodham Clinton``
    for ``Hillary Clinton``; a headline's ``Clinton Cash Debunks Hillary`` is no form of it)."""
    rest = iter(w.casefold() for w in fuller)
    return all(w.casefold() in rest for w in words)


def _nearest_before(entities: list[Span], i: int) -> Span | None:
    found = None
    for ent in entities:
        if ent.end > i:
            break
        found = ent
    return found


def _speaking_plural(token: Token) -> bool:
    """A plural common noun that names people who speak: a person noun (``SAG leaders``)
    or the subject of a cue verb (``Critics say``). ``talks`` of ``before talks collapsed``
    is a plural too, but nothing the article has say anything."""
    return "Plur" in token.morph.get("Number", []) and (
        token.lemma_.lower() in PERSON_NOUNS
        or (token.head.lemma_ in CUE_LEMMAS and token.head.pos_ in VERBS)
    )


def _group_before(index: DocIndex, token: Token) -> Token | None:
    """What ``they`` stands for: the nearest subject before it, in its sentence or the one
    before, that names a group: an organisation, a nationality, a collective noun
    (``Clinton's campaign is seeking ... what they call``) or a plural of people who speak
    (``_speaking_plural``)."""
    doc = index.doc
    sentence = token.sent
    start = doc[sentence.start - 1].sent.start if sentence.start > 0 else 0
    for i in range(token.i - 1, start - 1, -1):
        candidate = doc[i]
        if candidate.dep_ not in ("nsubj", "nsubjpass") or not index.outside(candidate):
            continue
        ent = index.entity_of.get(i)
        if ent is not None and ent.label_ in GROUP_LABELS:
            return candidate
        if candidate.pos_ == "NOUN" and (
            _speaking_plural(candidate) or candidate.lemma_ in GROUP_NOUNS
        ):
            return candidate
    return None


def _title_words(index: DocIndex, ent: Span) -> set[str]:
    """Lower-cased words naming an entity and its title: North Korean leader Kim Jong-un."""
    words = {t.lower_ for t in ent}
    head = ent.root
    words.update(t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod", "nmod"))
    for t in reversed(index.doc[max(0, ent.start - 4) : ent.start]):
        if t.pos_ == "ADP" and ent.label_ in PLACE_LABELS:
            break  # ``a new protest group in North Carolina``: the group is not the place
        words.add(t.lower_)
    for child in head.children:
        if child.dep_ == "appos":
            words.update(t.lower_ for t in child.subtree)
    return words


def entity_name(index: DocIndex, ent: Span) -> str:
    """A named speaker as it should read: people in full, organisations without ``Seoul's``."""
    while len(ent) > 1 and ent[-1].is_punct:
        ent = ent[:-1]  # "according to Orange." with the sentence's period tagged in the name
    if ent.label_ == "PERSON":
        return canonical_person(index, ent)
    if ent.label_ == "ORG" and len(ent) > 2 and ent[1].lower_ in ("'s", "’s"):
        ent = ent[2:]
    if len(ent) > 1 and ent[-1].lower_ in ("'s", "’s"):
        ent = ent[:-1]  # "the Office of the Surgeon General's Web site": the office's
    return ent.text


def _titled(index: DocIndex, token: Token, pool: list[Span], start: int) -> Span | None:
    """The entity of ``pool`` before token ``start`` that a description headed by ``token``
    names by its title: of those with the head word in their title, the one sharing most of
    the description's other words (``the Vermont senator``: Vermont), the nearest among
    equals."""
    head = token.lemma_.lower()
    modifiers = {c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod")}
    best, best_score = None, 0
    for candidate in reversed(pool):
        if candidate.end > start:
            continue
        words = _title_words(index, candidate)
        if head not in words:
            continue
        score = 1 + len(modifiers & words)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _bare_title(token: Token) -> bool:
    """A title word standing alone for a person, capitalised, with no article or name
    (``Judge blocks …``, ``said Secretary of the Interior …``): headline style."""
    return (
        token.text[:1].isupper()
        and "Plur" not in token.morph.get("Number", [])  # ``Officials said``: people
        and token.lemma_.lower() in PERSON_NOUNS
        and not any(c.dep_ in ("det", "poss", "compound") for c in token.lefts)
    )


def lost_title(token: Token) -> bool:
    """A bare title word (``_bare_title``) with more of the title after it: ``said
    Secretary of the Interior Dirk Kempthorne``, where the tagger lost the name. Alone
    (``King provided an explanation``) it may be the surname of someone named only so."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return _bare_title(token) and (
        any(True for _ in token.rights) or (following is not None and following.is_title)
    )


def _titled_anywhere(index: DocIndex, token: Token, start: int) -> Span | None:
    """The person a bare title word names (``_titled``): one named with that title before
    it, else the first named so after it (a headline's ``Judge`` is the body's ``U.S.
    District Judge Carlton W. Reeves``)."""
    before = _titled(index, token, index.persons, start)
    if before is not None:
        return before
    head = token.lemma_.lower()
    return next(
        (p for p in index.persons if p.start > token.i and head in _title_words(index, p)),
        None,
    )


def _definite_one(token: Token) -> bool:
    """``the senator``, ``the Texan``: one of a kind, already introduced."""
    return "Plur" not in token.morph.get("Number", []) and any(
        c.lower_ == "the" for c in token.lefts
    )


def resolve(index: DocIndex, token: Token) -> str:
    """The name a speaker mention refers to."""
    ent = index.entity_of.get(token.i)
    members = _gathered(token) if ent is None or ent.label_ == "CARDINAL" else None
    if members is not None:
        return resolve(index, members)  # "a chorus of prominent Republicans": Republicans
    if ent is not None and ent.label_ == "NORP" and _definite_one(token):
        # ``the Texan said``: one person of that group, not the group: as written
        start, end = mention_bounds(index, token)
        return index.doc[start:end].text
    if ent is not None:
        return entity_name(index, ent)
    if token.lemma_.lower() in REPORT_NOUNS | LETTER_NOUNS:
        author = _credited(index, token) or _author_before(index, token)
        if author is not None:
            return author
    lower = token.lower_
    if lower in MALE_FEMALE or lower == "his":
        subject = token.dep_ in SUBJECT_DEPS
        antecedent = index.nearest_person(token.i, pronoun_gender(lower), subject)
        missed = _missed_name_subject(index, antecedent.end if antecedent else 0, token)
        if subject and missed is not None:
            return missed
        return canonical_person(index, antecedent) if antecedent is not None else token.text
    if lower == "it":
        orgs = [e for e in index.named if e.label_ == "ORG"]
        antecedent = _nearest_before(orgs, token.i)
        return entity_name(index, antecedent) if antecedent is not None else token.text
    if lower == "they":
        group = _group_before(index, token)
        return resolve(index, group) if group is not None else token.text
    start, end = mention_bounds(index, token)
    text = index.doc[start:end].text
    people = (index.entity_of.get(i) for i in range(start, end))
    if any(ent is not None and ent.label_ == "PERSON" for ent in people):
        # ``Jonathan Wright - director of …``: a person's words up to where a name would end
        text = index.doc[slice(*name_bounds(index.doc, start, end))].text
    if end - start == 1 and _bare_title(token):
        titled = _titled_anywhere(index, token, start)
        return entity_name(index, titled) if titled is not None else text
    if end - start == 1 and token.pos_ == "NOUN" and token.text[:1].isupper():
        # ``State calls …`` in a headline, ``the State Department`` in the body: the one
        # organisation of the article whose name opens with the word
        opening = [
            e
            for e in index.named
            if e.label_ == "ORG"
            and len(e) > 1
            and [t.text for t in e if t.dep_ != "det"][:1] == [token.text]
        ]
        if len({full_name_key(e.text) for e in opening}) == 1:
            return entity_name(index, opening[0])
    if token.pos_ == "NOUN" and _definite_one(token) and token.lemma_.lower() not in REPORT_NOUNS:
        # ``the senator`` is a person named earlier with that title, never an organisation or
        # place that happens to stand near the word; ``the report`` is a text, which only its
        # owner written with it speaks for (``_outlet_of``), never a name its words stand
        # beside (``likely the Chinese, the congressional report said``)
        person_noun = token.lemma_.lower() in PERSON_NOUNS
        titled = _titled(index, token, index.persons if person_noun else index.named, start)
        if titled is not None:
            return entity_name(index, titled)
        if person_noun:
            antecedent = index.nearest_person(token.i, None)
            if antecedent is not None and not _indefinite(antecedent):
                return canonical_person(index, antecedent)
        organisation = _organisation_before(index, token)
        if organisation is not None:
            return entity_name(index, organisation)
    return text


# texts someone writes and sends, which say what their author says
LETTER_NOUNS = word_set("letter email e-mail memo note")
# what an author does to a text: "X issued a statement", "X wrote a letter"
AUTHORING_LEMMAS = word_set("issue release send write post publish sign circulate")


def _author_before(index: DocIndex, text: Token) -> str | None:
    """Who wrote ``the statement`` or ``the letter`` that says something: the named person
    or organisation that the same text's introduction in its sentence or the three before
    credits (``A statement by the Foreign Affairs Department``, ``Willoughby wrote a
    heartfelt letter``, ``Black Lives Matter issued a statement``, ``Twitter said in a
    statement``); None when no introduction names one."""
    if not _definite_one(text):
        return None
    lemma = text.lemma_.lower()
    before = sentences_before(text, 3)
    start = before[-1].start if before else text.sent.start
    for earlier in reversed(text.doc[start : text.i]):
        if earlier.lemma_.lower() != lemma or earlier.pos_ != "NOUN":
            continue
        author = _credited(index, earlier)
        if author is not None:
            return author
    return None


def _credited(index: DocIndex, text: Token) -> str | None:
    """The named author of a text where it is introduced: its owner or ``by``/``from``
    object, the subject that issues it, or the subject that says something in it."""
    outlet = _outlet_of(index, text)
    if outlet is not None:
        return entity_name(index, outlet)
    sender = _sender(index, text)
    if sender is not None:
        return sender
    verb = text.head
    if text.dep_ == "nsubjpass" and verb.lemma_.lower() in AUTHORING_LEMMAS:
        return _sender(index, verb)  # "an email was sent from the club's director, Boreing"
    if text.dep_ == "pobj" and verb.lower_ == "in" and verb.head.pos_ == "VERB":
        verb = verb.head  # "Twitter said in a statement"
    elif not (text.dep_ == "dobj" and verb.lemma_.lower() in AUTHORING_LEMMAS):
        return None
    subject = subject_of(verb, active=True)
    return _author(index, subject) if subject is not None else None


def _sender(index: DocIndex, verb: Token) -> str | None:
    """The named person or organisation a text is sent ``from`` or written ``by``, or the
    person an apposition names for them (``from the club's executive director, Jeremy
    Boreing``)."""
    for prep in verb.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("from", "by"):
            continue
        for obj in prep.children:
            author = _author(index, obj) if obj.dep_ == "pobj" else None
            if author is not None:
                return author
    return None


def _named_word(index: DocIndex, word: Token) -> bool:
    """A word of a name: a proper noun, or a word of a person, organisation, place or group."""
    named = index.entity_of.get(word.i)
    return word.pos_ == "PROPN" or (named is not None and named.label_ in NAME_LABELS)


def _author(index: DocIndex, token: Token) -> str | None:
    """The name of the author that ``token`` (the subject that issues a text, the object it
    comes ``from``) gives: the person, organisation or place the speaker rules resolve it to
    (``The principal, Willoughby,``, ``the business mogul`` the person named before, ``The
    company`` the organisation), a proper name the tagger left untyped (``Gordon Advisors
    issued a statement``) or a description holding a name (``a statement from Surrey
    police``, ``from the Indian government``); None for anything else (``they`` resolved
    to no one, ``the event``)."""
    token = _appositive_person(index, token) or token  # "The principal, Willoughby,"
    named = index.entity_of.get(token.i)
    if named is not None:
        return entity_name(index, named) if named.label_ in NAME_LABELS else None
    name = resolve(index, token)
    start, end = mention_bounds(index, token)
    written = index.doc[start:end]
    if name != written.text or any(_named_word(index, word) for word in written):
        return name
    return None


def _organisation_before(index: DocIndex, token: Token) -> Span | None:
    """The organisation ``the company`` or ``the group`` speaks for: the one a clause of
    its sentence, or of the nearest of the three sentences before that has one, makes its
    subject (``Twitter said in a statement ... The company said``); None when that clause
    names two, or a name the tagger left untyped beside one."""
    if not one_organisation(token):
        return None

    def organisation(word: Token) -> str | None:
        ent = index.entity_of.get(word.i)
        if ent is None:
            return name_key(word.text) if word.pos_ == "PROPN" else None
        return name_key(ent.text) if ent.label_ == "ORG" else None

    subject = organisation_before(token, organisation, sentences=3)
    return index.entity_of.get(subject.i) if subject is not None else None


def _gathered(token: Token) -> Token | None:
    """The people a head word of a gathering or count stands for: the object of its ``of``
    (``a chorus of prominent Republicans``, ``a parade of six turncoat mobsters``)."""
    if token.lemma_.lower() not in GATHERING_HEADS:
        return None
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _indefinite(person: Span) -> bool:
    """A name the tagger took for a person after ``a``: ``a crowd looted a Rite Aid. The
    manager said``. A person's name takes no ``a``: a thing is nearer than any person, and
    ``the manager`` is someone the article has just met, named as written."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in person.root.children)


def _outlet_of(index: DocIndex, text: Token) -> Span | None:
    """Who a text that says something belongs to: a name before it (``the KCNA report
    said``) or a medium it appears in (``A Monday headline in the Wall Street Journal
    reads``), else None."""
    for child in text.lefts:
        named = index.entity_of.get(child.i)
        if named is not None and named.label_ in NAME_LABELS:
            return named
    obj = named_object(index, text, ("in", "on", "by"))
    return index.entity_of[obj.i] if obj is not None else None


def named_object(index: DocIndex, token: Token, prepositions: tuple[str, ...]) -> Token | None:
    """The person or organisation named as the object of one of ``prepositions`` after
    ``token``: ``a headline in the Wall Street Journal``, ``calculations by Amy Glasmeier``."""
    for prep in token.rights:
        if prep.dep_ != "prep" or prep.lower_ not in prepositions:
            continue
        for obj in prep.children:
            named = index.entity_of.get(obj.i)
            if obj.dep_ == "pobj" and named is not None and named.label_ in ("ORG", "PERSON"):
                return obj
    return None


def _missed_name_subject(index: DocIndex, start: int, pronoun: Token) -> str | None:
    """A person the tagger missed or took for something else, the subject of a sentence
    between a subject pronoun and the person it would otherwise stand for: ``Republicans
    Jolly of Indian Shores and DeSantis of Ponte Vedra Beach …\n\nJolly, who was elected
    …\n\n“There are …,” he said`` is Jolly's, not DeSantis', the last person the tagger
    named; ``DeSantis said about Title I. … he said`` is DeSantis', tagged an organisation
    there. A proper noun without an article, of the pronoun's gender as far as the article
    tells: a word of the name of a person named before it (``_person_named``) that is the
    subject of a main clause (not ``whether Trump will be the nominee``) or that a ``who``
    clause describes, or an untagged word that a ``who`` clause describes and that the
    article writes capitalised inside a sentence (a name, not a sentence's first word)."""
    for i in range(pronoun.i - 1, start - 1, -1):
        token = index.doc[i]
        ent = index.entity_of.get(i)
        if token.pos_ != "PROPN" or (ent is not None and ent.label_ == "PERSON"):
            continue
        if not index.outside(token) or any(c.dep_ == "det" for c in token.children):
            continue
        who = any(c.dep_ == "relcl" and c.left_edge.lower_ == "who" for c in token.children)
        verb = token.head
        main = token.dep_ == "nsubj" and (verb.dep_ == "ROOT" or verb.head.dep_ == "ROOT")
        named = _person_named(index, token) if main or who else None
        if named is None and not (who and ent is None):
            continue
        if named is None and not written_as_name(token, index.mid_sentence):
            continue
        if index.gender_of(token.text) in (None, pronoun_gender(pronoun.lower_)):
            first, end = mention_bounds(index, token)
            return named or index.doc[first:end].text
    return None


def _person_named(index: DocIndex, token: Token) -> str | None:
    """The fullest name of a person named before ``token`` that holds its word, or None."""
    word, best = token.text.casefold(), None
    for start, words, folded in index.person_names:
        if start > token.i:
            break
        if word in folded and (best is None or len(words) > len(best)):
            best = words
    return " ".join(best) if best else None


def cue_text(verb: Token) -> str:
    """The cue as written: the verb with its particle (``pointed out``)."""
    particles = [c for c in verb.rights if c.dep_ == "prt"]
    return " ".join([verb.text, *(p.text for p in particles)])


def _according_to(index: DocIndex, tokens: Span) -> Token | None:
    """X in ``according to X`` within ``tokens``, outside any quote."""
    for token in tokens:
        if token.lower_ == "according" and index.outside(token):
            for to in token.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return obj
    return None


def _appositive_person(index: DocIndex, token: Token) -> Token | None:
    """A person named in apposition to a mention: ``the Democratic candidate Hillary
    Clinton``, ``the election, Minyon Moore, …``."""
    for child in token.children:
        ent = index.entity_of.get(child.i)
        if child.dep_ == "appos" and ent is not None and ent.label_ == "PERSON":
            return ent.root
    return None


PERSONAL_PRONOUNS = frozenset({"he", "she", "it", "they"})
SEPARATE_CLAUSE_DEPS = frozenset({"conj", "advcl", "parataxis"})
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}


def _agrees(index: DocIndex, lower: str, candidate: Token) -> bool:
    """Whether ``candidate`` can be what the subject pronoun ``lower`` (he, she, it, they)
    stands for: the same pronoun, a person of a fitting gender for he/she, a thing or
    organisation for ``it``, a group or plural for ``they``."""
    other = candidate.lower_
    if other in PERSONAL_PRONOUNS:
        return other == lower
    ent = index.entity_of.get(candidate.i)
    if lower in MALE_FEMALE:
        known = index.gender_of(ent.text if ent is not None else candidate.text)
        if ent is not None and ent.label_ == "PERSON":
            return known in (None, pronoun_gender(lower))
        if is_person(index, candidate):
            return True
        # a person the tagger missed or took for an organisation (``Lynch said she …``) only
        # with the article's own evidence of a fitting gender
        return candidate.pos_ == "PROPN" and known == pronoun_gender(lower)
    if lower == "it":
        return not is_person(index, candidate) and "Plur" not in candidate.morph.get("Number", [])
    # they
    if ent is not None:
        return ent.label_ in GROUP_LABELS
    return candidate.pos_ == "NOUN" and (
        "Plur" in candidate.morph.get("Number", []) or candidate.lemma_ in GROUP_NOUNS
    )


def bound_subject(index: DocIndex, subject: Token) -> Token:
    """The fuller mention a subject pronoun stands for inside its own sentence.

    ``Ban Ki-moon condemned what he called a “brazen breach”``, ``She said she recalls the
    colleague being “confused”``: the pronoun is the subject of a clause embedded under a verb
    whose own subject, earlier in the sentence and of a fitting gender and number, is the same
    speaker. News attribution names that governing subject as the source, and it is the mention
    a reader sees first, so the speaker mention becomes it (nearest governing subject first).
    """
    possessive = subject.dep_ == "poss" and subject.lower_ in POSSESSIVE_PRONOUNS
    if not possessive and (
        subject.lower_ not in PERSONAL_PRONOUNS or subject.dep_ not in SUBJECT_DEPS
    ):
        return subject
    word = POSSESSIVE_PRONOUNS.get(subject.lower_, subject.lower_) if possessive else None
    # a possessive owner (``ridiculed for its prediction that …``) may stand for a passive
    # subject too: the thing ridiculed made the prediction
    deps = ("nsubj", "nsubjpass") if possessive else ("nsubj",)
    current = subject.head
    sentence_start = subject.sent.start
    # only through embedding: a coordinated or adverbial clause with a subject of its own
    # (``…, but he said``, ``after she attacked``) is an event of its own, whose pronoun may
    # be someone else; one without (``appeared on MSNBC and began by saying he …``) shares
    # the subject of the clause it hangs on
    while current.head.i != current.i and (
        current.dep_ not in SEPARATE_CLAUSE_DEPS
        or not any(c.dep_ in SUBJECT_DEPS for c in current.children)
    ):
        current = current.head
        for child in current.children:
            if (
                child.dep_ in deps
                and sentence_start <= child.i < subject.i
                and child.lower_ not in RELATIVE
                and index.outside(child)
                and index.same_paragraph(child.i, subject.i)
                and _agrees(index, word or subject.lower_, child)
            ):
                return child
    return subject


def make_attribution(
    index: DocIndex, subject: Token, cue: str | None, cited: Token | None
) -> Attribution:
    pronoun, subject = subject, bound_subject(index, subject)
    while subject.i != pronoun.i and bound_subject(index, subject).i != subject.i:
        subject = bound_subject(index, subject)  # she … she … what she calls: the first
    appositive = _appositive_person(index, subject)
    named = index.entity_of.get(subject.i)
    if named is not None and named.label_ == "PERSON":
        # ``said William Gale, the Arjay and Frances Miller Chair in …``: a person named as
        # the subject keeps the name; what stands in apposition is a title the tagger misread
        appositive = None
    if appositive is not None and not is_person(index, subject):
        # ``the election, Minyon Moore, a senior adviser …, called``: a parse that made the
        # name an appositive of the clause's real head; a thing does not call anything
        subject = appositive
    start, end = mention_bounds(index, subject)
    doc = index.doc
    speaker = resolve(index, appositive if appositive is not None else subject)
    if subject.i != pronoun.i and subject.i not in index.entity_of and subject.pos_ == "PROPN":
        # a name the tagger missed (``Lynch``): the pronoun's antecedent may be fuller
        fuller = resolve(index, pronoun)
        if name_key(fuller) == name_key(speaker):
            speaker = fuller
    if cited is not None and cited.i == subject.i:
        cited = None  # ``She said she recalls …``: the reporter is the speaker herself
    cited_name = resolve(index, cited) if cited is not None else None
    if cited_name == speaker:
        cited_name = None
    return Attribution(
        speaker, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), cue, cited_name
    )


Reporter = tuple[Token, str]  # who passed the words on, and the cue that says so


def _reporter_above(
    index: DocIndex, verb: Token, subject: Token, context: Span, loose: bool = False
) -> Reporter | None:
    """Who passes the speaker's words on: ``according to X``, a reporting verb higher up in
    the tree or, when ``loose``, a reporting verb anywhere else in the sentence."""
    according = _according_to(index, context)
    if according is not None and according.i != subject.i:
        return according, "according to"
    current = verb
    while current.head.i != current.i:
        current = current.head
        if current.lemma_ in REPORT_LEMMAS and index.outside(current):
            reporter = subject_of(current, active=True)
            if reporter is not None and reporter.i != subject.i and index.outside(reporter):
                return reporter, cue_text(current)
    for token in context if loose else ():
        if token.i != verb.i and token.lemma_ in REPORT_LEMMAS and index.outside(token):
            reporter = subject_of(token, active=True)
            named = index.entity_of.get(token.i - 1)
            if (reporter is None or reporter.i == subject.i) and named is not None:
                reporter = named.root  # “...” state-run Korean Central News Agency reported
            if reporter is not None and reporter.i != subject.i and index.outside(reporter):
                return reporter, cue_text(token)
    return None


def is_person(index: DocIndex, token: Token) -> bool:
    ent = index.entity_of.get(token.i)
    if ent is not None:
        return ent.label_ == "PERSON"
    if token.lower_ in MALE_FEMALE:
        return True
    if token.pos_ == "PROPN" and any(
        c.dep_ == "compound" and c.lower_ in HONORIFICS for c in token.children
    ):
        return True  # ``Mr Ng``: a name the tagger missed, a person by the honorific
    return token.pos_ == "NOUN" and token.lemma_.lower() in PERSON_NOUNS


def _governing_cue(index: DocIndex, verb: Token, subject: Token) -> Reporter | None:
    """A cue verb higher in the tree whose clause holds ``verb`` as what was said, when its
    subject speaks rather than passes words on: ``The clip says Kaine “has a passion …”``,
    ``it attacked Trump, saying he “has offended …”``, ``the report says the company
    “reports having …”``. The quoted clause, cue and all, is the governing speaker's text. A
    wire that *reported* it (``KCNA reported Kim “…”``) only cites it: ``_reporter_above``."""
    current = verb
    while current.head.i != current.i:
        current = current.head
        if current.lemma_ not in CUE_LEMMAS or current.pos_ not in ("VERB", "AUX"):
            continue
        if not index.outside(current) or current.lemma_ == "report":
            return None
        speaker = subject_of(current, active=True)
        if speaker is None or speaker.i == subject.i or not index.outside(speaker):
            return None
        return speaker, cue_text(current)
    return None


def _quote_verb_with_subject(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 1: the quote opens with a verb whose subject stands just before the quote."""
    for token in quote[:3]:
        if token.pos_ not in ("VERB", "AUX") or index.quoted[token.i] is False:
            continue
        subject = subject_of(token, active=True)
        if subject is None or subject.i >= quote.start or not index.outside(subject):
            continue
        if not index.near(subject, quote):
            continue
        context = index.doc[token.sent.start : token.sent.end]
        governing = _governing_cue(index, token, subject)
        if governing is not None and (token.lemma_ in CUE_LEMMAS or is_person(index, subject)):
            return make_attribution(index, governing[0], governing[1], None)
        if token.lemma_ in CUE_LEMMAS:
            reporter = _reporter_above(index, token, subject, context)
            return make_attribution(index, subject, cue_text(token), reporter and reporter[0])
        if is_person(index, subject):
            # a person's deed in the reporter's quoted words: Kim “acquainted himself ...”
            reporter = _reporter_above(index, token, subject, context, loose=True)
            if reporter and reporter[1] != "according to" and is_person(index, reporter[0]):
                # a person reporting someone's deed in their own words: He said Putin has
                # “been a leader …” are his words; an agency passing them on only cites them
                return make_attribution(index, reporter[0], reporter[1], None)
            cue = reporter[1] if reporter else None
            return make_attribution(index, subject, cue, reporter and reporter[0])
    return None


# nouns that name something said; their possessor is who said it (``Trump's claim that …``)
SPEECH_NOUNS = word_set(
    """
    claim statement remark comment assertion promise pledge vow warning argument suggestion
    insistence accusation allegation prediction word description tweet message speech
    testimony answer response reply demand plea contention declaration admission denial boast
    complaint criticism quip
    """
)
CONTENT_DEPS = frozenset({"acl", "ccomp", "appos"})  # how a noun takes what was said


def _speech_noun_owner(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 0: the quote is the content of a possessed speech noun: ``Politifact seized on
    Trump’s claim that there have been “thousands of shootings”``, ``Contrary to his claim
    that people would “learn nothing”``. The possessor said it, not the subject of the
    sentence that mentions the claim. The climb stops at a cue verb with a subject of its own,
    which is nearer to the words (``Trump's claim that Clinton said “…”``). A title-cased
    passage is the name of the speech (``his speech, “How to Foster …”``), not its words."""
    if title_cased(quote.text):
        return None
    for anchor in index.anchors(quote):
        current = anchor
        while current.head.i != current.i:
            child, current = current, current.head
            cue = current.pos_ in VERBS and current.lemma_ in CUE_LEMMAS
            if cue and subject_of(current, active=True) is not None:
                return None
            if current.pos_ != "NOUN" or current.lemma_.lower() not in SPEECH_NOUNS:
                continue
            if child.dep_ not in CONTENT_DEPS or not index.outside(current):
                return None
            owner = next((c for c in current.children if c.dep_ == "poss"), None)
            if owner is None or not index.outside(owner):
                return None
            return make_attribution(index, owner, None, None)
    return None


def cue_subject(cue: Token) -> Token | None:
    """Who speaks a cue verb: its active subject (``subject_of``), except for a participle
    that a cue verb higher up speaks through (``Biller said he hoped the state would agree …,
    adding, “…”``, ``Trump said that he “heard” the senator doesn’t meet the requirements,
    adding, “…”``): the parse hangs ``adding`` on the nearest clause, whose subject (``the
    state``) never adds anything; the cue above it names who does."""
    subject = subject_of(cue, active=True)
    if (
        cue.tag_ != "VBG"
        or cue.dep_ != "advcl"
        or any(c.dep_ in SUBJECT_DEPS for c in cue.children)
    ):
        return subject
    current = cue.head
    while current.head.i != current.i and current.lemma_ not in CUE_LEMMAS:
        current = current.head
    if current.i > cue.i:
        return subject  # a cue after it (``…, arguing that “…,” Al Jazeera writes``) cites
    if current.i == cue.head.i or current.lemma_ not in CUE_LEMMAS or current.pos_ not in VERBS:
        return subject  # the clause the participle hangs on is a cue's own (``said …, adding``)
    if not same_paragraph(cue.doc, current.i, cue.i):
        return subject  # a parse run over a paragraph break
    return subject_of(current, active=True) or subject


INTRODUCING_WINDOW = 8  # tokens between a cue and the quote it introduces


def _introducing_cue(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 1b: a cue verb that introduces the quote, with only its own dependents and
    punctuation between them: ``footage of Trump saying during the debate last week, “That
    makes me smart”``. The parser often hangs such a quote on the main verb of the sentence
    (``The spot concludes``); the words right before the quote say whose it is."""
    doc = index.doc
    first = quote.start
    while first > 0 and doc[first - 1].is_quote:
        first -= 1
    marks = first
    while first > 0 and doc[first - 1].is_punct and not doc[first - 1].is_quote:
        first -= 1
    if first == marks or first == 0:
        return None  # the quote must be set off by a comma, colon or dash
    for i in range(first - 1, max(-1, first - 1 - INTRODUCING_WINDOW), -1):
        cue = doc[i]
        if not index.outside(cue) or cue.sent != quote[0].sent:
            return None
        if cue.lemma_ not in CUE_LEMMAS or cue.pos_ not in ("VERB", "AUX"):
            continue
        between = doc[cue.i + 1 : first]
        if any(not t.is_punct and not cue.is_ancestor(t) for t in between):
            return None
        subject = cue_subject(cue)
        if subject is None or not index.outside(subject) or not index.near(subject, quote):
            return None
        return make_attribution(index, subject, cue_text(cue), None)
    return None


THING_PRONOUNS = frozenset({"it", "this", "that"})
SPEAKING_PRONOUNS = frozenset({"i", "we", "he", "she", "they"})


def _is_thing(index: DocIndex, token: Token) -> bool:
    """A subject that is a thing rather than a speaker: ``it``, ``the advertisement``, and
    a plural naming no people (``the areas of the regulator's network … suggested``; not
    ``Critics say``, ``protesters chanted``)."""
    if token.lower_ in THING_PRONOUNS:
        return True
    if "Plur" in token.morph.get("Number", []) and (
        not token.text.islower() or person_word(token.lemma_.lower())
    ):
        return False
    return (
        token.pos_ == "NOUN"
        and token.i not in index.entity_of
        and not is_person(index, token)
        and token.lemma_.lower() not in GROUP_NOUNS
    )


def speaks(index: DocIndex, token: Token) -> bool:
    """A subject that can say something: a person, a name, a group, a personal pronoun."""
    ent = index.entity_of.get(token.i)
    return (
        is_person(index, token)
        or (ent is not None and ent.label_ in NAME_LABELS)
        or token.lower_ in SPEAKING_PRONOUNS
        or token.lemma_.lower() in GROUP_NOUNS
    )


def _speaker_over_thing(index: DocIndex, cue: Token, subject: Token) -> Reporter | None:
    """A speaker whose cue governs a thing's cue: ``She says it underscores that Trump is
    “temperamentally unfit …”``, ``Holm said in the letter that the advertisement
    “unmistakably and wrongfully” suggests …``, ``A source … said the areas of the network
    that were hacked suggested …``. What a thing shows or suggests is the speaker's reading
    of it, in the speaker's words."""
    if not _is_thing(index, subject):
        return None
    plural = "Plur" in subject.morph.get("Number", [])
    current = cue
    while current.head.i != current.i:
        current = current.head
        if current.lemma_ not in CUE_LEMMAS or current.pos_ not in VERBS:
            others = (c for c in current.children if c.dep_ in SUBJECT_DEPS and c.i != subject.i)
            if plural and any(True for _ in others):
                return None  # ``activists had sent … petitions … urging``: their own clause
            continue
        speaker = subject_of(current, active=True)
        if speaker is None or not index.outside(speaker):
            continue
        # ``A source familiar with the investigation said the areas … suggested``
        people = speaker.pos_ == "NOUN" and person_word(speaker.lemma_.lower())
        if speaks(index, speaker) or people:
            return speaker, cue_text(current)
    return None


def _cue_attribution(
    index: DocIndex, cue: Token, subject: Token, cited: Token | None
) -> Attribution:
    """The attribution of a cue verb and its subject, unless a speaker's cue governs it."""
    over = _speaker_over_thing(index, cue, subject)
    if over is not None:
        return make_attribution(index, over[0], over[1], None)
    return make_attribution(index, subject, cue_text(cue), cited)


def _climb_to_cue(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 2: the nearest cue verb above the quote in the tree, outside any quote."""
    for anchor in index.anchors(quote):
        current = anchor
        while True:
            # the cue may sit inside another quote (“emphasized the need”): its subject may not
            if current.lemma_ in CUE_LEMMAS and current.pos_ in ("VERB", "AUX"):
                subject = cue_subject(current)
                if subject is not None and index.outside(subject) and index.near(subject, quote):
                    context = index.doc[current.sent.start : current.sent.end]
                    reporter = _reporter_above(index, current, subject, context)
                    return _cue_attribution(index, current, subject, reporter and reporter[0])
            if current.head.i == current.i:
                break
            current = current.head
    return None


INSCRIPTION_CUES = frozenset({"read", "reads", "reading"})  # a sign, a shirt, a banner
# words of quantity that stand for people (``most said``, ``Several said``)
QUANTIFIERS = word_set("most many several some both few all others half each either neither one")


def sentences_of(quote: Span) -> Span:
    doc = quote.doc
    return doc[quote[0].sent.start : quote[-1].sent.end]


# a possessive is never the speaker of a nearby cue (``saying her right foot``), nor an
# adjective modifying a noun (``the early Democratic presidential debates``)
NOT_A_SPEAKER_DEPS = frozenset({"poss", "amod"})
# nor a name other than a person's in apposition or after a preposition (``Democrat of
# Tennessee``, ``a military spokesman in Baghdad``)
DESCRIBING_DEPS = frozenset({"appos", "pobj"})


def _adjacent_name(index: DocIndex, cue: Token, quote: Span) -> Token | None:
    """A name right next to a cue whose parse lost its subject: ``…,” Flynn, a top Trump
    surrogate, said`` or ``said Mr. Burman``. A place or group that only describes a person
    is passed over: ``Representative Steve Cohen, Democrat of Tennessee, told``."""
    doc = index.doc
    lower = quote.end if cue.i > quote.end else max(0, cue.i - 8)
    window = [*range(cue.i - 1, max(lower, cue.i - 8) - 1, -1), *range(cue.i + 1, cue.i + 4)]
    for i in window:
        if not 0 <= i < len(doc) or not index.outside(doc[i]):
            continue
        token = doc[i]
        if token.sent != cue.sent:
            continue  # a name of another sentence is no subject of this cue
        ent = index.entity_of.get(i)
        root = ent.root if ent is not None else token
        named = ent is not None and ent.label_ in NAME_LABELS
        if named and root.dep_ == "amod" and is_person(index, root.head):
            return root.head  # ``the Democratic presidential candidate stated``
        if root.dep_ in NOT_A_SPEAKER_DEPS or (root.dep_ == "dobj" and root.head.i != cue.i):
            continue  # nor the object of another verb (``promising to defeat President Trump``)
        if root.dep_ == "nsubjpass" and root.head.i == cue.i:
            continue  # nor the one the cue is about (``Gigante was also nicknamed "…"``)
        if (ent is not None and ent.label_ == "PERSON") or token.lower_ in MALE_FEMALE:
            return root
        if named and root.dep_ not in DESCRIBING_DEPS:
            return root
    return None


def _bearer(cue: Token) -> Token | None:
    """The thing whose words a participle of ``read`` gives: ``unfurling banners reading
    “Peoples of Europe, Rise Up.”`` -> banners (no speaker: ``no_speaker.checked_speaker``), never a
    name standing near the cue (``the Athens Acropolis``)."""
    # only the participle: ``a statement to read`` and ``items that can be read`` bear
    # nothing; ``shirts that read`` has its noun from ``subject_of`` already
    if cue.lower_ in INSCRIPTION_CUES and cue.tag_ == "VBG" and cue.dep_ == "acl":
        return cue.head if cue.head.pos_ == "NOUN" else None
    return None


def _cue_with_subject(index: DocIndex, quote: Span, tokens: Iterable[Token]) -> Attribution | None:
    """The first cue verb among ``tokens`` (outside quotes) with a subject near the quote."""
    for cue in tokens:
        if cue.lemma_ not in CUE_LEMMAS or cue.pos_ not in ("VERB", "AUX"):
            continue
        if not index.outside(cue):
            continue
        subject = cue_subject(cue) or _bearer(cue)
        if subject is None or not index.outside(subject):
            subject = _adjacent_name(index, cue, quote)
        if subject is not None and index.outside(subject) and index.near(subject, quote):
            return _cue_attribution(index, cue, subject, None)
    return None


NICKNAME_TOKENS = 2  # at most this many words between quotation marks inside a name


def _trailing_clause(index: DocIndex, quote: Span) -> list[Token]:
    """The words after a quote that closes its sentence, up to the next quote or the end of
    the next sentence: ``“Does anybody know …?” Graham asked.`` (the parser often puts
    ``Graham asked`` in a sentence of its own)."""
    doc = index.doc
    i = quote.end
    while i < len(doc) and (doc[i].is_quote or doc[i].is_punct) and doc[i].sent == quote[-1].sent:
        i += 1
    if i >= len(doc) or doc[i].sent == quote[-1].sent or not doc[i].is_sent_start:
        return []
    clause = []
    tokens = doc[i : doc[i].sent.end]
    skip_to = -1
    for token in tokens:
        if token.i <= skip_to:
            continue
        if token.is_quote:
            # a nickname in quotes (``Del. Marcia "Cia" Price … shouted``) is part of the name
            closer = next(
                (t.i for t in doc[token.i + 1 : token.i + 2 + NICKNAME_TOKENS] if t.is_quote),
                None,
            )
            if closer is None or closer >= tokens.end or token.i == tokens.start:
                break
            skip_to = closer
            continue
        if "\n" in token.text:
            break
        clause.append(token)
    return clause


def _nearest_cue(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 3: any cue verb of the quote's sentences with a subject, nearest first, then
    ``according to``, then a cue right after a quote that ends its sentence."""
    context = sentences_of(quote)
    cues = sorted(context, key=lambda t: min(abs(t.i - quote.start), abs(t.i - quote.end)))
    found = _cue_with_subject(index, quote, cues)
    if found is not None:
        return found
    according = _according_to(index, context)
    if according is not None and index.near(according, quote):
        # a sentence the parse ran over a paragraph break is no attribution of its quote
        return make_attribution(index, according, "according to", None)
    return _cue_with_subject(index, quote, _trailing_clause(index, quote))


# a quote that is the passive subject of its clause is talked about, not said
QUOTE_AS_SUBJECT = frozenset({"nsubjpass", "csubjpass"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def climb_to_actor(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 3c: no cue at all, but the quote sits in a clause whose subject is a person or an
    organisation: ``Reid has been pounding Trump as a “con artist”``. A place is not: it
    speaks for its government only with a cue verb."""
    for anchor in index.anchors(quote):
        if anchor.dep_ in QUOTE_AS_SUBJECT and anchor.head.pos_ in VERBS and anchor.head.is_alpha:
            return None  # ``If “staff” is meant``: the words are talked about, not said
        current = anchor
        while current.head.i != current.i:
            current = current.head
            if current.pos_ not in ("VERB", "AUX") or not index.outside(current):
                continue
            subject = subject_of(current, active=True)
            if subject is None or not index.outside(subject) or not index.near(subject, quote):
                continue
            ent = index.entity_of.get(subject.i)
            # a place acts for its government only through a verb of speaking (``Sri Lanka
            # said``); ``Sri Lanka closed schools when two clusters " … " emerged`` says nothing
            named = ent is not None and ent.label_ in NAME_LABELS - PLACE_LABELS
            if is_person(index, subject) or named:
                return make_attribution(index, subject, cue_text(current), None)
            break
    return None


def in_sentence(index: DocIndex, quote: Span) -> Attribution | None:
    """Rules 1 to 3: the speaker named in the quote's own sentences by a cue verb or
    ``according to``."""
    return (
        _speech_noun_owner(index, quote)
        or _quote_verb_with_subject(index, quote)
        or _introducing_cue(index, quote)
        or _climb_to_cue(index, quote)
        or _nearest_cue(index, quote)
    )
