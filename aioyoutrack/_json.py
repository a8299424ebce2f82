"""JSON encoding and decoding: orjson when it is installed, the standard library otherwise.

Both backends take and give bytes, so the rest of the package never cares which one is
in use. Decoding errors (bad JSON, bad UTF-8, absurd nesting) are all ``ValueError``.
"""

from __future__ import annotations

import json as _stdlib_json
import math
from collections.abc import Callable
from typing import Any

__all__ = ["BACKEND", "dumps", "loads"]

loads: Callable[[bytes], Any]
dumps: Callable[[Any], bytes]

try:
    # The ignore is for type-checking without the optional `fast` extra installed.
    import orjson  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - exercised by the CI run without orjson
    BACKEND = "json"

    def _refuse_constant(name: str) -> Any:
        # JSON has no NaN or Infinity; orjson refuses them, so must this backend.
        raise ValueError(f"{name} is not JSON")

    def loads(data: bytes) -> Any:
        """Parse UTF-8 JSON bytes."""
        try:
            return _stdlib_json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc

    def dumps(obj: Any) -> bytes:
        """Serialize ``obj`` to compact UTF-8 JSON bytes."""
        return _stdlib_json.dumps(
            obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")

else:
    BACKEND = "orjson"
    # orjson would serialize datetimes and dataclasses that the stdlib refuses; keep both
    # backends equally strict so code does not work only where orjson happens to exist.
    _DUMPS_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def loads(data: bytes) -> Any:
        """Parse UTF-8 JSON bytes."""
        return orjson.loads(data)

    def dumps(obj: Any) -> bytes:
        """Serialize ``obj`` to compact UTF-8 JSON bytes."""
        encoded: bytes = orjson.dumps(obj, option=_DUMPS_OPTIONS)
        # orjson writes NaN and the infinities as null, which would silently clear a
        # field; the standard library refuses them. Only a body with a null can hide one.
        if b"null" in encoded and _has_non_finite(obj):
            raise ValueError("NaN and infinite floats are not JSON")
        return encoded

    def _has_non_finite(obj: Any) -> bool:
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, float):
                if not math.isfinite(item):
                    return True
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, (list, tuple)):
                stack.extend(item)
        return False
