"""Analyze: one spaCy pass per article, then every analysis component over its Doc.

Each component declares the kind of record it produces and a version; its output is stored per
article as JSON. An article is analysed again only when a component's version changes, so a
rerun after a crash picks up exactly the articles that were not committed.

One article's failure never stops the others (spaCy's error-handler idea): it is recorded as a
``failed`` analysis with its reason, listed among the rejections, and not tried again until a
component's version changes, so a store never fails forever on one article.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, groupby, islice
from typing import TYPE_CHECKING, Any

from storyline.errors import input_reason
from storyline.ingest import budget
from storyline.model import (
    Article,
    LanguageScope,
    Rejection,
    TimeRef,
    from_jsonable,
    to_jsonable,
)
from storyline.nlp.docview import view_of
from storyline.store.base import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.nlp.participants import MentionIndex

BATCH = 32
PARALLEL_FROM = 200  # articles; below this a second spaCy process costs more than it saves
# Articles a worker claims at a time (``analyze_pending``): enough for the second spaCy process
# and for eight Ray tasks, few enough that workers sharing a store share a stream.
CLAIM_BATCH = 256
FAILED = "failed"  # the kind of analysis that records why an article could not be analysed
ENTITY_PIPES = ("ner",)  # the pipes that find entities only (``unread_pipes``)
# Runs without white space longer than this are not words (emoji walls, base64, minified
# scripts); spaCy's tokenizer splits them one affix at a time, in time quadratic in their length.
MAX_RUN_CHARS = 100
LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")

log = logging.getLogger(__name__)


class Parsed:
    """One article and its Doc, with mentions found once and shared by the components.

    ``scope`` says what its language allows: the kinds it lists as skipped are not run.
    """

    def __init__(self, doc: Doc, article: Article, scope: LanguageScope | None = None) -> None:
        self.doc = doc
        self.article = article
        self.scope = scope or LanguageScope(article.language, None)
        self._mentions: list[Any] | None = None

    @property
    def mentions(self) -> list[Any]:
        if "mentions" in self.scope.skipped:
            return []
        if self._mentions is None:
            from storyline.nlp.entities.entities import find_mentions

            self._mentions = find_mentions(self.doc, self.article.id)
        return self._mentions

    @cached_property
    def timexes(self) -> list[TimeRef]:
        """The time expressions, resolved against the article's date, found once for the
        timexes and the events."""
        from storyline.nlp.language import ENGLISH
        from storyline.nlp.time.timexes import find_timexes

        anchor = self.article.published.date
        day_first = self.article.language not in (None, ENGLISH)  # 4/5/2020: the 4th of May
        return find_timexes(self.doc, anchor, self.article.id, day_first)

    @cached_property
    def mention_index(self) -> MentionIndex:
        """The mentions by token, built once for the claims and the events."""
        from storyline.nlp.participants import MentionIndex

        return MentionIndex(self.doc, self.mentions)


@dataclass(frozen=True)
class Component:
    """An analysis over one parsed article: produces ``kind`` records, stored per article."""

    kind: str
    version: str
    run: Callable[[Parsed], Any]
    entities: bool = True  # reads spaCy's entities; else none is found for it (``unread_pipes``)


def unread_pipes(components: Sequence[Component]) -> tuple[str, ...]:
    """The pipes whose annotations none of these components reads, left out of their parse:
    the entity recogniser (about 40 % of the small English model's time on news text) when
    no component reads entities, as when ``reanchor`` resolves time expressions again. The
    tagger, parser and lemmas do not depend on it: their annotations are the same."""
    return () if any(c.entities for c in components) else ENTITY_PIPES


def _timexes(parsed: Parsed) -> Any:
    """Time expressions, with the anchor they were resolved against (see ``reanchor``)."""
    anchor = parsed.article.published.date
    return {
        "anchor": anchor.isoformat() if anchor else None,
        "items": to_jsonable(parsed.timexes),
    }


def _quotes(parsed: Parsed) -> Any:
    from storyline.nlp.quotes.quotes import find_quotes

    return to_jsonable(find_quotes(parsed.doc, parsed.article.id))


def _claims(parsed: Parsed) -> Any:
    from storyline.nlp.claims.claims import find_claims

    return to_jsonable(find_claims(parsed.doc, parsed.article.id, mentions=parsed.mention_index))


def _mentions(parsed: Parsed) -> Any:
    return to_jsonable(parsed.mentions)


def _events(parsed: Parsed) -> Any:
    from storyline.nlp.events import find_events

    return to_jsonable(
        find_events(
            parsed.doc, parsed.article.id, mentions=parsed.mention_index, timexes=parsed.timexes
        )
    )


def _features(parsed: Parsed) -> Any:
    from storyline.analyze.features import article_features
    from storyline.nlp.language import ENGLISH

    article = parsed.article
    # lemma and entity views only from the English model: the same vocabulary in every store;
    # other languages get the language-neutral views (surface tokens, stems, capitalised runs)
    english = parsed.scope.language in (None, ENGLISH) and parsed.scope.pipeline is not None
    doc = parsed.doc if english else None
    language = None if english else parsed.scope.language
    return article_features(
        article.id, article.title, article.text, article.published.date, doc, language
    ).to_dict()


def _scope(parsed: Parsed) -> Any:
    return to_jsonable(parsed.scope)


# version 2: counts are no years ("не менее 1998 кубических см"); day-first slashed dates
# outside English; version 3: dates written year first ("2020/7/11", "2020年7月11日")
TIMEXES = Component("timexes", "3", _timexes, entities=False)
# mentions 2 (and the claims and events that read them): the country gazetteer covers the
# world ("Kenyan" is Kenya, "Nairobi" its capital); claims 6: "9/11" is a day, no fraction,
# and a pronoun stands only for someone the article shows to be a person, a name is neither
# cut nor opened by a sentence's first word ("Without Bloomberg"); events 3: acts only
# planned, refused or done by no one are no events, and the pronoun rule; quotes 3: titles and
# names are no quotes, places speak only with a verb of saying, TeX-style marks (``…'') open;
# events 4: an event carries the time of its own clause (``Event.time``); quotes 5: a report
# is only an owner written with it; claims 9: ``the team`` is the organisation named as a
# subject just before, a counted plural claims nothing; quotes 6: a count or share, a thing
# lending its clause to a verb of saying, an unresolved pronoun and the one a naming verb
# names are no speakers; a title cut off before ``and`` is its name's; claims 10: a
# possessive names the counted thing's doer; quotes 7: a speaker's name without the period
# the tagger took into it; quotes 8: ``the company`` speaks for the one organisation a clause
# just before makes its subject, ``the statement`` for the author its introduction credits;
# claims 11: ``the company`` as a claimant the same; ``the campaign`` stands for no organisation;
# claims 12: ``He`` after a one-word name the tagger took for no person stands for no one named;
# quotes 9: a gathering or count of people (``a chorus of``, ``hundreds of``) speaks as its people;
# quotes 10: titles a list gives as examples (``including``, ``like``, ``such as``) are no quotes
# quotes 11: a statement's author may be untyped, a place or a description holding a name
# claims 13: ``according to X`` gives no claimant when the parse found X in the next paragraph
# quotes 12: a party label's state (``Paul Ryan, R-Wis.,``) speaks as the person it labels
# claims 14: ``the 400 block of East 15th Avenue`` is an address, not a count of blocks
# features 2: a word keeps its combining marks (Gujarati, Hindi, Thai vowel signs), and an
# article in another language drops that language's stop words too
# claims 15: figures in parentheses after a name (``Rahman (45-7-2, 36 KOs)``) are the name's
# mentions 3: a person's name ends before a lower-case preposition or ``and``
# mentions 4: a title the tagged span held is said once; court and police roles are titles
# quotes 13, claims 16, events 5: a pronoun takes up the person described, not a name in the
# description (``Lesley Deutch, a vice president … of John Burns Real Estate Consulting``)
# quotes 14: a speaker's name ends where a person's mention ends (``Juan "Chico" Manriquez of``)
# quotes 15, claims 17, events 6: ... and the person a relative clause describes (``Jillian
# Soto, who lost her sister Victoria``), even where the name in it has the pronoun's gender
# quotes 16: a fuller form of a speaker's name writes its words in order (a headline's ``Clinton
# Cash Debunks Hillary`` is no form of Hillary Clinton)
COMPONENTS: tuple[Component, ...] = (
    TIMEXES,
    Component("quotes", "16", _quotes),
    Component("claims", "17", _claims),
    Component("mentions", "4", _mentions),
    Component("events", "6", _events),
    Component("features", "2", _features),
    Component("scope", "1", _scope),
)
SCOPE = COMPONENTS[-1]


def signature(components: Sequence[Component]) -> str:
    """The component versions an analysis (or a failure) was made with."""
    return ",".join(f"{c.kind}:{c.version}" for c in components)


def pending(store: Store, components: Sequence[Component] = COMPONENTS) -> list[Article]:
    """Articles that lack the current version of at least one component's analysis, except
    those that already failed with these component versions, ordered by source path then id.
    The store finds them (``Store.unanalysed_ids``): a run reads only the articles to
    analyse, not every stored article and every version."""
    versions = {c.kind: c.version for c in components}
    ids = store.unanalysed_ids(versions, (FAILED, signature(components)))
    found = {a.id: a for a in store.ingested_articles_with(ids)} if ids else {}
    return [found[i] for i in ids if i in found]


def unfinished(
    store: Store, articles: Sequence[Article], components: Sequence[Component] = COMPONENTS
) -> list[Article]:
    """Those of ``articles`` that are pending (see ``pending``), as the store has them now."""
    versions = {c.kind: c.version for c in components}
    failed = (FAILED, signature(components))
    left = set(store.unanalysed_ids(versions, failed, [a.id for a in articles]))
    return [article for article in articles if article.id in left]


# (article_id, kind, version, payload): one stored analysis, exactly as put_analysis takes it
Result = tuple[str, str, str, Any]
# articles, components -> each article's results, one list per article, in any order
Analyser = Callable[[Sequence[Article], Sequence[Component]], Iterator[list[Result]]]


def analysis_text(text: str) -> str:
    """The text spaCy reads: runs without white space over ``MAX_RUN_CHARS`` become spaces
    of the same length, so every offset still points into the article's text."""
    return LONG_RUN.sub(lambda run: " " * len(run.group()), text)


def analysis_results(
    articles: Iterable[Article], components: Sequence[Component] = COMPONENTS, processes: int = 1
) -> Iterator[list[Result]]:
    """The spaCy pass and the components over ``articles``: each article's results, in order.

    ``articles`` may be a stream, read as spaCy takes texts in (``analyze_pending`` claims
    them as it goes); a run of fewer than ``PARALLEL_FROM`` articles in one language is
    parsed on one process.

    Pure (reads no store, writes none), so the local path and the Ray workers
    (``storyline.scale``) run this same code and store the same payloads. Each run of articles
    in one language goes through that language's pipeline, or through a bare tokenizer when
    none is installed (``storyline.nlp.language``); a kind the language's scope skips is stored
    as an empty list. An article that spaCy or a component fails on gets one ``FAILED``
    result instead of its analyses; when spaCy fails inside a batch, the article at hand is
    parsed alone and the pass goes on.
    """
    from storyline.nlp.language import neutral_nlp, pipeline_for, scope_of

    for scope, run in groupby(articles, key=lambda article: scope_of(article.language)):
        stream = iter(run)
        head = list(islice(stream, PARALLEL_FROM))
        nlp = (pipeline_for(scope.language) if scope.pipeline else None) or neutral_nlp()
        processes_here = processes if len(head) >= PARALLEL_FROM else 1
        yield from _scope_results(nlp, chain(head, stream), scope, components, processes_here)


def _scope_results(
    nlp: Any,
    articles: Iterable[Article],
    scope: LanguageScope,
    components: Sequence[Component],
    processes: int,
) -> Iterator[list[Result]]:
    """The results of articles in one language scope, from one spaCy stream over them; one
    bad article fails alone.

    On more than one process, each forked worker parses a batch of articles and runs the
    components over its Docs, and only the results come back (``parallel.forked_stream``):
    the components share both cores with the parse, and no Doc is serialised to cross
    processes, as spaCy's own ``n_process`` does (issue 14)."""
    if processes > 1:
        from storyline.parallel import forked_stream, tapered_batches

        def batch_results(batch: list[Article]) -> list[list[Result]]:
            return list(_scope_results(nlp, batch, scope, components, 1))

        batches = tapered_batches(articles, BATCH, processes)
        for results in forked_stream(batch_results, batches, processes):
            yield from results
        return
    from storyline.nlp.language import parse

    remaining: Iterator[Article] = iter(articles)
    while True:
        # the articles spaCy has taken in and not yet returned, in order (it reads ahead)
        taken: deque[Article] = deque()
        feed = _Feed(remaining, taken)
        try:
            texts = (_text_for(nlp.max_length, a) for a in feed)
            for doc in parse(nlp, texts, unread_pipes(components)):
                yield _component_results(taken.popleft(), doc, scope, components)
            return
        except Exception:  # one bad article fails its batch: parse it alone, go on after it
            if feed.failed or not taken:  # the stream itself failed (a claim), not spaCy
                raise
            yield _parsed_alone(nlp, taken.popleft(), scope, components)
            remaining = chain(list(taken), remaining)


class _Feed:
    """The articles of a stream, each noted in ``taken`` as spaCy reads it; ``failed`` says
    whether reading the stream raised (an error of the store, not of the article)."""

    def __init__(self, articles: Iterator[Article], taken: deque[Article]) -> None:
        self.articles = articles
        self.taken = taken
        self.failed = False

    def __iter__(self) -> Iterator[Article]:
        while True:
            try:
                article = next(self.articles)
            except StopIteration:
                return
            except Exception:
                self.failed = True
                raise
            self.taken.append(article)
            yield article


def _text_for(max_length: int, article: Article) -> str:
    """What spaCy parses for an article; an empty text stands in for one over spaCy's limit
    (stores written before ingest cut long articles hold such texts), which then fails."""
    return "" if len(article.text) > max_length else analysis_text(article.text)


def _component_results(
    article: Article, doc: Doc, scope: LanguageScope, components: Sequence[Component]
) -> list[Result]:
    """Every component's result for one parsed article, or its one ``FAILED`` result."""
    if len(article.text) > len(view_of(doc).text):
        problem = f"ValueError: text of {len(article.text):,} characters is over spaCy's limit"
        return [_failure(article, components, problem)]
    parsed = Parsed(doc, article, scope)
    try:
        with budget.time_budget(budget.ARTICLE_SECONDS):
            return [(article.id, c.kind, c.version, _run(c, parsed)) for c in components]
    except budget.OverBudget:
        problem = f"analysis took over its {budget.ARTICLE_SECONDS:g}-second budget"
        return [_failure(article, components, problem)]
    except Exception as exc:  # one article's failure is recorded, the batch goes on
        return [_failure(article, components, _described(exc))]


def _parsed_alone(
    nlp: Any, article: Article, scope: LanguageScope, components: Sequence[Component]
) -> list[Result]:
    from storyline.nlp.language import parse

    try:
        (doc,) = parse(nlp, [_text_for(nlp.max_length, article)], unread_pipes(components))
    except Exception as exc:  # spaCy itself cannot take this text
        return [_failure(article, components, _described(exc))]
    return _component_results(article, doc, scope, components)


def _failure(article: Article, components: Sequence[Component], problem: str) -> Result:
    log.warning("analysis of article %s failed: %s", article.id, problem)
    return (article.id, FAILED, signature(components), {"reason": problem})


def _described(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:160]}" if message else type(exc).__name__


