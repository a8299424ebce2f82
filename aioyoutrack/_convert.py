"""The one cattrs converter: camelCase JSON <-> snake_case attrs classes.

- ``structure(data, cls)``: JSON-compatible data -> an instance of ``cls`` (any attrs
  class, ``list[X]``, ``X | None``, ...). Raises :class:`ResponseValidationError` with one
  line per problem and its JSON path (``"... @ $[3].customFields[2].value.minutes"``).
- ``unstructure(obj)``: attrs instance -> JSON-compatible data for a request body, with
  camelCase keys, unset (``None``) attributes left out and ``$type`` written for the
  polymorphic families (custom fields, bundles, visibility, ...) and value objects.

Rules: unknown keys are ignored; a ``$type`` naming a subclass of the requested class
selects it, an unknown ``$type`` keeps the requested class (so unstructuring it writes
that class's ``$type``: a type newer than the library is not round-tripped); in a union
of attrs classes (``User | UserGroup``) the ``$type`` picks the member or subclass, and
one naming none of them takes the member sharing the most keys with the data; a union of
a list, attrs classes and scalars keeps each value in its JSON kind; epoch milliseconds <-> aware
UTC ``datetime`` (a naive ``datetime`` is refused when unstructuring: its time zone would be
a guess); a ``date`` (date custom fields) <-> epoch ms at midday UTC. Scalars are checked,
not coerced (``"5"`` is not an ``int``; ``true`` is not an ``int``).

One converter, built once at import; hooks are generated per class on first use.
Performance matters (every issue page goes through here), so:

- attributes typed ``X | None`` get hooks specialised for their ``X`` (cattrs would
  re-dispatch the union on every value);
- "plain" attrs classes (every attribute defaulting to None, no validators, converters
  or ``__attrs_post_init__``: all library models) are structured by a generated function
  that checks scalars inline and fills the slots directly, about twice as fast as the
  function cattrs generates. When it meets data it cannot take, the cattrs function
  (``make_dict_structure_fn``, detailed validation) redoes that object to explain the
  error with paths; other classes always use the cattrs function.
"""

from __future__ import annotations

import collections.abc
import keyword
import linecache
import threading
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception

from ._fields import is_model_class, polymorphic_subtypes, wire_name, wire_type
from .errors import InvalidRequestError, ResponseValidationError, YouTrackError

__all__ = ["INT32_METADATA_KEY", "structure", "unstructure"]

#: attrs metadata key: an ``int | None`` attribute that holds a 32-bit int in the spec
#: (period and duration minutes). A value outside that range is refused while
#: structuring, with its path, rather than failing later (``timedelta`` overflows).
INT32_METADATA_KEY = "aioyoutrack.int32"
_INT32_MIN = -(2**31)
_INT32_MAX = 2**31 - 1

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS = timedelta(milliseconds=1)
_DAY_MS = 86_400_000
_MIDDAY_MS = 43_200_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SCALARS = (str, int, float, bool)
#: Value objects that YouTrack wants tagged even though they have no subclasses.
_TAGGED_VALUES = frozenset({"PeriodValue", "TextFieldValue", "DurationValue"})

_Hook = Callable[[Any, Any], Any]


# --- scalars -----------------------------------------------------------------------------


def _wrong(value: Any, expected: str) -> TypeError:
    return TypeError(f"expected {expected}, got {type(value).__name__}")


def _structure_str(v: Any, _: Any) -> str:
    if v.__class__ is str:
        return v
    raise _wrong(v, "a string")


def _structure_int(v: Any, _: Any) -> int:
    if v.__class__ is int:
        return v
    raise _wrong(v, "an integer")


def _structure_float(v: Any, _: Any) -> float:
    if v.__class__ is float:
        return v
    if v.__class__ is int:
        return float(v)
    raise _wrong(v, "a number")


def _structure_bool(v: Any, _: Any) -> bool:
    if v is True or v is False:
        return v
    raise _wrong(v, "a boolean")


