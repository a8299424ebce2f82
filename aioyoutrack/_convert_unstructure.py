"""Models -> request bodies: the unstructure side of the one converter.

Attributes by their wire names (camelCase), ``None`` attributes left out, and the
``$type`` written where YouTrack needs it to tell a class from its relatives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from ._fields import is_model_class, polymorphic_subtypes, wire_type

__all__ = ["attrs_unstructure_factory"]

#: Value objects that YouTrack wants tagged even though they have no subclasses.
_TAGGED_VALUES = frozenset({"PeriodValue", "TextFieldValue", "DurationValue"})

Unstructure = Callable[[Any], dict[str, Any]]


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


def attrs_unstructure_factory(
    converter: cattrs.Converter, renames: Callable[[type], dict[str, Any]]
) -> Callable[[type], Unstructure]:
    """The hook factory ``converter`` uses for attrs classes; ``renames(cls)`` gives the
    per-attribute overrides (wire names)."""
    exact: dict[type, Unstructure] = {}

    def build(cls: type) -> Unstructure:
        attrs.resolve_types(cls)
        base: Unstructure = make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=True, **renames(cls)
        )
        tag = _tagged(cls)
        if tag is None:
            return base

        def tagged(obj: Any) -> dict[str, Any]:
            data = base(obj)
            data["$type"] = tag
            return data

        return tagged

    def factory(_declared: type) -> Unstructure:
        # Dispatch on the runtime class: an attribute declared IssueCustomField holds a
        # SingleEnumIssueCustomField whose value and $type must be written too.
        def hook(obj: Any) -> dict[str, Any]:
            fn = exact.get(obj.__class__)
            if fn is None:
                fn = exact[obj.__class__] = build(obj.__class__)
            return fn(obj)

        return hook

    return factory
