"""The client's configuration: validated once, by one small function per setting, into a
frozen :class:`Config`.

Every check raises :class:`ConfigurationError` with a message naming the setting; the
URL and token checks never repeat a value that may be a secret. ``YouTrack.__init__``
only reads the environment fallbacks and hands everything to :func:`build_config`.
"""

from __future__ import annotations

import ipaddress
import math
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import aiohttp
import attrs
from yarl import URL

from ._constants import (
    DEFAULT_STREAM_SOCK_READ,
    DEFAULT_TIMEOUT_CONNECT,
    DEFAULT_TIMEOUT_TOTAL,
    ENV_TOKEN,
    ENV_URL,
    LOOPBACK_HOSTS,
    USER_AGENT_PRODUCT,
)
from ._retry import RetryPolicy
from ._values import fits_float, shown
from ._version import __version__
from .errors import ConfigurationError, InvalidRequestError, YouTrackError

__all__ = [
    "DEFAULT_STREAM_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "Config",
    "Secret",
    "build_config",
    "normalize_base_url",
    "positive",
    "read_token",
    "to_timeout",
    "url_or_env",
]

#: The timeouts of a request (JSON, read whole) unless told otherwise.
DEFAULT_TIMEOUT = aiohttp.ClientTimeout(
    total=DEFAULT_TIMEOUT_TOTAL,
    connect=DEFAULT_TIMEOUT_CONNECT,
)
#: The timeouts of :meth:`YouTrack.stream` (downloads) on a client made without
#: ``timeout=``: no per-attempt total (the retry deadline, 180 s by default, bounds the
#: whole download), but a silence of ``DEFAULT_STREAM_SOCK_READ`` seconds ends it.
DEFAULT_STREAM_TIMEOUT = aiohttp.ClientTimeout(
    total=None,
    connect=DEFAULT_TIMEOUT_CONNECT,
    sock_read=DEFAULT_STREAM_SOCK_READ,
)
#: ``aioyoutrack/<version> aiohttp/<version> python/<x.y.z>``.
DEFAULT_USER_AGENT = (
    f"{USER_AGENT_PRODUCT}/{__version__} aiohttp/{aiohttp.__version__} "
    f"python/{'.'.join(map(str, sys.version_info[:3]))}"
)


class Secret:
    """Holds the token; its repr and str are ``***`` (reprs, ``vars()``, locals)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the secret itself."""
        return self._value

    def __repr__(self) -> str:
        return "'***'"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("the YouTrack token cannot be pickled")


@attrs.frozen
class Config:
    """Everything a client was configured with, checked (see :func:`build_config`)."""

    #: The service root, ``https://host/context/``.
    base_url: str
    token: Secret
    max_concurrency: int
    #: Timeouts of each attempt of a request.
    timeout: aiohttp.ClientTimeout
    #: Timeouts of each attempt of a stream: ``timeout`` when given, else
    #: ``DEFAULT_STREAM_TIMEOUT``.
    stream_timeout: aiohttp.ClientTimeout
    retry: RetryPolicy
    user_agent: str
    #: Most bytes of one response body read into memory; None: no bound.
    max_response_bytes: int | None
    trace_configs: tuple[aiohttp.TraceConfig, ...]
    #: A borrowed session (used, never closed), or None: the client makes its own.
    session: aiohttp.ClientSession | None


# --- one check per setting ------------------------------------------------------------


def positive(
    name: str,
    value: object,
    *,
    integer: bool = False,
    expected: str = "a positive, finite number",
    hint: str = "",
    error: type[YouTrackError] = ConfigurationError,
) -> Any:
    """Return ``value`` if it is a positive, finite number (an ``int`` when ``integer``);
    else raise ``error("<name> must be <expected>, got <value><hint>")``.

    The one check of every positive setting: ``bool`` is refused (``True`` is a mistake,
    not 1), and so is infinity, on which aiohttp would overflow deep inside a request.
    """
    kinds = int if integer else (int, float)
    if (
        isinstance(value, bool)
        or not isinstance(value, kinds)
        or (isinstance(value, float) and not math.isfinite(value))
        or value <= 0
        or (not integer and not fits_float(value))
    ):
        raise error(f"{name} must be {expected}, got {shown(value)}{hint}")
    return value


def _seconds(name: str, value: object, error: type[YouTrackError]) -> float:
    # No limit at all is spelled ClientTimeout(total=None): the refusal says so.
    hint = " (for no total limit pass aiohttp.ClientTimeout(total=None))"
    expected = "a positive, finite number of seconds"
    return float(positive(name, value, expected=expected, hint=hint, error=error))


_TIMEOUT_PARTS = ("total", "connect", "sock_read", "sock_connect")


