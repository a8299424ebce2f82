"""``fields=`` projections derived from attrs classes, and the wire names they use.

YouTrack returns only the attributes named in a request's ``fields`` parameter, so every
request that returns entities sends one. :func:`fields_for` derives it from the class the
response is structured into:

- each attrs attribute becomes its wire name (``id_readable`` -> ``idReadable``; a
  different spelling is declared with ``field_metadata(wire_name=...)``);
- an attribute whose type is an attrs class (also inside ``list[...]`` or ``X | None``)
  becomes ``name(<that class's projection>)``;
- a polymorphic model class of this library (one with ``$type`` subclasses, such as
  ``IssueCustomField``) asks for ``$type`` plus the union of its subclasses' attributes;
  attributes of the same name are merged;
- recursion stops at ``FIELDS_MAX_DEPTH`` levels of nesting, and a class that contains
  itself is asked for only its ``id`` on the inner level.

A nested reference can be given a lighter projection with attrs metadata from
:func:`field_metadata`: ``fields=`` lists *Python* attribute names of the nested class,
with parentheses for deeper levels (``"id,field(name,field_type)"``); names without
parentheses get their class's own projection; on an attribute typed ``Any`` the names are
sent verbatim. The library's models use this to ask for nested entities shallowly (a
project inside an issue is ``project(id,name,shortName)``). An attribute declared with
``field_metadata(fetch=False)`` is left out of the derived projection (it is still
structured when a response has it, and a parent's explicit ``fields=`` may name it).
Example::

    @attrs.define(kw_only=True, slots=True)
    class MyIssue:
        id_readable: str | None = None
        project: Project | None = attrs.field(
            default=None, metadata=field_metadata(fields="short_name")
        )
        custom_fields: list[IssueCustomField] | None = None

    fields_for(MyIssue)
    # 'idReadable,project(shortName),customFields($type,id,name,...)'
"""

from __future__ import annotations

import collections.abc
import functools
import re
import sys
import types
import typing
from typing import Any, TypeAlias

import attrs

from ._constants import FIELDS_MAX_DEPTH
from ._values import shown
from .errors import InvalidRequestError

__all__ = [
    "FETCH_METADATA_KEY",
    "FIELDS_METADATA_KEY",
    "WIRE_NAME_METADATA_KEY",
    "field_metadata",
    "fields_for",
    "is_model_class",
    "polymorphic_subtypes",
    "wire_name",
    "wire_type",
]

#: attrs metadata key holding an attribute's nested projection (see ``field_metadata``).
FIELDS_METADATA_KEY = "aioyoutrack.fields"
#: attrs metadata key marking an attribute left out of derived projections (False).
FETCH_METADATA_KEY = "aioyoutrack.fetch"
#: attrs metadata key holding an attribute's JSON name when camelCase does not give it.
WIRE_NAME_METADATA_KEY = "aioyoutrack.wire_name"

_MODELS_PACKAGE = "aioyoutrack.models"
_SNAKE_PART = re.compile(r"(?<=[a-zA-Z0-9])_([a-z0-9])")
_NAME = re.compile(r"\$?[A-Za-z_][A-Za-z0-9_]*")

#: A projection tree: wire name -> sub-projection (None for a plain value).
_Tree: TypeAlias = "dict[str, _Tree | None]"


def field_metadata(
    *, fields: str | None = None, wire_name: str | None = None, fetch: bool = True
) -> dict[str, Any]:
    """attrs metadata giving an attribute a nested projection and/or an explicit JSON name.

    ``fields`` overrides the projection of a nested class for this attribute (Python
    attribute names of the nested class, e.g. ``"id,login,full_name"``); ``wire_name``
    is the JSON key when it is not the camelCase of the Python name; ``fetch=False``
    leaves the attribute out of the projection derived for its class (it is structured
    when a response carries it anyway, and an explicit ``fields=`` of a parent attribute
    may still name it). Use it as
    ``attrs.field(default=None, metadata=field_metadata(fields="id,name"))``.
    """
    for name, value in (("fields", fields), ("wire_name", wire_name)):
        if value is not None and not isinstance(value, str):
            raise InvalidRequestError(f"{name} must be a str or None, got {shown(value)}")
    if not isinstance(fetch, bool):
        raise InvalidRequestError(f"fetch must be a bool, got {shown(fetch)}")
    metadata: dict[str, Any] = {}
    if fields is not None:
        _parse(fields)  # fail at class definition time, not at the first request
        metadata[FIELDS_METADATA_KEY] = fields
    if wire_name is not None:
        metadata[WIRE_NAME_METADATA_KEY] = wire_name
    if not fetch:
        metadata[FETCH_METADATA_KEY] = False
    return metadata


def camel_case(name: str) -> str:
    """``id_readable`` -> ``idReadable``."""
    return _SNAKE_PART.sub(lambda m: m.group(1).upper(), name)