def _structure_datetime(v: Any, _: Any) -> datetime:
    if v.__class__ is int:
        # Positional (days, seconds, microseconds, milliseconds): cheaper than keywords.
        return _EPOCH + timedelta(0, 0, 0, v)
    raise _wrong(v, "epoch milliseconds")


def _structure_date(v: Any, _: Any) -> date:
    if v.__class__ is int:
        return (_EPOCH + timedelta(0, 0, 0, v)).date()
    raise _wrong(v, "epoch milliseconds")


def _unstructure_datetime(v: datetime) -> int:
    if v.tzinfo is None or v.utcoffset() is None:
        raise InvalidRequestError(
            f"naive datetime {v.isoformat()} refused: give it a time zone "
            "(for example datetime.now(timezone.utc))"
        )
    return (v - _EPOCH) // _MS


def _unstructure_date(v: date) -> int:
    if isinstance(v, datetime):
        return _unstructure_datetime(v)
    return (v.toordinal() - _EPOCH_ORDINAL) * _DAY_MS + _MIDDAY_MS


def _optional_str(v: Any, _: Any) -> str | None:
    if v is None or v.__class__ is str:
        return v
    raise _wrong(v, "a string")


def _optional_int(v: Any, _: Any) -> int | None:
    if v is None or v.__class__ is int:
        return v
    raise _wrong(v, "an integer")


def _optional_int32(v: Any, _: Any) -> int | None:
    if v is None or (v.__class__ is int and _INT32_MIN <= v <= _INT32_MAX):
        return v
    if v.__class__ is int:
        raise TypeError("expected a 32-bit integer, got an integer out of its range")
    raise _wrong(v, "an integer")


def _optional_bool(v: Any, _: Any) -> bool | None:
    if v is None or v is True or v is False:
        return v
    raise _wrong(v, "a boolean")


#: ``X | None`` hooks for scalars in one call (cattrs would dispatch on every value).
_OPTIONAL_SCALAR_HOOKS: dict[Any, _Hook] = {
    str: _optional_str,
    int: _optional_int,
    bool: _optional_bool,
}


_SCALAR_HOOKS: dict[Any, _Hook] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
    datetime: _structure_datetime,
    date: _structure_date,
}


def _scalar_union_hook(accepted: tuple[type, ...], optional: bool) -> _Hook:
    """A hook for ``int | float | str`` style unions: the value is kept as sent."""
    classes = frozenset(accepted)
    names = " or ".join(t.__name__ for t in accepted)

    def hook(v: Any, _: Any) -> Any:
        if v.__class__ in classes or (optional and v is None):
            return v
        raise _wrong(v, names)

    return hook


# --- predicates ---------------------------------------------------------------------------


def _is_handled_union(tp: Any) -> bool:
    """``X | None``, unions of scalars and unions of attrs classes; other unions are left
    to cattrs."""
    origin = typing.get_origin(tp)
    if origin is not typing.Union and origin is not types.UnionType:
        return False
    args = typing.get_args(tp)
    return (
        type(None) in args
        or all(a in _SCALARS for a in args)
        or all(isinstance(a, type) and attrs.has(a) for a in args)
        or _is_mixed_union(args)
    )


def _is_mixed_union(args: tuple[Any, ...]) -> bool:
    """Scalars, attrs classes and at most one list, none of them alike: a value is told
    apart by its JSON kind (``list[Element] | Element | int | str`` for history values)."""
    lists = [a for a in args if _is_list(a)]
    return len(lists) <= 1 and all(
        a in _SCALARS or a is type(None) or _is_list(a) or (isinstance(a, type) and attrs.has(a))
        for a in args
    )


