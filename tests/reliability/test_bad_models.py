"""Whatever JSON-like data a server sends, structuring it into any model either works or
raises ``ResponseValidationError`` saying what was wrong and where (``@ $.path``).

Generated data mixes the models' own key names and ``$type`` names (so it reaches deep
into the classes) with wrong types, unknown ``$type``s, huge numbers and strings, NaN,
lone surrogates and nesting; every class in ``aioyoutrack.models.__all__`` is tried.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aioyoutrack import ResponseValidationError, YouTrackError, models, structure
from aioyoutrack._fields import wire_name, wire_type

# Every class: the type aliases (FieldValue, FieldChange) are unions of these.
MODELS: list[type] = [
    value for name in models.__all__ if isinstance(value := getattr(models, name), type)
]
_KEYS = sorted({wire_name(a) for cls in MODELS for a in attrs.fields(cls)})
_TYPES = sorted({t for cls in MODELS if (t := wire_type(cls)) is not None})
#: A bound on messages: they describe problems, they never echo big values.
MAX_MESSAGE = 4000

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 10**30, -(10**30), 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["\ud800", "\udcff\x00", "x" * 5000, "", "0-0", "SP-1"]),
)
keys = st.one_of(st.sampled_from(_KEYS), st.just("$type"), st.text(max_size=8))
type_names = st.one_of(st.sampled_from(_TYPES), st.text(max_size=12), scalars)
json_any = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(keys, children, max_size=4),
        st.builds(
            lambda d, t: {**d, "$type": t}, st.dictionaries(keys, children, max_size=3), type_names
        ),
    ),
    max_leaves=12,
)


def _shaped(cls: type) -> st.SearchStrategy[dict[str, Any]]:
    """A dict with some of ``cls``'s own keys (and maybe a ``$type``), any values."""
    own = sorted(wire_name(a) for a in attrs.fields(cls))
    return st.builds(
        lambda d, t: {**d, "$type": t} if t is not None else d,
        st.dictionaries(st.sampled_from(own), json_any, max_size=5),
        st.none() | type_names,
    )


@st.composite
def model_and_data(draw: st.DrawFn) -> tuple[Any, Any]:
    cls = draw(st.sampled_from(MODELS))
    target: Any = draw(st.sampled_from([cls, cls, list[cls], cls | None]))  # type: ignore[valid-type]
    shaped = _shaped(cls)
    data = draw(
        st.one_of(
            shaped,
            st.lists(shaped, max_size=3) if target is not cls else shaped,
            json_any,
        )
    )
    return target, data


def _check_error(error: ResponseValidationError, target: Any) -> None:
    message = str(error)
    assert message.startswith("response does not fit"), message
    assert error.errors, message
    assert all(" @ $" in line for line in error.errors), error.errors
    assert len(message) < MAX_MESSAGE
    assert error.model == target


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(model_and_data())
def test_any_data_either_fits_or_says_what_and_where(case: tuple[Any, Any]) -> None:
    target, data = case
    try:
        result = structure(data, target)
    except ResponseValidationError as error:
        _check_error(error, target)
        return
    except YouTrackError as error:  # pragma: no cover - reported with its type
        pytest.fail(f"{type(error).__name__} instead of ResponseValidationError: {error}")
    if data is None:
        assert result is None
    elif isinstance(result, list):
        assert all(isinstance(item, target.__args__[0]) for item in result)
    else:
        assert attrs.has(type(result))


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_every_model_refuses_wrong_shapes_with_a_path(cls: type) -> None:
    wrong: list[Any] = [[], "x", 5, True, 1.5]
    for data in wrong:
        with pytest.raises(ResponseValidationError) as info:
            structure(data, cls)
        _check_error(info.value, cls)
        assert "@ $" in str(info.value)
    key = wire_name(attrs.fields(cls)[0])
    # Every attribute is optional, so an object with unknown keys fits, and a list of
    # objects fits list[cls].
    assert isinstance(structure({"unknownKey": [1, {"x": None}]}, cls), cls)
    assert [type(x) for x in structure([{}, {}], list[cls])] == [cls, cls]  # type: ignore[valid-type]
    # A value of a type no attribute takes (a list where a scalar or object is due)
    # names the attribute in the path.
    with pytest.raises(ResponseValidationError) as info:
        structure({key: [[["deep"]]]}, cls)
    assert f"$.{key}" in str(info.value)


def test_an_unknown_type_falls_back_to_the_root_class() -> None:
    field = structure(
        {"$type": "FutureIssueCustomField", "name": "X", "value": {"weird": 1}},
        models.IssueCustomField,
    )
    assert type(field) is models.IssueCustomField
    assert field.name == "X"


def test_deep_lists_and_unknown_nested_objects_are_bounded() -> None:
    deep: list[Any] = []
    cursor = deep
    for _ in range(100_000):
        cursor.append([])
        cursor = cursor[0]
    with pytest.raises(ResponseValidationError) as info:
        structure({"customFields": deep}, models.Issue)
    assert "$.customFields[0]" in str(info.value)
    ignored: dict[str, Any] = {}
    node = ignored
    for _ in range(100_000):
        node["unknown"] = {}
        node = node["unknown"]
    assert structure({"summary": "s", "extra": ignored}, models.Issue).summary == "s"


def test_huge_strings_are_kept_or_refused_without_being_echoed() -> None:
    huge = "x" * 5_000_000
    assert structure({"summary": huge}, models.Issue).summary == huge
    with pytest.raises(ResponseValidationError) as info:
        structure({"numberInProject": huge}, models.Issue)
    assert len(str(info.value)) < MAX_MESSAGE
    assert "$.numberInProject" in str(info.value)


@pytest.mark.parametrize("stamp", [10**20, -(10**20), 2**63])
def test_timestamps_out_of_range_are_validation_errors(stamp: int) -> None:
    with pytest.raises(ResponseValidationError) as info:
        structure({"created": stamp}, models.Issue)
    assert "$.created" in str(info.value)
