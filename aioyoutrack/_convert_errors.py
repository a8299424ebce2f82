"""Structuring errors as a reader wants them: one line per problem, with its JSON path.

cattrs raises nested exception groups (a class's attribute, a list's index); these
functions flatten them into lines like ``"... @ $[3].customFields[2].value.minutes"``,
with the camelCase names of the JSON rather than the Python ones.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError
from cattrs.v import format_exception

from ._fields import wire_name

__all__ = ["LeftOut", "error_lines", "type_name"]


class LeftOut(Exception):
    """Stands for the elements of a list that were not explained (an exception group
    cannot be empty). It has no line of its own: ``structure()`` says, once, that more
    may have been left out."""


def error_lines(exc: BaseException, path: str) -> list[str]:
    """Like cattrs' ``transform_error``, with the JSON (camelCase) names in the paths."""
    if isinstance(exc, IterableValidationError):
        lines: list[str] = []
        by_index, without = exc.group_exceptions()
        for sub, index_note in by_index:
            lines.extend(_error_or_leaf(sub, f"{path}[{index_note.index!r}]", index_note.type))
        lines.extend(f"{format_exception(sub, None)} @ {path}" for sub in _told(without))
        return lines
    if isinstance(exc, cattrs.ClassValidationError):
        names = {a.name: wire_name(a) for a in attrs.fields(exc.cl)} if attrs.has(exc.cl) else {}
        lines = []
        by_attribute, without = exc.group_exceptions()
        for sub, attribute_note in by_attribute:
            key = names.get(attribute_note.name, attribute_note.name)
            lines.extend(_error_or_leaf(sub, f"{path}.{key}", attribute_note.type))
        lines.extend(f"{format_exception(sub, None)} @ {path}" for sub in without)
        return lines
    return [f"{format_exception(exc, None)} @ {path}"]


def _told(exceptions: Sequence[BaseException]) -> list[BaseException]:
    return [e for e in exceptions if not isinstance(e, LeftOut)]


def _error_or_leaf(exc: BaseException, path: str, tp: Any) -> list[str]:
    if isinstance(exc, cattrs.BaseValidationError):
        return error_lines(exc, path)
    detail = f" ({exc})" if isinstance(exc, TypeError) and exc.args else ""
    return [f"{format_exception(exc, tp)}{detail} @ {path}"]


def type_name(tp: Any) -> str:
    """``list[Issue]``, ``Issue | None``: annotations as a reader writes them."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(type_name(a) for a in args)
    if origin is not None and args:
        return f"{type_name(origin)}[{', '.join(type_name(a) for a in args)}]"
    if tp is type(None):
        return "None"
    return getattr(tp, "__name__", None) or repr(tp)
