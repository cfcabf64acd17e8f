"""Who said a quote: cue verbs, "according to", the dependency tree and simple coreference.

Everything here reads the parse spaCy already made; there is no extra model. The rules, in the
order they are tried for one quoted passage:

1. The quote starts with the verb of a clause whose subject stands just before it
   (``the North Korean leader “emphasized the need …”``): the subject is the speaker when the
   verb is a cue verb or the subject is a person (``Kim “acquainted himself …”``).
2. Climbing the tree from the quote reaches a cue verb outside any quote: its subject is the
   speaker (``Seoul's Joint Chiefs of Staff called … a potential “demonstration …”``).
3. A cue verb elsewhere in the quote's sentences, nearest first (parses that attach ``he
   said`` loosely; a name next to the cue when the parse lost its subject), then
   ``according to X``; a dash signature (``“…” ― Name``); the person or organisation subject
   of the clause holding the quote; the first name of a headline holding it.
4. The speaker of the previous quote in the paragraph (``“…,” he said. “…”``) or, for a quote
   opening the next paragraph, of the last one; or of a sentence ending in a colon just before
   the quote (``Pence said: “…”``).

A reporter the speaker is quoted through (``according to the KCNA``, ``KCNA reported``) becomes
the cited source. Pronouns and definite nominals (``he``, ``the North Korean leader``) resolve
to the nearest earlier entity that fits, and a short name to the fullest earlier form of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.nlp.quote_marks import QuotedPassage, title_cased


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
    characterize dismiss mock ridicule attack defend blame cite quote
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

    def outside(self, token: Token) -> bool:
        return not self.quoted[token.i]

    def near(self, token: Token, quote: Span) -> bool:
        """Whether ``token`` stands in the paragraph of the quote (a speaker never crosses one)."""
        text = self.doc.text
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
        antecedent = _nearest_before(index.persons, token.i)
        return canonical_person(index, antecedent) if antecedent is not None else token.text
    if lower == "it":
        orgs = [e for e in index.named if e.label_ == "ORG"]
        antecedent = _nearest_before(orgs, token.i)
        return entity_name(index, antecedent) if antecedent is not None else token.text
    start, end = mention_bounds(index, token)
    text = index.doc[start:end].text
    if token.pos_ == "NOUN" and any(c.lower_ == "the" for c in token.lefts):
        for candidate in reversed(index.named):
            if candidate.end > start:
                continue
            if token.lemma_.lower() in _title_words(index, candidate):
                return entity_name(index, candidate)
        if token.lemma_.lower() in PERSON_NOUNS:
            antecedent = _nearest_before(index.persons, token.i)
            if antecedent is not None:
                return canonical_person(index, antecedent)
    return text


def _cue_text(verb: Token) -> str:
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


def _make(index: DocIndex, subject: Token, cue: str | None, cited: Token | None) -> Attribution:
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
                return reporter, _cue_text(current)
    for token in context if loose else ():
        if token.i != verb.i and token.lemma_ in REPORT_LEMMAS and index.outside(token):
            reporter = subject_of(token)
            named = index.entity_of.get(token.i - 1)
            if (reporter is None or reporter.i == subject.i) and named is not None:
                reporter = named.root  # “...” state-run Korean Central News Agency reported
            if reporter is not None and reporter.i != subject.i and index.outside(reporter):
                return reporter, _cue_text(token)
    return None


def _is_person(index: DocIndex, token: Token) -> bool:
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
            return _make(index, subject, _cue_text(token), reporter and reporter[0])
        if _is_person(index, subject):
            # a person's deed in the reporter's quoted words: Kim “acquainted himself ...”
            reporter = _reporter_above(index, token, subject, context, loose=True)
            cue = reporter[1] if reporter else None
            return _make(index, subject, cue, reporter and reporter[0])
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
                    return _make(index, subject, _cue_text(current), reporter and reporter[0])
            if current.head.i == current.i:
                break
            current = current.head
    return None


def _sentences_of(quote: Span) -> Span:
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


def _nearest_cue(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 3: any cue verb of the quote's sentences with a subject, nearest first."""
    context = _sentences_of(quote)
    cues = [
        t
        for t in context
        if t.lemma_ in CUE_LEMMAS and t.pos_ in ("VERB", "AUX") and index.outside(t)
    ]
    cues.sort(key=lambda t: min(abs(t.i - quote.start), abs(t.i - quote.end)))
    for cue in cues:
        subject = subject_of(cue)
        if subject is None or not index.outside(subject):
            subject = _adjacent_name(index, cue, quote)
        if subject is not None and index.outside(subject) and index.near(subject, quote):
            return _make(index, subject, _cue_text(cue), None)
    according = _according_to(index, context)
    if according is not None:
        return _make(index, according, "according to", None)
    return None


def _signature(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 3b: a quote signed with a dash: ``“…” ― Pamela Padilla``."""
    doc = index.doc
    i = quote.end
    while i < len(doc) and (doc[i].is_quote or doc[i].is_space):
        i += 1
    if i + 1 < len(doc) and doc[i].text in DASHES:
        ent = index.entity_of.get(i + 1)
        if ent is not None and ent.label_ == "PERSON" and ent.start == i + 1:
            return _make(index, ent.root, None, None)
    return None


def _climb_to_actor(index: DocIndex, quote: Span) -> Attribution | None:
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
            if _is_person(index, subject) or (ent is not None and ent.label_ in NAME_LABELS):
                return _make(index, subject, _cue_text(current), None)
            break
    return None


def _headline(index: DocIndex, quote: Span, passage: QuotedPassage) -> Attribution | None:
    """Rule 3d: a quote in a headline belongs to the headline's first name
    (Black Lawmakers Rip Donald Trump As A ‘Disgusting Fraud.’)."""
    text = index.doc.text
    start = text.rfind("\n", 0, passage.start) + 1
    end = text.find("\n", passage.end)
    if not title_cased(text[start : end if end >= 0 else len(text)]):
        return None
    for token in index.doc[quote[0].sent.start : quote.start]:
        if token.idx < start or not index.outside(token):
            continue
        ent = index.entity_of.get(token.i)
        if token.dep_ == "nsubj" or (ent is not None and ent.label_ in NAME_LABELS):
            return _make(index, token, None, None)
    return None


def _colon_lead_in(index: DocIndex, quote: Span) -> Attribution | None:
    """Rule 4b: ``Pence said:`` ending the sentence right before the quote."""
    first = quote[0].sent
    if first.start == 0:
        return None
    before = index.doc[first.start - 1].sent
    tail = [t for t in before if not t.is_space]
    if not tail or tail[-1].text != ":":
        return None
    for token in before:
        if token.lemma_ in CUE_LEMMAS and index.outside(token):
            subject = subject_of(token)
            if subject is not None and index.outside(subject):
                return _make(index, subject, _cue_text(token), None)
    return None


def attribute(
    index: DocIndex, passage: QuotedPassage, previous: Attribution | None
) -> Attribution | None:
    """The speaker of one quoted passage; ``previous`` is the last quote's in its paragraph."""
    quote = index.doc.char_span(passage.start, passage.end, alignment_mode="expand")
    if quote is None or len(quote) == 0:
        return None
    found = (
        _quote_verb_with_subject(index, quote)
        or _climb_to_cue(index, quote)
        or _nearest_cue(index, quote)
        or _signature(index, quote)
        or _climb_to_actor(index, quote)
        or _headline(index, quote, passage)
    )
    if found is None and previous is not None:
        return previous
    return found or _colon_lead_in(index, quote)
