"""Records rebuilt from their JSON: every kind of field the store holds decodes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from storyline.model import from_jsonable, to_jsonable


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Leaf:
    day: date
    colour: Colour
    raw: bytes = b""


@dataclass(frozen=True)
class Node:
    name: str
    leaves: tuple[Leaf, ...]
    maybe: Leaf | None = None
    children: tuple[Node, ...] = ()  # a record holding records of its own type
    extra: dict[str, int] | None = None
    count: int = 0


def test_nested_records_round_trip() -> None:
    leaf = Leaf(date(2024, 5, 15), Colour.BLUE, b"\x00\xff")
    node = Node(
        "root",
        (leaf, Leaf(date(2023, 8, 1), Colour.RED)),
        maybe=leaf,
        children=(Node("child", (), extra={"a": 1}),),
        count=3,
    )
    rebuilt = from_jsonable(Node, to_jsonable(node))
    assert rebuilt == node
    assert isinstance(rebuilt.children[0], Node)
    assert rebuilt.leaves[0].colour is Colour.BLUE


def test_none_and_unknown_keys() -> None:
    assert from_jsonable(Node, None) is None
    data = {"name": "n", "leaves": [], "maybe": None, "from_a_newer_version": 1}
    assert from_jsonable(Node, data) == Node("n", ())
    assert from_jsonable(tuple[Leaf, ...], None) is None


@dataclass(frozen=True)
class Point:
    x: int
    label: str = ""


def test_plain_records_take_their_defaults_and_drop_unknown_keys() -> None:
    assert from_jsonable(Point, {"x": 1}) == Point(1)
    assert from_jsonable(Point, {"x": 2, "label": "a", "from_a_newer_version": 0}) == Point(2, "a")


def test_decoding_leaves_the_json_as_it_was() -> None:
    stored = {"name": "n", "leaves": [{"day": "2024-05-15", "colour": "red"}]}
    node = from_jsonable(Node, stored)
    assert node.leaves == (Leaf(date(2024, 5, 15), Colour.RED),)
    assert stored == {"name": "n", "leaves": [{"day": "2024-05-15", "colour": "red"}]}
