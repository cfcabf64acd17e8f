"""Storylines: stories about the same actors and theme, but different events, are linked.

Kim Jong Un inspecting a missile factory in May 2024 and Kim Jong Un touring munitions plants
in August 2023 are two stories - the clusterer keeps them apart - yet one storyline. Two stories
are related when their actors (named entities and people) and their theme (body lemmas) both
agree, each measured as the cosine of the stories' summed TF-IDF article vectors. Candidate
pairs come from an inverted index over each story's strongest actors, so stories sharing no
actor are never compared.

The link stage weighs each article with the document frequencies of the stream as the
clusterer counted them when it took the article (its own and every earlier article's terms,
``StoryClusterer.weights``): a rebuild and a store fed batch by batch take the same
articles in the same order, so they weigh every article alike, and an article's vector never
changes once computed, so a run compares only the stories it touched. ``related_stories``
takes the frequencies over the articles it is given instead (one batch, as ``storyline
cluster`` and the tests use it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations, repeat
from operator import mul

from storyline.analyze.features import ArticleFeatures, TermCounts

ACTOR_VIEWS = ("body_entities", "body_people")
THEME_VIEWS = ("body_lemmas",)
ACTOR_MIN = 0.35  # cosine of actor vectors for two stories to be related
THEME_MIN = 0.25  # cosine of theme vectors
INDEXED_ACTORS = 16  # strongest actors per story used to find candidate pairs
DIGITS = 6  # stored article weights are rounded to this many decimals

Vector = dict[str, float]
# An article's or a story's {"actors": Vector, "themes": Vector}
Vectors = dict[str, Vector]
# id of a vector -> its L2 norm (``related_score``)
Norms = dict[int, float]
# (view, the article's term counts in it) -> each term's TF-IDF weight,
# ``(1 + log count) * idf``
Weigh = Callable[[str, TermCounts], dict[str, float]]


def article_vectors(features: ArticleFeatures, weigh: Weigh, digits: int | None = None) -> Vectors:
    """The article's L2-normalised TF-IDF vectors over its actor and its theme views."""
    return {
        "actors": _normalised(features, ACTOR_VIEWS, weigh, digits),
        "themes": _normalised(features, THEME_VIEWS, weigh, digits),
    }


def story_vectors(members: Iterable[Vectors]) -> Vectors:
    """The sum of the members' vectors (add them in a fixed order: sums are floating point)."""
    total: Vectors = {"actors": {}, "themes": {}}
    for member in members:
        for part, vector in member.items():
            summed = total[part]
            for term, weight in vector.items():
                summed[term] = summed.get(term, 0.0) + weight
    return total


def strongest_actors(story: Vectors) -> list[str]:
    """The story's ``INDEXED_ACTORS`` strongest actor terms (its inverted-index entries)."""
    ranked = sorted(story["actors"].items(), key=lambda item: (-item[1], item[0]))
    return [term for term, _ in ranked[:INDEXED_ACTORS]]


def related_score(a: Vectors, b: Vectors, norms: Norms | None = None) -> float | None:
    """The geometric mean of the actor and theme cosines, in [0, 1], when both reach their
    minimum; None when the stories are not related. ``norms``: a cache of the vectors' norms
    for a caller that scores each story against many (it must keep the vectors alive)."""
    norms = {} if norms is None else norms
    actor = _cosine(a["actors"], b["actors"], norms)
    if actor < ACTOR_MIN:  # most candidates share an actor but few: no need for the themes
        return None
    theme = _cosine(a["themes"], b["themes"], norms)
    if theme >= THEME_MIN:
        return round(math.sqrt(actor * theme), 4)
    return None


def related_stories(
    stories: Mapping[str, Sequence[ArticleFeatures]],
) -> list[tuple[str, str, float]]:
    """Pairs ``(story_a, story_b, score)`` of related stories, ``story_a < story_b``, sorted,
    with document frequencies over the articles passed in."""
    articles = [f for members in stories.values() for f in members]
    actor_idf = _idf(articles, ACTOR_VIEWS)
    theme_idf = _idf(articles, THEME_VIEWS)

    def weigh(view: str, counts: TermCounts) -> dict[str, float]:
        idf = actor_idf if view in ACTOR_VIEWS else theme_idf
        return {term: (1.0 + math.log(count)) * idf[term] for term, count in counts}

    vectors = {
        key: story_vectors(article_vectors(f, weigh) for f in members)
        for key, members in stories.items()
    }
    related = []
    for a, b in sorted(_candidate_pairs(vectors)):
        score = related_score(vectors[a], vectors[b])
        if score is not None:
            related.append((a, b, score))
    return related


def _idf(articles: Sequence[ArticleFeatures], views: Sequence[str]) -> dict[str, float]:
    df: dict[str, int] = {}
    for f in articles:
        for term in {t for view in views for t, _ in f.view(view)}:
            df[term] = df.get(term, 0) + 1
    n = len(articles)
    return {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}


def _normalised(
    features: ArticleFeatures, views: Sequence[str], weigh: Weigh, digits: int | None
) -> Vector:
    # a term of two views keeps its first place and takes the later view's weight
    weights: Vector = {}
    for view in views:
        weights.update(weigh(view, features.view(view)))
    values = weights.values()
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    if digits is None:
        return {term: weight / norm for term, weight in weights.items()}
    return {term: round(weight / norm, digits) for term, weight in weights.items()}


def _candidate_pairs(stories: Mapping[str, Vectors]) -> set[tuple[str, str]]:
    posting: dict[str, list[str]] = {}
    for key, vectors in stories.items():
        for term in strongest_actors(vectors):
            posting.setdefault(term, []).append(key)
    pairs: set[tuple[str, str]] = set()
    for keys in posting.values():
        pairs.update((a, b) if a < b else (b, a) for a, b in combinations(keys, 2))
    return pairs


def _cosine(a: Vector, b: Vector, norms: Norms) -> float:
    if len(a) > len(b):
        a, b = b, a
    if a.keys().isdisjoint(b.keys()):
        return 0.0
    dot = sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
    lengths = _norm(a, norms) * _norm(b, norms)
    return dot / lengths if lengths else 0.0


def _norm(vector: Vector, norms: Norms) -> float:
    found = norms.get(id(vector))
    if found is None:
        found = norms[id(vector)] = math.sqrt(sum(w * w for w in vector.values()))
    return found
