"""Who said a quote, from its own sentences: cue verbs, "according to", the dependency tree
and simple coreference.

Everything here reads the parse spaCy already made; there is no extra model. The rules, in the
order ``in_sentence`` tries them for one quoted passage:

1. The quote starts with the verb of a clause whose subject stands just before it
   (``the North Korean leader “emphasized the need …”``): the subject is the speaker when the
   verb is a cue verb or the subject is a person (``Kim “acquainted himself …”``), unless a
   person reports the clause (``He said Putin has “been a leader …”``: his words).
2. Climbing the tree from the quote reaches a cue verb outside any quote: its subject is the
   speaker (``Seoul's Joint Chiefs of Staff called … a potential “demonstration …”``).
3. A cue verb elsewhere in the quote's sentences, nearest first (a name next to the cue when
   the parse lost its subject), then ``according to X``, then a cue right after a quote that
   ends its sentence (``“…?” Graham asked.``).

``climb_to_actor`` is the fallback for a quote in a clause whose subject is a person or a name
with no cue at all. Rules that look beyond the sentence live in ``quote_context``.

A reporter the speaker is quoted through (``according to the KCNA``, ``KCNA reported``) becomes
the cited source. ``he``/``she`` resolve to the nearest earlier person of a fitting gender
(``quote_gender``), a subject pronoun preferring a subject of its paragraph; ``they`` to the
nearest group subject; definite nominals (``the North Korean leader``) to the nearest entity
they describe; a short name to the fullest earlier form of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.nlp.quote_gender import name_key, person_genders, pronoun_gender
from storyline.nlp.quote_marks import QuotedPassage


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


CUE_LEMMAS = _words(
    """
    say tell add state report write note call emphasize emphasise stress express describe claim
    insist argue warn declare announce explain ask reply respond continue conclude suggest recall
    acknowledge admit deny predict urge vow promise pledge tweet post testify comment remark
    mention observe assert maintain contend complain charge accuse praise criticize blast slam
    dub brand label term quip joke demand order highlight underline underscore confirm estimate
    read put tout boast lament concede caution advise reveal disclose allege shout yell scream
    chant cry exclaim whisper muse wonder question counter retort rebut signal hail decry
    condemn denounce welcome thank apologize promise threaten predict insist recount describe
    characterize dismiss mock ridicule attack defend blame cite quote sing
    """
)
# a report that passes the speaker's words on rather than speaking them
REPORT_LEMMAS = frozenset({"report", "say", "state", "write", "tell", "announce", "add", "note"})
PERSON_NOUNS = _words(
    """
    leader president minister senator spokesman spokeswoman spokesperson candidate nominee
    governor mayor secretary chairman chairwoman chair official director chief adviser advisor
    ambassador general commander representative congressman congresswoman lawmaker premier
    king queen prince dictator businessman businesswoman executive ceo economist professor
    analyst author founder host anchor judge attorney lawyer aide strategist manager speaker
    """
)
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
    }
)
HONORIFICS = _words("mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. gen gen. president")
MALE_FEMALE = frozenset({"he", "she", "him", "her"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
GROUP_LABELS = frozenset({"ORG", "NORP"})  # what ``they`` can stand for
GROUP_NOUNS = _words(
    "campaign committee government administration company group team party council agency"
)
DASHES = frozenset({"―", "—", "–", "-", "--"})
RELATIVE = frozenset({"who", "that", "which"})
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


class DocIndex:
    """Per-document lookups built once: entities by token, quoted tokens, paragraphs."""

    def __init__(self, doc: Doc, passages: list[QuotedPassage]) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each call: read it once
        self.entity_of: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.entity_of[i] = ent
        self.quoted = [False] * len(doc)
        for passage in passages:
            span = doc.char_span(passage.start, passage.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.quoted[i] = True
        for token in doc:  # no speaker or cue is ever a quotation mark
            if token.is_quote:
                self.quoted[token.i] = True
        self.persons = [e for e in doc.ents if e.label_ == "PERSON" and not self.quoted[e.start]]
        self.named = [e for e in doc.ents if e.label_ in NAME_LABELS and not self.quoted[e.start]]
        self._genders: dict[str, str] | None = None

    def nearest_person(self, i: int, gender: str | None, subject: bool = False) -> Span | None:
        """The person a pronoun at token ``i`` refers to (``gender`` ``m``, ``f`` or None).

        A subject pronoun prefers the nearest person who is a subject in its paragraph
        (``Trump said praise from Putin … . He said …``). Otherwise: the nearest earlier person
        whose gender is known to fit, if named in the pronoun's paragraph; else the nearest
        whose gender does not clash; else the nearest at all.
        """
        if self._genders is None:  # built on the first pronoun only: most quotes name someone
            self._genders = person_genders(self.doc, self.persons, self.quoted)
        before = [ent for ent in reversed(self.persons) if ent.end <= i]
        if subject:
            for ent in before:
                if not self.same_paragraph(ent.end, i):
                    break
                known = self._genders.get(name_key(ent.text))
                if ent.root.dep_ in SUBJECT_DEPS and known in (None, gender):
                    return ent
        fitting = None
        for ent in before:
            known = self._genders.get(name_key(ent.text))
            if gender is not None and known == gender:
                return ent if fitting is None or self.same_paragraph(ent.end, i) else fitting
            if fitting is None and known in (None, gender):
                fitting = ent
                if gender is None:
                    break
        return fitting or (before[0] if before else None)

    def same_paragraph(self, start: int, end: int) -> bool:
        """Whether tokens ``start`` and ``end`` stand in one paragraph."""
        low, high = sorted((start, end))
        return "\n" not in self.doc[low:high].text

    def outside(self, token: Token) -> bool:
        return not self.quoted[token.i]

    def near(self, token: Token, quote: Span) -> bool:
        """Whether ``token`` stands in the paragraph of the quote (a speaker never crosses one)."""
        text = self.text
        low, high = sorted(
            (token.idx, quote.start_char if token.i < quote.start else quote.end_char)
        )
        return "\n" not in text[low:high]


def subject_of(verb: Token) -> Token | None:
    """The active subject of a verb, inherited through conjoined and subordinate verbs."""
    current = verb
    for _ in range(4):
        # a run-on parse can give a verb two subjects; the nearer one is the right one
        subjects = sorted(
            (c for c in current.children if c.dep_ == "nsubj"), key=lambda c: abs(c.i - verb.i)
        )
        if subjects:
            child = subjects[0]
            if child.lower_ in RELATIVE and current.dep_ == "relcl":
                return current.head
            return child
        if current.dep_ in ("conj", "xcomp", "advcl") and current.head.i != current.i:
            current = current.head
            continue
        return None
    return None


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


def canonical_person(index: DocIndex, ent: Span) -> str:
    """The fullest earlier form of a person's name: Kim -> Kim Jong-un, Mr. Burman -> ..."""
    words = _strip_honorific(ent.text.split())
    best = " ".join(words) or ent.text
    wanted = {w.casefold() for w in words}
    for other in index.persons:
        if other.start > ent.start:
            break
        other_words = _strip_honorific(other.text.split())
        if len(other_words) > len(best.split()) and wanted <= {w.casefold() for w in other_words}:
            best = " ".join(other_words)
    return best