def to_timeout(
    value: object,
    default: aiohttp.ClientTimeout,
    error: type[YouTrackError] = InvalidRequestError,
) -> aiohttp.ClientTimeout:
    """Turn seconds (the total per attempt) or a ``ClientTimeout`` into a ``ClientTimeout``.

    Seconds keep ``default``'s connect and read limits.
    """
    if isinstance(value, aiohttp.ClientTimeout):
        for part in _TIMEOUT_PARTS:
            seconds = getattr(value, part)
            # 0 and None both mean "no limit" to aiohttp.
            if seconds is not None and seconds != 0:
                _seconds(f"timeout.{part}", seconds, error)
        return value
    total = _seconds("timeout", value, error)
    return aiohttp.ClientTimeout(
        total=total,
        connect=default.connect,
        sock_read=default.sock_read,
        sock_connect=default.sock_connect,
        ceil_threshold=default.ceil_threshold,
    )


#: How permanent tokens start ("perm:" and the newer "perm-"): a URL value starting so was
#: pasted in the wrong place, and is never echoed.
_TOKEN_PREFIXES = frozenset({"perm:", "perm-"})
#: "perm:" not followed by a port number: in a URL, only a token looks like that; and a
#: path segment "perm-" in a token's shape: three dot-separated parts, the last its
#: random part (16 or more letters and digits, a digit among them), which names such as
#: "perm-tools.v2.administration_console" or a host "perm-it.example.intranet" lack.
_TOKEN_MARK = re.compile(
    r"perm:(?!\d*(?:[/?#]|$))"
    r"|(?<=/)perm-[A-Za-z0-9+/=%-]*\.[A-Za-z0-9+/=%-]*\.(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{16,}",
    re.IGNORECASE,
)


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _token_hint(text: str) -> str:
    """A hint when a URL value looks like a permanent token (never the value itself)."""
    if text[:5].lower() in _TOKEN_PREFIXES or _TOKEN_MARK.search(text):
        return (
            "; it looks like a permanent token: pass the service root as url= and the "
            f"token as token= (or {ENV_TOKEN}), not the other way round"
        )
    return ""


def normalize_base_url(url: object, *, allow_insecure_http: bool = False) -> str:
    """Return the service root (``https://host/context/``) for a YouTrack URL.

    Accepts the URL with or without a trailing slash or ``/api``, with a context path;
    refuses a query, a fragment, a user name or password, schemes other than http(s),
    and plain http to a host that is not loopback unless ``allow_insecure_http``.

    Error messages never repeat a value that is not a URL (a token pasted as the URL),
    nor a query string, a fragment or credentials: those may be secrets.
    """
    if not isinstance(url, str):
        raise ConfigurationError(f"url must be a str, got {type(url).__name__}")
    text = url.strip()
    if not text:
        raise ConfigurationError(f"no YouTrack URL: pass url= or set {ENV_URL}")
    hint = _token_hint(text)
    if "?" in text or "#" in text:
        before = text.split("?", 1)[0].split("#", 1)[0]
        shown = "" if hint or "@" in before else f" {before!r}"
        raise ConfigurationError(
            f"the YouTrack URL{shown} must not have a query or fragment (not shown: it may "
            f"hold a secret){hint}; give the service root, e.g. https://example.youtrack.cloud"
        )
    try:
        parsed = URL(text)
        host = parsed.raw_host
        parsed.port  # noqa: B018 (yarl parses lazily: a bad port fails here)
    except (ValueError, TypeError, UnicodeError):
        raise ConfigurationError(f"the YouTrack URL is not a valid URL{hint}") from None
    if parsed.raw_user is not None or parsed.raw_password is not None:
        raise ConfigurationError(
            "the YouTrack URL must not contain a user name or password; pass the token as token="
        )
    if parsed.scheme not in ("http", "https") or not host:
        raise ConfigurationError(
            "the YouTrack URL must be an http(s) URL with a host, e.g. "
            f"https://example.youtrack.cloud (the value given is not shown){hint}"
        )
    if hint:
        raise ConfigurationError(
            f"the YouTrack URL holds what looks like a token (not shown){hint}"
        )
    host = host.lower()
    if parsed.scheme == "http" and not allow_insecure_http and not _is_loopback(host):
        raise ConfigurationError(
            f"refusing plain http to {host}: the token would travel unencrypted. Use "
            "https, or pass allow_insecure_http=True if you really mean it"
        )
    path = parsed.raw_path.rstrip("/")
    if path.endswith("/api"):
        path = path[: -len("/api")].rstrip("/")
    if ":" in host:
        host = f"[{host}]"
    port = "" if parsed.is_default_port() else f":{parsed.port}"
    return f"{parsed.scheme}://{host}{port}{path}/"


