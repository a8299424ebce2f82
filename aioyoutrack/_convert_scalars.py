"""Structure and unstructure hooks of JSON scalars, checked and never coerced.

``"5"`` is not an ``int`` and ``true`` is not an ``int``; an ``int`` is a ``float`` (one
too large for a float, ``10**400``, stays an ``int``: the standard library's JSON reads
it, and ``inf`` would lose it). Instants are epoch milliseconds and days are midday UTC
(``_dates``), within the years 1 to 9999 a ``datetime`` holds. Every structure hook
takes ``(value, type)`` as cattrs calls it and raises ``TypeError`` for a value of the
wrong kind, which the converter turns into a path in its error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from ._constants import MAX_DURATION_MINUTES
from ._dates import MAX_DATETIME_MS, MIN_DATETIME_MS, aware_ms, calendar_day, day_ms, from_ms
from ._values import fits_float
from .errors import InvalidRequestError

__all__ = [
    "INT32_MAX",
    "INT32_METADATA_KEY",
    "INT32_MIN",
    "OPTIONAL_SCALAR_HOOKS",
    "SCALARS",
    "SCALAR_HOOKS",
    "Hook",
    "bad",
    "optional_int32",
    "passthrough",
    "scalar_union_hook",
    "unstructure_date",
    "unstructure_datetime",
    "wrong",
]

#: attrs metadata key: an ``int | None`` attribute that holds a 32-bit int in the spec
#: (period and duration minutes). A value outside that range is refused while
#: structuring, with its path, rather than failing later (``timedelta`` overflows).
INT32_METADATA_KEY = "aioyoutrack.int32"
#: The bounds of a 32-bit int; the spec gives one to minutes, whose bound it is.
INT32_MAX = MAX_DURATION_MINUTES
INT32_MIN = -INT32_MAX - 1

SCALARS = (str, int, float, bool)

#: A structure hook as cattrs calls it: ``(value, type) -> structured value``.
Hook = Callable[[Any, Any], Any]


def wrong(value: Any, expected: str) -> TypeError:
    """The error of a value of the wrong JSON kind (cattrs adds the path)."""
    return TypeError(f"expected {expected}, got {type(value).__name__}")


def bad(value: Any) -> Any:
    """Raise for a value generated code cannot take (the caller explains it in detail)."""
    raise wrong(value, "another type")


def passthrough(value: Any, _: Any) -> Any:
    """``Any``: the value as sent."""
    return value


def _structure_str(v: Any, _: Any) -> str:
    if v.__class__ is str:
        return v
    raise wrong(v, "a string")


def _structure_int(v: Any, _: Any) -> int:
    if v.__class__ is int:
        return v
    raise wrong(v, "an integer")


def _structure_float(v: Any, _: Any) -> float:
    if v.__class__ is float:
        return v
    if v.__class__ is int:
        return float(v) if fits_float(v) else v
    raise wrong(v, "a number")


def _structure_bool(v: Any, _: Any) -> bool:
    if v is True or v is False:
        return v
    raise wrong(v, "a boolean")


def _instant(v: Any) -> datetime:
    if v.__class__ is not int:
        raise wrong(v, "epoch milliseconds")
    if not MIN_DATETIME_MS <= v <= MAX_DATETIME_MS:
        # OverflowError or "int too large to convert to C int" otherwise, which reads as
        # a bug of ours rather than a value no datetime holds.
        raise TypeError(
            "expected epoch milliseconds within the years 1 to 9999, got one beyond them"
        )
    return from_ms(v)


def _structure_datetime(v: Any, _: Any) -> datetime:
    return _instant(v)


def _structure_date(v: Any, _: Any) -> date:
    return _instant(v).date()


def unstructure_datetime(v: datetime) -> int:
    """An aware ``datetime`` -> epoch ms; a naive one is refused (its zone is a guess)."""
    return aware_ms(v, InvalidRequestError)


def unstructure_date(v: date) -> int:
    """A day -> epoch ms at midday UTC (an aware ``datetime`` given as a date: its own
    calendar day, as everywhere a day is expected; a naive one is refused)."""
    return day_ms(calendar_day(v, InvalidRequestError))


def _optional_str(v: Any, _: Any) -> str | None:
    if v is None or v.__class__ is str:
        return v
    raise wrong(v, "a string")


def _optional_int(v: Any, _: Any) -> int | None:
    if v is None or v.__class__ is int:
        return v
    raise wrong(v, "an integer")


def optional_int32(v: Any, _: Any) -> int | None:
    """``int | None`` within 32 bits (period and duration minutes)."""
    if v is None or (v.__class__ is int and INT32_MIN <= v <= INT32_MAX):
        return v
    if v.__class__ is int:
        raise TypeError("expected a 32-bit integer, got an integer out of its range")
    raise wrong(v, "an integer")


def _optional_bool(v: Any, _: Any) -> bool | None:
    if v is None or v is True or v is False:
        return v
    raise wrong(v, "a boolean")


#: ``X | None`` hooks for scalars in one call (cattrs would dispatch on every value).
OPTIONAL_SCALAR_HOOKS: dict[Any, Hook] = {
    str: _optional_str,
    int: _optional_int,
    bool: _optional_bool,
}

SCALAR_HOOKS: dict[Any, Hook] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
    datetime: _structure_datetime,
    date: _structure_date,
}


def scalar_union_hook(accepted: tuple[type, ...], optional: bool) -> Hook:
    """A hook for ``int | float | str`` style unions: the value is kept as sent."""
    classes = frozenset(accepted)
    names = " or ".join(t.__name__ for t in accepted)

    def hook(v: Any, _: Any) -> Any:
        if v.__class__ in classes or (optional and v is None):
            return v
        raise wrong(v, names)

    return hook
