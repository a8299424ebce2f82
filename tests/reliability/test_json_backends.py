"""Both JSON backends (orjson and the standard library) refuse the same bad input.

Otherwise code would work, or silently send something else, only where orjson happens
to be installed: orjson writes NaN as ``null`` (clearing a field instead of refusing),
and the standard library reads ``NaN``/``Infinity``, which are not JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib.util
import json
import sys
import uuid
from types import ModuleType
from typing import Any

import pytest
import stack_depth

import aioyoutrack._json as fast_json


@pytest.fixture(scope="module")
def stdlib_json() -> ModuleType:
    """aioyoutrack/_json.py loaded again while orjson cannot be imported."""
    spec = importlib.util.find_spec("aioyoutrack._json")
    assert spec is not None
    assert spec.origin is not None
    saved = sys.modules.get("orjson")
    sys.modules["orjson"] = None  # type: ignore[assignment]  # makes `import orjson` fail
    try:
        copy_spec = importlib.util.spec_from_file_location("_json_without_orjson", spec.origin)
        assert copy_spec is not None
        assert copy_spec.loader is not None
        module = importlib.util.module_from_spec(copy_spec)
        copy_spec.loader.exec_module(module)
    finally:
        if saved is None:
            del sys.modules["orjson"]
        else:
            sys.modules["orjson"] = saved
    assert module.BACKEND == "json"
    return module


@dataclasses.dataclass
class _Point:
    x: int


_REFUSED_BODIES: list[Any] = [
    float("nan"),
    {"value": float("inf")},
    [1, {"minutes": float("-inf")}, None],
    ({"a": None}, float("nan")),
    dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
    {"when": dt.date(2024, 1, 1)},
    _Point(1),
    {1, 2},
    b"bytes",
    "lone \ud800 surrogate",
]
_ACCEPTED_BODIES: list[Any] = [
    {"value": None, "n": 1.5, "s": "ü", "l": [True, False, None]},
    [0.0, -0.0, 1e300, -1e-300],
    (1, 2),
    "",
]
_REFUSED_JSON = [
    b"NaN",
    b"[Infinity]",
    b'{"a": -Infinity}',
    b"\xff",
    b"{",
    b"[" * 100_000,
    b"1e400",
    b'{"a": [-1E999]}',
]


class _Color(enum.Enum):
    RED = "red"
    ID = uuid.UUID(int=7)


#: Accepted by both, and written alike: what orjson writes natively beyond JSON's types
#: (UUIDs, enums), and what the standard library writes that orjson alone refuses.
_WRITTEN_ALIKE: list[tuple[Any, Any]] = [
    ({"id": uuid.UUID(int=1)}, {"id": "00000000-0000-0000-0000-000000000001"}),
    ([_Color.RED, _Color.ID], ["red", "00000000-0000-0000-0000-000000000007"]),
    ({1: "a", None: "b", 2.5: "c"}, {"1": "a", "null": "b", "2.5": "c"}),
    ({"n": 2**64, "m": -(2**70)}, {"n": 2**64, "m": -(2**70)}),
]


def test_orjson_is_used_exactly_when_it_is_installed() -> None:
    # CI runs once with the ``fast`` extra (orjson) and once without it.
    expected = "orjson" if importlib.util.find_spec("orjson") is not None else "json"
    assert expected == fast_json.BACKEND


@pytest.mark.parametrize("body", _REFUSED_BODIES, ids=repr)
def test_both_backends_refuse_what_is_not_json(stdlib_json: ModuleType, body: Any) -> None:
    for backend in (fast_json, stdlib_json):
        with pytest.raises((TypeError, ValueError)):
            backend.dumps(body)


@pytest.mark.parametrize("body", _ACCEPTED_BODIES, ids=repr)
def test_both_backends_write_the_same_json(stdlib_json: ModuleType, body: Any) -> None:
    assert fast_json.loads(fast_json.dumps(body)) == stdlib_json.loads(stdlib_json.dumps(body))


@pytest.mark.parametrize(("body", "written"), _WRITTEN_ALIKE, ids=repr)
def test_both_backends_write_uuids_enums_int_keys_and_big_ints_alike(
    stdlib_json: ModuleType, body: Any, written: Any
) -> None:
    for backend in (fast_json, stdlib_json):
        assert json.loads(backend.dumps(body)) == written


def test_a_refused_body_is_still_refused_after_orjson_hands_it_over(
    stdlib_json: ModuleType,
) -> None:
    # An int key makes orjson refuse, so the standard library decides: the NaN beside it
    # must still be refused, not written as null.
    for backend in (fast_json, stdlib_json):
        with pytest.raises(ValueError):
            backend.dumps({1: float("nan")})


@pytest.mark.parametrize("data", _REFUSED_JSON, ids=lambda d: repr(d[:12]))
def test_both_backends_refuse_to_read_what_is_not_json(
    stdlib_json: ModuleType, data: bytes
) -> None:
    for backend in (fast_json, stdlib_json):
        with pytest.raises(ValueError):
            backend.loads(data)


def _nested(depth: int, *, strings: int = 0) -> bytes:
    # ``strings`` closing brackets inside a string before the nesting, balanced by as
    # many opening ones in a string after it: the bytes' brackets add up, the nesting does not.
    before = b'"' + b"]" * strings + b'",' if strings else b""
    after = b',"' + b"[" * strings + b'"' if strings else b""
    return b'{"x":[' + before + b'{"a":' * (depth - 2) + b"1" + b"}" * (depth - 2) + after + b"]}"


@pytest.mark.parametrize("depth", [1025, 5000, 9000])
@pytest.mark.parametrize("recursion_limit", [None, 50_000])
def test_both_backends_refuse_nesting_deeper_than_orjson_reads(
    stdlib_json: ModuleType, depth: int, recursion_limit: int | None
) -> None:
    """1024 levels at most, on every Python: 3.12+ decodes far deeper by itself, as does
    3.11 under a raised recursion limit (which also sends 3.11 through the check)."""
    with stack_depth.recursion_limit(recursion_limit):
        for backend in (fast_json, stdlib_json):
            with pytest.raises(ValueError, match=r"nested too deeply|depth"):
                backend.loads(_nested(depth))
            assert backend.loads(_nested(900, strings=2000))["x"][0] == "]" * 2000


def test_the_nesting_bound_is_exactly_orjsons(stdlib_json: ModuleType) -> None:
    # A limit so high that 3.11's decoder reads what the bound must judge.
    with stack_depth.recursion_limit(50_000):
        assert stdlib_json.loads(b"[" * 1024 + b"]" * 1024) is not None
        with pytest.raises(ValueError, match="nested too deeply"):
            stdlib_json.loads(b"[" * 1025 + b"]" * 1025)
