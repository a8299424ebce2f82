"""Explaining a wrong body costs a bounded number of explanations, whatever its size.

A server that sends 100 000 wrong list items must not block the event loop for seconds
while every one is explained: ``structure`` explains the first
``MAX_EXPLAINED_PROBLEMS`` problems (with the messages and paths it always gave) and
says that more may have been left out. Counted in calls and entries, never in time.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from aioyoutrack import _convert, _convert_errors
from aioyoutrack import models as m
from aioyoutrack._constants import MAX_EXPLAINED_PROBLEMS
from aioyoutrack._convert import structure
from aioyoutrack._convert_errors import LEFT_OUT
from aioyoutrack.errors import ResponseValidationError

_BAD_PROJECT = {"id": 5, "name": [1], "leader": 7}


def _explanations(monkeypatch: pytest.MonkeyPatch, data: Any, cls: Any) -> tuple[int, Any]:
    """How many objects ``structure`` explained, and the error it raised."""
    calls = 0
    explain = _convert._explain

    def counting(o: Any, tp: type) -> Any:
        nonlocal calls
        calls += 1
        return explain(o, tp)

    monkeypatch.setattr(_convert, "_explain", counting)
    with pytest.raises(ResponseValidationError) as caught:
        structure(data, cls)
    return calls, caught.value


def test_the_explanations_of_a_wrong_list_do_not_grow_with_its_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, _ = _explanations(monkeypatch, [_BAD_PROJECT] * 100, list[m.Project])
    large, error = _explanations(monkeypatch, [_BAD_PROJECT] * 10_000, list[m.Project])
    assert small == large
    # The first bad element is tried once more when the list is redone element-wise.
    assert large <= MAX_EXPLAINED_PROBLEMS + 1
    assert len(error.errors) == MAX_EXPLAINED_PROBLEMS + 1
    assert error.errors[-1] == LEFT_OUT
    assert str(error).endswith(f"(and {MAX_EXPLAINED_PROBLEMS - 3} more, {LEFT_OUT})")


def test_lists_within_lists_share_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every issue holds many bad custom fields: the bound is per structure() call, not
    # per list (which would let nested lists multiply it).
    issue = {"customFields": [{"$type": "TextIssueCustomField", "value": 3}] * 1_000}
    calls, error = _explanations(monkeypatch, [issue] * 1_000, list[m.Issue])
    assert calls <= 3 * MAX_EXPLAINED_PROBLEMS
    assert len(error.errors) == MAX_EXPLAINED_PROBLEMS + 1
    assert error.errors[0] == (
        "invalid value for type, expected aioyoutrack.models.issue_custom_fields."
        "TextFieldValue | None (expected an object, got int) @ $[0].customFields[0].value"
    )
    assert error.errors[-1] == LEFT_OUT


@pytest.mark.parametrize(
    ("data", "cls", "first"),
    [
        (list(range(50_000)), list[str], "$[0]"),
        ({"urls": list(range(50_000))}, m.VcsChange, "$.urls[0]"),
    ],
)
def test_a_list_of_scalars_lists_a_bounded_number_of_problems(
    data: Any, cls: Any, first: str
) -> None:
    with pytest.raises(ResponseValidationError) as caught:
        structure(data, cls)
    errors = caught.value.errors
    assert len(errors) == MAX_EXPLAINED_PROBLEMS + 1
    assert errors[0].endswith(f"(expected a string, got int) @ {first}")
    assert errors[-1] == LEFT_OUT


def test_a_body_with_few_problems_lists_them_all_and_no_more() -> None:
    data = [*([{"id": "1"}] * 500), {"id": 2}, {"id": "3"}]
    with pytest.raises(ResponseValidationError) as caught:
        structure(data, list[m.Project])
    assert caught.value.errors == [
        "invalid value for type, expected str | None (expected a string, got int) @ $[500].id"
    ]
    assert "possibly more" not in str(caught.value)


def test_each_call_starts_a_fresh_count() -> None:
    for _ in range(2):
        with pytest.raises(ResponseValidationError) as caught:
            structure([_BAD_PROJECT] * 1_000, list[m.Project])
        assert caught.value.errors[-1] == LEFT_OUT
    with pytest.raises(ResponseValidationError) as caught:
        structure([_BAD_PROJECT, _BAD_PROJECT], list[m.Project])
    assert len(caught.value.errors) == 6
    assert LEFT_OUT not in caught.value.errors
    good = structure([{"id": "0-1", "name": "Demo", "leader": {"login": "jane"}}], list[m.Project])
    assert good == [m.Project(id="0-1", name="Demo", leader=m.User(login="jane"))]


def test_a_structure_call_inside_an_explanation_leaves_it_explaining() -> None:
    # A caller's class whose attrs converter calls structure() itself: the inner call's
    # failures must not end the outer explanation or reset its count.
    calls = 0

    def project(v: Any) -> Any:
        nonlocal calls
        calls += 1
        return structure(v, m.Project) if isinstance(v, dict) else v

    @attrs.define
    class Wrapper:
        inner: Any = attrs.field(default=None, converter=project)

    data = [{"inner": {"id": "1"}}] + [{"inner": {"id": 5}}] * 1_000
    with pytest.raises(ResponseValidationError) as caught:
        structure(data, list[Wrapper])
    errors = caught.value.errors
    assert [e.rsplit(" @ ", 1)[1] for e in errors[:2]] == ["$[1]", "$[2]"]
    assert "response does not fit Project" in errors[0]
    assert errors[-1] == LEFT_OUT
    assert calls <= 3 * MAX_EXPLAINED_PROBLEMS
    assert not getattr(_convert_errors.explaining, "active", False)
    assert (_convert_errors.problems.spent, _convert_errors.problems.left_out) == (0, False)
    assert structure(data[:1], list[Wrapper]) == [Wrapper(inner=m.Project(id="1"))]


def test_a_nested_call_counts_on_its_own_budget_and_a_caught_failure_costs_nothing() -> None:
    def lenient(v: Any) -> Any:
        try:
            return structure(v, list[m.Project])
        except ResponseValidationError:
            return None

    @attrs.define
    class Outer:
        maybe: Any = attrs.field(converter=lenient)
        n: int = 0

    bad_projects = [{"id": i} for i in range(25)]  # 25 problems, caught by the converter
    with pytest.raises(ResponseValidationError) as caught:
        structure([{"maybe": bad_projects, "n": 1}, {"maybe": [], "n": "x"}], list[Outer])
    assert caught.value.errors[0].endswith("@ $[1].n")
    assert LEFT_OUT not in caught.value.errors

    def strict(v: Any) -> Any:
        return structure(v, list[m.Project])

    @attrs.define
    class Holder:
        projects: Any = attrs.field(converter=strict)

    with pytest.raises(ResponseValidationError) as inner:
        structure({"projects": [{"id": i} for i in range(12)]}, Holder)
    assert "(and 9 more)" in str(inner.value)
    assert LEFT_OUT not in str(inner.value)
