"""The generated structure functions agree with cattrs' own on any data the models take.

Library models are structured by functions this library generates (faster); cattrs'
``make_dict_structure_fn`` is the reference, and explains refused data.
"""

from __future__ import annotations

import collections
import concurrent.futures
import importlib.util
import inspect
import threading
import types
import typing
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aioyoutrack import _convert
from aioyoutrack import models as m
from aioyoutrack._convert import INT32_METADATA_KEY
from aioyoutrack._fields import polymorphic_subtypes, wire_name, wire_type
from aioyoutrack.errors import ResponseValidationError

JSON_LEAF = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
ANY_JSON = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)
MS = st.integers(min_value=-(10**12), max_value=10**13)


def json_for(tp: Any, depth: int) -> st.SearchStrategy[Any]:
    """JSON that the annotation ``tp`` accepts."""
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return st.one_of([json_for(a, depth) for a in typing.get_args(tp)])
    if origin in (list, Sequence):
        if depth <= 0:
            return st.just([])
        return st.lists(json_for(typing.get_args(tp)[0], depth - 1), max_size=2)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        type(None): st.none(),
        str: st.text(max_size=8),
        int: st.integers(),
        float: st.floats(allow_nan=False, allow_infinity=False) | st.integers(),
        bool: st.booleans(),
        datetime: MS,
        date: MS,
        Any: ANY_JSON,
    }
    if tp in simple:
        return simple[tp]
    assert attrs.has(tp), tp
    if depth <= 0:
        return st.fixed_dictionaries({})
    return st.sampled_from(polymorphic_subtypes(tp)).flatmap(lambda sub: object_for(sub, depth))


#: 32-bit attributes (minutes): values past the range are refused, by both converters.
INT32 = st.none() | st.integers(min_value=-(2**31), max_value=2**31 - 1)


def object_for(cls: type, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    optional = {
        wire_name(a): INT32 if a.metadata.get(INT32_METADATA_KEY) else json_for(a.type, depth - 1)
        for a in attrs.fields(cls)
    }
    required = {"$type": st.just(wire_type(cls))} if wire_type(cls) else {}
    return st.fixed_dictionaries(required, optional=optional)


ROOTS = [
    m.Issue,
    m.ActivityCursorPage,
    m.ProjectCustomField,
    m.Agile,
    m.Bundle,
    m.CommandList,
    m.CustomField,
    m.IssueWorkItem,
    m.Article,
    m.IssueLink,
    m.IssueAttachment,
    m.Tag,
]


def _fresh_converter(name: str) -> Any:
    """A second copy of the converter module, with no function generated yet."""
    spec = importlib.util.spec_from_file_location(f"aioyoutrack.{name}", _convert.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference_converter() -> Any:
    """A second copy of the converter module whose every class uses cattrs' functions."""
    module = _fresh_converter("_convert_reference")
    module.__dict__["_is_plain"] = lambda cls: False
    return module


REFERENCE = _reference_converter()


@pytest.mark.parametrize("cls", ROOTS, ids=lambda c: c.__name__)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_functions_agree_with_cattrs(cls: type, data: st.DataObject) -> None:
    payload = data.draw(object_for(cls, 3))
    fast = _convert.structure(payload, cls)
    assert fast == REFERENCE.structure(payload, cls)
    assert _convert.structure(_convert.unstructure(fast), cls) == fast


@pytest.mark.parametrize("minutes", [2**31, -(2**31) - 1])
def test_both_converters_refuse_minutes_past_32_bits(minutes: int) -> None:
    payload = {"duration": {"$type": "DurationValue", "minutes": minutes}}
    for converter in (_convert, REFERENCE):
        with pytest.raises(ResponseValidationError, match=r"\$\.duration\.minutes"):
            converter.structure(payload, m.IssueWorkItem)


def test_the_reference_really_uses_cattrs() -> None:
    REFERENCE.structure({}, m.Issue)
    assert "cattrs" in REFERENCE._cells[m.Issue][0].__code__.co_filename


def test_library_models_use_the_generated_functions() -> None:
    _convert.structure({}, m.Issue)
    assert _convert._cells[m.Issue][0].__code__.co_filename.startswith(
        "<aioyoutrack generated structure"
    )


def _generated(converter: Any) -> set[type]:
    return {
        cls
        for cls, cell in converter._cells.items()
        if cell[0].__code__.co_filename.startswith("<aioyoutrack generated structure")
    }


def test_functions_are_generated_for_the_classes_met_only() -> None:
    fresh = _fresh_converter("_convert_lazy")
    page = [
        {
            "id": "2-1",
            "customFields": [
                {
                    "$type": "SingleEnumIssueCustomField",
                    "name": "Priority",
                    "value": {"$type": "EnumBundleElement", "name": "Major"},
                }
            ],
        }
    ]
    issues = fresh.structure(page, list[m.Issue])
    assert issues[0].custom_fields[0].value == m.EnumBundleElement(name="Major")
    made = _generated(fresh)
    assert {m.Issue, m.SingleEnumIssueCustomField, m.EnumBundleElement} <= made
    # The other custom-field kinds and value classes the attribute may hold are not.
    assert m.StateIssueCustomField not in made
    assert m.TextIssueCustomField not in made
    assert m.User not in made
    assert len(made) < len(fresh._cells) / 2

    # Met later, in the same attribute, they are generated then.
    state = {"$type": "StateIssueCustomField", "value": {"$type": "StateBundleElement"}}
    later = fresh.structure([{"customFields": [state]}], list[m.Issue])
    assert isinstance(later[0].custom_fields[0], m.StateIssueCustomField)
    assert m.StateIssueCustomField in _generated(fresh)


def test_first_use_from_several_threads_at_once() -> None:
    fresh = _fresh_converter("_convert_threads")
    page = [
        {
            "reporter": {"login": "root"},
            "customFields": [
                {"$type": "SingleUserIssueCustomField", "value": {"login": "jane"}},
                {"$type": "PeriodIssueCustomField", "value": {"minutes": 90}},
            ],
        }
    ]
    start = threading.Barrier(8)

    def work() -> Any:
        start.wait()
        return fresh.structure(page, list[m.Issue])

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: work(), range(8)))
    assert all(r == results[0] for r in results)
    assert results[0][0].custom_fields[1].value == m.PeriodValue(minutes=90)
    assert {m.User, m.PeriodIssueCustomField} <= _generated(fresh)


