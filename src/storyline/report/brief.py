"""The story brief: what an analyst reads about one story, built from the JSON report.

One brief model (plain dicts and lists, JSON-ready) is rendered as Markdown
(``storyline.report.markdown``), as offline HTML (``storyline.report.exports``) and by the
web UI. Every statement carries ``refs``: the article, the char span and the sentence that
supports it, so each rendering can link a statement to its sentence.

The timeline, claims, quotes and conflicts entries come from other stages; the brief reads
them by well-known keys and never fails on a missing one (see ``refs_in``).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from storyline.model import content_id
from storyline.reconcile.sources import is_generic_media, source_aliases
from storyline.reconcile.text import name_key
from storyline.report.brief_text import (
    central_sentences,
    content_words,
    sentence_bounds,
    sentence_index,
    similar,
)

DIFF_OPS = frozenset({"equal", "replace", "insert", "delete"})
EXCERPT = 280


def sentence_anchor(article_id: str, index: int) -> str:
    """The HTML id of sentence ``index`` of an article, the same in every rendering."""
    return f"a-{article_id[:12]}-s{index}"


def make_ref(article: Mapping[str, Any], start: int | None, end: int | None) -> dict[str, Any]:
    """A pointer to the sentence of ``article`` holding [start, end) (the lead when unknown)."""
    text = article["text"]
    index = sentence_index(text, start) if start is not None else 0
    bounds = sentence_bounds(text)
    s_start, s_end = bounds[index] if bounds else (0, len(text))
    excerpt = text[s_start:s_end]
    return {
        "article_id": article["id"],
        "outlet": article.get("outlet") or "unknown outlet",
        "date": (article.get("published") or {}).get("date"),
        "start": start if start is not None else s_start,
        "end": end if end is not None else s_end,
        "sentence": index,
        "anchor": sentence_anchor(article["id"], index),
        "excerpt": excerpt if len(excerpt) <= EXCERPT else excerpt[: EXCERPT - 1] + "…",
    }


def refs_in(value: Any, articles: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every (article, span) an entry points to, however deep: ``{article_id, span}``,
    ``{article_id, start, end}`` and bare ``article_ids`` lists; sorted, without repeats."""
    found: dict[tuple[str, int | None, int | None], None] = {}
    _collect(value, found)
    spanned = {key[0] for key in found if key[1] is not None}
    refs = [
        make_ref(articles[aid], start, end)
        for aid, start, end in found
        if aid in articles and (start is not None or aid not in spanned)
    ]
    return sorted(refs, key=lambda r: (r["date"] or "", r["article_id"], r["start"], r["end"]))


def _collect(value: Any, found: dict[tuple[str, int | None, int | None], None]) -> None:
    if isinstance(value, list | tuple):
        for item in value:
            _collect(item, found)
        return
    if not isinstance(value, dict):
        return
    article_id = value.get("article_id")
    if isinstance(article_id, str):
        span = value.get("span") if isinstance(value.get("span"), dict) else value
        start, end = span.get("start"), span.get("end")
        if isinstance(start, int) and isinstance(end, int):
            found[(article_id, start, end)] = None
        else:
            found[(article_id, None, None)] = None
    for article_id in value.get("article_ids") or ():
        if isinstance(article_id, str):
            found[(article_id, None, None)] = None
    for key, item in value.items():
        if key != "span" and isinstance(item, dict | list):
            _collect(item, found)


def find_diff(value: Any) -> list[list[str]] | None:
    """A word-level diff anywhere in an entry: ops such as ["replace", "epochal", "historic"]."""
    if (
        isinstance(value, list)
        and value
        and all(isinstance(op, list | tuple) and op and op[0] in DIFF_OPS for op in value)
    ):
        return [[str(part) for part in op] for op in value]
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    for child in children:
        found = find_diff(child)
        if found:
            return found
    return None


def _first(entry: Mapping[str, Any], *keys: str) -> Any:
    details = entry.get("details") if isinstance(entry.get("details"), dict) else {}
    for key in keys:
        for place in (entry, details):
            if place.get(key) not in (None, "", []):
                return place[key]
    return None


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    return []


# ---- dates of timeline entries ---------------------------------------------------------------

_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-Q([1-4])|-H([12]))?")


