"""Streaming story clustering: each article joins the story it reports or starts a new one.

The design follows Miranda et al. (2018), "Multilingual Clustering of Streaming News":

1. Every article is weighted TF-IDF per view (tokens, lemmas, entities x title, body) with
   document frequencies updated as the stream grows, so nothing is fitted up front.
2. Candidate stories come from an inverted index over each story's strongest terms, not from a
   scan of every story. Posting lists hold at most ``posting_cap`` recently updated stories and
   dated stories leave them once they fall ``window_days`` behind the stream, so the cost of an
   article stays flat as the store grows.
3. A learned linear ranker scores each candidate on view similarities and Gaussian time
   features; a separate learned join-or-new model decides whether the best candidate is the
   article's story or the article starts a new one. Both sets of coefficients live in
   ``cluster_model.json`` (retrain: ``python -m eval.ecbplus --train``). Besides cosines, the
   models see what is new in the article for the story (people, entities, numbers, years and
   lead words the story never used) and its best match among the story's recent members: the
   first report of a look-alike event (a coach hired, not fired) shares the topic's words but
   brings its own names, figures and action.

4. A second look after each article (``ClusterModel.second_look``, on by default): the stream's
   stories are gathered in groups that are split and merged by average link over all their
   members (``StoryClusterer._second_look``), the comparison batch methods get for free. Two
   groups merge on a learned score (``_merge_score``: a logistic model over their view-by-view
   mean similarities and sizes, fitted on ECB+ train by ``python -m eval.ecbplus
   --fit-merge``, stored in ``cluster_model.json`` under ``settings.second_look``). The
   stream's own stories and decisions are not changed by it; the stories given out are the
   groups. Its state is part of ``snapshot`` / ``checkpoint``, so a restored clusterer decides
   as one that never stopped.

Exact duplicates (same words, case and spacing aside) join the first copy's story without
touching the statistics, so a text repeated a thousand times neither splits nor skews anything.
Story keys are content ids of the story's first article, so re-runs give the same keys.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from itertools import repeat
from operator import itemgetter, mul, neg
from typing import Any

from storyline.analyze.features import VIEWS, ArticleFeatures, TermCounts
from storyline.link.consolidate import (
    STREAM_SETTINGS,
    ConsolidationSettings,
    agglomerate,
    close_in_time,
)
from storyline.link.story_dates import YEAR_SLACK
from storyline.model import content_id

# Views whose terms name the event's particulars: who, which figures, which year. A term of
# the article that its candidate story never used (a new suspect's name, another year) is a
# sign of a look-alike event rather than a follow-up.
NOVELTY_VIEWS = ("body_people", "body_entities", "body_numbers", "body_years", "lead_lemmas")
PAIR_FEATURES = (
    *(f"cos_{view}" for view in VIEWS),
    *(f"novel_{view}" for view in NOVELTY_VIEWS),
    "time_interval",  # Gaussian of the days between the article and the story's date range
    "time_mean",  # Gaussian of the days between the article and the story's mean date
    "both_dated",
)
# Views compared with each recent member of the best story, not only with its centroid.
MEMBER_VIEWS = (
    "title_lemmas",
    "body_lemmas",
    "body_entities",
    "body_people",
    "body_numbers",
    "lead_lemmas",
)
STORY_FEATURES = ("log_story_size", *(f"max_member_{view}" for view in MEMBER_VIEWS))
JOIN_FEATURES = ("ranker_score", "ranker_margin", *PAIR_FEATURES, *STORY_FEATURES)
# The second look's merge score (``_merge_score``): the mean cosine of the two groups' member
# pairs in each view it weighs, their average link over all views and their sizes. A logistic
# model over these, fitted on ECB+ train, weighs names, figures and words by what they tell
# about the event, where average link weighs every view alike. Time is left to the window rule
# (``_may_merge``): ECB+ is undated, and a time feature fitted on the dates we give its streams
# (``eval.ecbplus.synthetic_dates``) learns those dates' spacing, not the news's; on the
# synthetic stream of ``bench/stream_corpus.py`` (look-alike events on the same day) it cost
# 0.012 of B3 precision.
MERGE_VIEWS = (
    "title_lemmas",
    "lead_lemmas",
    "body_lemmas",
    "body_entities",
    "body_people",
    "body_places",
    "body_numbers",
    "body_years",
)
MERGE_FEATURES = (
    "link",
    *(f"mean_{view}" for view in MERGE_VIEWS),
    "log_size_small",  # log(1 + articles) of the smaller group
    "log_size_large",
    "single",  # exactly one of the two is a single article
)
MEMBERS_KEPT = 16  # recent member vectors kept per story for the member features
# Which document-frequency table each view is weighted with (title and body share one).
VIEW_KIND = {view: view.split("_")[1] for view in VIEWS}
VIEWS_OF = {
    kind: [view for view in VIEWS if VIEW_KIND[view] == kind] for kind in VIEW_KIND.values()
}
# Views whose strongest terms go into the inverted index, and how many of each.
INDEXED_VIEWS = {"title_lemmas": 8, "body_lemmas": 10, "body_entities": 10}


@dataclass(frozen=True)
class ClusterModel:
    """The learned coefficients and the retrieval settings of the clusterer."""

    ranker: tuple[float, ...]
    ranker_bias: float
    join: tuple[float, ...]
    join_bias: float
    join_threshold: float = 0.5
    top_terms: int = 60  # strongest terms kept per body view of an article
    max_candidates: int = 12  # stories fully scored per article
    posting_cap: int = 64  # stories kept per index term, most recently updated first
    window_days: int = 21  # dated stories older than this leave the index
    sigma_days: float = 3.0  # width of the Gaussian time features
    # Actors recur across events (Kim Jong Un inspects a factory every month): joining a story
    # takes shared content words, however many names the article shares with it.
    min_content_cosine: float = 0.1
    # The second look the stream takes after each article (``StoryClusterer._second_look``):
    # the story the article joined or opened, against the article's other candidate stories,
    # by average link over all their members. None: the stream alone.
    second_look: ConsolidationSettings | None = STREAM_SETTINGS
    provenance: dict[str, Any] = field(default_factory=dict, compare=False)

    def join_probability(self, values: list[float]) -> float:
        """The probability that the best candidate is the article's story (``JOIN_FEATURES``)."""
        return _sigmoid(_dot(self.join, values) + self.join_bias)

    def __post_init__(self) -> None:
        if len(self.ranker) != len(PAIR_FEATURES) or len(self.join) != len(JOIN_FEATURES):
            raise ValueError(
                f"cluster model must have {len(PAIR_FEATURES)} ranker and {len(JOIN_FEATURES)} "
                f"join coefficients; got {len(self.ranker)} and {len(self.join)} instead"
            )
        look = self.second_look
        if look is not None and look.merge_coef and set(look.merge_coef) != set(MERGE_FEATURES):
            raise ValueError(
                f"the second look's merge_coef must name {', '.join(MERGE_FEATURES)}; "
                f"got {', '.join(sorted(look.merge_coef))} instead"
            )

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> ClusterModel:
        """Read the JSON form written by ``to_dict``; coefficients are keyed by feature name.
        Without a ``second_look`` entry the shipped one (``STREAM_SETTINGS``) is taken."""
        settings = dict(record.get("settings", {}))
        look = settings.pop("second_look", STREAM_SETTINGS.to_dict())
        return cls(
            ranker=tuple(float(record["ranker"]["coef"][name]) for name in PAIR_FEATURES),
            ranker_bias=float(record["ranker"]["bias"]),
            join=tuple(float(record["join"]["coef"][name]) for name in JOIN_FEATURES),
            join_bias=float(record["join"]["bias"]),
            second_look=None if look is None else ConsolidationSettings.from_dict(look),
            provenance=dict(record.get("provenance", {})),
            **settings,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: named coefficients, settings and where they came from."""
        return {
            "ranker": {
                "coef": dict(zip(PAIR_FEATURES, self.ranker, strict=True)),
                "bias": self.ranker_bias,
            },
            "join": {
                "coef": dict(zip(JOIN_FEATURES, self.join, strict=True)),
                "bias": self.join_bias,
            },
            "settings": {
                "join_threshold": self.join_threshold,
                "top_terms": self.top_terms,
                "max_candidates": self.max_candidates,
                "posting_cap": self.posting_cap,
                "window_days": self.window_days,
                "sigma_days": self.sigma_days,
                "min_content_cosine": self.min_content_cosine,
                "second_look": None if self.second_look is None else self.second_look.to_dict(),
            },
            "provenance": self.provenance,
        }


def load_model() -> ClusterModel:
    """The coefficients shipped with the package (``storyline/link/cluster_model.json``)."""
    text = resources.files("storyline.link").joinpath("cluster_model.json").read_text("utf-8")
    return ClusterModel.from_dict(json.loads(text))


Vectors = dict[str, dict[str, float]]


class _Story:
    """The running state of one story: summed article vectors, size and date range."""

    __slots__ = (
        "day_count",
        "day_sum",
        "first_day",
        "key",
        "last_day",
        "members",
        "norms",
        "size",
        "sums",
    )

    def __init__(self, key: str) -> None:
        self.key = key
        self.sums: Vectors = {view: {} for view in VIEWS}
        self.norms = dict.fromkeys(VIEWS, 0.0)  # squared norms of ``sums``
        self.size = 0
        self.first_day: int | None = None
        self.last_day: int | None = None
        self.day_sum = 0
        self.day_count = 0
        self.members: list[Vectors] = []  # the MEMBER_VIEWS vectors of recent members


class _Group:
    """A story as the second look sees it: stream stories merged into one (or split), with the
    flat vectors (``_flat``) of its members summed, its date range and its members, each with
    its stream story and day. While it holds at most ``max_split_size`` articles it keeps their
    vectors too, to be split again."""

    __slots__ = (
        "days",
        "dots",
        "first_day",
        "ids",
        "key",
        "last_day",
        "links",
        "serial",
        "stories",
        "streams",
        "summed",
        "sums",
        "vectors",
    )

    def __init__(self, key: str, serial: int) -> None:
        self.key = key  # ``content_id`` of its first member
        self.serial = serial  # creation order: of two groups merged, the older keeps its key
        self.sums: dict[str, float] = {}
        self.summed = 0  # article vectors in ``sums`` (exact copies add none)
        self.first_day: int | None = None
        self.last_day: int | None = None
        self.ids: list[str] = []  # members in the order they came
        self.streams: list[str] = []  # each member's stream story
        self.days: list[int | None] = []  # each member's day
        # each member's vector (None: an exact copy); None once the group is too large to split
        self.vectors: list[dict[str, float] | None] | None = []
        self.links: list[list[float]] | None = None  # pairwise similarities (a cache)
        # (member, member) -> the similarity of the two, as ``_pairwise`` computes it (a cache
        # over the members' pairs, kept through splits and merges while vectors are kept). The
        # parts of a split share it: a part that merges back finds the pairs across the parts.
        self.dots: dict[tuple[str, str], float] = {}
        self.stories: list[str] = []  # the stream stories whose latest member is here


class StoryClusterer:
    """Assign-or-create clustering of a stream of articles, one article at a time."""

    def __init__(self, model: ClusterModel | None = None) -> None:
        self.model = model or load_model()
        self._stories: dict[str, _Story] = {}
        self._assignments: dict[str, str] = {}
        self._by_fingerprint: dict[str, str] = {}
        self._df: dict[str, dict[str, int]] = {kind: {} for kind in sorted(set(VIEW_KIND.values()))}
        self._documents = 0
        self._postings: dict[str, dict[str, None]] = {}
        self._open: dict[str, None] = {}  # dated stories with vectors, least recently updated first
        self._latest_day: int | None = None
        self._fingerprint_setters: dict[str, str] = {}  # fingerprint -> the article that set it
        # The second look's stories (``_second_look``): groups of stream stories.
        self._groups: dict[str, _Group] = {}
        self._group_of: dict[str, str] = {}  # stream story -> the group of its latest member
        self._groups_of: dict[str, list[str]] = {}  # stream story -> every group with a member
        self._groups_made = 0
        # Fitting the merge score (``eval.ecbplus --fit-merge``): when set, merges of the second
        # look follow this judge of two member lists (same event or not) instead of the score,
        # and every pair it judges (average link at least ``merge_floor``, within the rules of
        # ``_may_merge``) is kept in ``merge_examples`` with its ``MERGE_FEATURES``.
        self.merge_teacher: Callable[[list[str], list[str]], bool] | None = None
        self.merge_examples: list[tuple[list[float], bool]] = []

    def add(self, features: ArticleFeatures) -> str:
        """Put one article into its story and return the story key (deterministic)."""
        known = self._known_story(features)
        if known is not None:
            return known
        vectors = self._vectorise(features)
        day = features.published.toordinal() if features.published else None
        terms = _index_terms(vectors)
        candidates = self._candidates(terms, day)
        scored = self._score(vectors, day, candidates)
        scored.sort(key=lambda item: (-item[1], item[0].key))
        story = None
        if scored:
            best, score, pair = scored[0]
            # With one candidate, the margin is over an empty story (all features zero).
            runner_up = scored[1][1] if len(scored) > 1 else self.model.ranker_bias
            join = [score, score - runner_up, *pair, *self._story_features(vectors, best)]
            probability = self.model.join_probability(join)
            if (
                probability >= self.model.join_threshold
                and self._shares_content(pair)
                and self._years_agree(vectors, day, best)
            ):
                story = best
        key = self._assign(features, vectors, terms, day, story)
        if self.model.second_look is None:
            return key
        return self._second_look(features.article_id, vectors, day, key, candidates)

    def add_supervised(
        self, features: ArticleFeatures, story_key: str | None
    ) -> tuple[str, list[tuple[str, list[float], list[float]]]]:
        """Put an article where a gold label says (``None``: a new story), for training.

        Returns the story key and the candidates the clusterer would have scored, each with its
        pair features (``PAIR_FEATURES``) and story features (``STORY_FEATURES``), as ranker and
        join-or-new training examples.
        """
        known = self._known_story(features)
        if known is not None:
            return known, []
        vectors = self._vectorise(features)
        day = features.published.toordinal() if features.published else None
        terms = _index_terms(vectors)
        candidates = self._candidates(terms, day)
        examples = [
            (
                story.key,
                self._pair_features(vectors, day, story),
                self._story_features(vectors, story),
            )
            for story in candidates
        ]
        story = self._stories.get(story_key) if story_key else None
        return self._assign(features, vectors, terms, day, story), examples

    def assignments(self) -> dict[str, str]:
        """Article id -> story key, in the order the articles were added."""
        return dict(self._assignments)

    @property
    def latest_day(self) -> int | None:
        """The latest publication day (an ordinal) the stream has seen."""
        return self._latest_day

    def snapshot(self) -> dict[str, Any]:
        """The clusterer's whole running state as JSON values, copied (``restore`` reads it).

        The stream's decisions depend on nothing else, so a clusterer restored from a snapshot
        and fed the next articles decides exactly as one that never stopped. Orders that the
        stream relies on (stories by creation, assignments, posting lists by recency, open
        stories by last update) are lists, since stored JSON objects come back key-sorted.
        The second look's state: ``groups`` (``_group_snapshot``), ``group_of`` (stream story ->
        the group of its latest member), ``groups_of`` (stream story -> every group holding one
        of its members) and ``groups_made`` (a counter that orders groups by creation).
        """
        return {
            "documents": self._documents,
            "latest_day": self._latest_day,
            "df": {kind: dict(df) for kind, df in self._df.items()},
            "stories": [_story_snapshot(story) for story in self._stories.values()],
            "assignments": [[a, key] for a, key in self._assignments.items()],
            "by_fingerprint": dict(self._by_fingerprint),
            "postings": {term: list(keys) for term, keys in self._postings.items()},
            "open": list(self._open),
            "groups": [_group_snapshot(group) for group in self._groups.values()],
            "group_of": [[story, group] for story, group in self._group_of.items()],
            "groups_of": [[story, list(keys)] for story, keys in self._groups_of.items()],
            "groups_made": self._groups_made,
        }

    def checkpoint(self) -> dict[str, Any]:
        """A ``snapshot`` of what later articles can still meet, for a clusterer that will be
        fed only articles dated on or after its latest day (``stream_checkpoint``).

        Such an article never joins a dated story that ended more than ``window_days`` before
        that day, so those stories are left out (a posting list keeps their keys where they
        count towards its cap, and drops them where they lead it: the next article posted
        there would drop them first); assignments and fingerprints are left out too (the
        link stage keeps them as rows, ``remember_fingerprints`` gives them back). Fed such
        articles, the restored clusterer decides as one that never stopped, and the state
        stays as large as the stories of the window. The second look's groups that ended
        before the window are left out the same way (``_live_group`` ignores them)."""
        snapshot = self.snapshot()
        if self._latest_day is None:
            return {**snapshot, "assignments": [], "by_fingerprint": {}}
        horizon = self._latest_day - self.model.window_days
        gone = {
            s.key for s in self._stories.values() if s.last_day is not None and s.last_day < horizon
        }
        postings = {}
        for term, keys in snapshot["postings"].items():
            lead = 0
            while lead < len(keys) and keys[lead] in gone:
                lead += 1
            if lead < len(keys):
                postings[term] = keys[lead:]
        return {
            **snapshot,
            "stories": [s for s in snapshot["stories"] if s[0] not in gone],
            "assignments": [],
            "by_fingerprint": {},
            "postings": postings,
            "open": [key for key in snapshot["open"] if key not in gone],
            **self.second_look_state(),
        }

    def second_look_state(self) -> dict[str, Any]:
        """The second look's part of a ``checkpoint``: its groups that later articles can still
        meet (``_live_group``; those that ended before the window are left out), the stream
        stories' groups among them and the creation counter."""
        stale = {g.key for g in self._groups.values() if self._stale_day(g.last_day)}
        return {
            "groups": [_group_snapshot(g) for g in self._groups.values() if g.key not in stale],
            "group_of": [[story, g] for story, g in self._group_of.items() if g not in stale],
            "groups_of": [
                [story, kept]
                for story, keys in self._groups_of.items()
                if (kept := [key for key in keys if key not in stale])
            ],
            "groups_made": self._groups_made,
        }

    def remember_fingerprints(self, stories: dict[str, str]) -> None:
        """Fingerprint -> story key of articles fed before (kept outside a ``checkpoint``)."""
        for fingerprint, key in stories.items():
            self._by_fingerprint.setdefault(fingerprint, key)

    def fingerprints_set(self) -> dict[str, tuple[str, str]]:
        """Fingerprint -> (story key, article id) for the fingerprints this clusterer's own
        articles set first (an exact duplicate fed later joins that story)."""
        return {
            fingerprint: (self._by_fingerprint[fingerprint], article_id)
            for fingerprint, article_id in self._fingerprint_setters.items()
        }

    def weights(self, view: str, counts: TermCounts) -> dict[str, float]:
        """Term -> TF-IDF weight of an article's counts in a view, with the document
        frequencies as the stream counted them so far: ``(1 + log count)`` times
        ``log((n + 1) / (df + 1)) + 1``, the weights ``_vectorise`` takes (before it keeps
        the strongest), in one pass over the terms."""
        log = _LOG
        df = self._df[VIEW_KIND[view]]
        log_n = log[self._documents + 1]
        return {
            term: (1.0 + log[count]) * (log_n - log[df.get(term, 0) + 1] + 1.0)
            for term, count in counts
        }

    @classmethod
    def restore(cls, snapshot: dict[str, Any], model: ClusterModel | None = None) -> StoryClusterer:
        """A clusterer in the state ``snapshot`` recorded (with the model it was taken with)."""
        clusterer = cls(model)
        clusterer._documents = int(snapshot["documents"])
        clusterer._latest_day = snapshot["latest_day"]
        for kind, df in snapshot["df"].items():
            clusterer._df[kind] = dict(df)
        for record in snapshot["stories"]:
            story = _story_from_snapshot(record)
            clusterer._stories[story.key] = story
        clusterer._assignments = {a: key for a, key in snapshot["assignments"]}
        clusterer._by_fingerprint = dict(snapshot["by_fingerprint"])
        clusterer._postings = {
            term: dict.fromkeys(keys) for term, keys in snapshot["postings"].items()
        }
        clusterer._open = dict.fromkeys(snapshot["open"])
        for record in snapshot.get("groups", []):
            group = _group_from_snapshot(record)
            clusterer._groups[group.key] = group
        clusterer._group_of = {story: group for story, group in snapshot.get("group_of", [])}
        clusterer._groups_of = {story: list(keys) for story, keys in snapshot.get("groups_of", [])}
        clusterer._groups_made = int(snapshot.get("groups_made", 0))
        return clusterer

    # ---- internals ---------------------------------------------------------------------------

    def _known_story(self, features: ArticleFeatures) -> str | None:
        if features.article_id in self._assignments:
            return self._assignments[features.article_id]
        key = self._by_fingerprint.get(features.fingerprint) if features.fingerprint else None
        if key is not None:
            if key in self._stories:  # else left out of a checkpoint: never a candidate again
                self._stories[key].size += 1
            look = self.model.second_look
            group = self._live_group(key) if look is not None else None
            if group is not None and look is not None:
                _add_member(group, features.article_id, key, None, None, look.max_split_size)
                self._note_group(key, group.key)
                key = group.key
            self._assignments[features.article_id] = key
        return key

    def _vectorise(self, features: ArticleFeatures) -> Vectors:
        """TF-IDF per view, L2-normalised, after counting the article into the frequencies."""
        self._documents += 1
        views = {view: features.view(view) for view in VIEWS}
        for kind, df in self._df.items():
            seen = {term for view in VIEWS_OF[kind] for term, _ in views[view]}
            for term in seen:
                df[term] = df.get(term, 0) + 1
        vectors: Vectors = {}
        log = _LOG
        log_n = log[self._documents + 1]
        top = self.model.top_terms
        for view, counts in views.items():
            df = self._df[VIEW_KIND[view]]
            weights = {
                term: (1.0 + log[count]) * (log_n - log[df[term] + 1] + 1.0)
                for term, count in counts
            }
            if len(weights) > top:
                # strongest first, ties by term: by term, then stably by weight
                strongest = sorted(sorted(weights.items()), key=itemgetter(1), reverse=True)
                weights = dict(strongest[:top])
            values = weights.values()
            norm = math.sqrt(sum(map(mul, values, values))) or 1.0
            vectors[view] = {term: w / norm for term, w in weights.items()}
        return vectors

    def _candidates(self, terms: list[tuple[str, float]], day: int | None) -> list[_Story]:
        """The stories sharing the most strong terms (``_index_terms``) with the article, within
        the time window."""
        if day is not None and (self._latest_day is None or day > self._latest_day):
            self._latest_day = day
            self._close_stale_stories()
        votes: dict[str, float] = {}
        for term, weight in terms:
            for key in self._postings.get(term, ()):
                votes[key] = votes.get(key, 0.0) + weight
        chosen: list[_Story] = []
        ranked = sorted(zip(map(neg, votes.values()), votes, strict=True))  # most votes, then key
        for _, key in ranked:
            story = self._stories.get(key)  # None: out of the window, left out of a checkpoint
            if story is None or (
                day is not None and _days_apart(day, story) > self.model.window_days
            ):
                continue
            chosen.append(story)
            if len(chosen) == self.model.max_candidates:
                break
        return chosen

    def _score(
        self, vectors: Vectors, day: int | None, candidates: list[_Story]
    ) -> list[tuple[_Story, float, list[float]]]:
        scored = []
        for story in candidates:
            pair = self._pair_features(vectors, day, story)
            scored.append((story, _dot(self.model.ranker, pair) + self.model.ranker_bias, pair))
        return scored

    def _pair_features(self, vectors: Vectors, day: int | None, story: _Story) -> list[float]:
        sums, norms = story.sums, story.norms
        pair = [
            _sparse_dot(vectors[view], sums[view]) / math.sqrt(norms[view]) if norms[view] else 0.0
            for view in VIEWS
        ]
        pair.extend([_novelty(vectors[view], sums[view]) for view in NOVELTY_VIEWS])
        if day is None or story.day_count == 0:
            return [*pair, 0.0, 0.0, 0.0]
        two_sigma2 = 2.0 * self.model.sigma_days**2
        interval = math.exp(-(_days_apart(day, story) ** 2) / two_sigma2)
        mean = math.exp(-((day - story.day_sum / story.day_count) ** 2) / two_sigma2)
        return [*pair, interval, mean, 1.0]

    def _shares_content(self, pair: list[float]) -> bool:
        lemmas = (PAIR_FEATURES.index("cos_title_lemmas"), PAIR_FEATURES.index("cos_body_lemmas"))
        return max(pair[i] for i in lemmas) >= self.model.min_content_cosine

    def _years_agree(self, vectors: Vectors, day: int | None, story: _Story) -> bool:
        """Whether an article and a story of which only one side is dated agree in time.

        Without a date on one side the time features are silent, and the words alone cannot
        tell a follow-up from another event of the same actors (Kim Jong Un inspects factories
        every month). The undated side's written years then must not all come after the dated
        side's year: a May 2024 report writing 2023 and 2026 was not written in 2016. Older
        years are background (``the dam, completed in 1978``); no year leaves the words to
        decide.
        """
        if (day is None) == (story.first_day is None):
            return True  # both dated (the time features weighed it) or neither (nothing to test)
        if day is not None:
            latest = date.fromordinal(day).year
            written = _years(story.sums["body_years"])
        else:
            assert story.last_day is not None
            latest = date.fromordinal(story.last_day).year
            written = _years(vectors["body_years"])
        return not written or min(written) <= latest + YEAR_SLACK

    def _story_features(self, vectors: Vectors, story: _Story) -> list[float]:
        """Size and the best cosine with any recent member (a single-link view of the story)."""
        best = []
        for view in MEMBER_VIEWS:
            article = vectors[view]
            top = 0.0
            # the members' terms are among the story's: no shared term, no member to look at
            if not article.keys().isdisjoint(story.sums[view].keys()):
                for member in story.members:
                    top = max(top, _sparse_dot(article, member[view]))
            best.append(top)
        return [math.log1p(story.size), *best]

    def _assign(
        self,
        features: ArticleFeatures,
        vectors: Vectors,
        terms: list[tuple[str, float]],
        day: int | None,
        story: _Story | None,
    ) -> str:
        if story is None:
            story = _Story(content_id("story", features.article_id))
            self._stories[story.key] = story
        for view in VIEWS:
            sums = story.sums[view]
            norm = story.norms[view]
            for term, weight in vectors[view].items():
                old = sums.get(term, 0.0)
                sums[term] = old + weight
                norm += 2.0 * old * weight + weight * weight
            story.norms[view] = norm
        story.size += 1
        story.members.append({view: vectors[view] for view in MEMBER_VIEWS})
        if len(story.members) > MEMBERS_KEPT:
            del story.members[0]
        if day is not None:
            story.first_day = day if story.first_day is None else min(story.first_day, day)
            story.last_day = day if story.last_day is None else max(story.last_day, day)
            story.day_sum += day
            story.day_count += 1
        self._index(story, terms)
        if story.last_day is not None and story.sums:
            self._open.pop(story.key, None)
            self._open[story.key] = None
        self._assignments[features.article_id] = story.key
        if features.fingerprint and features.fingerprint not in self._by_fingerprint:
            self._by_fingerprint[features.fingerprint] = story.key
            self._fingerprint_setters[features.fingerprint] = features.article_id
        return story.key

    # ---- the second look ------------------------------------------------------------------

    def _second_look(
        self,
        article_id: str,
        vectors: Vectors,
        day: int | None,
        story_key: str,
        candidates: list[_Story],
    ) -> str:
        """Put the article in the group of the stream story it joined or opened, split that
        group where its members fall apart, then merge the part holding the article with the
        groups of the article's other candidate stories that a comparison of whole member sets
        joins; return the key of the article's group.

        The stream decides each article against centroids that, early in a story, are one or
        two articles, and never revises a decision: one event opens several stories, and two
        look-alike events can fuse. Groups are the second look, compared by average link (the
        mean similarity over all member pairs, ``sum(A) . sum(B) / (|A| |B|)`` over
        ``_flat`` vectors). A group of at most ``max_split_size`` articles is re-grouped by
        average link over its members at ``split_threshold``. Parts merge best first while the
        merge score (``_learned_merge``) reaches ``merge_threshold`` (without a learned score:
        while the average link reaches ``threshold``, ``attach_threshold`` when exactly one side
        is a single article), the two lie within ``window_days``, their ``content_view`` alone
        reaches ``min_content`` and, with one side undated, the undated side's written years fit
        the other's dates. The stream's own stories are left as they are, so its decisions do not
        change. Everything read is the clusterer's state, so a clusterer restored from a
        checkpoint and fed the same articles takes the same decisions.
        """
        settings = self.model.second_look
        assert settings is not None
        group = self._live_group(story_key)
        if group is None:
            group = _Group(content_id("story", article_id), self._groups_made)
            self._groups_made += 1
            self._groups[group.key] = group
        flat = _flat(vectors, settings)
        _add_member(group, article_id, story_key, day, flat, settings.max_split_size)
        self._group_of[story_key] = group.key
        self._note_group(story_key, group.key)
        if story_key not in group.stories:
            group.stories.append(story_key)
        self._assignments[article_id] = group.key
        parts = [group]
        if group.vectors is not None and group.summed > 1:
            parts = self._split(group, settings.split_threshold, article_id)
        # every group holding members of the article's candidate stories (a split may have
        # left parts that no stream story's latest member leads to)
        found: dict[str, _Group] = {}
        for candidate in candidates:
            for key in self._groups_of.get(candidate.key, ()):
                other = self._groups.get(key)
                if other is not None and not self._stale_day(other.last_day):
                    found[key] = other
        # the article's part first, then the others a split left: each may join a neighbour
        # a part split off may join another part of the same group again, like any group: a
        # single article split off at ``split_threshold`` comes back at ``attach_threshold``
        found.update((part.key, part) for part in parts)
        for part in parts:
            if self._groups.get(part.key) is part:
                self._merge_best(part, found, settings)
        return self._assignments[article_id]

    def _merge_best(
        self,
        group: _Group,
        found: dict[str, _Group],
        settings: ConsolidationSettings,
    ) -> _Group:
        """Merge ``group`` with the best of ``found`` while one reaches its threshold; return
        the group it ended in."""
        others = {
            key: other
            for key, other in found.items()
            if other is not group and self._groups.get(key) is other
        }
        learned = bool(settings.merge_coef) or self.merge_teacher is not None
        while others:
            best: tuple[float, _Group] | None = None
            for other in others.values():
                if learned:
                    found_score = self._learned_merge(group, other, settings)
                    if found_score is not None and (best is None or found_score > best[0]):
                        best = (found_score, other)
                    continue
                score = _link(group, other)
                single = (group.summed == 1) != (other.summed == 1)
                needed = settings.attach_threshold if single else settings.threshold
                if score < needed or (best is not None and score <= best[0]):
                    continue
                if _may_merge(group, other, settings):
                    best = (score, other)
            if best is None:
                break
            other = others.pop(best[1].key)
            keep, gone = (group, other) if group.serial < other.serial else (other, group)
            self._absorb(keep, gone, settings.max_split_size)
            found.pop(gone.key, None)
            found[keep.key] = keep
            group = keep
        return group

    def _learned_merge(
        self, group: _Group, other: _Group, settings: ConsolidationSettings
    ) -> float | None:
        """The merge score of two groups (``_merge_score``) when it reaches
        ``merge_threshold``, else None. Only pairs whose average link reaches ``merge_floor``
        and that keep ``_may_merge``'s rules are scored. With a ``merge_teacher`` the teacher
        decides (the pair's average link ranks the pairs it accepts) and the pair is kept as an
        example."""
        link = _link(group, other)
        if link < settings.merge_floor:
            return None
        dots = _view_dots(group, other)
        content = _mean_of(dots, group, other, settings.content_view, settings)
        if not _may_merge(group, other, settings, content):
            return None
        values = _merge_features(group, other, dots, settings)
        if self.merge_teacher is not None:
            same = self.merge_teacher(group.ids, other.ids)
            self.merge_examples.append((values, same))
            return link if same else None
        score = _merge_score(values, settings)
        return score if score >= settings.merge_threshold else None

    def _split(self, group: _Group, threshold: float, article_id: str) -> list[_Group]:
        """Re-group a group's members by average link; return the parts, the one holding
        ``article_id`` first.

        The part holding the group's first member keeps its key; each other part is keyed by
        its own first member, and its members are reassigned. An exact copy goes with the
        latest member of its stream story that has a vector (else with the first part)."""
        assert group.vectors is not None
        held = [i for i, v in enumerate(group.vectors) if v is not None]
        if group.links is None or len(group.links) != len(held):
            group.links = _pairwise(group, held)
        parts = agglomerate(group.links, threshold)
        if len(parts) == 1:
            return [group]
        part_of = {held[i]: n for n, part in enumerate(parts) for i in part}
        latest = {group.streams[i]: part_of[i] for i in held}
        members: list[list[int]] = [[] for _ in parts]
        for i in range(len(group.ids)):
            members[part_of.get(i, latest.get(group.streams[i], part_of[held[0]]))].append(i)
        members = sorted((m for m in members if m), key=lambda m: m[0])
        ids, streams, days, vectors = group.ids, group.streams, group.days, group.vectors
        dots = _dots_within(group.dots, ids)  # shared by the parts
        made: list[_Group] = []
        owners: dict[str, tuple[int, _Group]] = {}  # stream story -> (latest member, its part)
        for n, indices in enumerate(members):
            part = group
            if n > 0:
                part = _Group(content_id("story", ids[indices[0]]), self._groups_made)
                self._groups_made += 1
                self._groups[part.key] = part
            part.ids = [ids[i] for i in indices]
            part.streams = [streams[i] for i in indices]
            part.days = [days[i] for i in indices]
            part.vectors = [vectors[i] for i in indices]
            part.links = None
            part.dots = dots
            part.sums = {}
            for vector in part.vectors:
                for term, weight in (vector or {}).items():
                    part.sums[term] = part.sums.get(term, 0.0) + weight
            part.summed = sum(1 for v in part.vectors if v is not None)
            dated = [d for d in part.days if d is not None]
            part.first_day, part.last_day = min(dated, default=None), max(dated, default=None)
            if part is not group:  # the first part's members keep their key
                for member in part.ids:
                    self._assignments[member] = part.key
            for i in indices:
                if streams[i] not in owners or owners[streams[i]][0] < i:
                    owners[streams[i]] = (i, part)
            part.stories = []
            made.append(part)
        # a stream story's next article goes where its latest member went
        for stream, (_, part) in owners.items():
            part.stories.append(stream)
            self._group_of[stream] = part.key
        for stream in dict.fromkeys(streams):
            keys = [k for k in self._groups_of.get(stream, []) if k != group.key]
            self._groups_of[stream] = keys + [p.key for p in made if stream in p.streams]
        return sorted(made, key=lambda part: article_id not in part.ids)

    def _absorb(self, keep: _Group, gone: _Group, max_split_size: int) -> None:
        """Merge group ``gone`` into ``keep``; every member of ``gone`` (fed in earlier runs
        too) is reassigned, so a store rewrites their rows."""
        for term, weight in gone.sums.items():
            keep.sums[term] = keep.sums.get(term, 0.0) + weight
        keep.summed += gone.summed
        keep.ids.extend(gone.ids)
        keep.streams.extend(gone.streams)
        keep.days.extend(gone.days)
        if keep.vectors is not None and gone.vectors is not None:
            keep.vectors.extend(gone.vectors)
        if keep.vectors is None or gone.vectors is None or keep.summed > max_split_size:
            keep.vectors = None
            keep.dots = {}
        else:
            keep.dots.update(gone.dots)
        keep.links = None
        for article_id in gone.ids:
            self._assignments[article_id] = keep.key
        keep.stories.extend(gone.stories)
        for story in gone.stories:
            self._group_of[story] = keep.key
        for stream in dict.fromkeys(gone.streams):
            keys = [keep.key if k == gone.key else k for k in self._groups_of.get(stream, [])]
            self._groups_of[stream] = list(dict.fromkeys(keys))
        for day in (gone.first_day, gone.last_day):
            if day is not None:
                keep.first_day = day if keep.first_day is None else min(keep.first_day, day)
                keep.last_day = day if keep.last_day is None else max(keep.last_day, day)
        del self._groups[gone.key]

    def _note_group(self, stream: str, group: str) -> None:
        """Record that ``group`` holds a member of stream story ``stream``."""
        keys = self._groups_of.setdefault(stream, [])
        if group not in keys:
            keys.append(group)

    def _stale_day(self, last_day: int | None) -> bool:
        """Whether a dated story or group that ended on ``last_day`` fell out of the window."""
        return (
            last_day is not None
            and self._latest_day is not None
            and last_day < self._latest_day - self.model.window_days
        )

    def _live_group(self, story_key: str) -> _Group | None:
        """The group of a stream story, unless it fell out of the window (a checkpoint leaves
        such groups out, so a restored clusterer and one that never stopped agree)."""
        key = self._group_of.get(story_key)
        group = self._groups.get(key) if key is not None else None
        return None if group is None or self._stale_day(group.last_day) else group

    def _close_stale_stories(self) -> None:
        """Free the vectors of dated stories that fell out of the window: no dated article can
        join them any more, and the memory (and the cost of a large heap) stays flat."""
        assert self._latest_day is not None
        horizon = self._latest_day - self.model.window_days
        while self._open:
            story = self._stories[next(iter(self._open))]
            if story.last_day is not None and story.last_day >= horizon:
                break
            del self._open[story.key]
            story.sums = {view: {} for view in VIEWS}
            story.norms = dict.fromkeys(VIEWS, 0.0)
            story.members = []
            group_key = self._group_of.get(story.key)
            group = self._groups.get(group_key) if group_key is not None else None
            if group is not None and self._stale_day(group.last_day):
                del self._groups[group.key]  # its stories still lead to it: a missing group

    def _index(self, story: _Story, terms: list[tuple[str, float]]) -> None:
        """Post the story under the article's strongest terms (``_index_terms``), newest last;
        drop stale stories."""
        horizon = None if self._latest_day is None else self._latest_day - self.model.window_days
        for term, _ in terms:
            posting = self._postings.setdefault(term, {})
            posting.pop(story.key, None)
            posting[story.key] = None
            while len(posting) > self.model.posting_cap:
                del posting[next(iter(posting))]
            if horizon is not None:
                # The oldest entries come first: pop dated stories that fell out of the window.
                while posting:
                    first = next(iter(posting))
                    oldest = self._stories.get(first)  # None: left out of a checkpoint, stale
                    if oldest is not None and (
                        oldest.last_day is None or oldest.last_day >= horizon
                    ):
                        break
                    del posting[first]


