"""Checks on argument values that the core and the resources share."""

from __future__ import annotations

import math
import reprlib
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

__all__ = ["fits_float", "is_many", "shown"]

#: How much of a caller's value an error message shows: enough to recognise it, not
#: so much that a 5 000-character id makes a 10 KB message.
SHOWN_LIMIT = 80


def is_many(value: object) -> TypeGuard[Iterable[Any]]:
    """True for an iterable that holds several arguments: not a str or bytes (which
    iterate characters) and not a mapping (whose keys would be taken silently)."""
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray, Mapping))


def fits_float(value: float) -> bool:
    """Whether a number becomes a float (seconds meet timers and deadlines as floats):
    an int past a float's range, ``10**400`` say, does not."""
    try:
        float(value)
    except OverflowError:
        return False
    return True


class _BoundedRepr(reprlib.Repr):
    """Bounds the work of a repr, not only its length: a list of ten million items
    shows its first few (and costs what they do), a long str is sliced before it is
    quoted."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxstring = self.maxother = self.maxlong = SHOWN_LIMIT
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = 8
        self.maxfrozenset = self.maxdeque = 8

    def repr_str(self, x: str, level: int) -> str:
        # Its start, quoted; shown() cuts it with the ellipsis at the end.
        return repr(x[: self.maxstring + 1])

    def repr_instance(self, x: object, level: int) -> str:
        # reprlib would hide a failing __repr__ behind its own text: let shown() say so.
        text = repr(x)
        return text if len(text) <= self.maxother else text[: self.maxother - 1] + "\u2026"


_BOUNDED = _BoundedRepr()


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A short description of a caller's value for an error message: its repr, cut to
    about ``limit`` (at most ``SHOWN_LIMIT``) characters with an ellipsis (a container
    shows its first items). It
    never raises: an int too large for repr (over 4 300 digits) is described by its
    size, and a value whose ``__repr__`` fails by its type, so the error being built is
    the one the caller sees."""
    try:
        text = _BOUNDED.repr(value)
    except ValueError:
        if isinstance(value, int):
            # repr refuses ints over sys.get_int_max_str_digits(); bit_length is cheap.
            digits = math.floor(abs(value).bit_length() * math.log10(2)) + 1
            return f"an int of about {digits} digits"
        return f"a {type(value).__name__} (its repr failed)"
    except Exception:
        return f"a {type(value).__name__} (its repr failed)"
    if len(text) > limit:
        return text[: limit - 1] + "\u2026"
    return text
