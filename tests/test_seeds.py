"""The founding acceptance case: the five seed reports, end to end (golden file for metadata).

Regenerate the golden file after an intended change with
``STORYLINE_UPDATE_GOLDEN=1 python -m pytest tests/test_seeds.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from storyline.report.brief import build_brief
from storyline.report.contents import Contents, load_contents
from storyline.report.json_report import report_of
from storyline.runner import run
from storyline.store import open_store
from tests.conftest import SEEDS

GOLDEN = Path(__file__).parent / "golden" / "seeds_metadata.json"
SCHEMA = Path(__file__).resolve().parents[1] / "src" / "storyline" / "schema" / "report.schema.json"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def contents() -> Iterator[Contents]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    store = open_store(":memory:")
    run(store, [SEEDS])
    yield load_contents(store)
    store.close()


@pytest.fixture(scope="module")
def report(contents: Contents) -> dict[str, Any]:
    return report_of(contents)


def seed_number(article: dict[str, Any]) -> str:
    return Path(article["source_path"]).name[:3]


def metadata(article: dict[str, Any]) -> dict[str, Any]:
    return {
        "outlet": article["outlet"],
        "byline": article["byline"],
        "dateline": article["dateline"],
        "language": article["language"],
        "title": article["title"],
        "published": article["published"],
        "page_date": article["page_date"],
        "removed": [[span["reason"], span["text"]] for span in article["removed_spans"]],
    }


def test_seed_metadata_matches_the_golden_file(report: dict[str, Any]) -> None:
    found = {seed_number(a): metadata(a) for a in report["articles"]}
    if os.environ.get("STORYLINE_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(found, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    assert found == json.loads(GOLDEN.read_text())


def test_seed_outlets_and_publication_dates(report: dict[str, Any]) -> None:
    by_seed = {seed_number(a): a for a in report["articles"]}
    assert by_seed["002"]["outlet"] == "UPI"
    assert by_seed["003"]["outlet"] == "MENAFN"
    assert "JoongAng" in by_seed["001"]["outlet"]
    for seed in ("001", "002", "003"):
        assert by_seed[seed]["published"]["date"] == "2024-05-15"
        assert by_seed[seed]["published"]["basis"] != "unknown"
    assert by_seed["001"]["page_date"] == "2024-12-26"
    assert by_seed["004"]["published"] == {"date": None, "basis": "unknown", "evidence": None}


def test_seed_text_is_clean(report: dict[str, Any]) -> None:
    junk = (
        "56.4 F",
        "Advertisement",
        "Most Popular",
        "Oops!",
        "Something went wrong",
        "MENAFN15052024",
        "Thursday, December 26, 2024",
        "HomeWorldAsia",
    )
    for article in report["articles"]:
        for line in junk:
            assert line not in article["text"], (seed_number(article), line)


def test_seeds_form_two_stories(report: dict[str, Any]) -> None:
    seed_of = {a["id"]: seed_number(a) for a in report["articles"]}
    stories = sorted(sorted(seed_of[a] for a in s["article_ids"]) for s in report["stories"])
    assert stories == [["000", "001", "002", "003"], ["004"]]


def test_seed_report_follows_the_json_schema(report: dict[str, Any]) -> None:
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))


def test_seed_speakers_have_one_name_each(report: dict[str, Any]) -> None:
    # Kim Jong-un (001, 000) and Kim Jong Un (002, 003) are one speaker across the story.
    speakers = {
        member["speaker"]
        for entry in report["quotes"]
        for member in entry["members"]
        if "Kim" in (member.get("speaker") or "")
    }
    assert len(speakers) == 1


def test_seed_provenance_names_kcna_once(contents: Contents) -> None:
    story = next(s for s in contents.stories if len(s.article_ids) == 4)
    upstream = build_brief(contents, story.id).provenance.upstream
    assert "KCNA" in upstream and "Korean Central News Agency" not in upstream
