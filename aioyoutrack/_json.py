"""JSON encoding and decoding: orjson when it is installed, the standard library otherwise.

Both backends take and give bytes, so the rest of the package never cares which one is
in use, and both accept and refuse the same things, so that code does not work only
where orjson happens to be installed:

- writing: JSON types plus ``uuid.UUID`` (as its string) and ``enum.Enum`` members (as
  their values), dict keys that are str, int, float, bool or None, ints of any size;
  refused with ``TypeError`` or ``ValueError``: NaN and the infinities, datetimes, dataclasses,
  sets, bytes, lone surrogates;
- reading: refused with ``ValueError``: bad JSON, bad UTF-8, nesting deeper than
  :data:`MAX_DEPTH` (1024; up to Python 3.11 the standard library stops near 1000), ``NaN``,
  ``Infinity`` and numbers too large for a float (``1e400``). (Integers beyond 64 bits,
  which YouTrack never sends, read as floats with orjson and as ints without it.)
"""

from __future__ import annotations

import enum
import json as _stdlib_json
import math
import sys
import uuid
from collections.abc import Callable
from typing import Any

__all__ = ["BACKEND", "MAX_DEPTH", "dumps", "loads"]

loads: Callable[[bytes], Any]
dumps: Callable[[Any], bytes]


def _stdlib_default(obj: Any) -> Any:
    # What orjson writes natively beyond JSON's types, written the same way.
    if isinstance(obj, uuid.UUID):
        return str(obj)
    if isinstance(obj, enum.Enum):
        return obj.value
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def _stdlib_dumps(obj: Any) -> bytes:
    return _stdlib_json.dumps(
        obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_stdlib_default
    ).encode("utf-8")


#: The deepest nesting either backend reads: orjson's own bound, which it does not let
#: anyone change (1024 nested arrays read, 1025 refused).
MAX_DEPTH = 1024

#: Whether the standard library's decoder is bounded by the C stack (3.12+) rather
#: than by Python's recursion limit.
_C_BOUND_DECODER = sys.version_info >= (3, 12)

#: ``bytes.translate`` arguments keeping only brackets, as ``(`` and ``)``.
_AS_PARENS = bytes.maketrans(b"[]{}", b"()()")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _nests_deeper(data: bytes, value: Any) -> bool:
    """Whether the parsed ``value`` nests deeper than :data:`MAX_DEPTH`.

    The body's brackets are looked at first, at C speed: each pass drops the innermost
    pairs, so an ordinary answer is judged in a few passes. Brackets inside strings
    count too, so the passes only say where to look: a body they call deep has its
    parsed value walked. (Closing brackets in strings placed to pair with the openers
    of each level can hide nesting from the passes, so a body crafted so is read as
    deep as Python reads it; it is valid JSON, and nothing else is lost.)
    """
    brackets = data.translate(_AS_PARENS, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):
        shorter = brackets.replace(b"()", b"")
        if len(shorter) == len(brackets):
            return False
        brackets = shorter
    if b"()" not in brackets:
        return False
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            return True
        children = item.values() if isinstance(item, dict) else item
        pending.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


try:
    # The ignore is for type-checking without the optional `fast` extra installed.
    import orjson  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - exercised by the CI run without orjson
    BACKEND = "json"

    def _refuse_constant(name: str) -> Any:
        # JSON has no NaN or Infinity; orjson refuses them, so must this backend.
        raise ValueError(f"{name} is not JSON")

    def _finite_float(text: str) -> float:
        value = float(text)
        if math.isinf(value):
            # orjson refuses a number that overflows a double ("1e400"); so must this one.
            raise ValueError(f"number {text} is too large for a float")
        return value

    def loads(data: bytes) -> Any:
        """Parse UTF-8 JSON bytes."""
        try:
            value = _stdlib_json.loads(
                data.decode("utf-8"), parse_constant=_refuse_constant, parse_float=_finite_float
            )
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc
        # The decoder's own bound is Python's recursion limit up to 3.11 (about 1000, so
        # tighter than orjson's) and a far larger C-stack bound from 3.12 on: there,
        # nesting orjson refuses would be read. Only a body with that many opening
        # brackets can nest that deep, which ordinary answers rarely hold.
        if (
            (_C_BOUND_DECODER or sys.getrecursionlimit() > MAX_DEPTH)
            and data.count(b"[") + data.count(b"{") > MAX_DEPTH
            and _nests_deeper(data, value)
        ):
            raise ValueError("JSON nested too deeply")
        return value

    def dumps(obj: Any) -> bytes:
        """Serialize ``obj`` to compact UTF-8 JSON bytes."""
        return _stdlib_dumps(obj)

else:
    BACKEND = "orjson"
    # orjson would serialize datetimes and dataclasses that the stdlib refuses; keep both
    # backends equally strict so code does not work only where orjson happens to exist.
    _DUMPS_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def loads(data: bytes) -> Any:
        """Parse UTF-8 JSON bytes."""
        return orjson.loads(data)

    def dumps(obj: Any) -> bytes:
        """Serialize ``obj`` to compact UTF-8 JSON bytes."""
        try:
            encoded: bytes = orjson.dumps(obj, option=_DUMPS_OPTIONS)
        except TypeError:
            # orjson refuses some JSON the standard library writes (int dict keys, ints
            # beyond 64 bits); the standard library decides, and refuses the rest.
            return _stdlib_dumps(obj)
        # orjson writes NaN and the infinities as null, which would silently clear a
        # field; the standard library refuses them. Only a body with a null can hide one.
        if b"null" in encoded and _has_non_finite(obj):
            raise ValueError("NaN and infinite floats are not JSON")
        return encoded

    def _has_non_finite(obj: Any) -> bool:
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, float):
                if not math.isfinite(item):
                    return True
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, (list, tuple)):
                stack.extend(item)
        return False
