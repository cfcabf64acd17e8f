"""Who a reported fact rests on, and how many independent sources a group of reports has.

Two articles are not two sources when one rewrites the other or both run the same wire copy:
the ``independence`` mapping (article id -> group id, from ``storyline.link.derivation``) puts
them in one *reporting line*. And reports of different lines are still one source when they
all pass on the same upstream: four outlets quoting the KCNA give one source, the KCNA.

Names of upstream sources are unified per story: ``Korean Central News Agency``,
``Pyongyang's state-controlled Korean Central News Agency (KCNA)`` and ``KCNA`` are one
source. A generic reference (``state media``, ``Asian media``) is taken to be the one named
upstream of its group when the group has exactly one, or the one medium the story names at
all when the group names none; otherwise it stays with its article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from storyline.model import Article, Verdict
from storyline.nlp.speaking_nouns import BODY_NOUNS, GROUP_NOUNS, ROLE_NOUNS
from storyline.reconcile.text import name_key

REPORTING_LINE = "line:"  # prefix of a source key that stands for an article's reporting line
GENERIC = "generic:"  # prefix of a source key for an unnamed upstream ("state media")
# lower-case words that make a name a reference to media rather than a person or a body;
# written in lower case they are generic ("state media"), capitalised they name one
_MEDIA_WORDS = """
media agency agencies newspaper newspapers outlet outlets broadcaster television radio press
report reports
"""
MEDIA_WORDS = frozenset(_MEDIA_WORDS.split())
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# the legal form that ends a company's registered name
_COMPANY_SUFFIX = re.compile(r"\b(?:Co|Corp|Inc|Ltd|PLC|LLC|Cos)\.?$")
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z]*[A-Z])\)")
_LEADING = re.compile(
    r"^(?:(?:the|a|an|official|state|state-run|state-controlled|state-owned|north's|"
    r"\w+'s|\w+’s)\s+)+",
    re.IGNORECASE,
)


# words that stand in a speaker's or source's place without naming one: pronouns, time words,
# page furniture and the leads of a sentence that a parse took for its subject
_NOT_A_NAME = """
i we you he she it they one this that these those who which what someone anyone everyone
none nobody some many most few several all both each either neither others other another
in on at of for by from with to as and or but if when where while here there
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
january february march april may june july august september october november december
morning afternoon evening night week weekend month year day time
god hide show grab image images photo photos picture pictures video videos caption copyright
translation transcript audio live updates update advertisement share comments comment
read more click subscribe loading related getty reuters/ ap/ exit average data slide
percent percentage per cent majority minority half third quarter poll polls survey study
"""
NOT_A_NAME = frozenset(_NOT_A_NAME.split())
MAX_NAME_WORDS = 8  # longer "names" are clauses a parse ran together ("Trump told the AP ...")
_NUMBER_LEAD = re.compile(r"^(?:just\s+|about\s+|some\s+|nearly\s+)?[\d$£€%]|^\w+-year-old", re.I)
_NUMBER_WORDS = re.compile(
    r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred)[\w-]*\s+(?:percent|per cent|of)\b",
    re.I,
)


def is_source_name(name: str | None) -> bool:
    """Whether a speaker, claimant or cited source names a person, organisation or outlet.

    A name has letters, no line break, a few words, does not open with a figure or an age
    (``59 percent``, ``23-year-old``) and is more than a pronoun, a time word or page furniture
    (``Friday``, ``Image copyright``, ``Live updates``, ``translation``, ``in``): when every
    word of it is such a word, it names no one. Descriptions (``the minister``, ``officials``)
    and media (``state media``) pass: they stand for someone the story may name.
    """
    if not name or "\n" in name or not re.search(r"[^\W\d_]", name):
        return False
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", name.casefold())
    if not words or len(words) > MAX_NAME_WORDS:
        return False
    if _NUMBER_LEAD.match(name.strip()) or _NUMBER_WORDS.match(name.strip()):
        return False
    return not all(w in NOT_A_NAME or w in {"the", "a", "an"} for w in words)


# nouns of a role, not a name: "officials said", "the governor said", "a statement said"
_ROLE_WORDS = """
official officials authority authorities police policeman officer officers governor mayor
minister ministry spokesman spokeswoman spokesperson source sources statement statements
witness witnesses resident residents expert experts analyst analysts investigator
investigators prosecutor prosecutors lawyer lawyers doctor doctors rescuer rescuers worker
workers government army military navy department office team company family families
leader leaders president chief commander the a an his her its their our
"""
ROLE_WORDS = frozenset(_ROLE_WORDS.split())
_PUNCTUATION = "\"'’‘“”.,;:()[]-"


def is_description(name: str) -> bool:
    """Whether a name only describes a role (``officials``, ``the governor``, ``Police``,
    ``a statement``): without a name it is no independent source, and the finding rests on
    the article that reports it. A lower-case phrase is a description too (``the experts``),
    and so is a phrase that opens with a plain lower-case word (``presumptive Republican
    presidential nominee``, ``leading Supreme Court advocate``): a name never does, and never
    ends in one either (``Democratic front-runner``, ``Clinton campaign spokesman``,
    ``Industry experts``: a role with whose or where it is), unless that word is the kind of
    a body it names (``Greek government``, ``Clinton campaign``) after nothing but a name
    (``Dutch chemical group``, ``New York-based company`` describe one). So is a
    body named by its kind alone (``The bank said``, ``Unions say``), which a capital at the
    start of a sentence does not make a name."""
    words = re.findall(r"[^\W\d_]+", name)
    named = [w for w in words if w.casefold() not in {"the", "a", "an"}]
    if not any(w[:1].isupper() for w in named):
        return True
    if len(named) == 1 and _body_word(named[0].casefold()):
        return True
    opening = name.split()[0] if name.split() else ""
    if len(named) > 1 and opening.isalpha() and opening.islower() and opening == named[0]:
        return True
    tokens = [t.strip(_PUNCTUATION) for t in name.split()]
    last = tokens[-1] if tokens else ""
    if len(named) > 1 and last[:1].islower():
        if not _body_word(last.casefold()):
            return True  # "Democratic front-runner", "Florida senator", "Ivana Trump's brief"
        if "," in name or any(t[:1].islower() or "-" in t for t in tokens[1:-1]):
            return True  # "Dutch chemical group", "New York-based company"
    return all(_role_word(w.casefold()) for w in words)


def _body_word(word: str) -> bool:
    """A kind of body, in the singular or the plural (``bank``, ``Unions``, ``ministry``,
    ``government``, ``campaign``)."""
    kinds = BODY_NOUNS | GROUP_NOUNS
    return word in kinds or word.removesuffix("s") in kinds


def _role_word(word: str) -> bool:
    """A word of a role or a group of people (``officials``, ``Executives``, ``People``,
    ``Ambassador``), in the singular or the plural."""
    return word in ROLE_WORDS or word in ROLE_NOUNS or word.removesuffix("s") in ROLE_NOUNS


def is_generic_media(name: str) -> bool:
    """``state media``, ``Asian media``, ``the state news agency``: media, but no name."""
    return any(word in MEDIA_WORDS for word in re.findall(r"[a-z]+", name))


@lru_cache(maxsize=1 << 12)  # asked of a story's few speakers for every pair of quotes
def is_media(name: str) -> bool:
    """Whether a speaker or cited source is a news organisation rather than a person."""
    return is_generic_media(name) or bool(re.search(r"\b(News|Agency|Press|Media)\b", name))


@lru_cache(maxsize=1)
def known_agencies() -> frozenset[str]:
    """Agency and wire names from the outlet table shipped with Storyline."""
    table = json.loads(files("storyline").joinpath("outlets.json").read_text(encoding="utf-8"))
    return frozenset(table.get("credits", {}).values())


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())


def source_aliases(names: Iterable[str]) -> dict[str, str]:
    """Map each name (by ``name_key``) to one canonical display name for the story.

    An acronym in parentheses, or an acronym used elsewhere in the story that equals a long
    name's initials, becomes the canonical name of that long name.
    """
    names = sorted({n.strip() for n in names if n and n.strip()})
    acronyms = {m.group(1) for n in names for m in _ACRONYM_IN_PARENS.finditer(n)}
    acronyms |= {n for n in names if re.fullmatch(r"[A-Z]{2,}", n)}
    aliases: dict[str, str] = {}
    for name in names:
        # "Hudson's Bay Co.", "McDonald's Corp.": a possessive in a company's registered name
        # is part of it, no owner ("Seoul's Defense Ministry" is the ministry's)
        leading = _ARTICLE if _COMPANY_SUFFIX.search(name) else _LEADING
        bare = leading.sub("", _ACRONYM_IN_PARENS.sub("", name)).strip()
        found = _ACRONYM_IN_PARENS.search(name)
        if found:
            canonical = found.group(1)
        elif _initials(bare) in acronyms and len(_initials(bare)) >= 2:
            canonical = _initials(bare)
        else:
            canonical = bare or name
        aliases[name_key(name)] = canonical
    return aliases


@dataclass(frozen=True)
class SourceBook:
    """The sources of one story: reporting lines of its articles and its upstream names."""

    articles: Mapping[str, Article]
    independence: Mapping[str, str]
    aliases: Mapping[str, str] = field(default_factory=dict)
    media: frozenset[str] = frozenset()  # canonical names of the media the story cites

    def is_medium(self, name: str) -> bool:
        """Whether a name is a medium: by its words, cited as one in the story, or a known
        agency credit (KCNA, Yonhap ...)."""
        canonical = self.aliases.get(name_key(name), name.strip())
        return is_media(name) or canonical in self.media or canonical in known_agencies()

    def line(self, article_id: str) -> str:
        """The reporting line (independence group) of an article, as a source key."""
        return REPORTING_LINE + self.independence.get(article_id, article_id)

    def upstream(self, name: str | None) -> str | None:
        """The source key of a named or generic upstream, or None for no name or a role
        without one (``officials``: ``is_description``)."""
        if not name or not name.strip():
            return None
        canonical = self.aliases.get(name_key(name), name.strip())
        if canonical.isupper() or not is_generic_media(canonical):
            return None if is_description(canonical) else canonical
        return GENERIC + canonical

    def display(self, key: str) -> str | None:
        """A source key as the report shows it: the upstream's name or the line's outlets;
        None for a reporting line none of whose articles names its outlet.

        A line of articles with no known outlet is still a line (counted in
        ``reporting_lines``), but it names no source: a placeholder such as ``article
        1a2b3c4d`` shown as a source would inflate the independent-source count with a name
        no reader can check.
        """
        if key.startswith(GENERIC):
            return key[len(GENERIC) :]
        if not key.startswith(REPORTING_LINE):
            return key
        group = key[len(REPORTING_LINE) :]
        members = sorted(a for a in self.articles if self.independence.get(a) == group)
        members = members or ([group] if group in self.articles else [])
        outlets = sorted({o for a in members if (o := self.articles[a].outlet)})
        return " / ".join(outlets) if outlets else None

    def names(self, keys: Iterable[str]) -> list[str]:
        """The independent sources a group of source keys shows, sorted: named upstreams and
        the outlets of reporting lines; lines of unnamed outlets are left out (``display``)."""
        return sorted({name for key in keys if (name := self.display(key))})


def book_for(
    articles: Sequence[Article],
    independence: Mapping[str, str],
    names: Iterable[str],
    media: Iterable[str] = (),
) -> SourceBook:
    """The ``SourceBook`` of a story, with aliases learned from the names it cites.

    ``names`` are all speakers, claimants and cited sources; ``media`` those of them that
    pass on others' words (cited sources, media speakers).
    """
    media = [m for m in media if m]
    aliases = source_aliases([*names, *media])
    cited = frozenset(aliases.get(name_key(m), m.strip()) for m in media)
    return SourceBook({a.id: a for a in articles}, dict(independence), aliases, cited)


def resolve_sources(book: SourceBook, members: Sequence[tuple[str, str | None]]) -> list[str]:
    """The source key of each (article id, upstream key or None) member of one group.

    A member without an upstream takes the upstream of a member of the same article (a quote
    repeated in the headline is attributed in the body); generic upstreams fold into the
    group's single named upstream, or into the story's single named medium when the group
    names none; what is left counts as its article's reporting line.
    """
    named = sorted({u for _, u in members if u and not u.startswith(GENERIC)})
    if not named:
        # the one medium the story names is the one its "state media" refers to
        story_named = {book.upstream(m) for m in book.media} - {None}
        named = sorted(u for u in story_named if u and not u.startswith(GENERIC))
    by_article: dict[str, str] = {}
    for article_id, upstream in members:
        if upstream and article_id not in by_article:
            by_article[article_id] = upstream
    keys = []
    for article_id, upstream in members:
        upstream = upstream or by_article.get(article_id)
        if upstream and upstream.startswith(GENERIC) and len(named) == 1:
            upstream = named[0]
        if upstream and upstream.startswith(GENERIC):
            upstream = None  # an unnamed medium is no better than the article itself
        keys.append(upstream or book.line(article_id))
    return keys


def reporting_lines(book: SourceBook, article_ids: Iterable[str]) -> list[str]:
    """The distinct reporting lines among ``article_ids``, sorted."""
    return sorted({book.line(a) for a in article_ids})


def agreement_verdict(article_ids: Iterable[str]) -> Verdict:
    """*Agreed* when two or more articles report it, else *single-source*.

    A rewrite or a wire copy repeating its source still makes the report agreed: what it adds
    is shown by the counts of reporting lines and independent sources (one, here), so copies
    never pass for confirmations.
    """
    return Verdict.AGREED if len(set(article_ids)) > 1 else Verdict.SINGLE_SOURCE