def cluster_stream(
    features: Iterable[ArticleFeatures], model: ClusterModel | None = None
) -> dict[str, str]:
    """Cluster a batch of articles; returns article id -> story key in processing order.

    Undated articles are processed first, in input order, then the dated ones, oldest first.
    An undated article has no place in time, and taken last it would meet only the stories of
    the last weeks: older dated stories have left the index by then and it would start a story
    of its own. Taken first it opens or joins a story that dated reports then join, with no time
    feature for or against it. Ties keep input order, so the same input gives the same keys.
    """
    items = list(features)
    order = sorted(
        range(len(items)),
        key=lambda i: (items[i].published is not None, items[i].published or date.min, i),
    )
    clusterer = StoryClusterer(model)
    for i in order:
        clusterer.add(items[i])
    return clusterer.assignments()


def _story_snapshot(story: _Story) -> list[Any]:
    """One story's running state as JSON values (empty views left out)."""
    return [
        story.key,
        story.size,
        story.first_day,
        story.last_day,
        story.day_sum,
        story.day_count,
        {view: dict(sums) for view, sums in story.sums.items() if sums},
        {view: norm for view, norm in story.norms.items() if norm},
        [{view: dict(vector) for view, vector in member.items()} for member in story.members],
    ]


def _story_from_snapshot(record: list[Any]) -> _Story:
    key, size, first_day, last_day, day_sum, day_count, sums, norms, members = record
    story = _Story(key)
    story.size = size
    story.first_day, story.last_day = first_day, last_day
    story.day_sum, story.day_count = day_sum, day_count
    story.sums = {view: dict(sums.get(view, {})) for view in VIEWS}
    story.norms = {view: float(norms.get(view, 0.0)) for view in VIEWS}
    story.members = [{view: dict(member[view]) for view in MEMBER_VIEWS} for member in members]
    return story


