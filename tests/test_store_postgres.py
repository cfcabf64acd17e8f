"""The PostgreSQL store end to end: the CLI over a postgresql:// URL, and what only it has.

The contract every backend shares is tested in tests/test_store.py; the server comes from
tests/postgres_server.py (``postgres_url`` gives a fresh database per test).
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.errors import StoreError
from storyline.store import open_store
from tests.conftest import SAMPLES

runner = CliRunner()


def story_count(output: str) -> int:
    found = re.search(r"in (\d+) stories", output)
    assert found, output
    return int(found[1])


@pytest.mark.slow
def test_analyze_into_postgres_finds_the_same_stories_as_sqlite(
    postgres_url: str, tmp_path: Path
) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'storyline.db'}"
    runs = {}
    for url in (sqlite_url, postgres_url):
        result = runner.invoke(app, ["analyze", str(SAMPLES), "--db", url])
        assert result.exit_code == 0, result.output
        runs[url] = story_count(result.stdout)
    assert runs[postgres_url] == runs[sqlite_url] > 0
    on_sqlite, on_postgres = open_store(sqlite_url), open_store(postgres_url)
    try:
        assert on_postgres.articles() == on_sqlite.articles()
        assert on_postgres.rejections() == on_sqlite.rejections()
        assert on_postgres.result("stories") == on_sqlite.result("stories")
    finally:
        on_sqlite.close()
        on_postgres.close()
    listed = runner.invoke(app, ["stories", "--db", postgres_url])
    assert listed.exit_code == 0, listed.output


def test_an_unreachable_server_is_one_error_line() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://someone:secret@127.0.0.1:{port}/storyline"
    result = runner.invoke(app, ["articles", "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: [E200] postgresql://someone:***@127.0.0.1:{port}/")
    assert "cannot connect" in result.stderr
    assert "secret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_postgres_scheme_alias_opens_the_same_store(postgres_url: str) -> None:
    store = open_store(postgres_url.replace("postgresql://", "postgres://", 1))
    try:
        assert store.articles() == []
    finally:
        store.close()


def test_a_url_that_is_not_a_postgres_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="not a PostgreSQL URL"):
        open_store("postgresql://%zz")
    with pytest.raises(StoreError, match="must be sqlite or postgresql"):
        open_store("mysql://localhost/db")


@pytest.mark.parametrize(
    ("fts5", "web"),
    [
        ("dam", "dam"),
        ("dam port", "dam port"),
        ("dam AND port", "dam port"),
        ("dam OR port", "dam OR port"),
        ("dam NOT port", "dam -port"),
        ('NOT "the dam"', '-"the dam"'),
        ('"the dam" failed', '"the dam" failed'),
        ("dam*", "dam"),
    ],
)
def test_fts5_style_queries_become_web_search_queries(fts5: str, web: str) -> None:
    from storyline.store.postgres import web_search_query

    assert web_search_query(fts5) == web


@pytest.mark.parametrize("query", ["", "   ", '"unbalanced', "NOT", "*"])
def test_queries_without_words_or_with_a_stray_quote_are_errors(query: str) -> None:
    from storyline.store.postgres import web_search_query

    with pytest.raises(StoreError):
        web_search_query(query)


def test_search_syntax_on_the_server(postgres_url: str) -> None:
    from tests.test_store import make_article

    store = open_store(postgres_url)
    try:
        dam, port = make_article("The dam failed."), make_article("A port was attacked.")
        store.add_article(dam)
        store.add_article(port)
        assert set(store.search("dam OR attacked")) == {dam.id, port.id}
        assert store.search("fails NOT attacked") == [dam.id]  # "fails" is in both titles
        assert store.search('"port was attacked"') == [port.id]
        assert store.search('"attacked was port"') == []
        assert store.search("FAILED") == [dam.id]
    finally:
        store.close()


def test_two_stores_opening_a_new_database_at_once_migrate_it_once(postgres_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: open_store(postgres_url), range(4)))
    from storyline.store.postgres import MIGRATIONS

    rows = stores[0].db.execute("SELECT name FROM migrations ORDER BY name").fetchall()  # type: ignore[attr-defined]
    for store in stores:
        store.close()
    assert rows == [(name,) for name, _script in MIGRATIONS]  # each step recorded once


def test_no_binaries_and_no_root_is_a_clear_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import postgres_server

    monkeypatch.setattr(postgres_server, "find_binaries", lambda: None)
    monkeypatch.setattr(postgres_server.os, "geteuid", lambda: 1000)
    with pytest.raises(postgres_server.ServerUnavailable, match="needs root and apt-get"):
        postgres_server.start_server()


def test_a_failed_install_is_a_clear_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import postgres_server

    monkeypatch.setattr(postgres_server, "find_binaries", lambda: None)
    monkeypatch.setattr(postgres_server.os, "geteuid", lambda: 0)
    monkeypatch.setattr(postgres_server.shutil, "which", lambda name: f"/bin/{name}")
    monkeypatch.setattr(postgres_server, "INSTALL", "echo no network >&2; exit 100")
    with pytest.raises(postgres_server.ServerUnavailable, match=r"failed \(exit 100\): no network"):
        postgres_server.start_server()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bob:s3cr:et@db/news", "postgresql://bob:***@db/news"),
        (
            "postgresql://db/news?password=s3cret&sslmode=require",
            "postgresql://db/news?password=***&sslmode=require",
        ),
        ("postgresql://bob@db/news", "postgresql://bob@db/news"),
    ],
)
def test_messages_never_show_a_password(url: str, shown: str) -> None:
    from storyline.store.postgres import redact

    assert redact(url) == shown