def wire_name(attribute: attrs.Attribute[Any]) -> str:
    """The JSON key of an attrs attribute: its declared wire name or camelCase name."""
    declared = attribute.metadata.get(WIRE_NAME_METADATA_KEY)
    return declared if declared is not None else camel_case(attribute.name)


def is_model_class(cls: Any) -> bool:
    """True for the attrs classes of :mod:`aioyoutrack.models` (not users' subclasses)."""
    return isinstance(cls, type) and attrs.has(cls) and cls.__module__.startswith(_MODELS_PACKAGE)


def wire_type(cls: type) -> str | None:
    """The ``$type`` YouTrack uses for ``cls`` (the nearest library model class's name)."""
    for klass in cls.__mro__:
        if is_model_class(klass):
            return klass.__name__
    return None


@functools.cache
def polymorphic_subtypes(cls: type) -> tuple[type, ...]:
    """``cls`` followed by its library-model subclasses, depth first, in definition order.

    Only classes of :mod:`aioyoutrack.models` count: a user's subclass of ``Issue`` does
    not make ``Issue`` polymorphic. A class with no such subclasses gives ``(cls,)``.
    """
    if not is_model_class(cls):
        return (cls,)
    found: list[type] = [cls]
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        if is_model_class(sub) and _is_exported(sub):
            found.extend(s for s in polymorphic_subtypes(sub) if s not in found)
    return tuple(found)


def _is_exported(cls: type) -> bool:
    """False for a class that ``attrs.define(slots=True)`` replaced by a new one.

    attrs builds a slotted class anew; until the garbage collector breaks its reference
    cycles, the replaced class is still listed by its base's ``__subclasses__()``, with
    unresolved annotations. The real class is the one its module exports by that name.
    """
    owner: Any = sys.modules.get(cls.__module__)
    for part in cls.__qualname__.split("."):
        if part == "<locals>":
            return True  # a class made inside a function: nothing to compare against
        owner = getattr(owner, part, None)
    return owner is cls


# --- projection trees -------------------------------------------------------------------


def _parse(spec: str) -> _Tree:
    """Parse ``"a,b(c,d(e))"`` into a tree; raises InvalidRequestError when malformed."""
    pos = 0

    def level(depth: int) -> _Tree:
        nonlocal pos
        tree: _Tree = {}
        while True:
            match = _NAME.match(spec, pos)
            if match is None:
                raise InvalidRequestError(f"bad projection {shown(spec)} at offset {pos}")
            pos = match.end()
            sub: _Tree | None = None
            if pos < len(spec) and spec[pos] == "(":
                pos += 1
                sub = level(depth + 1)
                if pos >= len(spec) or spec[pos] != ")":
                    raise InvalidRequestError(f"unbalanced parentheses in projection {shown(spec)}")
                pos += 1
            tree[match.group()] = _merge_node(tree.get(match.group()), sub)
            if pos < len(spec) and spec[pos] == ",":
                pos += 1
                continue
            if pos == len(spec) or (depth and spec[pos] == ")"):
                return tree
            raise InvalidRequestError(f"bad projection {shown(spec)} at offset {pos}")

    return level(0) if spec else {}


def _merge_node(a: _Tree | None, b: _Tree | None) -> _Tree | None:
    if a is None:
        return b
    if b is None:
        return a
    merged = dict(a)
    for key, sub in b.items():
        merged[key] = _merge_node(merged.get(key), sub) if key in merged else sub
    return merged


def _render(tree: _Tree) -> str:
    return ",".join(
        name if sub is None else f"{name}({_render(sub)})" for name, sub in tree.items()
    )


# --- deriving projections from types ----------------------------------------------------


def _attrs_targets(tp: Any) -> list[type] | None:
    """The attrs classes an annotation refers to, or None when it is a plain value."""
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        found: list[type] = []
        for arg in typing.get_args(tp):
            found.extend(_attrs_targets(arg) or [])
        return found or None
    if origin in (list, tuple, set, frozenset) or (
        isinstance(origin, type)
        and issubclass(origin, collections.abc.Collection)
        and not issubclass(origin, collections.abc.Mapping)
    ):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return _attrs_targets(args[0]) if len(args) == 1 else None
    if isinstance(tp, type) and attrs.has(tp):
        return [tp]
    return None


def _class_attributes(classes: list[type]) -> tuple[bool, dict[str, list[attrs.Attribute[Any]]]]:
    """(polymorphic?, python name -> attributes) over the classes and their model subtypes.

    Same-named attributes of sibling subclasses (``value`` on every custom field kind)
    are all kept, so that their projections can be merged.
    """
    polymorphic = len(classes) > 1
    merged: dict[str, list[attrs.Attribute[Any]]] = {}
    for cls in classes:
        subtypes = polymorphic_subtypes(cls)
        polymorphic = polymorphic or len(subtypes) > 1
        for sub in subtypes:
            attrs.resolve_types(sub)
            for attribute in attrs.fields(sub):
                known = merged.setdefault(attribute.name, [])
                if attribute not in known:
                    known.append(attribute)
    return polymorphic, merged


