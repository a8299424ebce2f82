"""Request URLs: path segments, query strings, origins, and redaction for display.

URLs are built as one pre-encoded string (handed to yarl with ``encoded=True``), so
nothing re-normalises or decodes them on the way and no per-request ``params`` dict is
re-encoded by aiohttp. Resources build paths with :func:`quote_segment`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from yarl import URL

from ._constants import REDACTED_QUERY_PARAMS
from ._values import shown
from .errors import InvalidRequestError

__all__ = [
    "Origin",
    "ParamValue",
    "check_method",
    "check_params",
    "encode_query",
    "origin_of",
    "quote_segment",
    "redact_url",
    "requote",
]

_Scalar = str | int | float | bool
#: What a query parameter value may be; a sequence repeats the key, ``None`` is dropped.
ParamValue = _Scalar | Sequence[_Scalar] | None
#: (scheme, lower-case host, port): what a redirect or an absolute URL must match.
Origin = tuple[str, str, int]

# Left unencoded in query keys and values: readable `fields=a,b(c)` and `$top`; the
# rest (& = + # ? space, non-ASCII) is percent-encoded.
_QUERY_SAFE = "$,()/:@"
# Characters allowed verbatim in a caller's path and query: unreserved, sub-delims,
# ":@/?" and "%" (so existing escapes survive). Anything else gets percent-encoded.
_PATH_SAFE = "-._~!$&'()*+,;=:@/?%"
_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]")
# Ids and short names ("2-17", "SP-8", "SP") are usually all unreserved: no quote() call.
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]+")
_REDACT = re.compile(
    r"([?&](?:" + "|".join(map(re.escape, sorted(REDACTED_QUERY_PARAMS))) + r")=)[^&#]*"
)
_REDACT_NEEDLES = tuple(f"{name}=" for name in sorted(REDACTED_QUERY_PARAMS))


def quote_segment(value: str) -> str:
    """Percent-encode ``value`` for use as one path segment.

    Everything except RFC 3986 unreserved characters (``A-Z a-z 0-9 - . _ ~``) is
    encoded, so ``/ ? # % space`` and non-ASCII text cannot change the path; ``.`` and
    ``..`` as a whole segment become ``%2E`` and ``%2E%2E``. An empty value (which would
    address the parent collection) is refused with ``InvalidRequestError``.
    """
    if not isinstance(value, str):
        raise InvalidRequestError(f"a path segment must be a str, got {type(value).__name__}")
    if not value:
        raise InvalidRequestError("a path segment (an id or name) must not be empty")
    if value == ".":
        return "%2E"
    if value == "..":
        return "%2E%2E"
    if _UNRESERVED.fullmatch(value) is not None:
        return value
    try:
        return quote(value, safe="")
    except UnicodeEncodeError as exc:
        raise InvalidRequestError(f"path segment {shown(value)} is not valid Unicode") from exc


@functools.lru_cache(maxsize=4096)
def _quote_query(value: str) -> str:
    # Cached: the same long fields= projections and page sizes recur on every request.
    return quote(value, safe=_QUERY_SAFE)


def _encode_scalar(key: str, value: object) -> str:
    if isinstance(value, str):
        return _quote_query(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(int(value))
        except ValueError:
            # Past sys.get_int_max_str_digits (4300 digits by default).
            raise InvalidRequestError(
                f"query parameter {shown(key)}: the integer is too large to send "
                f"({value.bit_length()} bits)"
            ) from None
    if isinstance(value, float) and math.isfinite(value):
        return repr(float(value))
    raise InvalidRequestError(
        f"query parameter {shown(key)}: cannot send {type(value).__name__} value {shown(value)}"
    )


def check_params(params: object) -> None:
    """Refuse ``params=`` that is neither ``None`` nor a mapping of names to values."""
    if params is not None and not isinstance(params, Mapping):
        raise InvalidRequestError(
            f"params must be a mapping of parameter names to values (a dict), "
            f"got {type(params).__name__}"
        )


def check_method(method: object) -> str:
    """Return the HTTP ``method`` upper-cased; refuse anything but a str."""
    if not isinstance(method, str):
        raise InvalidRequestError(
            f"method must be a str such as 'GET' or 'POST', got {type(method).__name__}"
        )
    return method.upper()


def encode_query(params: Mapping[str, ParamValue]) -> str:
    """Encode ``params`` as a query string (without ``?``).

    Values may be ``str``, ``int``, ``float``, ``bool`` (sent as ``true``/``false``) or a
    sequence of those, which repeats the key (``customFields=A&customFields=B``);
    ``None`` values and items are left out.
    """
    parts: list[str] = []
    for key, value in params.items():
        if value.__class__ is str and key.__class__ is str:
            # The common case (fields=, query=): both cached, no checks needed.
            try:
                parts.append(f"{_quote_query(key)}={_quote_query(value)}")
            except UnicodeEncodeError as exc:
                raise InvalidRequestError(
                    f"query parameter {shown(key)} is not valid Unicode"
                ) from exc
            continue
        if value is None:
            continue
        if not isinstance(key, str):
            raise InvalidRequestError(f"query parameter names must be str, got {shown(key)}")
        try:
            name = _quote_query(key)
            if isinstance(value, (str, int, float)):
                parts.append(f"{name}={_encode_scalar(key, value)}")
            elif isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
                parts.extend(f"{name}={_encode_scalar(key, v)}" for v in value if v is not None)
            else:
                raise InvalidRequestError(
                    f"query parameter {shown(key)}: cannot send {type(value).__name__} value"
                )
        except UnicodeEncodeError as exc:
            raise InvalidRequestError(f"query parameter {shown(key)} is not valid Unicode") from exc
    return "&".join(parts)


def redact_url(url: str) -> str:
    """Return ``url`` with credential-like query values (``sign=``) replaced by ``***``."""
    for needle in _REDACT_NEEDLES:
        if needle in url:
            return _REDACT.sub(r"\1***", url)
    return url


def origin_of(url: URL) -> Origin:
    """Return the (scheme, host, port) triple that decides where a request may go."""
    return (url.scheme.lower(), (url.raw_host or "").lower(), url.port or 0)


def requote(path: str) -> str:
    """Percent-encode what may not appear in a URL (spaces, ``#``, non-ASCII), keeping
    existing escapes, reserved characters and the query as they are."""
    if _NEEDS_QUOTING.search(path) is None:
        return path
    return quote(path, safe=_PATH_SAFE)
