"""The ``fields=`` parameter: parsing it and rendering entities through it.

YouTrack returns only what ``fields`` names, plus ``$type`` on every entity; without
``fields`` an entity is ``{"id", "$type"}``, and so is an entity attribute named without
a nested list. Unknown names are silently left out. Parsed trees are cached per string
and each tree caches a compiled plan per entity class, so a hot page costs one dict
lookup per entity plus the attribute reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import unquote

if TYPE_CHECKING:
    from .._state.store import Store
    from .._state.users import User

__all__ = [
    "ID_TREE",
    "OMIT",
    "Entity",
    "FieldsError",
    "FieldsTree",
    "Getter",
    "NamedType",
    "View",
    "as_constant",
    "as_stored",
    "parse_fields",
    "render",
    "render_value",
    "wire_name",
]


class _Omit:
    """Marker a getter returns when the attribute does not exist on this instance."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OMIT"


#: Returned by a getter to leave the key out (an attribute of a sibling subtype).
OMIT: Final = _Omit()


class View:
    """What rendering may depend on besides the entity: who asks, and from where."""

    __slots__ = ("cf_filter", "memo", "root_path", "store", "user")

    def __init__(
        self,
        store: Store,
        user: User,
        root_path: str = "/",
        cf_filter: frozenset[str] | None = None,
    ) -> None:
        self.store = store
        self.user = user
        #: Service root path with trailing slash, e.g. ``/youtrack/`` (for signed URLs).
        self.root_path = root_path
        #: Lower-cased custom field names to keep (``customFields=`` query parameter).
        self.cf_filter = cf_filter
        #: Renders of shared entities, by (entity id, tree id), for one response.
        self.memo: dict[tuple[int, int], dict[str, Any]] = {}


#: Computes one wire attribute of an entity for a viewer.
Getter = Callable[[Any, View], Any]


class Entity:
    """Base of everything rendered with a ``$type``.

    ``WIRE`` maps a wire attribute name to the Python attribute holding it, or to a
    getter ``(obj, view) -> value``. ``wire_type`` is a class attribute or a property.
    """

    __slots__ = ()

    wire_type: ClassVar[str] = "Entity"
    WIRE: ClassVar[Mapping[str, str | Getter]] = {}
    #: True for entities that live in the store (users, projects, bundle values, ...):
    #: a response renders each once per tree and reuses it. Never for views built on
    #: the fly, whose ids may be reused while a response is rendered.
    SHARED: ClassVar[bool] = False


class NamedType(Entity):
    """An entity whose ``$type`` is the ``type_name`` it was made with, one of several
    the spec gives the same shape (an activity's item type, ``PeriodValue`` or
    ``DurationValue``, the sharing settings of tags and boards)."""

    __slots__ = ()

    type_name: str

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """The ``type_name`` the entity was made with."""
        return self.type_name


def as_stored(*names: str) -> dict[str, str | Getter]:
    """``WIRE`` entries of attributes sent as the entity keeps them: each Python name
    (``names`` are space-separated lists of them) under its camelCase wire name
    (``"full_name"`` -> ``"fullName": "full_name"``), YouTrack's naming rule written once."""
    return {wire_name(name): name for name in " ".join(names).split()}


def as_constant(value: Any, *names: str) -> dict[str, str | Getter]:
    """``WIRE`` entries of attributes the fake does not model and always sends as
    ``value`` (None, False, 0; a list is sent as a new empty one each time); ``names``
    are space-separated lists of wire names."""
    getter: Getter = (lambda o, v: []) if isinstance(value, list) else (lambda o, v: value)
    return dict.fromkeys(" ".join(names).split(), getter)


def wire_name(attribute: str) -> str:
    """The camelCase name YouTrack gives a snake_case attribute (``ring_id`` -> ``ringId``)."""
    first, *rest = attribute.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


_Plan = tuple[tuple[str, str | None, Getter | None, "FieldsTree | None"], ...]


class FieldsTree:
    """A parsed ``fields`` list: names in order, each with its nested tree or None."""

    __slots__ = ("items", "names", "plans")

    def __init__(self, items: tuple[tuple[str, FieldsTree | None], ...]) -> None:
        self.items = items
        self.names = frozenset(name for name, _ in items)
        self.plans: dict[type, _Plan] = {}

    def get(self, name: str) -> FieldsTree | None:
        """The nested tree of ``name`` (None when absent or given without a list)."""
        for key, sub in self.items:
            if key == name:
                return sub
        return None

    def __repr__(self) -> str:
        return f"FieldsTree({self.unparse()!r})"

    def unparse(self) -> str:
        """The canonical ``fields`` string of this tree."""
        parts = []
        for name, sub in self.items:
            parts.append(name if sub is None else f"{name}({sub.unparse()})")
        return ",".join(parts)


