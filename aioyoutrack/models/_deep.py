"""What the models do where the objects in them nest too deep for Python's stack.

A server may nest models hundreds of levels deep (``project.team.teamForProject...``,
``article.parentArticle...``, within the 1024 levels JSON readers take), and structuring
takes it. The methods attrs generates recurse once per level, so ``repr``, ``==`` and
``copy.deepcopy`` of such an object would raise ``RecursionError``: each is wrapped so
that it answers instead (``repr`` shallowly, ``==`` and ``deepcopy`` by walking the
objects with a list of their own rather than the call stack). Objects of ordinary depth
take the generated methods as before; the walks start only where those ran out of stack.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["guard_deep_nesting", "shallow_repr"]


def guard_deep_nesting(cls: type) -> None:
    """Give the attrs model ``cls`` a ``repr``, ``==`` and ``deepcopy`` that work however
    deep its objects nest."""
    _shallow_repr(cls)
    _equality_by_walking(cls)
    cls.__deepcopy__ = _deepcopy  # type: ignore[attr-defined]


def _named_after(func: Callable[..., Any], cls: type, generated: Any) -> None:
    func.__qualname__ = f"{cls.__qualname__}.{func.__name__}"
    func.__doc__ = getattr(generated, "__doc__", None)


def _shallow_repr(cls: type) -> None:
    """``repr(obj)`` shows ``Cls(...)`` where the objects nest too deep to show."""
    generated = cls.__dict__.get("__repr__")
    if generated is None:
        return

    def __repr__(self: Any) -> str:
        try:
            text: str = generated(self)
        except RecursionError:
            return _cut(self)
        return text

    _named_after(__repr__, cls, generated)
    cls.__repr__ = __repr__  # type: ignore[method-assign,assignment]


def _cut(value: object) -> str:
    """How a value too deep to show is shown: its type and ``...``."""
    return f"{type(value).__name__}(...)"


def shallow_repr(value: object) -> str:
    """``repr(value)``, or its type and ``...`` where it nests too deep to show (a list
    a hostile server nested hundreds of levels deep)."""
    try:
        return repr(value)
    except RecursionError:
        return _cut(value)


def _equality_by_walking(cls: type) -> None:
    """``==`` (and so ``!=``, which attrs writes as ``not __eq__``) compares by walking
    where the generated comparison runs out of stack."""
    generated = cls.__dict__.get("__eq__")
    if generated is None:
        return

    def __eq__(self: Any, other: Any) -> Any:
        if getattr(_comparing, "active", False):
            # Inside an outer comparison: only the outermost walks, once. Were every
            # level to catch and go on, each field after a deep one would dive to the
            # limit again (2**depth dives for an object listed twice in itself).
            return generated(self, other)
        _comparing.active = True
        try:
            return generated(self, other)
        except RecursionError:
            pass  # compared below, outside the handler: the deep stack is not chained
        finally:
            _comparing.active = False
        return equal(self, other)

    _named_after(__eq__, cls, generated)
    cls.__eq__ = __eq__  # type: ignore[method-assign,assignment]


#: Whether a model's ``==`` is running in this thread (comparisons never await).
_comparing = threading.local()


def _compared(value: Any) -> tuple[str, ...] | None:
    """The attributes ``==`` compares on an attrs instance (None: not one)."""
    cls = type(value)
    if not attrs.has(cls):
        return None
    return tuple(a.name for a in attrs.fields(cls) if a.eq)


def equal(left: Any, right: Any) -> bool:
    """``left == right`` for models, lists, tuples and dicts of them nested to any depth,
    as the generated comparisons would answer it had they the stack."""
    pending = [(left, right)]
    # Pairs of containers met already: compared or being compared (a cycle of objects
    # referring back to themselves is equal where the rest is).
    met: set[tuple[int, int]] = set()
    while pending:
        a, b = pending.pop()
        if a is b:
            continue
        names = _compared(a)
        if names is not None or type(a) in (list, tuple, dict):
            pair = (id(a), id(b))
            if pair in met:
                continue
            met.add(pair)
        if names is not None:
            if type(b) is not type(a):
                return False
            pending.extend((getattr(a, n, None), getattr(b, n, None)) for n in names)
        elif type(a) in (list, tuple) and type(b) is type(a):
            if len(a) != len(b):
                return False
            pending.extend(zip(a, b, strict=True))
        elif type(a) is dict and type(b) is dict:
            if a.keys() != b.keys():
                return False
            pending.extend((a[k], b[k]) for k in a)
        elif a != b:
            return False
    return True


def _deepcopy(self: Any, memo: dict[int, Any]) -> Any:
    """``copy.deepcopy`` of a model: the models, lists and dicts in it are copied by a
    walk with a list of its own, so depth costs no stack; other values are copied by
    ``copy.deepcopy`` with the same ``memo`` (shared objects stay shared, cycles stay
    cycles)."""
    filling: list[tuple[Any, Any]] = []

    def copied(value: Any, *, walk: bool = False) -> Any:
        found = memo.get(id(value), memo)
        if found is not memo:
            return found
        # A nested model whose class copies itself otherwise (a caller's subclass with
        # its own __deepcopy__, or a caller's attrs class) is left to that; ``self`` is
        # walked here whatever its class (a subclass's __deepcopy__ may call this one).
        if walk or getattr(type(value), "__deepcopy__", None) is _deepcopy:
            new: Any = object.__new__(type(value))
        elif type(value) is list:
            new = []
        elif type(value) is dict:
            new = {}
        else:
            return copy.deepcopy(value, memo)
        memo[id(value)] = new
        _keep_alive(value, memo)
        filling.append((value, new))
        return new

    result = copied(self, walk=True)
    while filling:
        original, new = filling.pop()
        if type(original) is list:
            new.extend(copied(item) for item in original)
        elif type(original) is dict:
            for key, item in original.items():
                new[copied(key)] = copied(item)
        else:
            for a in attrs.fields(type(original)):
                try:
                    value = getattr(original, a.name)
                except AttributeError:
                    continue  # a slot never set stays unset
                object.__setattr__(new, a.name, copied(value))
    return result


def _keep_alive(value: Any, memo: dict[int, Any]) -> None:
    """Hold ``value`` in ``memo`` for the copy's duration, as ``copy.deepcopy`` does: an
    id in ``memo`` must not be reused by a new object while copying."""
    try:
        memo[id(memo)].append(value)
    except KeyError:
        memo[id(memo)] = [value]