def interval_of(value: str | None) -> tuple[str, str] | None:
    """The calendar interval (ISO start, end) of a TimeML value: 2024-05-14, 2024-W19, 2024-05,
    2024-Q2, 2024-H1, 2024; None for values without one (XXXX-08-21, P3D, PAST_REF)."""
    match = _VALUE.match(value or "")
    if not match:
        return None
    year = int(match[1])
    try:
        if match[3]:
            day = date(year, int(match[2]), int(match[3]))
            return day.isoformat(), day.isoformat()
        if match[2]:
            month = int(match[2])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).isoformat(), date(year, month, last).isoformat()
        if match[4]:
            monday = date.fromisocalendar(year, int(match[4]), 1)
            return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
        if match[5] or match[6]:
            months = 3 if match[5] else 6
            first = (int(match[5] or match[6]) - 1) * months + 1
            last_month = first + months - 1
            last = calendar.monthrange(year, last_month)[1]
            return date(year, first, 1).isoformat(), date(year, last_month, last).isoformat()
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    except ValueError:  # 2024-13-45 and friends: no interval rather than a crash
        return None


def _iso(value: Any) -> str | None:
    return value if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None


def timeline_item(entry: Mapping[str, Any], articles: Mapping[str, Any]) -> dict[str, Any]:
    """One timeline row: when (as stated value and interval), precision, what, its sentences."""
    value = _first(entry, "value", "date", "start_date", "when")
    start = _iso(_first(entry, "start_date", "start"))
    end = _iso(_first(entry, "end_date", "end")) or start
    if start is None and (interval := interval_of(str(value) if value else None)):
        start, end = interval
    refs = refs_in(entry, articles)
    what = _first(entry, "what", "text", "description", "event", "label")
    return {
        "when": str(value) if value is not None else (start or "undated"),
        "start": start,
        "end": end,
        "precision": _first(entry, "precision") or "unknown",
        "what": str(what) if what else (refs[0]["excerpt"] if refs else ""),
        "refs": refs,
    }


# ---- reconciled claims and quotes ------------------------------------------------------------