class FieldsError(ValueError):
    """A ``fields`` string that cannot be parsed (unbalanced parentheses)."""


#: What an entity renders as when nothing more specific was asked for.
ID_TREE: Final = FieldsTree((("id", None),))

_CACHE: dict[str, FieldsTree] = {}
_CACHE_MAX: Final = 2048


def parse_fields(text: str | None) -> FieldsTree:
    """Parse ``fields`` (cached); None or blank gives :data:`ID_TREE`."""
    if not text:
        return ID_TREE
    tree = _CACHE.get(text)
    if tree is None:
        source = unquote(text) if "%" in text else text
        tree = _parse(source) if source.strip() else ID_TREE
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[text] = tree
    return tree


def _parse(text: str) -> FieldsTree:
    stack: list[dict[str, FieldsTree | None]] = [{}]
    pending: list[str] = []  # names whose "(" is open, one per stack level above 0
    name = ""

    def flush() -> None:
        nonlocal name
        key = name.strip()
        name = ""
        if key and key not in stack[-1]:
            stack[-1][key] = None

    for char in text:
        if char == ",":
            flush()
        elif char == "(":
            key = name.strip()
            name = ""
            if not key:
                raise FieldsError(f"'(' without a field name in fields={text!r}")
            pending.append(key)
            stack.append({})
        elif char == ")":
            flush()
            if not pending:
                raise FieldsError(f"unbalanced ')' in fields={text!r}")
            level = stack.pop()
            key = pending.pop()
            stack[-1][key] = _merge(stack[-1].get(key), _freeze(level))
        else:
            name += char
    flush()
    if pending:
        raise FieldsError(f"unbalanced '(' in fields={text!r}")
    return _freeze(stack[0])


def _freeze(level: dict[str, FieldsTree | None]) -> FieldsTree:
    return FieldsTree(tuple(level.items()))


def _merge(old: FieldsTree | None, new: FieldsTree) -> FieldsTree:
    # "value(name),value(login)" asks for both: the union, in order of appearance.
    if old is None:
        return new
    merged: dict[str, FieldsTree | None] = dict(old.items)
    for key, sub in new.items:
        prev = merged.get(key)
        merged[key] = sub if prev is None else (prev if sub is None else _merge(prev, sub))
    return _freeze(merged)


def _compile(cls: type[Entity], tree: FieldsTree) -> _Plan:
    wire = cls.WIRE
    plan: list[tuple[str, str | None, Getter | None, FieldsTree | None]] = []
    for name, sub in tree.items:
        spec = wire.get(name)
        if spec is None:
            continue  # unknown names (and "$type", always added) are left out
        if isinstance(spec, str):
            plan.append((name, spec, None, sub))
        else:
            plan.append((name, None, spec, sub))
    # Real servers answer ``id`` last, just before ``$type``, whatever order ``fields``
    # named it in (the JetBrains samples, e.g. GET /api/users/me?fields=id,login,name,
    # email -> email, login, name, id; realworld-fixtures/INDEX.md). The order of the
    # other keys follows no rule the recordings show, so it stays the order asked.
    plan.sort(key=lambda step: step[0] == "id")
    compiled = tuple(plan)
    tree.plans[cls] = compiled
    return compiled


_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def render(obj: Entity, tree: FieldsTree, view: View) -> dict[str, Any]:
    """Render one entity as wire JSON through ``tree``."""
    plan = tree.plans.get(type(obj))
    if plan is None:
        plan = _compile(type(obj), tree)
    out: dict[str, Any] = {}
    scalars = _SCALARS
    for name, attr, getter, sub in plan:
        value = getter(obj, view) if getter is not None else getattr(obj, attr)  # type: ignore[arg-type]
        if type(value) in scalars:
            out[name] = value
        elif value is not OMIT:
            out[name] = render_value(value, sub, view)
    out["$type"] = obj.wire_type
    return out


def render_value(value: Any, tree: FieldsTree | None, view: View) -> Any:
    """Render an attribute value: scalars as is, entities and lists recursively."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Entity):
        sub = tree or ID_TREE
        if not value.SHARED:
            return render(value, sub, view)
        key = (id(value), id(sub))
        done = view.memo.get(key)
        if done is None:
            done = view.memo[key] = render(value, sub, view)
        return done
    if isinstance(value, list | tuple):
        sub = tree or ID_TREE
        scalars = _SCALARS
        return [v if type(v) in scalars else render_value(v, sub, view) for v in value]
    if isinstance(value, dict):
        return value
    raise TypeError(f"cannot render {type(value).__name__}")
