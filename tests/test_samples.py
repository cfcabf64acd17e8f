"""The bundled sample corpus against its answer key (src/storyline/samples/expected.json)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from storyline.report.json_report import build_report
from storyline.runner import run
from storyline.store import open_store
from tests.conftest import SAMPLES

EXPECTED = json.loads((SAMPLES.parent / "expected.json").read_text())
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> Iterator[dict[str, Any]]:
    store = open_store(":memory:")
    run(store, [SAMPLES])
    yield build_report(store)
    store.close()


@pytest.fixture(scope="module")
def by_key(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Answer-key name ("file" or "file#n") -> the reported article, matched by file and title."""
    found = {}
    for expected in EXPECTED["articles"]:
        name = expected["key"].split("#")[0]
        # an article without a headline gets its first sentence as title: match by file alone
        (article,) = [
            a
            for a in report["articles"]
            if Path(a["source_path"]).name == name
            and expected["title"] in (None, a["title"])
            and (expected["title"] is not None or "#" not in expected["key"])
        ]
        found[expected["key"]] = article
    return found


def test_every_article_is_read_and_the_malformed_file_quarantined(report: dict[str, Any]) -> None:
    assert len(report["articles"]) == EXPECTED["counts"]["articles"]
    assert [(Path(r["source_path"]).name, r["reason"]) for r in report["rejections"]] == [
        (r["file"], r["reason"]) for r in EXPECTED["rejections"]
    ]


def test_publication_dates_and_their_basis(by_key: dict[str, dict[str, Any]]) -> None:
    for expected in EXPECTED["articles"]:
        article = by_key[expected["key"]]
        assert article["published"]["date"] == expected["published"], expected["key"]
        assert article["published"]["basis"] == expected["basis"], expected["key"]


def test_stories_are_the_answer_keys_five(
    report: dict[str, Any], by_key: dict[str, dict[str, Any]]
) -> None:
    """Each story tells one key story, whole: the undated human-interest pieces (the
    fishermen's losses, the night the dam broke) included, in file order."""
    story_of_key = {e["key"]: e["story"] for e in EXPECTED["articles"]}
    told = {
        frozenset(story_of_key[key] for key, a in by_key.items() if a["id"] in s["article_ids"])
        for s in report["stories"]
    }
    assert told == {frozenset({story["id"]}) for story in EXPECTED["stories"]}
    assert len(report["stories"]) == len(EXPECTED["stories"]) == 5


def test_outlets_are_named_from_metadata_credits_and_bylines(
    by_key: dict[str, dict[str, Any]],
) -> None:
    named_somewhere = {a["outlet"] for a in by_key.values()}
    for expected in EXPECTED["articles"]:
        outlet = by_key[expected["key"]]["outlet"]
        if expected["outlet"] in named_somewhere:
            assert outlet == expected["outlet"], expected["key"]
        else:  # no input names this outlet: it is known by its e-mail domain only
            assert outlet and outlet.endswith(".example"), expected["key"]


def test_sample_report_follows_the_json_schema(report: dict[str, Any]) -> None:
    schema = SAMPLES.parents[1] / "schema" / "report.schema.json"
    jsonschema.validate(report, json.loads(schema.read_text()))
