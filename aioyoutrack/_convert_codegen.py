"""The source of the generated structure functions of plain attrs classes.

Pure: a class (and the shapes of the objects met so far) in, a compiled function out.
The converter (``_convert``) owns the state: the cells the functions call each other
through, the ``$type`` tables of polymorphic families and when to generate again.

A generated function takes a dict (a subclass too) and fills the slots of a bare
instance, checking scalars inline; anything but a mapping fails at its first step
(``o.get``), so callers need not check. Data it cannot take raises at once (its only
``try`` is around a shape's subscripts, below), and the hook that called in redoes the
object with cattrs to explain it.

Shapes: the objects of one class in one response are alike (the projection asks for
the same keys every time). For a key set seen before, the function reads the keys by
subscript, cheaper than a call of ``o.get`` each, and stores None in the attributes
the set leaves out without looking them up. A dict of the shape's size that holds each
of its keys has exactly its keys, so a shape whose size no other shape has needs no
other check: a missing key (``KeyError``) sends the object on to the next path. Shapes
of one size, and shapes with keys beyond the attributes and ``$type`` (which the
source never names: they come from data), compare the key sets (``o.keys() ==
shape``). Any other object takes the general path (``o.get`` per attribute). All paths
give the same result.
"""

from __future__ import annotations

import collections
import collections.abc
import keyword
import linecache
import types
import typing
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any, NamedTuple

import attrs

from ._convert_scalars import INT32_METADATA_KEY, SCALARS, Hook, bad, optional_int32
from ._dates import FAST_MS_LIMIT, from_ms
from ._fields import polymorphic_subtypes, wire_name, wire_type

__all__ = [
    "Lookups",
    "is_handled_union",
    "is_int32",
    "is_list",
    "is_mixed_union",
    "is_plain",
    "structure_function",
]


class Lookups(NamedTuple):
    """What generated code calls into, owned by the converter."""

    #: cls -> its cell (a one-item list holding its structure function).
    cell: Callable[[type], list[Hook]]
    #: polymorphic cls -> {``$type``: cell of that subclass}.
    table: Callable[[type], dict[str | None, list[Hook]]]
    #: a type -> the converter's hook for it.
    hook: Callable[[Any], Hook]


def is_list(tp: Any) -> bool:
    """``list[X]``, ``Sequence[X]`` or ``MutableSequence[X]``."""
    origin = typing.get_origin(tp)
    return origin is list or origin in (collections.abc.Sequence, collections.abc.MutableSequence)


def is_mixed_union(args: tuple[Any, ...]) -> bool:
    """Scalars, attrs classes and at most one list, none of them alike: a value is told
    apart by its JSON kind (``list[Element] | Element | int | str`` for history values)."""
    lists = [a for a in args if is_list(a)]
    return len(lists) <= 1 and all(
        a in SCALARS or a is type(None) or is_list(a) or (isinstance(a, type) and attrs.has(a))
        for a in args
    )


def is_handled_union(tp: Any) -> bool:
    """``X | None``, unions of scalars and unions of attrs classes; other unions are left
    to cattrs."""
    origin = typing.get_origin(tp)
    if origin is not typing.Union and origin is not types.UnionType:
        return False
    args = typing.get_args(tp)
    return (
        type(None) in args
        or all(a in SCALARS for a in args)
        or all(isinstance(a, type) and attrs.has(a) for a in args)
        or is_mixed_union(args)
    )


def is_int32(attribute: attrs.Attribute[Any]) -> bool:
    """An ``int | None`` attribute the spec gives 32 bits (minutes)."""
    return bool(attribute.metadata.get(INT32_METADATA_KEY))


def is_plain(cls: type) -> bool:
    """True when filling the slots of a bare instance equals calling ``__init__``."""
    return (
        getattr(cls, "__setattr__", None) is object.__setattr__
        and getattr(cls, "__new__", None) is object.__new__
        and not hasattr(cls, "__attrs_post_init__")
        and not hasattr(cls, "__attrs_pre_init__")
        and all(
            a.init
            and a.default is None
            and a.validator is None
            and a.converter is None
            and a.name.isidentifier()
            and not keyword.iskeyword(a.name)
            for a in attrs.fields(cls)
        )
    )


#: Inline checks of ``X | None`` scalar attributes.
_INLINE_CHECKS = {
    str: "{v} is None or {v}.__class__ is str",
    int: "{v} is None or {v}.__class__ is int",
    bool: "{v} is None or {v} is True or {v} is False",
}


def _inline_object(tp: Any, var: str, i: int, names: dict[str, Any], lookups: Lookups) -> str:
    """An expression structuring ``var`` (not None) into an attrs class or a list of one,
    calling the class's function directly (one call less per object than its hook)."""
    if is_list(tp):
        (elem,) = typing.get_args(tp) or (Any,)
        if not (isinstance(elem, type) and attrs.has(elem)):
            names[f"__h{i}"], names[f"__t{i}"] = lookups.hook(tp), tp
            return f"__h{i}({var}, __t{i})"
        item = _inline_object(elem, "e", i, names, lookups)
        # Many lists are empty (tags, multi-value fields): no comprehension for those.
        items = f"[{item} for e in {var}] if {var} else []"
        return f"({items}) if {var}.__class__ is list else __bad({var})"
    subtypes = polymorphic_subtypes(tp)
    # A generated function reads a non-dict with o.get (its shape paths take only a
    # dict), which fails on anything but a mapping, as .get('$type') does: no dict check
    # is needed for plain classes. A cattrs function may take a non-dict (a class
    # without attributes reads nothing).
    checked = all(is_plain(sub) for sub in subtypes)
    guard = "" if checked else f" if isinstance({var}, dict) else __bad({var})"
    if len(subtypes) == 1:
        names[f"__c{i}"] = lookups.cell(tp)
        return f"__c{i}[0]({var}, None){guard}"
    table = lookups.table(tp)
    names[f"__g{i}"], names[f"__d{i}"] = table.get, table[wire_type(tp)]
    return f"__g{i}({var}.get('$type'), __d{i})[0]({var}, None){guard}"