def _run(component: Component, parsed: Parsed) -> Any:
    return [] if component.kind in parsed.scope.skipped else component.run(parsed)


def article_scope(store: Store, article_id: str) -> LanguageScope | None:
    """The stored scope of an article's analysis; None before it is analysed."""
    stored = store.analysis(article_id, SCOPE.kind, SCOPE.version)
    return from_jsonable(LanguageScope, stored) if stored is not None else None


def local_results(
    articles: Sequence[Article], components: Sequence[Component]
) -> Iterator[list[Result]]:
    """This machine: both cores parse when there is enough work to pay for a second process."""
    processes = 2 if len(articles) >= PARALLEL_FROM else 1
    return analysis_results(articles, components, processes)


# Which analyser runs: local unless a caller chose another for a block of work, e.g.
# ``with storyline.scale.ray_analysis(): run(...)``; a context variable, so the stages
# (runner, link, watch) need not pass it along.
ANALYSER: ContextVar[Analyser] = ContextVar("analyser", default=local_results)


def analyze_articles(
    store: Store,
    articles: Sequence[Article],
    components: Sequence[Component] = COMPONENTS,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Run the spaCy pass and the components; commit each article's results together."""
    by_id = {article.id: article for article in articles}
    done = 0
    for _ in _committed(store, ANALYSER.get()(articles, components), by_id):
        done += 1
        if progress:
            progress("analyze", done, len(articles))
    return done


def _committed(
    store: Store, results: Iterable[list[Result]], by_id: dict[str, Article]
) -> Iterator[str]:
    """Commit each article's results together (a failure with its rejection); yield its id."""
    for article_results in results:
        with store.transaction():
            for article_id, kind, version, payload in article_results:
                store.put_analysis(article_id, kind, version, payload)
                if kind == FAILED:
                    store.add_rejection(failure_rejection(by_id[article_id], payload["reason"]))
        yield article_results[0][0]


def failure_rejection(article: Article, problem: str) -> Rejection:
    """How an article that could not be analysed is listed among the rejections."""
    reason = input_reason("E144", article=article.id[:12], error=problem)
    return Rejection(article.source_path, reason, b"")


def reanchor(store: Store, article_ids: Sequence[str] | None = None) -> int:
    """Resolve time expressions again where an article's date became known after analysis.

    Dates completed from a story (``storyline.link.story_dates.resolve_dates``) arrive after the
    first analysis; "on Tuesday" in such an article can only be resolved now. Resolving a
    time expression needs its parse (tense, the expression before it), so this re-runs the
    time component; the runner calls it right after linking, with the articles whose
    publication the link stage changed (None: every article).
    """
    stale = []
    articles = store.articles() if article_ids is None else store.articles_with(article_ids)
    for article in articles:
        stored = store.analysis(article.id, TIMEXES.kind, TIMEXES.version)
        anchor = article.published.date.isoformat() if article.published.date else None
        if stored is not None and stored["anchor"] != anchor:
            stale.append(article)
    return analyze_articles(store, stale, (TIMEXES,)) if stale else 0


def analyze_pending(store: Store, progress: Callable[[str, int, int], None] | None = None) -> int:
    """Analyse every article that is not analysed yet by the current components; return how
    many this call analysed.

    Workers that share a store (several ``analyze`` or ``watch`` processes, on one machine or
    many, on one PostgreSQL database) split the work instead of repeating it: a worker claims
    each run of ``CLAIM_BATCH`` pending articles (``Store.claimed``) as its analysis reaches
    it, analyses those of them still pending once claimed (another worker may have finished
    them meanwhile), commits each article and lets go of the run once all of it is committed.
    It skips the articles other workers hold, then waits for them to let go and analyses
    whatever they left unfinished (a worker that died), so it returns with every article
    analysed, each by one worker.

    On this machine the claimed runs feed one spaCy stream: its processes start once per run,
    not once per claimed run, and none waits at a run's end for the other to finish (issue 14).
    Another analyser (Ray) takes a claimed run at a time.
    """
    todo = pending(store)
    if not todo:  # nothing to parse: spaCy is not even imported (issue 14)
        return 0
    by_id = {article.id: article for article in todo}
    analyser = ANALYSER.get()
    done = 0
    streams: Iterable[Iterator[list[Result]]]
    with _ClaimedRuns(store, todo) as claims:
        if analyser is local_results:
            processes = 2 if len(todo) >= PARALLEL_FROM else 1
            streams = [analysis_results(claims.articles(), COMPONENTS, processes)]
        else:
            streams = (analyser(run, COMPONENTS) for run in claims.runs())
        for stream in streams:
            for article_id in _committed(store, stream, by_id):
                claims.committed(article_id)
                done += 1
                if progress:
                    progress("analyze", done, len(todo))
        held_elsewhere = claims.held_elsewhere
    if held_elsewhere:
        log.info("waiting for other workers to finish %d articles", len(held_elsewhere))
        with store.claimed([article.id for article in held_elsewhere], wait=True):
            done += _analyze_unfinished(store, held_elsewhere)
    if progress and todo:
        progress("analyze", len(todo), len(todo))
    return done


class _ClaimedRuns:
    """The pending articles, claimed a run of ``CLAIM_BATCH`` at a time as they are read; a
    run's claim is let go once each of its articles is committed, or when the block ends."""

    def __init__(self, store: Store, todo: Sequence[Article]) -> None:
        self.store = store
        self.todo = todo
        self.held_elsewhere: list[Article] = []
        self._open: deque[tuple[set[str], ExitStack]] = deque()  # ids not yet committed

    def __enter__(self) -> _ClaimedRuns:
        return self

    def __exit__(self, *_: object) -> None:
        while self._open:
            self._open.popleft()[1].close()

    def runs(self) -> Iterator[list[Article]]:
        """Each run's articles that this worker holds and no worker has finished yet."""
        for start in range(0, len(self.todo), CLAIM_BATCH):
            run = self.todo[start : start + CLAIM_BATCH]
            claim = ExitStack()
            mine = set(claim.enter_context(self.store.claimed([a.id for a in run])))
            self.held_elsewhere += [article for article in run if article.id not in mine]
            ours = unfinished(self.store, [article for article in run if article.id in mine])
            self._open.append(({article.id for article in ours}, claim))
            self._let_go()
            yield ours

    def articles(self) -> Iterator[Article]:
        """The articles of ``runs``, one stream."""
        return chain.from_iterable(self.runs())

    def committed(self, article_id: str) -> None:
        """``article_id``'s results are committed: let go of the runs now all committed."""
        for left, _claim in self._open:
            if article_id in left:
                left.discard(article_id)
                break
        self._let_go()

    def _let_go(self) -> None:
        while self._open and not self._open[0][0]:
            self._open.popleft()[1].close()


def _analyze_unfinished(store: Store, articles: Sequence[Article]) -> int:
    """Analyse those of the claimed ``articles`` that no worker has finished yet."""
    batch = unfinished(store, articles)
    return analyze_articles(store, batch, COMPONENTS) if batch else 0
