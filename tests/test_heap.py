"""The stages after analysis collect only the objects they make (issue 14)."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path
from typing import Any

import pytest

from storyline import runner
from storyline.heap import collecting_new_objects
from storyline.runner import rebuild
from storyline.store import open_store


@pytest.fixture(autouse=True)
def thawed() -> Any:
    """Each test starts and ends with nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_block_freezes_what_exists_and_thaws_it_after() -> None:
    before = object()
    with collecting_new_objects():
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked([before])  # new objects are still collected
    assert gc.get_freeze_count() == 0


def test_a_block_inside_another_freezes_what_the_outer_one_made_and_thaws_nothing() -> None:
    with collecting_new_objects():
        outer = gc.get_freeze_count()
        made = [[n] for n in range(1000)]
        with collecting_new_objects():
            inner = gc.get_freeze_count()
        assert inner >= outer + len(made)
        # still frozen until the outer block ends (less what refcounting freed since)
        assert gc.get_freeze_count() >= outer + len(made)
    assert gc.get_freeze_count() == 0


def test_objects_a_caller_froze_stay_frozen() -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with collecting_new_objects():
        pass
    assert gc.get_freeze_count() >= frozen


def test_linking_and_reconciling_run_with_the_runs_objects_frozen_then_thawed(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the run held before linking is out of the link and reconcile stages'
    collections, and the collector is as the run found it afterwards."""
    seen: dict[str, int] = {}
    for name in ("link_store", "reconcile_store"):
        stage = getattr(runner, name)

        def watched(*args: Any, _stage: Any = stage, _name: str = name, **kwargs: Any) -> Any:
            seen[_name] = gc.get_freeze_count()
            return _stage(*args, **kwargs)

        monkeypatch.setattr(runner, name, watched)
    store = open_store(Path(shutil.copy(sample_db, tmp_path / "run.db")))
    try:
        rebuild(store)
    finally:
        store.close()
    assert seen["link_store"] > 0 and seen["reconcile_store"] > 0
    assert gc.get_freeze_count() == 0