def _assignment(
    a: attrs.Attribute[Any], i: int, names: dict[str, Any], lookups: Lookups, v: str = "v"
) -> tuple[str, bool]:
    """``x.<attr> = <expression of v>`` (``v`` names the value's variable), and whether
    a missing key (None) gives None."""
    tp = a.type
    if tp is Any:
        return f"x.{a.name} = {v}", True
    args = typing.get_args(tp) if is_handled_union(tp) else ()
    rest = [t for t in args if t is not type(None)]
    inner: Any = rest[0] if len(rest) == 1 and type(None) in args else None
    if inner is int and is_int32(a):
        return f"x.{a.name} = __int32({v}, None)", True
    if inner in _INLINE_CHECKS:
        return f"x.{a.name} = {v} if {_INLINE_CHECKS[inner].format(v=v)} else __bad({v})", True
    if inner is datetime:
        # What _dates.from_ms does, its common case without the call.
        expression = (
            f"(__fts({v} / 1000, __utc) if 0 <= {v} < __fast else __from_ms({v})) "
            f"if {v}.__class__ is int else __bad({v})"
        )
        return f"x.{a.name} = None if {v} is None else {expression}", True
    if inner is not None and (attrs.has(inner) or is_list(inner)):
        expression = _inline_object(inner, v, i, names, lookups)
        return f"x.{a.name} = None if {v} is None else {expression}", True
    if inner is not None:
        names[f"__h{i}"], names[f"__t{i}"] = lookups.hook(inner), inner
        return f"x.{a.name} = None if {v} is None else __h{i}({v}, __t{i})", True
    names[f"__h{i}"], names[f"__t{i}"] = lookups.hook(tp), tp
    return f"x.{a.name} = __h{i}({v}, __t{i})", False


def structure_function(
    cls: type,
    lookups: Lookups,
    shapes: Sequence[frozenset[str]] = (),
    learn: Callable[[dict[str, Any]], None] | None = None,
) -> Hook:
    """Generate ``dict -> cls`` for a plain class: a path per shape in ``shapes``, then
    the general one, which first calls ``learn(o)`` when given (so the converter can
    generate again with that object's shape)."""
    names: dict[str, Any] = {
        "__new": object.__new__,
        "__cl": cls,
        "__bad": bad,
        "__fts": datetime.fromtimestamp,
        "__utc": timezone.utc,
        "__fast": FAST_MS_LIMIT,
        "__from_ms": from_ms,
        "__int32": optional_int32,
        "__learn": learn,
    }
    fields = [(i, a, wire_name(a)) for i, a in enumerate(attrs.fields(cls))]
    lines = ["def structure(o, _=None):", "    x = __new(__cl)"]
    if shapes:
        lines += ["    if type(o) is dict:", "        n = len(o)"]
    lengths = collections.Counter(len(shape) for shape in shapes)
    attribute_keys = {key for _, _, key in fields}
    for n, shape in enumerate(shapes):
        present = [(i, a, key) for i, a, key in fields if key in shape]
        extra = shape - attribute_keys
        # Subscripts decide the path only for a size no other shape has and keys the
        # source may name: the attributes' and $type. Keys that come from data alone
        # are never written into the source (any number of them, of any type).
        by_subscripts = lengths[len(shape)] == 1 and extra <= {"$type"}
        if by_subscripts:
            # A dict of this size holding every key of the shape has exactly its keys,
            # and a subscript is cheaper than a call of o.get: read them, and go on to
            # the next path when one is missing. (Only a dict itself: a subclass's
            # __missing__ or __len__ could answer for keys it does not hold.)
            lines += [f"        if n == {len(shape)}:", "            try:"]
            lines += [f"                v{i} = o[{key!r}]" for i, _, key in present]
            lines += ["                o['$type']"] if extra else []
            if not present and not extra:
                lines.append("                pass")
            lines += ["            except KeyError:", "                pass", "            else:"]
        else:
            names[f"__k{n}"] = shape
            lines.append(f"        if n == {len(shape)} and o.keys() == __k{n}:")
            lines += [f"            v{i} = o[{key!r}]" for i, _, key in present]
        indent = " " * (16 if by_subscripts else 12)
        for i, a, key in fields:
            if key in shape:
                lines.append(indent + _assignment(a, i, names, lookups, f"v{i}")[0])
            else:
                statement, none_gives_none = _assignment(a, i, names, lookups, "None")
                lines.append(indent + (f"x.{a.name} = None" if none_gives_none else statement))
        lines.append(indent + "return x")
    if learn is not None:
        lines.append("    __learn(o)")
    lines.append("    g = o.get")
    for i, a, key in fields:
        lines += [f"    v = g({key!r})", f"    {_assignment(a, i, names, lookups)[0]}"]
    lines.append("    return x")
    source = "\n".join(lines) + "\n"
    filename = f"<aioyoutrack generated structure {cls.__module__}.{cls.__qualname__}>"
    # Registered so that tracebacks and debuggers can show the generated lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), names)
    return names["structure"]  # type: ignore[no-any-return]
