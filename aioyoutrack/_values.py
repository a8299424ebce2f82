"""Checks on argument values that the core and the resources share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

__all__ = ["is_many"]


def is_many(value: object) -> TypeGuard[Iterable[Any]]:
    """True for an iterable that holds several arguments: not a str or bytes (which
    iterate characters) and not a mapping (whose keys would be taken silently)."""
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray, Mapping))
