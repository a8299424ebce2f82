"""JSON encoding and decoding: orjson when it is installed, the standard library otherwise.

Both backends take and give bytes, so the rest of the package never cares which one is
in use. Decoding errors (bad JSON, bad UTF-8, absurd nesting) are all ``ValueError``.
"""

from __future__ import annotations

import json as _stdlib_json
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

    def loads(data: bytes) -> Any:
        """Parse UTF-8 JSON bytes."""
        try:
            return _stdlib_json.loads(data.decode("utf-8"))
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
        return encoded