def _group_snapshot(group: _Group) -> list[Any]:
    """One group's state as JSON values (not the similarity cache)."""
    return [
        group.key,
        group.serial,
        group.summed,
        group.first_day,
        group.last_day,
        list(group.ids),
        list(group.streams),
        list(group.days),
        None if group.vectors is None else [v and dict(v) for v in group.vectors],
        list(group.stories),
        dict(group.sums),
    ]


def _group_from_snapshot(record: list[Any]) -> _Group:
    key, serial, summed, first_day, last_day, ids, streams, days, vectors, stories, sums = record
    group = _Group(key, serial)
    group.summed, group.first_day, group.last_day = summed, first_day, last_day
    group.ids, group.streams, group.days = list(ids), list(streams), list(days)
    group.vectors = None if vectors is None else [v and dict(v) for v in vectors]
    group.stories, group.sums = list(stories), dict(sums)
    return group


def _add_member(
    group: _Group,
    article_id: str,
    stream: str,
    day: int | None,
    vector: dict[str, float] | None,
    max_split_size: int,
) -> None:
    """One article (``vector`` None: an exact copy of a member) into a group."""
    group.ids.append(article_id)
    group.streams.append(stream)
    group.days.append(day)
    if vector is not None:
        for term, weight in vector.items():
            group.sums[term] = group.sums.get(term, 0.0) + weight
        group.summed += 1
    if group.vectors is not None:
        group.vectors.append(vector)
        if group.summed > max_split_size:
            group.vectors = group.links = None
            group.dots = {}
        elif vector is not None and group.links is not None:
            row = [_sparse_dot(v, vector) for v in group.vectors if v is not None]
            held = [a for a, v in zip(group.ids, group.vectors, strict=True) if v is not None]
            group.dots.update(zip(zip(held, repeat(article_id)), row, strict=True))
            for old, similarity in zip(group.links, row, strict=False):
                old.append(similarity)
            group.links.append(row)
    if day is not None:
        group.first_day = day if group.first_day is None else min(group.first_day, day)
        group.last_day = day if group.last_day is None else max(group.last_day, day)