def test_a_class_refers_to_its_own_function() -> None:
    fresh = _fresh_converter("_convert_self")
    sprint = fresh.structure(
        {"id": "s2", "previousSprint": {"id": "s1", "previousSprint": {"id": "s0"}}},
        m.Sprint,
    )
    assert sprint.previous_sprint.previous_sprint == m.Sprint(id="s0")
    assert m.Sprint in _generated(fresh)


def test_other_classes_use_cattrs() -> None:
    @attrs.define
    class Validated:
        name: str | None = attrs.field(default=None, validator=attrs.validators.max_len(3))

    assert _convert.structure({"name": "abc"}, Validated) == Validated("abc")
    with pytest.raises(ResponseValidationError):
        _convert.structure({"name": "abcd"}, Validated)

    @attrs.define(frozen=True)
    class Frozen:
        name: str | None = None

    assert _convert.structure({"name": "x"}, Frozen) == Frozen("x")

    @attrs.define
    class Later:
        name: str | None = None
        length: int = attrs.field(init=False, default=0)

        def __attrs_post_init__(self) -> None:
            self.length = len(self.name or "")

    assert _convert.structure({"name": "abc"}, Later).length == 3


# --- learned key sets, the missing dict checks and the instants -----------------------

#: A user as a custom field's value holds it: 3 of User's 10 attributes, so its key set
#: earns a path of its own (the others are stored as None without being looked up).
USER = {"id": "1-4", "login": "jane", "fullName": "Jane Doe", "$type": "User"}


def _taught(name: str) -> Any:
    """A fresh converter whose User function has learned ``USER``'s key set."""
    fresh = _fresh_converter(name)
    assert fresh.structure(USER, m.User) == m.User(id="1-4", login="jane", full_name="Jane Doe")
    assert [set(shape) for shape in fresh._shapes[m.User]] == [set(USER)]
    assert _has_path(fresh, m.User, USER)
    return fresh


def _has_path(converter: Any, cls: type, keys: Any) -> bool:
    """Whether ``cls``'s generated function has a path of its own for ``keys``: one that
    reads them by subscript (the general path calls ``o.get``)."""
    source = inspect.getsource(converter._cells[cls][0])
    attributes = {wire_name(a) for a in attrs.fields(cls)}
    return all(f"o[{key!r}]" in source for key in attributes.intersection(keys))