def _is_list(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin is list or origin in (collections.abc.Sequence, collections.abc.MutableSequence)


def _passthrough(v: Any, _: Any) -> Any:
    return v


def _bad(v: Any) -> Any:
    raise _wrong(v, "another type")


def _renames(cls: type) -> dict[str, Any]:
    return {
        a.name: override(rename=wire_name(a)) for a in attrs.fields(cls) if wire_name(a) != a.name
    }


def _is_int32(attribute: attrs.Attribute[Any]) -> bool:
    return bool(attribute.metadata.get(INT32_METADATA_KEY))


def _structure_overrides(cls: type) -> dict[str, Any]:
    """Renames, plus the range check of 32-bit int attributes."""
    overrides = {}
    for a in attrs.fields(cls):
        name = wire_name(a)
        if _is_int32(a):
            overrides[a.name] = override(rename=name, struct_hook=_optional_int32)
        elif name != a.name:
            overrides[a.name] = override(rename=name)
    return overrides


def _is_plain(cls: type) -> bool:
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


#: Inline checks of ``X | None`` scalar attributes in generated functions.
_INLINE_CHECKS = {
    str: "v is None or v.__class__ is str",
    int: "v is None or v.__class__ is int",
    bool: "v is None or v is True or v is False",
}


# --- the converter -------------------------------------------------------------------------

_converter = cattrs.Converter()
#: cls -> [its structure function]. A cell starts with a stand-in that generates the
#: function on the first object of that class and puts it in its place: a class refers
#: to its cell (a sprint's previous sprint refers to its own), and a polymorphic family
#: costs only the subclasses that turn up (a page of issues meets 8 or so of the 70
#: classes its attributes may hold, and generating one takes about half a millisecond).
_cells: dict[type, list[_Hook]] = {}
#: polymorphic cls -> {$type: cell of the subclass's structure function}.
_tables: dict[type, dict[str | None, list[_Hook]]] = {}
_explainers: dict[type, _Hook] = {}
#: Hooks are generated on first use, possibly from several threads at once.
_lock = threading.RLock()


def _explainer(cls: type) -> _Hook:
    """cattrs' generated function for ``cls``, with detailed validation."""
    with _lock:
        fn = _explainers.get(cls)
        if fn is None:
            fn = _explainers[cls] = make_dict_structure_fn(
                cls, _converter, **_structure_overrides(cls)
            )
        return fn


#: ``active`` is set while an explainer runs: nested objects then go to theirs too.
_explaining = threading.local()


def _explain(o: Any, cls: type) -> Any:
    """Redo an object the generated functions refused, with cattrs' detailed validation
    all the way down (which raises with every attribute at fault and its path; it
    returns only if the data fits after all, and then its result is right).

    Called once, by the hook where the failure surfaced; generated functions do not
    catch, so no nested object is explained twice (work would double per level). The
    hook calls it after leaving its ``except`` block, so the failed attempt (whose frame
    holds a half-filled instance that cannot be repr'd) is not chained to the error
    that tracebacks with locals render.
    """
    if getattr(_explaining, "active", False):
        return _explainer(cls)(o, cls)
    _explaining.active = True
    try:
        return _explainer(cls)(o, cls)
    finally:
        _explaining.active = False


def _inline_object(tp: Any, var: str, i: int, names: dict[str, Any]) -> str:
    """An expression structuring ``var`` (not None) into an attrs class or a list of one,
    calling the class's function directly (one call less per object than its hook)."""
    if _is_list(tp):
        (elem,) = typing.get_args(tp) or (Any,)
        if not (isinstance(elem, type) and attrs.has(elem)):
            names[f"__h{i}"], names[f"__t{i}"] = _converter.get_structure_hook(tp), tp
            return f"__h{i}({var}, __t{i})"
        item = _inline_object(elem, "e", i, names)
        return f"[{item} for e in {var}] if {var}.__class__ is list else __bad({var})"
    if len(polymorphic_subtypes(tp)) == 1:
        names[f"__c{i}"] = _cell(tp)
        return f"__c{i}[0]({var}, None) if {var}.__class__ is dict else __bad({var})"
    table = _table(tp)
    names[f"__g{i}"], names[f"__d{i}"] = table.get, table[wire_type(tp)]
    return (
        f"__g{i}({var}.get('$type'), __d{i})[0]({var}, None) "
        f"if {var}.__class__ is dict else __bad({var})"
    )


def _fast_structure_fn(cls: type) -> _Hook:
    """Generate ``dict -> cls`` for a plain class (no dict check: callers do it)."""
    names: dict[str, Any] = {
        "__new": object.__new__,
        "__cl": cls,
        "__bad": _bad,
        "__epoch": _EPOCH,
        "__ms": timedelta,
        "__int32": _optional_int32,
    }
    # No try/except: a failure surfaces at the hook that called in (see _explain).
    lines = ["def structure(o, _=None):", "  if True:", "    x = __new(__cl)", "    g = o.get"]
    for i, a in enumerate(attrs.fields(cls)):
        key, tp = wire_name(a), a.type
        args = typing.get_args(tp) if _is_handled_union(tp) else ()
        inner: Any = [t for t in args if t is not type(None)]
        inner = inner[0] if len(inner) == 1 and type(None) in args else None
        if tp is Any:
            lines.append(f"    x.{a.name} = g({key!r})")
            continue
        lines.append(f"    v = g({key!r})")
        if inner is int and _is_int32(a):
            lines.append(f"    x.{a.name} = __int32(v, None)")
        elif inner in _INLINE_CHECKS:
            lines.append(f"    x.{a.name} = v if {_INLINE_CHECKS[inner]} else __bad(v)")
        elif inner is datetime:
            lines.append(
                f"    x.{a.name} = None if v is None else "
                "__epoch + __ms(0, 0, 0, v) if v.__class__ is int else __bad(v)"
            )
        elif inner is not None and (attrs.has(inner) or _is_list(inner)):
            expression = _inline_object(inner, "v", i, names)
            lines.append(f"    x.{a.name} = None if v is None else {expression}")
        elif inner is not None:
            names[f"__h{i}"], names[f"__t{i}"] = _converter.get_structure_hook(inner), inner
            lines.append(f"    x.{a.name} = None if v is None else __h{i}(v, __t{i})")
        else:
            names[f"__h{i}"], names[f"__t{i}"] = _converter.get_structure_hook(tp), tp
            lines.append(f"    x.{a.name} = __h{i}(v, __t{i})")
    lines += ["    return x"]
    source = "\n".join(lines) + "\n"
    filename = f"<aioyoutrack generated structure {cls.__module__}.{cls.__qualname__}>"
    # Registered so that tracebacks and debuggers can show the generated lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), names)
    return names["structure"]  # type: ignore[no-any-return]


def _generate(cls: type) -> _Hook:
    attrs.resolve_types(cls)
    if _is_plain(cls):
        return _fast_structure_fn(cls)
    return _explainer(cls)


def _deferred(cls: type) -> _Hook:
    """The stand-in a new cell holds: generates ``cls``'s function, then calls it."""

    def generate_then_structure(o: Any, tp: Any = None) -> Any:
        with _lock:
            cell = _cells[cls]
            if cell[0] is generate_then_structure:
                cell[0] = _generate(cls)
            function = cell[0]
        return function(o, tp)

    return generate_then_structure


def _cell(cls: type) -> list[_Hook]:
    """The cell of ``cls``'s structure function (generated on first use)."""
    with _lock:
        cell = _cells.get(cls)
        if cell is None:
            cell = _cells[cls] = [_deferred(cls)]
        return cell


def _table(cls: type) -> dict[str | None, list[_Hook]]:
    with _lock:
        table = _tables.get(cls)
        if table is None:
            table = {wire_type(sub): _cell(sub) for sub in polymorphic_subtypes(cls)}
            _tables[cls] = table
        return table


def _object_hook(cls: type, *, optional: bool) -> _Hook:
    """dict -> ``cls`` (or the subclass its ``$type`` names), checking it is a dict."""
    if len(polymorphic_subtypes(cls)) == 1:
        cell = _cell(cls)

        def exact(v: Any, _: Any) -> Any:
            if v.__class__ is dict:
                if getattr(_explaining, "active", False):
                    return _explain(v, cls)
                try:
                    return cell[0](v, cls)
                except Exception:
                    pass  # explained below, outside the handler: see _explain
                return _explain(v, cls)
            if v is None and optional:
                return None
            raise _wrong(v, "an object")

        return exact

    table = _table(cls)
    default = table[wire_type(cls)]
    get = table.get
    classes = {wire_type(sub): sub for sub in polymorphic_subtypes(cls)}

    def dispatch(v: Any, _: Any) -> Any:
        if v.__class__ is dict:
            if getattr(_explaining, "active", False):
                return _explain(v, classes.get(v.get("$type"), cls))
            try:
                return get(v.get("$type"), default)[0](v, None)
            except Exception:
                pass  # explained below, outside the handler: see _explain
            return _explain(v, classes.get(v.get("$type"), cls))
        if v is None and optional:
            return None
        raise _wrong(v, "an object")

    return dispatch


def _model_union_hook(members: tuple[type, ...], optional: bool) -> _Hook:
    """``A | B`` of attrs classes: the ``$type`` of the data picks the class (their
    projection asks for ``$type``), among the members and their model subclasses."""
    cells: dict[str | None, list[_Hook]] = {}
    classes: dict[str | None, type] = {}
    for member in members:
        for sub in polymorphic_subtypes(member):
            classes.setdefault(wire_type(sub), sub)
    for name, sub in classes.items():
        cells[name] = _cell(sub)
    fallback = _closest_member(members)

    def hook(v: Any, _: Any) -> Any:
        if v.__class__ is dict:
            kind = v.get("$type")
            cls = classes.get(kind)
            cell = cells.get(kind) if cls is not None else None
            if cls is None or cell is None:
                cls = fallback(v)
                cell = _cell(cls)
            if getattr(_explaining, "active", False):
                return _explain(v, cls)
            try:
                return cell[0](v, cls)
            except Exception:
                pass  # explained below, outside the handler: see _explain
            return _explain(v, cls)
        if v is None and optional:
            return None
        raise _wrong(v, "an object")

    return hook


def _closest_member(members: tuple[type, ...]) -> Callable[[dict[str, Any]], type]:
    """For data whose ``$type`` names none of the members (a type newer than the library,
    or none at all): the member sharing the most keys with it, the first on a tie. As a
    polymorphic family's root takes an unknown ``$type``, a union never refuses one."""
    keys = [(m, frozenset(wire_name(a) for a in attrs.fields(m))) for m in members]

    def closest(data: dict[str, Any]) -> type:
        return max(keys, key=lambda pair: len(pair[1].intersection(data)))[0]

    return closest


def _mixed_union_hook(args: tuple[Any, ...]) -> _Hook:
    """``list[A | B] | A | B | int | str | None``: a list, an object (its members told
    apart as in ``A | B``) or a scalar, each kept in its JSON kind."""
    optional = type(None) in args
    scalars = frozenset(a for a in args if a in _SCALARS)
    models = tuple(a for a in args if isinstance(a, type) and attrs.has(a))
    many = next((a for a in args if _is_list(a)), None)
    as_list = None if many is None else _converter.get_structure_hook(many)
    as_object = None
    if len(models) == 1:
        as_object = _object_hook(models[0], optional=False)
    elif models:
        as_object = _model_union_hook(models, optional=False)
    expected = " or ".join(_type_name(a) for a in args if a is not type(None))

    def hook(v: Any, _: Any) -> Any:
        kind = v.__class__
        if kind is list and as_list is not None:
            return as_list(v, many)
        if kind is dict and as_object is not None:
            return as_object(v, None)
        if kind in scalars or (kind is int and float in scalars) or (optional and v is None):
            return v
        raise _wrong(v, expected)

    return hook


def _union_hook(tp: Any) -> _Hook:
    """``X | None`` in one call, unions of scalars (kept as sent) and unions of attrs
    classes (told apart by ``$type``)."""
    args = typing.get_args(tp)
    optional = type(None) in args
    rest = tuple(a for a in args if a is not type(None))
    if len(rest) > 1 and all(a in _SCALARS for a in rest):
        return _scalar_union_hook(rest, optional)
    if len(rest) > 1 and all(isinstance(a, type) and attrs.has(a) for a in rest):
        return _model_union_hook(rest, optional)
    if len(rest) > 1 and _is_mixed_union(args):
        return _mixed_union_hook(args)
    inner_type: Any = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
    if isinstance(inner_type, type) and attrs.has(inner_type):
        return _object_hook(inner_type, optional=True)
    optional_scalar = _OPTIONAL_SCALAR_HOOKS.get(inner_type)
    if optional_scalar is not None:
        return optional_scalar
    inner = _converter.get_structure_hook(inner_type)

    def hook(v: Any, _: Any) -> Any:
        return None if v is None else inner(v, inner_type)

    return hook


def _element_errors(items: list[Any], hook: _Hook, elem: Any, tp: Any) -> IterableValidationError:
    """Re-run a failed list to report every bad element with its index."""
    errors: list[Exception] = []
    for index, item in enumerate(items):
        try:
            hook(item, elem)
        except Exception as exc:
            exc.__notes__ = [  # type: ignore[attr-defined]
                *getattr(exc, "__notes__", []),
                IterableValidationNote(f"Structuring {tp} @ index {index}", index, elem),
            ]
            errors.append(exc)
    return IterableValidationError(f"While structuring {tp!r}", errors, tp)


def _list_hook(tp: Any) -> _Hook:
    """``list[X]`` (and ``Sequence[X]``) -> list, each element checked."""
    args = typing.get_args(tp)
    elem: Any = args[0] if args else Any
    if isinstance(elem, type) and attrs.has(elem):
        element = _object_hook(elem, optional=False)
    elif elem is Any:
        element = _passthrough
    else:
        element = _converter.get_structure_hook(elem)

    def hook(v: Any, _: Any) -> list[Any]:
        if v.__class__ is not list:
            raise _wrong(v, "a list")
        try:
            return [element(item, elem) for item in v]
        except Exception:
            raise _element_errors(v, element, elem, tp) from None

    return hook


for _tp, _hook in _SCALAR_HOOKS.items():
    _converter.register_structure_hook(_tp, _hook)
_converter.register_structure_hook_factory(attrs.has, lambda cls: _object_hook(cls, optional=False))
_converter.register_structure_hook_factory(_is_handled_union, _union_hook)
_converter.register_structure_hook_factory(_is_list, _list_hook)
_converter.register_unstructure_hook(datetime, _unstructure_datetime)
_converter.register_unstructure_hook(date, _unstructure_date)


# --- unstructuring ------------------------------------------------------------------------

_exact_unstructure: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _tagged(cls: type) -> str | None:
    """The ``$type`` to write for ``cls``, or None when YouTrack does not need one."""
    name = wire_type(cls)
    if name is None:
        return None
    model = next(k for k in cls.__mro__ if is_model_class(k))
    in_family = len(polymorphic_subtypes(model)) > 1 or any(
        is_model_class(base) for base in model.__bases__
    )
    return name if in_family or name in _TAGGED_VALUES else None


def _build_unstructure_fn(cls: type) -> Callable[[Any], dict[str, Any]]:
    attrs.resolve_types(cls)
    base: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, _converter, _cattrs_omit_if_default=True, **_renames(cls)
    )
    tag = _tagged(cls)
    if tag is None:
        return base

    def tagged(obj: Any) -> dict[str, Any]:
        data = base(obj)
        data["$type"] = tag
        return data

    return tagged