def _flat(vectors: Vectors, settings: ConsolidationSettings) -> dict[str, float]:
    """One vector of the second look's views (``view|term`` keys), each view's unit vector
    scaled by the square root of its share of the weights, so the dot product of two articles
    is the weighted mean of their view cosines."""
    total = settings.positive_total
    flat: dict[str, float] = {}
    for view, weight in settings.weights.items():
        if weight > 0:
            scale = math.sqrt(weight / total)
            for term, w in vectors[view].items():
                flat[f"{view}|{term}"] = w * scale
    return flat


def _pairwise(group: _Group, held: list[int]) -> list[list[float]]:
    """Pairwise dot products of the vectors of the members at ``held`` (row: the first of the
    pair), each computed once while the group keeps vectors (``_Group.dots``)."""
    assert group.vectors is not None
    dots = group.dots
    members = [(group.ids[i], group.vectors[i] or {}) for i in held]
    links = []
    for a, left in members:
        row = []
        for b, right in members:
            value = dots.get((a, b))
            if value is None:
                value = dots[a, b] = _sparse_dot(left, right)
            row.append(value)
        links.append(row)
    return links


def _dots_within(
    dots: dict[tuple[str, str], float], ids: list[str]
) -> dict[tuple[str, str], float]:
    """The cached similarities (``_Group.dots``) of the pairs of ``ids``."""
    members = set(ids)
    return {pair: dot for pair, dot in dots.items() if pair[0] in members and pair[1] in members}