def _outcome(converter: Any, payload: Any, cls: Any) -> Any:
    """The structured value, or the error lines of the refusal."""
    try:
        return converter.structure(payload, cls)
    except ResponseValidationError as exc:
        return ("refused", exc.errors)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(dict(USER), id="same keys"),
        pytest.param({"$type": "User", "fullName": "J", "login": "j", "id": "1"}, id="reordered"),
        pytest.param({**USER, "login": None}, id="a null"),
        pytest.param({**USER, "login": 5}, id="wrong type"),
        pytest.param({**USER, "fullName": True}, id="a bool for a str"),
        pytest.param({**USER, "email": "j@x"}, id="an extra key the model has"),
        pytest.param({**USER, "unknown": [1]}, id="an extra key it has not"),
        pytest.param({k: v for k, v in USER.items() if k != "login"}, id="a missing key"),
        pytest.param({"id": "1", "login": "j", "fullName": "J", "x": 1}, id="same size"),
        pytest.param(
            {"id": "1", "login": "j", "fullName": "J", "email": "e"}, id="same size, no $type"
        ),
        pytest.param({}, id="no keys"),
    ],
)
def test_a_learned_key_set_gives_what_cattrs_gives(payload: dict[str, Any]) -> None:
    fresh = _taught("_convert_shapes")
    for cls in (m.User, m.User | None, list[m.User]):
        data = [payload] if cls == list[m.User] else payload
        assert _outcome(fresh, data, cls) == _outcome(REFERENCE, data, cls)


def test_learning_stops_after_a_few_objects() -> None:
    fresh = _taught("_convert_lessons")
    others = [{f"k{n}": n, "id": str(n)} for n in range(3 * fresh._MAX_LESSONS)]
    for other in others:
        assert fresh.structure(other, m.User) == m.User(id=other["id"])
    assert len(fresh._shapes[m.User]) == fresh._MAX_SHAPES
    # Once it has learned enough, the function no longer asks.
    assert "__learn" not in fresh._cells[m.User][0].__code__.co_names
    assert fresh.structure(USER, m.User) == REFERENCE.structure(USER, m.User)


def test_a_key_set_with_every_attribute_gets_a_path_too() -> None:
    fresh = _fresh_converter("_convert_full")
    full = {wire_name(a): None for a in attrs.fields(m.IssueComment)}
    fresh.structure(full, m.IssueComment)
    assert fresh._shapes[m.IssueComment] == [frozenset(full)]
    assert _has_path(fresh, m.IssueComment, full)
    assert fresh.structure(full, m.IssueComment) == m.IssueComment()


#: Two key sets of one size (4): a dict of that size is told apart by its keys.
OTHER_USER = {"id": "1-5", "login": "joe", "name": "Joe", "$type": "User"}


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(dict(USER), id="first set"),
        pytest.param(dict(OTHER_USER), id="second set"),
        pytest.param({**OTHER_USER, "name": 5}, id="second set, wrong type"),
        pytest.param({"id": "1", "login": "j", "email": "e", "$type": "User"}, id="same size"),
        pytest.param({"id": "1", "login": "j", "fullName": "J", "name": "N"}, id="no $type"),
    ],
)
def test_key_sets_of_one_size_are_told_apart(payload: dict[str, Any]) -> None:
    fresh = _taught("_convert_same_size")
    assert fresh.structure(OTHER_USER, m.User) == m.User(id="1-5", login="joe", name="Joe")
    assert [set(shape) for shape in fresh._shapes[m.User]] == [set(USER), set(OTHER_USER)]
    assert _has_path(fresh, m.User, OTHER_USER)
    for cls in (m.User, list[m.User]):
        data = [payload] if cls == list[m.User] else payload
        assert _outcome(fresh, data, cls) == _outcome(REFERENCE, data, cls)


