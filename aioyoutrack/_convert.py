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
not coerced (``"5"`` is not an ``int``; ``true`` is not an ``int``). An object is a ``dict``
(a subclass such as ``OrderedDict`` too).

One converter, built once at import; hooks are generated per class on first use.
Performance matters (every issue page goes through here), so:

- attributes typed ``X | None`` get hooks specialised for their ``X`` (cattrs would
  re-dispatch the union on every value);
- "plain" attrs classes (every attribute defaulting to None, no validators, converters
  or ``__attrs_post_init__``: all library models) are structured by a generated function
  (``_convert_codegen``) that checks scalars inline and fills the slots directly, about
  twice as fast as the function cattrs generates, with a path of its own for each key
  set it learned (the first objects of a class teach it). When it meets data it cannot
  take, ``structure()`` redoes the call with the cattrs functions
  (``make_dict_structure_fn``, detailed validation) to explain the error with paths, up
  to ``MAX_EXPLAINED_PROBLEMS`` problems (the good objects of a list are not explained);
  other classes always use the cattrs function.

The pieces: ``_convert_scalars`` (scalar hooks), ``_convert_codegen`` (the generated
functions' source), ``_convert_errors`` (error lines with paths); this module holds the
converter, its state (cells, tables, learned shapes) and the public functions.
"""

from __future__ import annotations

import threading
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override

from ._constants import MAX_EXPLAINED_PROBLEMS
from ._convert_codegen import (
    Lookups,
    is_handled_union,
    is_int32,
    is_list,
    is_mixed_union,
    structure_function,
)
from ._convert_codegen import is_plain as _is_plain
from ._convert_errors import LeftOut, explaining, problems, redo_explaining, type_name
from ._convert_scalars import (
    INT32_METADATA_KEY,
    OPTIONAL_SCALAR_HOOKS,
    SCALAR_HOOKS,
    SCALARS,
    Hook,
    bad,
    optional_int32,
    passthrough,
    scalar_union_hook,
    unstructure_date,
    unstructure_datetime,
    wrong,
)
from ._convert_unstructure import attrs_unstructure_factory
from ._fields import polymorphic_subtypes, wire_name, wire_type
from ._values import shown
from .errors import InvalidRequestError, YouTrackError

__all__ = ["INT32_METADATA_KEY", "structure", "unstructure"]

#: Key sets a class's function has a path for, at most; and how many objects of a
#: class may teach it one (then its function stops asking: no cost once it knows).
_MAX_SHAPES = 3
_MAX_LESSONS = 8


def _renames(cls: type) -> dict[str, Any]:
    return {
        a.name: override(rename=wire_name(a)) for a in attrs.fields(cls) if wire_name(a) != a.name
    }


def _structure_overrides(cls: type) -> dict[str, Any]:
    """Renames, plus the range check of 32-bit int attributes."""
    overrides = {}
    for a in attrs.fields(cls):
        name = wire_name(a)
        if is_int32(a):
            overrides[a.name] = override(rename=name, struct_hook=optional_int32)
        elif name != a.name:
            overrides[a.name] = override(rename=name)
    return overrides


# --- the converter -------------------------------------------------------------------------

_converter = cattrs.Converter()
#: cls -> [its structure function]. A cell starts with a stand-in that generates the
#: function on the first object of that class and puts it in its place: a class refers
#: to its cell (a sprint's previous sprint refers to its own), and a polymorphic family
#: costs only the subclasses that turn up (a page of issues meets 8 or so of the 70
#: classes its attributes may hold, and generating one takes about half a millisecond).
_cells: dict[type, list[Hook]] = {}
#: polymorphic cls -> {$type: cell of the subclass's structure function}.
_tables: dict[type, dict[str | None, list[Hook]]] = {}
_explainers: dict[type, Hook] = {}
#: cls -> the key sets its generated function has a path for, and objects learned from.
_shapes: dict[type, list[frozenset[str]]] = {}
_lessons: dict[type, int] = {}
#: Hooks are generated on first use, possibly from several threads at once.
_lock = threading.RLock()


def _explainer(cls: type) -> Hook:
    """cattrs' generated function for ``cls``, with detailed validation."""
    with _lock:
        fn = _explainers.get(cls)
        if fn is None:
            fn = _explainers[cls] = make_dict_structure_fn(
                cls, _converter, **_structure_overrides(cls)
            )
        return fn


def _explain(o: Any, cls: type) -> Any:
    """An object, while explaining: cattrs' detailed function raises with every
    attribute at fault and its path (and returns only if the data fits after all, and
    then its result is right)."""
    return _explainer(cls)(o, cls)


def _build(cls: type) -> Hook:
    """``cls``'s generated function for the shapes learned so far."""
    learning = _lessons.get(cls, 0) < _MAX_LESSONS

    def learn(o: dict[str, Any]) -> None:
        _learn(cls, o)

    shapes = tuple(_shapes.get(cls, ()))
    return structure_function(cls, _LOOKUPS, shapes, learn if learning else None)


def _learn(cls: type, o: Any) -> None:
    """An object took the general path: give its key set a path of its own, until the
    class has learned enough (then generate without asking)."""
    with _lock:
        if _note_shape(cls, o) or _lessons.get(cls) == _MAX_LESSONS:
            _cells[cls][0] = _build(cls)


def _note_shape(cls: type, o: Any) -> bool:
    """Count ``o`` as a lesson of ``cls``; True when its key set is new and gets a path."""
    if not isinstance(o, dict):
        return False
    _lessons[cls] = _lessons.get(cls, 0) + 1
    shapes = _shapes.setdefault(cls, [])
    keys = frozenset(o)
    if len(shapes) < _MAX_SHAPES and keys not in shapes:
        shapes.append(keys)
        return True
    return False


def _generate(cls: type, sample: Any) -> Hook:
    attrs.resolve_types(cls)
    if _is_plain(cls):
        # The first object teaches its key set before the first function is generated.
        _note_shape(cls, sample)
        return _build(cls)
    return _explainer(cls)


def _deferred(cls: type) -> Hook:
    """The stand-in a new cell holds: generates ``cls``'s function, then calls it."""

    def generate_then_structure(o: Any, tp: Any = None) -> Any:
        with _lock:
            cell = _cells[cls]
            if cell[0] is generate_then_structure:
                cell[0] = _generate(cls, o)
            function = cell[0]
        return function(o, tp)

    return generate_then_structure


def _cell(cls: type) -> list[Hook]:
    """The cell of ``cls``'s structure function (generated on first use)."""
    with _lock:
        cell = _cells.get(cls)
        if cell is None:
            cell = _cells[cls] = [_deferred(cls)]
        return cell


def _table(cls: type) -> dict[str | None, list[Hook]]:
    with _lock:
        table = _tables.get(cls)
        if table is None:
            table = {wire_type(sub): _cell(sub) for sub in polymorphic_subtypes(cls)}
            _tables[cls] = table
        return table


_LOOKUPS = Lookups(cell=_cell, table=_table, hook=_converter.get_structure_hook)


def _object_hook(cls: type, *, optional: bool) -> Hook:
    """dict -> ``cls`` (or the subclass its ``$type`` names), checking it is a dict."""
    if len(polymorphic_subtypes(cls)) == 1:
        exact = (cls, _cell(cls))
        return _picking_hook(lambda v: exact, optional)

    table = _table(cls)
    default = table[wire_type(cls)]
    classes = {wire_type(sub): sub for sub in polymorphic_subtypes(cls)}

    def by_type(v: dict[str, Any]) -> tuple[type, list[Hook]]:
        kind = v.get("$type")
        return classes.get(kind, cls), table.get(kind, default)

    return _picking_hook(by_type, optional)


def _model_union_hook(members: tuple[type, ...], optional: bool) -> Hook:
    """``A | B`` of attrs classes: the ``$type`` of the data picks the class (their
    projection asks for ``$type``), among the members and their model subclasses."""
    cells: dict[str | None, list[Hook]] = {}
    classes: dict[str | None, type] = {}
    for member in members:
        for sub in polymorphic_subtypes(member):
            classes.setdefault(wire_type(sub), sub)
    for name, sub in classes.items():
        cells[name] = _cell(sub)
    fallback = _closest_member(members)

    def by_type(v: dict[str, Any]) -> tuple[type, list[Hook]]:
        kind = v.get("$type")
        cls = classes.get(kind)
        cell = cells.get(kind) if cls is not None else None
        if cls is None or cell is None:
            cls = fallback(v)
            cell = _cell(cls)
        return cls, cell

    return _picking_hook(by_type, optional)


def _picking_hook(
    pick: Callable[[dict[str, Any]], tuple[type, list[Hook]]], optional: bool
) -> Hook:
    """The hook of an object: ``pick`` names the class of a dict (and the cell of its
    structure function); None passes when ``optional``; anything else is refused."""

    def hook(v: Any, _: Any) -> Any:
        if isinstance(v, dict):
            cls, cell = pick(v)
            if getattr(explaining, "active", False):
                return _explain(v, cls)
            return cell[0](v, cls)
        if v is None and optional:
            return None
        raise wrong(v, "an object")

    return hook


def _closest_member(members: tuple[type, ...]) -> Callable[[dict[str, Any]], type]:
    """For data whose ``$type`` names none of the members (a type newer than the library,
    or none at all): the member sharing the most keys with it, the first on a tie. As a
    polymorphic family's root takes an unknown ``$type``, a union never refuses one."""
    keys = [(m, frozenset(wire_name(a) for a in attrs.fields(m))) for m in members]

    def closest(data: dict[str, Any]) -> type:
        return max(keys, key=lambda pair: len(pair[1].intersection(data)))[0]

    return closest


def _mixed_union_hook(args: tuple[Any, ...]) -> Hook:
    """``list[A | B] | A | B | int | str | None``: a list, an object (its members told
    apart as in ``A | B``) or a scalar, each kept in its JSON kind."""
    optional = type(None) in args
    scalars = frozenset(a for a in args if a in SCALARS)
    models = tuple(a for a in args if isinstance(a, type) and attrs.has(a))
    many = next((a for a in args if is_list(a)), None)
    as_list = None if many is None else _converter.get_structure_hook(many)
    as_object = None
    if len(models) == 1:
        as_object = _object_hook(models[0], optional=False)
    elif models:
        as_object = _model_union_hook(models, optional=False)
    expected = " or ".join(type_name(a) for a in args if a is not type(None))

    def hook(v: Any, _: Any) -> Any:
        kind = v.__class__
        if kind is list and as_list is not None:
            return as_list(v, many)
        if isinstance(v, dict) and as_object is not None:
            return as_object(v, None)
        if kind in scalars or (kind is int and float in scalars) or (optional and v is None):
            return v
        raise wrong(v, expected)

    return hook


def _union_hook(tp: Any) -> Hook:
    """``X | None`` in one call, unions of scalars (kept as sent) and unions of attrs
    classes (told apart by ``$type``)."""
    args = typing.get_args(tp)
    optional = type(None) in args
    rest = tuple(a for a in args if a is not type(None))
    if len(rest) > 1 and all(a in SCALARS for a in rest):
        return scalar_union_hook(rest, optional)
    if len(rest) > 1 and all(isinstance(a, type) and attrs.has(a) for a in rest):
        return _model_union_hook(rest, optional)
    if len(rest) > 1 and is_mixed_union(args):
        return _mixed_union_hook(args)
    inner_type: Any = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
    if isinstance(inner_type, type) and attrs.has(inner_type):
        return _object_hook(inner_type, optional=True)
    optional_scalar = OPTIONAL_SCALAR_HOOKS.get(inner_type)
    if optional_scalar is not None:
        return optional_scalar
    inner = _converter.get_structure_hook(inner_type)

    def hook(v: Any, _: Any) -> Any:
        return None if v is None else inner(v, inner_type)

    return hook


def _each(items: list[Any], hook: Hook, elem: Any, tp: Any) -> list[Any]:
    """A list, while explaining: element by element, raising with every bad element and
    its index, until the ``structure()`` call has explained ``MAX_EXPLAINED_PROBLEMS``.

    Explaining an element costs far more than structuring it, so without the bound a
    wrong body of 100 000 items took seconds; with it, a list's unexplained rest is left
    out, and so is every list the same call meets after (the call fails anyway).
    """
    result: list[Any] = []
    errors: list[Exception] = []
    for index, item in enumerate(items):
        if problems.spent >= MAX_EXPLAINED_PROBLEMS:
            problems.left_out = True
            errors.append(LeftOut())
            break
        try:
            result.append(_fast_first(hook, item, elem))
        except Exception as exc:
            problems.spent += 1
            exc.__notes__ = [  # type: ignore[attr-defined]
                *getattr(exc, "__notes__", []),
                IterableValidationNote(f"Structuring {tp} @ index {index}", index, elem),
            ]
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
    return result


def _fast_first(hook: Hook, item: Any, elem: Any) -> Any:
    """An element of a list being explained: first as it is structured when nothing is
    wrong, so the good objects of a long list cost what they always do (the attempt
    explains and counts nothing); only an element that fails is explained."""
    done, result = _quietly(hook, item, elem)
    return result if done else hook(item, elem)


def _quietly(hook: Hook, data: Any, cls: Any) -> tuple[bool, Any]:
    """``(True, hook(data, cls))``, or ``(False, None)`` if it fails: run as when
    nothing is wrong, explaining and counting nothing, whatever runs around it (then
    explaining is left as it was). The failure is not kept: the caller redoes the call
    outside any ``except`` block, so the failed attempt (whose frame holds a half-filled
    instance that cannot be repr'd) is not chained to the error it raises."""
    outer = getattr(explaining, "active", False)
    explaining.active = False
    try:
        return True, hook(data, cls)
    except Exception:
        return False, None
    finally:
        explaining.active = outer


def _list_hook(tp: Any) -> Hook:
    """``list[X]`` (and ``Sequence[X]``) -> list, each element checked."""
    args = typing.get_args(tp)
    elem: Any = args[0] if args else Any
    if isinstance(elem, type) and attrs.has(elem):
        return _object_list_hook(tp, elem)
    element: Hook = passthrough if elem is Any else _converter.get_structure_hook(elem)

    def hook(v: Any, _: Any) -> list[Any]:
        if v.__class__ is not list:
            raise wrong(v, "a list")
        if getattr(explaining, "active", False):
            return _each(v, element, elem, tp)
        return [element(item, elem) for item in v]

    return hook


def _object_list_hook(tp: Any, elem: type) -> Hook:
    """``list[Model]``: each object goes straight to its class's function (a page of
    issues pays no hook per issue); while explaining, object by object through the
    hook."""
    element = _object_hook(elem, optional=False)
    # A plain class's function fails on anything but a mapping; a cattrs one may not.
    checked = all(_is_plain(sub) for sub in polymorphic_subtypes(elem))
    if len(polymorphic_subtypes(elem)) == 1:
        cell = _cell(elem)

        def build(v: list[Any]) -> list[Any]:
            if checked:
                return [cell[0](e, None) for e in v]
            return [cell[0](e, None) if isinstance(e, dict) else bad(e) for e in v]

    else:
        table = _table(elem)
        get, default = table.get, table[wire_type(elem)]

        def build(v: list[Any]) -> list[Any]:
            if checked:
                return [get(e.get("$type"), default)[0](e, None) for e in v]
            return [
                get(e.get("$type"), default)[0](e, None) if isinstance(e, dict) else bad(e)
                for e in v
            ]

    def hook(v: Any, _: Any) -> list[Any]:
        if v.__class__ is not list:
            raise wrong(v, "a list")
        if getattr(explaining, "active", False):
            return _each(v, element, elem, tp)
        return build(v)

    return hook


for _tp, _hook in SCALAR_HOOKS.items():
    _converter.register_structure_hook(_tp, _hook)
_converter.register_structure_hook_factory(attrs.has, lambda cls: _object_hook(cls, optional=False))
_converter.register_structure_hook_factory(is_handled_union, _union_hook)
_converter.register_structure_hook_factory(is_list, _list_hook)
_converter.register_unstructure_hook(datetime, unstructure_datetime)
_converter.register_unstructure_hook(date, unstructure_date)


# --- unstructuring ------------------------------------------------------------------------

_converter.register_unstructure_hook_factory(
    attrs.has, attrs_unstructure_factory(_converter, _renames)
)


# --- errors and the public functions -----------------------------------------------------


#: cls -> its structure hook: the converter's dispatch costs a quarter of structuring a
#: small object (a project), paid on every response otherwise.
_HOOKS: dict[Any, Hook] = {}


def _hook_of(cls: Any) -> Hook:
    try:
        return _HOOKS[cls]
    except KeyError:
        hook = _HOOKS[cls] = _new_hook(cls)
        return hook
    except TypeError:  # an unhashable type argument (or no type at all): asked each time
        return _new_hook(cls)


def _new_hook(cls: Any) -> Hook:
    try:
        return _converter.get_structure_hook(cls)
    except (cattrs.errors.StructureHandlerNotFoundError, TypeError):
        raise InvalidRequestError(
            "structure() takes an attrs class or a type built of them and of JSON's "
            f"types (list[Issue], Issue | None, ...), got {shown(cls)}"
        ) from None


def structure(data: Any, cls: Any) -> Any:
    """Structure JSON-compatible ``data`` (a decoded response or webhook payload) into
    ``cls``: an attrs class, ``list[X]``, ``X | None``, ...

    Raises :class:`~aioyoutrack.errors.ResponseValidationError` when the data does not
    fit; its ``errors`` list each problem with its JSON path, the first
    ``MAX_EXPLAINED_PROBLEMS`` (20) of them, then :data:`LEFT_OUT` when there may be more.
    """
    hook = _hook_of(cls)
    # Called by a caller's class while another call explains, the attempt still runs
    # fast and counts nothing: each call explains with its own budget (redo_explaining).
    done, result = _quietly(hook, data, cls)
    return result if done else redo_explaining(hook, data, cls)


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