def _link(left: _Group, right: _Group) -> float:
    """Average link of two groups: the mean similarity of their member pairs."""
    if not left.summed or not right.summed:
        return 0.0
    a, b = (left.sums, right.sums) if len(left.sums) <= len(right.sums) else (right.sums, left.sums)
    return _sparse_dot(a, b) / (left.summed * right.summed)


def _view_dots(left: _Group, right: _Group) -> dict[str, float]:
    """View -> the dot product of the two groups' summed vectors on that view's terms, summed
    in the order of the left group's terms (a set's order would change with the process's
    hash seed, and the last bits of the sums with it: same input, same stories)."""
    dots: dict[str, float] = {}
    a, b = left.sums, right.sums
    for term in filter(b.__contains__, a):
        view = term.partition("|")[0]
        dots[view] = dots.get(view, 0.0) + a[term] * b[term]
    return dots


def _mean_of(
    dots: dict[str, float], left: _Group, right: _Group, view: str, settings: ConsolidationSettings
) -> float:
    """The mean cosine of the two groups' member pairs in one view, from ``_view_dots``."""
    share = settings.weights.get(view, 0.0) / settings.positive_total
    if share <= 0 or not left.summed or not right.summed:
        return 0.0
    return dots.get(view, 0.0) / share / (left.summed * right.summed)