def _members_by_id(entry: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    members = entry.get("members")
    return (
        {m["id"]: m for m in members if isinstance(m, dict) and isinstance(m.get("id"), str)}
        if isinstance(members, list)
        else {}
    )


def _when(value: Any) -> str | None:
    names = _names(value)
    return "; ".join(names) if names else None


def _sides(entry: Mapping[str, Any], articles: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The two (or more) sides of a conflict: each value as written, who said it, when, and
    the sentence (through the side's claim id when the side itself carries no span)."""
    listed = _first(entry, "values", "sides")
    members = _members_by_id(entry)
    sides = []
    for side in listed if isinstance(listed, list) else []:
        if not isinstance(side, dict):
            continue
        value = _first(side, "as_written", "value", "quantity", "text", "words")
        ids = _names(side.get("claim_id")) + _names(side.get("quote_ids") or side.get("quote_id"))
        sides.append(
            {
                "value": str(value) if value is not None else "",
                "who": _first(side, "speaker", "claimant", "source", "cited_source"),
                "when": _when(_first(side, "time", "date", "when")),
                "refs": refs_in([side, *(members[i] for i in ids if i in members)], articles),
            }
        )
    if not sides:  # no per-side detail: one side per article, in its own words
        for ref in refs_in(entry, articles):
            sides.append(
                {"value": ref["excerpt"], "who": ref["outlet"], "when": None, "refs": [ref]}
            )
    return sides


def _wordings(entry: Mapping[str, Any], articles: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The different wordings of a quote, each with its word-level diff and its sentences."""
    listed = _first(entry, "wordings")
    members = _members_by_id(entry)
    wordings = []
    for wording in listed if isinstance(listed, list) else []:
        if not isinstance(wording, dict):
            continue
        ids = _names(wording.get("quote_ids"))
        wordings.append(
            {
                "text": str(wording.get("text") or ""),
                "diff": find_diff(wording.get("ops")) or [],
                "refs": refs_in([wording, *(members[i] for i in ids if i in members)], articles),
            }
        )
    return wordings


def assessment_item(entry: Mapping[str, Any], kind: str, articles: Mapping[str, Any]) -> dict:
    """A reconciled group of claims or quotes as the brief shows it."""
    independent = _first(entry, "independent_sources", "sources")
    count = _first(entry, "independent_source_count", "independent_count", "source_count")
    names = _names(independent)
    notes = _names(_first(entry, "notes"))
    member_ids = sorted(_names(_first(entry, "member_ids", "ids")))
    subject = _first(entry, "subject", "summary", "text", "words", "counted") or kind
    return {
        "id": "r-" + content_id(kind, subject, *member_ids, size=12),
        "kind": kind,
        "verdict": str(entry.get("verdict") or ("conflict" if kind == "conflict" else "")),
        "subject": str(subject),
        "who": _names(_first(entry, "speaker", "speakers", "claimant", "claimants")),
        "independent_sources": names,
        "independent_count": int(count) if isinstance(count, int) else len(names),
        "notes": notes or [k.replace("_", " ") for k in _flags(entry)],
        "member_ids": member_ids,
        "diff": find_diff(entry),
        "wordings": _wordings(entry, articles),
        "sides": _sides(entry, articles) if kind == "conflict" else [],
        "refs": refs_in(entry, articles),
    }


def _flags(entry: Mapping[str, Any]) -> list[str]:
    """Boolean flags such as same_speaker or may_differ_in_time that are set."""
    details = entry.get("details") if isinstance(entry.get("details"), dict) else {}
    return sorted(k for place in (entry, details) for k, v in place.items() if v is True)


# ---- provenance, coverage, summary -----------------------------------------------------------


def _cited_in(value: Any, found: set[tuple[str, str]], article_id: str | None = None) -> None:
    """(article id, upstream source) for every ``cited_source`` an entry names."""
    if isinstance(value, list):
        for item in value:
            _cited_in(item, found, article_id)
    elif isinstance(value, dict):
        here = value.get("article_id") if isinstance(value.get("article_id"), str) else article_id
        cited = value.get("cited_source")
        if isinstance(cited, str) and cited.strip() and here:
            found.add((here, cited.strip()))
        for item in value.values():
            _cited_in(item, found, here)


def provenance(
    members: Sequence[Mapping[str, Any]],
    derivations: Iterable[Mapping[str, Any]],
    cited: Iterable[tuple[str, str]],
) -> dict[str, Any]:
    """Who rewrote whom, and which upstream sources (state media, agencies) articles cite."""
    in_story = {a["id"] for a in members}
    nodes = [
        {
            "id": a["id"],
            "kind": "article",
            "label": a.get("outlet") or "unknown outlet",
            "date": (a.get("published") or {}).get("date"),
        }
        for a in members
    ]
    edges = [
        {
            "from": d["from_id"],
            "to": d["to_id"],
            "kind": str(d.get("kind", "derived")),
            "score": float(d.get("score") or 0.0),
            "evidence": len(d.get("evidence") or ()),
        }
        for d in derivations
        if d.get("from_id") in in_story and d.get("to_id") in in_story
    ]
    # One name per source, as reconciliation counts them: "Korean Central News Agency" is the
    # story's "KCNA". Generic names ("state media") stay as written: the text names no one.
    cited = {(a, s) for a, s in cited if a in in_story}
    aliases = source_aliases(s for _, s in cited)
    cited = {(a, s if is_generic_media(s) else aliases.get(name_key(s), s)) for a, s in cited}
    upstream = sorted({source for _, source in cited})
    for source in upstream:
        nodes.append(
            {
                "id": "src-" + content_id("source", source.casefold(), size=10),
                "kind": "upstream",
                "label": source,
                "date": None,
            }
        )
    node_of = {n["label"]: n["id"] for n in nodes if n["kind"] == "upstream"}
    for article_id, source in sorted(cited):
        edges.append(
            {
                "from": node_of[source],
                "to": article_id,
                "kind": "cited",
                "score": 1.0,
                "evidence": 0,
            }
        )
    edges.sort(key=lambda e: (e["kind"], e["from"], e["to"]))
    return {"nodes": nodes, "edges": edges, "upstream": upstream}


def coverage(members: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Outlets, dates and languages of a story's articles, with counts."""
    dates = sorted(d for a in members if (d := (a.get("published") or {}).get("date")))
    return {
        "articles": len(members),
        "outlets": sorted(Counter(a.get("outlet") or "unknown outlet" for a in members).items()),
        "languages": sorted(Counter(a.get("language") or "unknown" for a in members).items()),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "undated": sum(1 for a in members if not (a.get("published") or {}).get("date")),
    }


def summary(members: Sequence[Mapping[str, Any]], limit: int = 3) -> list[dict[str, Any]]:
    """What happened, in a few sentences taken from the articles, each with every article that
    says much the same thing as its sources."""
    by_id = {a["id"]: a for a in members}
    chosen = central_sentences([(a["id"], a["text"]) for a in members], limit)
    items = []
    for article_id, index in chosen:
        text = by_id[article_id]["text"]
        start, end = sentence_bounds(text)[index]
        words = content_words(text[start:end])
        refs = [make_ref(by_id[article_id], start, end)]
        for other in members:
            if other["id"] == article_id:
                continue
            for o_start, o_end in sentence_bounds(other["text"]):
                if similar(words, content_words(other["text"][o_start:o_end])):
                    refs.append(make_ref(other, o_start, o_end))
                    break
        items.append({"text": text[start:end], "refs": refs})
    return items


def removed(members: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What cleaning dropped as page junk, per article."""
    return [
        {
            "article_id": a["id"],
            "outlet": a.get("outlet") or "unknown outlet",
            "reason": span.get("reason", ""),
            "text": span.get("text", ""),
        }
        for a in members
        for span in a.get("removed_spans") or ()
    ]


# ---- the brief -------------------------------------------------------------------------------


def _for_story(items: Iterable[Mapping[str, Any]], story_id: str) -> list[Mapping[str, Any]]:
    return [item for item in items if isinstance(item, dict) and item.get("story_id") == story_id]


def build_brief(
    report: Mapping[str, Any],
    story_id: str,
    include_removed: bool = False,
    cited_sources: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The brief of one story of ``report`` (see ``storyline.report.json_report.build_report``).

    ``cited_sources`` (article id -> upstream sources its quotes cite) adds what the report's
    own quote entries do not name.
    """
    story = next((s for s in report["stories"] if s["id"] == story_id), None)
    if story is None:
        raise KeyError(story_id)
    articles = {a["id"]: a for a in report["articles"]}
    members = sorted(
        (articles[a] for a in story["article_ids"] if a in articles),
        key=lambda a: ((a.get("published") or {}).get("date") or "9999", a["id"]),
    )
    claims = _for_story(report.get("claims", []), story_id)
    quotes = _for_story(report.get("quotes", []), story_id)
    items = [assessment_item(e, "claim", articles) for e in claims]
    items += [assessment_item(e, "quote", articles) for e in quotes]
    conflicts = [
        assessment_item(e, "conflict", articles)
        for e in _for_story(report.get("conflicts", []), story_id)
    ]
    listed = {(c["subject"], tuple(c["member_ids"])) for c in conflicts}
    conflicts += [
        dict(i, sides=_sides(e, articles))
        for i, e in zip(items, claims + quotes, strict=True)
        if i["verdict"] == "conflict" and (i["subject"], tuple(i["member_ids"])) not in listed
    ]
    cited: set[tuple[str, str]] = set()
    _cited_in(quotes + claims, cited)
    for article_id, sources in (cited_sources or {}).items():
        cited.update((article_id, s) for s in sources)
    timeline = [
        timeline_item(e, articles) for e in _for_story(report.get("timeline", []), story_id)
    ]
    return {
        "id": story_id,
        "title": story["title"],
        "articles": members,
        "coverage": coverage(members),
        "summary": summary(members),
        "timeline": sorted(timeline, key=lambda t: (t["start"] or "9999", t["when"], t["what"])),
        "agreed": [i for i in items if i["verdict"] == "agreed"],
        "conflicts": conflicts,
        "variants": [i for i in items if i["verdict"] == "variant"],
        "single_source": [i for i in items if i["verdict"] == "single_source"],
        "other": [
            i
            for i in items
            if i["verdict"] not in {"agreed", "variant", "single_source", "conflict"}
        ],
        "provenance": provenance(members, report.get("derivations", []), cited),
        "removed": removed(members) if include_removed else [],
        "related": [
            s for s in report["stories"] if s["id"] in set(story.get("related_story_ids") or ())
        ],
    }


def build_briefs(report: Mapping[str, Any], include_removed: bool = False) -> list[dict[str, Any]]:
    """The brief of every story of the report, in report order."""
    return [build_brief(report, s["id"], include_removed) for s in report["stories"]]
