"""Structuring failures must stay cheap and renderable, however the data is nested.

Regression tests of two defects ``aioyoutrack/_convert.py`` had:

1. Each generated structure function that fails re-explains its object with cattrs,
   which re-runs the nested generated functions, which fail and explain again: the work
   doubles with every level of nesting. A server that nests a self-referencing model
   (``Article.parentArticle``) 30 deep with one bad value at the bottom costs 2**30
   explanations; nested 1 000 deep with no bad value at all (a RecursionError at the
   bottom) it never finishes.
2. A failed structure function leaves its half-filled instance as a local; rendering
   the error's traceback with locals (``traceback.TracebackException(...,
   capture_locals=True)``) calls its ``repr``, which raises ``AttributeError``.
"""

from __future__ import annotations

import traceback
from typing import Any

import pytest

import aioyoutrack._convert as convert
from aioyoutrack import Article, Issue, ResponseValidationError, structure


def _nested_articles(depth: int, bottom: dict[str, Any]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        node["parentArticle"] = {}
        node = node["parentArticle"]
    node.update(bottom)
    return root


@pytest.fixture
def explanations(monkeypatch: pytest.MonkeyPatch) -> list[type]:
    """Counts the detailed (cattrs) structurings of objects, one entry per object."""
    calls: list[type] = []
    real = convert._explainer

    def counting(cls: type) -> Any:
        explain = real(cls)

        def run(o: Any, tp: Any) -> Any:
            calls.append(cls)
            return explain(o, tp)

        return run

    monkeypatch.setattr(convert, "_explainer", counting)
    return calls


def test_a_deep_error_is_explained_once_per_object(explanations: list[type]) -> None:
    depth = 10
    with pytest.raises(ResponseValidationError) as info:
        structure(_nested_articles(depth, {"ordinal": "not a number"}), Article)
    assert "$" + ".parentArticle" * depth + ".ordinal" in str(info.value)
    # Each object on the way down is explained once (today: about 2**depth times).
    assert len(explanations) <= depth + 1


def test_a_failed_structure_can_be_rendered_with_locals() -> None:
    with pytest.raises(ResponseValidationError) as info:
        structure({"idReadable": 6}, Issue)
    rendered = traceback.TracebackException.from_exception(info.value, capture_locals=True)
    assert "$.idReadable" in "".join(rendered.format())