def _merge_features(
    left: _Group, right: _Group, dots: dict[str, float], settings: ConsolidationSettings
) -> list[float]:
    """The ``MERGE_FEATURES`` of two groups, ``dots`` their ``_view_dots``."""
    pairs = left.summed * right.summed
    small, large = sorted((left.summed, right.summed))
    return [
        sum(dots.values()) / pairs if pairs else 0.0,
        *(_mean_of(dots, left, right, view, settings) for view in MERGE_VIEWS),
        math.log1p(small),
        math.log1p(large),
        1.0 if small == 1 < large else 0.0,
    ]


def _merge_score(values: list[float], settings: ConsolidationSettings) -> float:
    """The learned probability that two groups report one event (``MERGE_FEATURES`` values;
    coefficients and bias from ``settings``)."""
    weights = tuple(settings.merge_coef[name] for name in MERGE_FEATURES)
    return _sigmoid(_dot(weights, values) + settings.merge_bias)


def _may_merge(
    left: _Group, right: _Group, settings: ConsolidationSettings, content: float | None = None
) -> bool:
    """The second look's rules besides the score: close in time (``close_in_time``), shared
    content words (``content``: the groups' mean cosine in ``content_view``, when known), and
    with one side undated, written years that fit (``_years_agree``'s rule)."""
    if not close_in_time(left, right, settings):
        return False
    if (left.first_day is None) != (right.first_day is None):
        dated, undated = (left, right) if left.first_day is not None else (right, left)
        assert dated.last_day is not None
        prefix = "body_years|"
        written = {int(t[len(prefix) :]) for t in undated.sums if t.startswith(prefix)}
        written = {year for year in written if year}
        if written and min(written) > date.fromordinal(dated.last_day).year + YEAR_SLACK:
            return False
    if content is None:
        content = _mean_of(_view_dots(left, right), left, right, settings.content_view, settings)
    return content >= settings.min_content


