"""The one cattrs converter (placeholder: the models issue replaces the internals).

Contract used by the rest of the package (keep these signatures):

- ``structure(data: Any, cls: Any) -> Any``: JSON-compatible data -> instance of ``cls``
  (an attrs class, ``list[X]``, ...). Raises ``ResponseValidationError`` when it does not fit.
- ``unstructure(obj: Any) -> Any``: attrs instance -> JSON-compatible data, camelCase keys,
  unset (``None``) attributes left out.
"""

from __future__ import annotations

from typing import Any

import cattrs

from .errors import ResponseValidationError

__all__ = ["structure", "unstructure"]

_converter = cattrs.Converter()


def structure(data: Any, cls: Any) -> Any:
    """Structure JSON-compatible ``data`` into ``cls``."""
    try:
        return _converter.structure(data, cls)
    except Exception as exc:
        errors = cattrs.transform_error(exc) if isinstance(exc, cattrs.BaseValidationError) else [str(exc)]
        raise ResponseValidationError(
            f"response does not fit {getattr(cls, '__name__', cls)!s}", errors=errors, model=cls
        ) from exc


def unstructure(obj: Any) -> Any:
    """Unstructure ``obj`` into JSON-compatible data."""
    return _converter.unstructure(obj)