def _unstructure_attrs_factory(_declared: type) -> Callable[[Any], dict[str, Any]]:
    # Dispatch on the runtime class: an attribute declared IssueCustomField holds a
    # SingleEnumIssueCustomField whose value and $type must be written too.
    def hook(obj: Any) -> dict[str, Any]:
        fn = _exact_unstructure.get(obj.__class__)
        if fn is None:
            fn = _exact_unstructure[obj.__class__] = _build_unstructure_fn(obj.__class__)
        return fn(obj)

    return hook


_converter.register_unstructure_hook_factory(attrs.has, _unstructure_attrs_factory)


# --- errors and the public functions -----------------------------------------------------


def _error_lines(exc: BaseException, path: str) -> list[str]:
    """Like cattrs' ``transform_error``, with the JSON (camelCase) names in the paths."""
    if isinstance(exc, IterableValidationError):
        lines: list[str] = []
        by_index, without = exc.group_exceptions()
        for sub, index_note in by_index:
            lines.extend(_error_or_leaf(sub, f"{path}[{index_note.index!r}]", index_note.type))
        lines.extend(f"{format_exception(sub, None)} @ {path}" for sub in without)
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


def _error_or_leaf(exc: BaseException, path: str, tp: Any) -> list[str]:
    if isinstance(exc, cattrs.BaseValidationError):
        return _error_lines(exc, path)
    detail = f" ({exc})" if isinstance(exc, TypeError) and exc.args else ""
    return [f"{format_exception(exc, tp)}{detail} @ {path}"]