class _Logarithms(dict[int, float]):
    """``math.log(n)`` of an integer, kept once computed for the small ones: the weights take
    the logarithm of term counts and document frequencies, the same few integers asked
    millions of times; a lookup gives the very float the call gives."""

    def __missing__(self, number: int) -> float:
        value = math.log(number)
        if number < LOGARITHMS_KEPT:
            self[number] = value
        return value


LOGARITHMS_KEPT = 1 << 16  # larger counts are rare: their logarithms are computed each time
_LOG = _Logarithms()


def _index_terms(vectors: Vectors) -> list[tuple[str, float]]:
    """The article's strongest terms of each ``INDEXED_VIEWS`` (``view|term``) and weights."""
    terms: list[tuple[str, float]] = []
    for view, count in INDEXED_VIEWS.items():
        strongest = sorted(vectors[view].items(), key=lambda item: (-item[1], item[0]))
        terms.extend((f"{view}|{term}", weight) for term, weight in strongest[:count])
    return terms


def _days_apart(day: int, story: _Story) -> int:
    if story.first_day is None or story.last_day is None:
        return 0
    if day < story.first_day:
        return story.first_day - day
    return max(0, day - story.last_day)


def _years(vector: dict[str, float]) -> set[int]:
    """The years of a ``body_years`` vector (its terms are the years as written)."""
    return {int(term) for term in vector if term.isdigit()}


def _sparse_dot(article: dict[str, float], other: dict[str, float]) -> float:
    """The dot product of an article's vector with a story's or a member's.

    The hot loop of the clusterer (about 150 calls an article). Most terms are not shared:
    ``filter`` finds the shared ones in C, in the article's order, and only their products are
    summed. Weights are positive, so the products left out are 0.0, which adds nothing: the
    sum is the one over every term of the article, bit for bit.
    """
    shared = list(filter(other.__contains__, article))
    if not shared:
        return 0.0
    total: float = sum([article[term] * other[term] for term in shared])
    return total


def _novelty(article: dict[str, float], story: dict[str, float]) -> float:
    """The share of the article's (unit) vector on terms the story never used; 0 when either
    side has no terms in the view, since then nothing is contradicted."""
    if not article or not story:
        return 0.0
    return sum([w * w for t, w in article.items() if t not in story])  # a list: faster, same sum


def _dot(weights: tuple[float, ...], values: list[float]) -> float:
    if len(weights) != len(values):
        raise ValueError(f"{len(weights)} coefficients for {len(values)} features")
    total: float = sum(map(mul, weights, values))
    return total


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -50 else 0.0
