"""Checks on argument values that the core and the resources share."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

__all__ = ["is_many", "shown"]

#: How much of a caller's value an error message shows: enough to recognise it, not
#: so much that a 5 000-character id makes a 10 KB message.
SHOWN_LIMIT = 80


def is_many(value: object) -> TypeGuard[Iterable[Any]]:
    """True for an iterable that holds several arguments: not a str or bytes (which
    iterate characters) and not a mapping (whose keys would be taken silently)."""
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray, Mapping))


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A short description of a caller's value for an error message: its repr, cut to
    about ``limit`` characters with an ellipsis. It never raises: an int too large for
    repr (over 4 300 digits) is described by its size, and a value whose ``__repr__``
    fails by its type, so the error being built is the one the caller sees."""
    try:
        text = repr(value)
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
