"""Documentation that cannot drift: docs/cli.md is the --help of every command.

Regenerate after changing a command with
``STORYLINE_UPDATE_DOCS=1 python -m pytest tests/test_docs.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import click
import typer
from typer.testing import CliRunner

from storyline.cli import app

REPO = Path(__file__).resolve().parents[1]
CLI_DOC = REPO / "docs" / "cli.md"


def commands(group: click.Command, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            yield from commands(group.commands[name], (*prefix, name))


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


def test_readme_shows_the_two_set_up_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
