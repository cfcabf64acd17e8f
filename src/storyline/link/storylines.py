"""Storylines: stories about the same actors and theme, but different events, are linked.

Kim Jong Un inspecting a missile factory in May 2024 and Kim Jong Un touring munitions plants
in August 2023 are two stories - the clusterer keeps them apart - yet one storyline. Two stories
are related when their actors (named entities and people) and their theme (body lemmas) both
agree, each measured as the TF-IDF cosine of the stories' summed article vectors, with document
frequencies taken over the articles passed in. Candidate pairs come from an inverted index over
each story's strongest actors, so stories sharing no actor are never compared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations

from storyline.analyze.features import ArticleFeatures

ACTOR_VIEWS = ("body_entities", "body_people")
THEME_VIEWS = ("body_lemmas",)
ACTOR_MIN = 0.35  # cosine of actor vectors for two stories to be related
THEME_MIN = 0.25  # cosine of theme vectors
INDEXED_ACTORS = 16  # strongest actors per story used to find candidate pairs

Vector = dict[str, float]


def related_stories(
    stories: Mapping[str, Sequence[ArticleFeatures]],
) -> list[tuple[str, str, float]]:
    """Pairs ``(story_a, story_b, score)`` of related stories, ``story_a < story_b``, sorted.

    ``score`` is the geometric mean of the actor and theme cosines, in [0, 1].
    """
    articles = [f for members in stories.values() for f in members]
    actor_idf = _idf(articles, ACTOR_VIEWS)
    theme_idf = _idf(articles, THEME_VIEWS)
    actors = {
        key: _story_vector(members, ACTOR_VIEWS, actor_idf) for key, members in stories.items()
    }
    themes = {
        key: _story_vector(members, THEME_VIEWS, theme_idf) for key, members in stories.items()
    }
    related = []
    for a, b in sorted(_candidate_pairs(actors)):
        actor = _cosine(actors[a], actors[b])
        theme = _cosine(themes[a], themes[b])
        if actor >= ACTOR_MIN and theme >= THEME_MIN:
            related.append((a, b, round(math.sqrt(actor * theme), 4)))
    return related


def _idf(articles: Sequence[ArticleFeatures], views: Sequence[str]) -> dict[str, float]:
    df: dict[str, int] = {}
    for f in articles:
        for term in {t for view in views for t, _ in f.view(view)}:
            df[term] = df.get(term, 0) + 1
    n = len(articles)
    return {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}


def _story_vector(members: Sequence[ArticleFeatures], views: Sequence[str], idf: Vector) -> Vector:
    """The sum of the members' L2-normalised TF-IDF vectors over ``views``."""
    total: Vector = {}
    for f in members:
        weights = {
            term: (1.0 + math.log(count)) * idf[term]
            for view in views
            for term, count in f.view(view)
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for term, weight in weights.items():
            total[term] = total.get(term, 0.0) + weight / norm
    return total


def _candidate_pairs(actors: Mapping[str, Vector]) -> set[tuple[str, str]]:
    posting: dict[str, list[str]] = {}
    for key, vector in actors.items():
        strongest = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:INDEXED_ACTORS]
        for term, _ in strongest:
            posting.setdefault(term, []).append(key)
    pairs: set[tuple[str, str]] = set()
    for keys in posting.values():
        pairs.update((a, b) if a < b else (b, a) for a, b in combinations(keys, 2))
    return pairs


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norms = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norms if norms else 0.0
