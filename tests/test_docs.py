"""Documentation that cannot drift: docs/cli.md is the --help of every command.

Regenerate after changing a command with
``STORYLINE_UPDATE_DOCS=1 python -m pytest tests/test_docs.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from storyline.cli import app

REPO = Path(__file__).resolve().parents[1]
CLI_DOC = REPO / "docs" / "cli.md"


def commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path under ``group``. Typer ships its own copy of click, so a group is
    known by its ``commands``, not by ``isinstance(group, click.Group)``."""
    yield prefix
    subcommands = getattr(group, "commands", None) or {}
    for name in sorted(subcommands):
        yield from commands(subcommands[name], (*prefix, name))


def reference() -> str:
    runner = CliRunner()
    root = typer.main.get_command(app)
    parts = [
        "# CLI reference",
        "",
        "Generated from `storyline ... --help` by tests/test_docs.py.",
        "",
    ]
    for path in commands(root):
        result = runner.invoke(
            app,
            [*path, "--help"],
            prog_name="storyline",
            env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"},
        )
        title = " ".join(("storyline", *path))
        usage = "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())
        parts += [f"## `{title}`", "", "```", usage, "```", ""]
    return "\n".join(parts)


def test_cli_reference_is_up_to_date() -> None:
    expected = reference()
    if os.environ.get("STORYLINE_UPDATE_DOCS"):
        CLI_DOC.write_text(expected)
    assert CLI_DOC.read_text() == expected, "docs/cli.md is stale: see this module's docstring"


def test_cli_reference_documents_every_command() -> None:
    # a reference with only the root command passed the freshness test for a while
    paths = list(commands(typer.main.get_command(app)))
    assert len(paths) > 10 and ("analyze",) in paths and ("stories", "merge") in paths
    text = CLI_DOC.read_text()
    for path in paths:
        assert f"## `{' '.join(('storyline', *path))}`" in text


def test_readme_shows_the_two_set_up_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