def _project(
    classes: list[type], selection: _Tree | None, depth: int, stack: tuple[type, ...]
) -> _Tree:
    """The projection of ``classes`` (all attributes, or only those in ``selection``)."""
    polymorphic, attributes = _class_attributes(classes)
    tree: _Tree = {"$type": None} if polymorphic else {}
    if selection is None:
        chosen: list[tuple[list[attrs.Attribute[Any]], _Tree | None]] = []
        for alternatives in attributes.values():
            fetched = [a for a in alternatives if a.metadata.get(FETCH_METADATA_KEY, True)]
            if fetched:
                chosen.append((fetched, None))
    else:
        chosen = []
        for name, sub in selection.items():
            if name == "$type":
                tree["$type"] = None
                continue
            if name not in attributes:
                raise InvalidRequestError(
                    f"projection names {shown(name)}, which is not an attribute of "
                    f"{' | '.join(c.__name__ for c in classes)} (known: {', '.join(attributes)})"
                )
            chosen.append((attributes[name], sub))
    for alternatives, sub in chosen:
        for attribute in alternatives:
            included, node = _attribute_node(attribute, sub, depth, stack)
            if included:
                key = wire_name(attribute)
                tree[key] = _merge_node(tree[key], node) if key in tree else node
    return tree


def _attribute_node(
    attribute: attrs.Attribute[Any],
    selection: _Tree | None,
    depth: int,
    stack: tuple[type, ...],
) -> tuple[bool, _Tree | None]:
    """(include?, sub-projection) of one attribute at nesting level ``depth``."""
    if selection is None:
        declared = attribute.metadata.get(FIELDS_METADATA_KEY)
        if declared is not None:
            selection = _parse(declared)
    targets = _attrs_targets(attribute.type)
    if targets is None:
        # Any, dict, scalars: an explicit projection is sent verbatim.
        if selection:
            return depth < FIELDS_MAX_DEPTH, selection
        return True, None
    if depth >= FIELDS_MAX_DEPTH:
        return False, None
    if not selection and any(t in stack for t in targets):
        # A class inside itself: a shallow reference is enough and cannot recurse.
        if all("id" in attrs.fields_dict(t) for t in targets):
            return True, {"id": None}
        return False, None
    return True, _project(targets, selection or None, depth + 1, (*stack, *targets))


def fields_for(cls: Any) -> str:
    """Return the YouTrack ``fields=`` projection for ``cls`` (memoized per class).

    ``cls`` is an attrs class, ``list[X]`` or ``X | None`` of one; any other type
    (``dict``, ``Any``, a scalar) gives ``""``. Raises :class:`InvalidRequestError` when a
    ``field_metadata(fields=...)`` names an attribute the nested class does not have, or
    ``cls`` is no type at all (an instance, a str naming a class).
    """
    # A plain class first: the one check every request with a model pays.
    if not isinstance(cls, type) and not _is_type_form(cls):
        # "Issue", Issue(), 5: no type, so no projection
        raise InvalidRequestError(
            f"fields_for() takes a model class (or list[X], X | None), got {shown(cls)}"
        )
    try:
        return _PROJECTIONS[cls]
    except KeyError:
        pass  # not derived yet
    except Exception:  # list[{}], Annotated[X, []], a metaclass whose hash fails
        raise InvalidRequestError(
            f"fields_for() cannot read {shown(cls)}: it (or a type argument) cannot be hashed"
        ) from None
    projection = _PROJECTIONS[cls] = _fields_for(cls)
    return projection


#: Projections derived so far, by type form: every request with a model asks for one,
#: so a plain dict read serves it once its argument is known to be a type.
_PROJECTIONS: dict[Any, str] = {}


def _is_type_form(value: object) -> bool:
    """Whether ``value`` can be an annotation: a class, ``None``, a parametrised or union
    type, or one of ``typing``'s forms (``Any``, a ``TypeVar``, a ``NewType``)."""
    if value is None or isinstance(value, type) or typing.get_origin(value) is not None:
        return True
    return type(value).__module__ in ("typing", "typing_extensions")


def _fields_for(cls: Any) -> str:
    try:
        targets = _attrs_targets(cls)
        if not targets:
            return ""
        return _render(_project(targets, None, 0, tuple(targets)))
    except NameError as exc:
        # An annotation naming a class that is not importable where the model is
        # defined (a forward reference under `from __future__ import annotations`).
        # On 3.10 ``list[X]`` passes isinstance(..., type) and its __qualname__ is
        # "list", which hides the model: such an alias is shown whole, as on 3.11+.
        plain = isinstance(cls, type) and not isinstance(cls, types.GenericAlias)
        name = cls.__qualname__ if plain else repr(cls)
        raise InvalidRequestError(
            f"cannot read the type annotations of model {name}: {exc} "
            "(define or import that name in the model's module)"
        ) from exc