def _type_name(tp: Any) -> str:
    """``list[Issue]``, ``Issue | None``: annotations as a reader writes them."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(_type_name(a) for a in args)
    if origin is not None and args:
        return f"{_type_name(origin)}[{', '.join(_type_name(a) for a in args)}]"
    if tp is type(None):
        return "None"
    return getattr(tp, "__name__", None) or repr(tp)


def structure(data: Any, cls: Any) -> Any:
    """Structure JSON-compatible ``data`` (a decoded response or webhook payload) into
    ``cls``: an attrs class, ``list[X]``, ``X | None``, ...

    Raises :class:`~aioyoutrack.errors.ResponseValidationError` when the data does not
    fit; its ``errors`` list every problem with its JSON path.
    """
    try:
        return _converter.structure(data, cls)
    except Exception as exc:
        errors = _error_lines(exc, "$")
        raise ResponseValidationError(
            f"response does not fit {_type_name(cls)}: {'; '.join(errors[:3])}"
            + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""),
            errors=errors,
            model=cls,
        ) from exc


def unstructure(obj: Any) -> Any:
    """Unstructure ``obj`` (an attrs instance, or a list/dict of them) into JSON-compatible
    data for a request body: camelCase keys, ``None`` attributes left out, ``$type``
    written where YouTrack needs it, datetimes as epoch milliseconds.

    Raises :class:`~aioyoutrack.errors.InvalidRequestError` for a naive ``datetime``, and
    for objects nested too deeply to write (hundreds of levels) or referring to
    themselves (a cycle), which no JSON body can hold.
    """
    problem = None
    try:
        return _converter.unstructure(obj)
    except YouTrackError:
        raise
    except RecursionError:
        pass  # raised below, outside the handler: the deep stack is not chained
    except Exception as exc:  # an attribute holding what its type does not allow
        problem = f"{type(exc).__name__}: {exc}"
    if problem is not None:
        raise InvalidRequestError(
            f"cannot unstructure this {type(obj).__name__}: an attribute holds a value its "
            f"type does not allow ({problem}); set attributes to the types the model declares"
        )
    raise InvalidRequestError(
        f"cannot unstructure this {type(obj).__name__}: its objects are nested more than "
        "this library writes (a few hundred levels) or refer to themselves (a cycle)"
    )
