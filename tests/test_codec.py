"""The stored JSON of ``storyline.store.codec.dumps``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.store.codec import dumps

JSON_TREES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_TREES)
def test_a_payload_is_stored_as_json_dumps_writes_it_sorted_and_compact(payload: Any) -> None:
    expected = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert dumps(payload) == expected


def test_a_payload_json_cannot_hold_is_an_error() -> None:
    with pytest.raises(TypeError, match="date is not JSON serializable"):
        dumps({"day": date(2025, 3, 4)})
