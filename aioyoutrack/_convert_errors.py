"""Structuring errors as a reader wants them: one line per problem, with its JSON path.

cattrs raises nested exception groups (a class's attribute, a list's index); these
functions flatten them into lines like ``"... @ $[3].customFields[2].value.minutes"``,
with the camelCase names of the JSON rather than the Python ones. A failed
``structure()`` call is redone here (``redo_explaining``), explaining a bounded number of
problems; ``explaining`` and ``problems`` are that redo's per-thread state, which the
converter's hooks read.
"""

from __future__ import annotations

import threading
import types
import typing
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError
from cattrs.v import format_exception

from ._constants import MAX_EXPLAINED_PROBLEMS
from ._fields import wire_name
from .errors import ResponseValidationError

__all__ = [
    "LEFT_OUT",
    "LeftOut",
    "Problems",
    "error_lines",
    "explaining",
    "problems",
    "redo_explaining",
    "type_name",
]


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


#: ``active`` is set while ``structure()`` redoes a failed call: every object then goes
#: to its explainer, and every list is explained element by element.
explaining = threading.local()


class Problems(threading.local):
    """The bad list elements explained so far by this thread's failing ``structure()``
    call, and whether explaining stopped short (each call, nested ones too, counts its
    own: see ``redo_explaining``)."""

    spent = 0
    left_out = False


problems = Problems()


#: The last entry of a ``ResponseValidationError``'s ``errors`` when explaining stopped.
LEFT_OUT = f"... and possibly more: explaining stops after {MAX_EXPLAINED_PROBLEMS} problems"


def redo_explaining(hook: Callable[[Any, Any], Any], data: Any, cls: Any) -> Any:
    """Redo a failed call with cattrs' detailed functions all the way down, and raise
    with the problems they report (it returns only if the data fits after all, and then
    its result is right).

    Only here, once per call: the generated functions and the list hooks do not catch,
    so no object is explained twice (work would double per level), and the count of
    problems (``MAX_EXPLAINED_PROBLEMS``) is spent on the explanation alone. Called after
    leaving ``structure()``'s ``except`` block, so the failed attempt (whose frame holds
    a half-filled instance that cannot be repr'd) is not chained to the error that
    tracebacks with locals render.
    """
    # A structure() called while another explains (by a caller's class) explains with a
    # budget of its own and leaves the other's as it was, whether it fails or not (a
    # caller may catch its failure).
    outer = getattr(explaining, "active", False)
    outer_count = (problems.spent, problems.left_out)
    explaining.active = True
    problems.spent, problems.left_out = 0, False
    try:
        return hook(data, cls)
    except Exception as exc:
        lines = error_lines(exc, "$")
        left_out = problems.left_out or len(lines) > MAX_EXPLAINED_PROBLEMS
        del lines[MAX_EXPLAINED_PROBLEMS:]
        more = [f"and {len(lines) - 3} more"] if len(lines) > 3 else []
        if left_out:
            more.append(LEFT_OUT)
        raise ResponseValidationError(
            f"response does not fit {type_name(cls)}: {'; '.join(lines[:3])}"
            + (f" ({', '.join(more)})" if more else ""),
            errors=[*lines, LEFT_OUT] if left_out else lines,
            model=cls,
        ) from exc
    finally:
        explaining.active = outer
        problems.spent, problems.left_out = outer_count
