"""fields= projections derived from attrs classes (placeholder: the models issue owns it).

Contract: ``fields_for(cls) -> str`` returns YouTrack's ``fields`` parameter for an attrs
class (or ``list[X]``); memoized per class.
"""

from __future__ import annotations

import functools
import typing
from typing import Any

import attrs

__all__ = ["fields_for"]


@functools.cache
def fields_for(cls: Any) -> str:
    """Return the YouTrack ``fields=`` projection for ``cls``."""
    if typing.get_origin(cls) is list:
        (cls,) = typing.get_args(cls)
    if not attrs.has(cls):
        return ""
    return ",".join(a.name for a in attrs.fields(cls))