def _nearest_before(entities: list[Span], i: int) -> Span | None:
    found = None
    for ent in entities:
        if ent.end > i:
            break
        found = ent
    return found


def _group_before(index: DocIndex, token: Token) -> Token | None:
    """What ``they`` stands for: the nearest subject before it, in its sentence or the one
    before, that names a group: an organisation, a nationality, a plural or collective noun
    (``Clinton's campaign is seeking ... what they call``)."""
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
            "Plur" in candidate.morph.get("Number") or candidate.lemma_ in GROUP_NOUNS
        ):
            return candidate
    return None


def _title_words(index: DocIndex, ent: Span) -> set[str]:
    """Lower-cased words naming an entity and its title: North Korean leader Kim Jong-un."""
    words = {t.lower_ for t in ent}
    head = ent.root
    words.update(t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod", "nmod"))
    for t in index.doc[max(0, ent.start - 4) : ent.start]:
        words.add(t.lower_)
    for child in head.children:
        if child.dep_ == "appos":
            words.update(t.lower_ for t in child.subtree)
    return words


def entity_name(index: DocIndex, ent: Span) -> str:
    """A named speaker as it should read: people in full, organisations without ``Seoul's``."""
    if ent.label_ == "PERSON":
        return canonical_person(index, ent)
    if ent.label_ == "ORG" and len(ent) > 2 and ent[1].lower_ in ("'s", "’s"):
        return ent[2:].text
    return ent.text


def resolve(index: DocIndex, token: Token) -> str:
    """The name a speaker mention refers to."""
    ent = index.entity_of.get(token.i)
    if ent is not None:
        return entity_name(index, ent)
    if token.lemma_.lower() in REPORT_NOUNS:  # the KCNA report said -> KCNA
        for child in token.lefts:
            named = index.entity_of.get(child.i)
            if named is not None and named.label_ in NAME_LABELS:
                return entity_name(index, named)
    lower = token.lower_
    if lower in MALE_FEMALE:
        subject = token.dep_ in SUBJECT_DEPS
        antecedent = index.nearest_person(token.i, pronoun_gender(lower), subject)
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
    if token.pos_ == "NOUN" and any(c.lower_ == "the" for c in token.lefts):
        for candidate in reversed(index.named):
            if candidate.end > start:
                continue
            if token.lemma_.lower() in _title_words(index, candidate):
                return entity_name(index, candidate)
        if token.lemma_.lower() in PERSON_NOUNS:
            antecedent = index.nearest_person(token.i, None)
            if antecedent is not None:
                return canonical_person(index, antecedent)
    return text


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


def make_attribution(
    index: DocIndex, subject: Token, cue: str | None, cited: Token | None
) -> Attribution:
    start, end = mention_bounds(index, subject)
    doc = index.doc
    speaker = resolve(index, subject)
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
            reporter = subject_of(current)
            if reporter is not None and reporter.i != subject.i and index.outside(reporter):
                return reporter, cue_text(current)
    for token in context if loose else ():
        if token.i != verb.i and token.lemma_ in REPORT_LEMMAS and index.outside(token):
            reporter = subject_of(token)
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
    return token.pos_ == "NOUN" and token.lemma_.lower() in PERSON_NOUNS


def _quote_verb_with_subject(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 1: the quote opens with a verb whose subject stands just before the quote."""
    for token in quote[:3]:
        if token.pos_ not in ("VERB", "AUX") or index.quoted[token.i] is False:
            continue
        subject = subject_of(token)
        if subject is None or subject.i >= quote.start or not index.outside(subject):
            continue
        if not index.near(subject, quote):
            continue
        context = index.doc[token.sent.start : token.sent.end]
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


def _anchors(quote: Span) -> list[Token]:
    """The tokens of a quote that attach to the sentence around it."""
    return [t for t in quote if not (quote.start <= t.head.i < quote.end) or t.head.i == t.i]


def _climb_to_cue(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 2: the nearest cue verb above the quote in the tree, outside any quote."""
    for anchor in _anchors(quote):
        current = anchor
        while True:
            # the cue may sit inside another quote (“emphasized the need”): its subject may not
            if current.lemma_ in CUE_LEMMAS and current.pos_ in ("VERB", "AUX"):
                subject = subject_of(current)
                if subject is not None and index.outside(subject) and index.near(subject, quote):
                    context = index.doc[current.sent.start : current.sent.end]
                    reporter = _reporter_above(index, current, subject, context)
                    cited = reporter and reporter[0]
                    return make_attribution(index, subject, cue_text(current), cited)
            if current.head.i == current.i:
                break
            current = current.head
    return None


def sentences_of(quote: Span) -> Span:
    doc = quote.doc
    return doc[quote[0].sent.start : quote[-1].sent.end]


def _adjacent_name(index: DocIndex, cue: Token, quote: Span) -> Token | None:
    """A name right next to a cue whose parse lost its subject: ``…,” Flynn, a top Trump
    surrogate, said`` or ``said Mr. Burman``."""
    doc = index.doc
    lower = quote.end if cue.i > quote.end else max(0, cue.i - 8)
    window = [*range(cue.i - 1, max(lower, cue.i - 8) - 1, -1), *range(cue.i + 1, cue.i + 4)]
    for i in window:
        if not 0 <= i < len(doc) or not index.outside(doc[i]):
            continue
        token = doc[i]
        ent = index.entity_of.get(i)
        if (ent is not None and ent.label_ in NAME_LABELS) or token.lower_ in MALE_FEMALE:
            return ent.root if ent is not None else token
    return None


def _cue_with_subject(index: DocIndex, quote: Span, tokens: Iterable[Token]) -> Attribution | None:
    """The first cue verb among ``tokens`` (outside quotes) with a subject near the quote."""
    for cue in tokens:
        if cue.lemma_ not in CUE_LEMMAS or cue.pos_ not in ("VERB", "AUX"):
            continue
        if not index.outside(cue):
            continue
        subject = subject_of(cue)
        if subject is None or not index.outside(subject):
            subject = _adjacent_name(index, cue, quote)
        if subject is not None and index.outside(subject) and index.near(subject, quote):
            return make_attribution(index, subject, cue_text(cue), None)
    return None


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
    for token in doc[i : doc[i].sent.end]:
        if token.is_quote or "\n" in token.text:
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
    if according is not None:
        return make_attribution(index, according, "according to", None)
    return _cue_with_subject(index, quote, _trailing_clause(index, quote))


def climb_to_actor(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 3c: no cue at all, but the quote sits in a clause whose subject is a person or an
    organisation: ``Reid has been pounding Trump as a “con artist”``."""
    for anchor in _anchors(quote):
        current = anchor
        while current.head.i != current.i:
            current = current.head
            if current.pos_ not in ("VERB", "AUX") or not index.outside(current):
                continue
            subject = subject_of(current)
            if subject is None or not index.outside(subject) or not index.near(subject, quote):
                continue
            ent = index.entity_of.get(subject.i)
            if is_person(index, subject) or (ent is not None and ent.label_ in NAME_LABELS):
                return make_attribution(index, subject, cue_text(current), None)
            break
    return None


def in_sentence(index: DocIndex, quote: Span) -> Attribution | None:
    """Rules 1 to 3: the speaker named in the quote's own sentences by a cue verb or
    ``according to``."""
    return (
        _quote_verb_with_subject(index, quote)
        or _climb_to_cue(index, quote)
        or _nearest_cue(index, quote)
    )
