"""What the link stage changed is kept until reconciliation has used it."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pytest

from storyline import runner
from storyline.link.touched import pending
from storyline.store import Store

FOLLOW_UP = (
    "Ostrin Dam death toll rises to 44\n\nVELLIN, Valdoria, March 6, 2025 (HW) -- The number of"
    " people killed when the Ostrin Dam collapsed on Monday has risen to 44, the provincial"
    " civil defence office said on Thursday.\n"
)


def test_a_run_killed_before_reconciling_leaves_its_changes_for_the_next(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    follow_up = tmp_path / "harborwire_dam_toll.txt"
    follow_up.write_text(FOLLOW_UP, "utf-8")
    original = runner.reconcile_store

    def killed(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "reconcile_store", killed)
    with pytest.raises(KeyboardInterrupt):
        runner.run(sample_store, [follow_up])
    left = pending(sample_store)
    joined = sample_store.stories_with([a.id for a in sample_store.ingested_articles()
                                        if a.source_path.endswith("toll.txt")])  # fmt: skip
    assert left.stories is not None and joined[0].id in left.stories
    seen: list[Collection[str] | None] = []

    def recording(*args: object, changed: Collection[str] | None = None, **kw: object) -> int:
        seen.append(changed)
        return original(*args, changed=changed, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "reconcile_store", recording)
    runner.update_stages(sample_store, analyze=False)  # the next run finds nothing new to link
    assert seen and seen[0] is not None and joined[0].id in seen[0]
    assert pending(sample_store).stories == () and pending(sample_store).redated == ()