def test_keys_from_data_are_never_written_into_generated_source() -> None:
    # A hostile server's thousands of unknown keys, or a caller's dict with keys that
    # are not even strings: the key set is learned (compared as a set), its keys stay
    # out of the source, and the class keeps a generated function.
    fresh = _fresh_converter("_convert_foreign_keys")
    many = {**USER, **{f"unknown{n}": n for n in range(5000)}}
    odd: dict[Any, Any] = {"id": "1", "login": "j", 7: "seven", (1, 2): None}
    for payload in (many, odd, many, odd):
        assert fresh.structure(payload, m.User) == REFERENCE.structure(payload, m.User)
    assert [len(shape) for shape in fresh._shapes[m.User]] == [len(many), len(odd)]
    function = fresh._cells[m.User][0]
    source = inspect.getsource(function)
    assert "unknown1" not in source
    assert "seven" not in source
    assert len(source) < 10_000
    assert function.__name__ == "structure"  # generated, not the stand-in


def test_a_dict_subclass_claiming_to_be_a_dict_takes_the_general_path() -> None:
    class Liar(dict[str, Any]):
        # A mock's way: its __class__ says dict; its subscript and size lie.
        @property  # type: ignore[misc]
        def __class__(self) -> type:
            return dict

        def __getitem__(self, key: str) -> Any:
            return "made up"

        def __len__(self) -> int:
            return len(USER)

    fresh = _taught("_convert_liar")
    liar = Liar({"id": "1", "name": "N"})
    assert fresh.structure(liar, m.User) == m.User(id="1", name="N")


def test_a_dict_that_answers_for_missing_keys_takes_the_general_path() -> None:
    # A defaultdict of a learned set's size answers a subscript of any key: read by
    # subscript, its absent keys would come back as its default (and be added to it).
    fresh = _taught("_convert_defaultdict")
    payload = collections.defaultdict(lambda: "made up", {"id": "1", "name": "N", "x": 1})
    payload["$type"] = "User"
    assert fresh.structure(payload, m.User) == m.User(id="1", name="N")
    assert set(payload) == {"id", "name", "x", "$type"}


@pytest.mark.parametrize("value", ["SP", 5, 1.5, True, [], [{"id": "0-1"}]])
@pytest.mark.parametrize("key", ["project", "reporter", "customFields"])
def test_a_non_object_where_an_object_goes_is_refused_like_cattrs(key: str, value: Any) -> None:
    # The generated functions call a class's function without checking for a dict (its
    # first step fails on anything else): the refusal must not change.
    payload = {key: [value] if key == "customFields" else value}
    fresh = _fresh_converter("_convert_not_objects")
    assert _outcome(fresh, payload, m.Issue) == _outcome(REFERENCE, payload, m.Issue)
    assert _outcome(fresh, [payload], list[m.Issue]) == _outcome(
        REFERENCE, [payload], list[m.Issue]
    )


def test_a_dict_subclass_is_read_like_a_dict() -> None:
    fresh = _taught("_convert_ordered")
    user = collections.OrderedDict(USER)
    assert fresh.structure(user, m.User) == fresh.structure(USER, m.User)
    for payload in (user, {"reporter": user}, {"customFields": [collections.OrderedDict()]}):
        cls = m.User if payload is user else m.Issue
        assert fresh.structure(payload, cls) == REFERENCE.structure(payload, cls)


EDGE_MS = [0, 1, 999, -1, -1000, 1_733_500_000_123, 4_102_444_799_999, 4_102_444_800_000]


@pytest.mark.parametrize("ms", EDGE_MS)
def test_instants_are_the_epoch_plus_their_milliseconds(ms: int) -> None:
    from datetime import timedelta, timezone

    from aioyoutrack._dates import EPOCH, from_ms

    expected = EPOCH + timedelta(milliseconds=ms)
    assert from_ms(ms) == expected
    assert from_ms(ms).tzinfo is timezone.utc
    issue = _convert.structure({"created": ms, "updated": None}, m.Issue)
    assert issue.created == expected
    assert issue.created.tzinfo is timezone.utc
    assert issue == REFERENCE.structure({"created": ms, "updated": None}, m.Issue)


@settings(max_examples=300, deadline=None)
@given(ms=st.integers(min_value=-62_135_596_800_000, max_value=253_402_300_799_999))
def test_every_instant_a_datetime_holds_is_read_exactly(ms: int) -> None:
    from datetime import timedelta

    from aioyoutrack._dates import EPOCH, from_ms

    assert from_ms(ms) == EPOCH + timedelta(milliseconds=ms)
    assert _convert.structure({"created": ms}, m.Issue).created == from_ms(ms)