def read_token(token: object) -> tuple[Secret | None, str | None]:
    """Return the wrapped token, or a message saying what is wrong with it.

    The caller raises, after dropping its own reference, so no frame of the traceback
    holds the raw token as a local.
    """
    if token is None:
        return None, f"no YouTrack token: pass token= or set {ENV_TOKEN}"
    if not isinstance(token, str):
        return None, f"token must be a str, got {type(token).__name__}"
    value = token.strip()
    if not value:
        return None, f"the YouTrack token is empty: pass token= or set {ENV_TOKEN}"
    if value[:7].lower() == "bearer ":
        return None, "pass the token without the 'Bearer ' prefix"
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None, "the token contains whitespace or control characters"
    if any(ord(ch) > 255 for ch in value):
        return None, "the token contains characters that cannot be sent in an HTTP header"
    return Secret(value), None


def url_or_env(url: str | None, environ: Mapping[str, str]) -> str:
    """``url``, else ``YOUTRACK_URL`` from ``environ``; neither is a configuration error."""
    if url is None:
        url = environ.get(ENV_URL)
        if url is None:
            raise ConfigurationError(f"no YouTrack URL: pass url= or set {ENV_URL}")
    return url


def _max_concurrency(value: object) -> int:
    return int(positive("max_concurrency", value, integer=True, expected="a positive int"))


def _timeouts(value: object) -> tuple[aiohttp.ClientTimeout, aiohttp.ClientTimeout]:
    """The timeouts of requests and of streams: both ``value`` when given."""
    if value is None:
        return DEFAULT_TIMEOUT, DEFAULT_STREAM_TIMEOUT
    timeout = to_timeout(value, DEFAULT_TIMEOUT, ConfigurationError)
    return timeout, timeout


def _retry(value: object) -> RetryPolicy:
    if value is None:
        return RetryPolicy()
    if not isinstance(value, RetryPolicy):
        raise ConfigurationError(f"retry must be a RetryPolicy, got {type(value).__name__}")
    return value


def _user_agent(value: object) -> str:
    if value is None:
        return DEFAULT_USER_AGENT
    # A newline would let the value smuggle in a header of its own.
    if not isinstance(value, str) or not value.strip() or "\n" in value or "\r" in value:
        raise ConfigurationError("user_agent must be a non-empty single-line str")
    return value


def _max_response_bytes(value: object) -> int | None:
    if value is None:
        return None
    expected = "a positive int (bytes) or None for no bound"
    return int(positive("max_response_bytes", value, integer=True, expected=expected))


def _trace_configs(
    value: Sequence[aiohttp.TraceConfig] | None, session: object
) -> tuple[aiohttp.TraceConfig, ...]:
    if not value:
        return ()
    if session is not None:
        raise ConfigurationError(
            "trace_configs cannot be added to a session passed as session=; "
            "configure them on that session"
        )
    configs = tuple(value)
    for config in configs:
        if not isinstance(config, aiohttp.TraceConfig):
            raise ConfigurationError(
                f"trace_configs must hold aiohttp.TraceConfig, got {type(config).__name__}"
            )
    return configs


def _session(session: object) -> aiohttp.ClientSession | None:
    if session is None:
        return None
    if not isinstance(session, aiohttp.ClientSession):
        raise ConfigurationError(
            f"session must be an aiohttp.ClientSession, got {type(session).__name__}"
        )
    if session.closed:
        raise ConfigurationError("the aiohttp session passed as session= is closed")
    # aiohttp < 3.11 refuses absolute URLs on a session with base_url; this client
    # always sends absolute URLs.
    if getattr(session, "_base_url", None) is not None:
        raise ConfigurationError("a session passed as session= must not have a base_url")
    return session


def build_config(
    url: object,
    token: Secret,
    *,
    max_concurrency: object,
    timeout: object,
    retry: object,
    session: object,
    user_agent: object,
    trace_configs: Sequence[aiohttp.TraceConfig] | None,
    allow_insecure_http: bool,
    max_response_bytes: object,
) -> Config:
    """Check every setting (in the order of ``YouTrack``'s parameters) into a
    :class:`Config`; the first one wrong raises :class:`ConfigurationError`."""
    base_url = normalize_base_url(url, allow_insecure_http=allow_insecure_http)
    limit = _max_concurrency(max_concurrency)
    timeout_, stream_timeout = _timeouts(timeout)
    return Config(
        base_url=base_url,
        token=token,
        max_concurrency=limit,
        timeout=timeout_,
        stream_timeout=stream_timeout,
        retry=_retry(retry),
        user_agent=_user_agent(user_agent),
        max_response_bytes=_max_response_bytes(max_response_bytes),
        trace_configs=_trace_configs(trace_configs, session),
        session=_session(session),
    )
