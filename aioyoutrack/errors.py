"""The exception hierarchy of aioyoutrack.

Every error a public call raises is a :class:`YouTrackError`; no aiohttp, asyncio or
cattrs exception escapes (the original is kept as ``__cause__``)::

    YouTrackError
    ├── ConfigurationError          bad constructor arguments (missing URL or token, ...)
    ├── ClientClosedError           the client (or the session it borrowed) is closed
    ├── InvalidRequestError         refused before anything was sent (bad argument)
    │   └── CustomFieldError        unknown custom field name or a value it cannot take
    ├── APIConnectionError          no usable HTTP response (connect error, reset, ...)
    │   └── APITimeoutError         a timeout or the overall retry deadline ran out
    ├── RedirectError               a redirect the client refused to follow
    ├── APIStatusError              YouTrack answered with a 4xx/5xx status
    │   ├── BadRequestError         400
    │   ├── AuthenticationError     401
    │   ├── PermissionDeniedError   403
    │   ├── NotFoundError           404
    │   ├── ConflictError           409
    │   ├── RateLimitError          429
    │   └── ServerError             5xx
    ├── UnexpectedResponseError     a body that is not the JSON YouTrack sends
    │   └── ResponseTooLargeError   a body longer than the client's max_response_bytes
    └── ResponseValidationError     JSON that does not fit the requested model

Messages never contain the token: URLs carried by errors are the request URLs, which the
library never puts a credential in, and headers are not copied onto errors.

Writes: ``may_have_been_applied`` tells whether a failed request might still have
changed data on the server (a POST whose connection dropped after sending, a 500 for a
create). The client never resends such a request on its own; it resends idempotent ones
(GET, DELETE, ``idempotent=True``), and when an attempt before the last may have been
applied, the last error says so too (a resent DELETE answered 404).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# No run-time ``typing`` import on the path of ``aioyoutrack --help``: see _lazy.py.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "CustomFieldError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "UnexpectedResponseError",
    "UnknownCustomFieldError",
    "YouTrackError",
]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _where(method: str | None, url: str | None) -> str:
    if method and url:
        return f" ({method} {url})"
    return ""


class YouTrackError(Exception):
    """Root of every exception raised by aioyoutrack."""

    #: The HTTP method of the request this error belongs to, if any.
    method: str | None = None
    #: The request URL (never with credentials), if any.
    url: str | None = None
    #: True when the failed request may still have changed data on the server.
    may_have_been_applied: bool = False

    def _for_request(self, message: str, method: str | None, url: str | None) -> None:
        """Start an error raised for one request: its text names the request after
        ``message`` (subclasses keep ``message`` alone too: the CLI adds a shorter
        request)."""
        super().__init__(message + _where(method, url))
        self.method = method
        self.url = url

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's default rebuilds with cls(*args), which keyword-only arguments
        # (status=, location=, ...) defeat: rebuild from args and the attributes
        # instead, so errors pickle across process pools and copy.copy works.
        return (_rebuild, (type(self), self.args), self.__dict__)


def _rebuild(cls: type[YouTrackError], args: tuple[Any, ...]) -> YouTrackError:
    error = cls.__new__(cls)
    error.args = args
    return error


class ConfigurationError(YouTrackError, ValueError):
    """The client was configured wrongly (missing URL or token, insecure URL, ...)."""


class ClientClosedError(YouTrackError, RuntimeError):
    """The client was used after ``aclose()``, or the session it borrowed was closed; or
    a stream or a shared item iterator was used after it closed (an item iterator
    closes when a task fetching a page for it is cancelled)."""


class InvalidRequestError(YouTrackError, ValueError):
    """An argument was refused before any request was sent."""


class CustomFieldError(InvalidRequestError):
    """A custom field name is unknown to the project, or a value does not fit the field.

    ``field`` names the custom field and ``project`` the project whose schema was used,
    when known.
    """

    def __init__(self, message: str, *, field: str | None = None, project: str | None = None):
        super().__init__(message)
        self.field = field
        self.project = project


class UnknownCustomFieldError(CustomFieldError, KeyError):
    """No custom field by that name (a :class:`CustomFieldError` and a ``KeyError``).

    The message lists the project's known field names and suggests a close match.
    """

    def __str__(self) -> str:
        # KeyError would show the repr of the message; this is a sentence.
        return str(self.args[0]) if self.args else ""


class APIConnectionError(YouTrackError):
    """The request got no usable HTTP response: refused connection, reset, dropped body.

    ``request_sent`` is false when nothing reached the server (the connection could not
    be established), so resending is always safe. ``may_have_been_applied`` is true when
    the request may have been sent with a method that is not idempotent, so the server
    may have applied it before the connection broke.
    """

    # False for failures that repeating cannot fix (TLS certificate errors).
    _transient: bool = True

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        may_have_been_applied: bool = False,
        request_sent: bool = True,
    ) -> None:
        self._for_request(message, method, url)
        self.message = message
        self.may_have_been_applied = may_have_been_applied
        self.request_sent = request_sent


class APITimeoutError(APIConnectionError):
    """A request timed out, or the overall deadline of a call (retries included) ran out."""


class RedirectError(YouTrackError):
    """The server redirected somewhere the client will not follow with the token.

    A redirect to another origin (scheme, host or port), or from https to http, is never
    followed: the token would leak. ``location`` is the redirect target (the token masked
    should the server have echoed it there). A redirect usually means the base URL is
    wrong (for example ``http://`` instead of ``https://``). ``may_have_been_applied``
    is true for a write answered with 301, 302 or 303: the server handled it before
    redirecting.
    """

    def __init__(
        self,
        message: str,
        *,
        location: str | None,
        status: int,
        method: str | None = None,
        url: str | None = None,
        may_have_been_applied: bool = False,
    ) -> None:
        self._for_request(message, method, url)
        self.message = message
        self.location = location
        self.status = status
        self.may_have_been_applied = may_have_been_applied


class APIStatusError(YouTrackError):
    """YouTrack answered with an error status.

    YouTrack's error fields are kept verbatim: ``error`` (a code such as
    ``"invalid_properties"``), ``error_description`` (the human text) and
    ``error_children`` (per-property details). ``body`` is the raw decoded body
    (possibly truncated), ``status`` the HTTP status, ``method`` and ``url`` the request.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        method: str | None = None,
        url: str | None = None,
        error: str | None = None,
        error_description: str | None = None,
        error_children: Sequence[Mapping[str, Any]] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        may_have_been_applied: bool = False,
    ) -> None:
        self._for_request(message, method, url)
        self.message = message
        self.status = status
        self.error = error
        self.error_description = error_description
        self.error_children: list[Mapping[str, Any]] = list(error_children or [])
        self.body = body
        self.headers: Mapping[str, str] = dict(headers or {})
        self.may_have_been_applied = may_have_been_applied


class BadRequestError(APIStatusError):
    """400: YouTrack refused the request (``bad_request``, ``invalid_properties``, ...)."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, wrong, expired or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the token's user may not do this (or the token's scope does not cover it)."""


class NotFoundError(APIStatusError):
    """404: no such entity, or no such path (check the base URL)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state of the entity."""


class _RetryAfterError(APIStatusError):
    """A status that may come with ``Retry-After`` (429, 5xx): ``retry_after`` is the
    server's wait, in seconds, if given."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class RateLimitError(_RetryAfterError):
    """429: too many requests. ``retry_after`` is the server's wait, in seconds, if given."""


class ServerError(_RetryAfterError):
    """5xx: the server or a proxy in front of it failed.

    For a write (POST/DELETE not marked idempotent) the change may or may not have been
    applied: see ``may_have_been_applied``; read the entity back before trying again.
    """


class UnexpectedResponseError(YouTrackError):
    """The server answered with something that is not YouTrack's JSON.

    Typically an HTML page with status 200, which YouTrack serves when the base URL has
    a wrong path: check the URL given to :class:`~aioyoutrack.YouTrack`.
    ``content_type`` and ``body`` (an excerpt) show what came back.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        content_type: str | None = None,
        body: str | None = None,
        method: str | None = None,
        url: str | None = None,
        may_have_been_applied: bool = False,
    ) -> None:
        self._for_request(message, method, url)
        self.message = message
        self.status = status
        self.content_type = content_type
        self.body = body
        self.may_have_been_applied = may_have_been_applied


class ResponseTooLargeError(UnexpectedResponseError):
    """A response body was longer than the client's ``max_response_bytes``.

    Reading stopped there and the connection was closed, so a hostile or broken server
    (or a compressed body that inflates without end) cannot exhaust memory. ``limit`` is
    the bound in bytes; ``body`` is None. Downloads through ``YouTrack.stream`` are not
    bounded.
    """

    def __init__(self, message: str, *, limit: int | None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.limit = limit


class ResponseValidationError(YouTrackError):
    """The JSON body did not fit the requested model.

    ``errors`` lists one line per problem, each with its path in the body (as produced
    by cattrs' ``transform_error``, e.g. ``"invalid value for type, expected int @
    $.customFields[2].value.minutes"``). ``model`` is the class that was requested.
    """

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[str] = (),
        model: Any = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        self._for_request(message, method, url)
        self.message = message
        self.errors = list(errors)
        self.model = model


def _set_request(exc: YouTrackError, method: str, url: str) -> None:
    """Attach the request to an error raised where the request was unknown."""
    exc.method = method
    exc.url = url
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        exc.args = (message + _where(method, url),)


def _scrubbed(exc: BaseException, seen: dict[int, BaseException] | None = None) -> BaseException:
    """A copy of ``exc`` with its type, arguments and attributes but no traceback, its
    cause and context copied the same way.

    aiohttp raises from frames whose locals hold the serialised request head, the
    ``Authorization`` header included; a chained original would carry those frames to
    every traceback rendered with locals (``capture_locals``, crash reporters). The copy
    keeps what a reader needs (the type and message of each link) and no frame.
    """
    if seen is None:
        seen = {}
    done = seen.get(id(exc))
    if done is not None:
        return done
    cls = type(exc)
    try:
        copy = cls.__new__(cls, *exc.args)
        copy.args = exc.args
        copy.__dict__.update(getattr(exc, "__dict__", {}))
    except Exception:
        # An exception type that cannot be rebuilt this way: keep its name and text.
        copy = Exception(f"{cls.__module__}.{cls.__qualname__}: {exc}")
    seen[id(exc)] = copy
    for name, value in list(getattr(copy, "__dict__", {}).items()):
        if isinstance(value, BaseException):
            setattr(copy, name, _scrubbed(value, seen))
    cause, context = exc.__cause__, exc.__context__
    copy.__cause__ = None if cause is None else _scrubbed(cause, seen)
    copy.__context__ = None if context is None else _scrubbed(context, seen)
    copy.__suppress_context__ = exc.__suppress_context__
    return copy


def _forget_chained_frames(error: BaseException) -> None:
    """Drop, in place, the traceback of every exception chained to ``error`` (its causes,
    contexts and exceptions kept as attributes, at any depth); ``error``'s own stays.

    Python 3.10 may keep an exception a coroutine has handled as the one "being
    handled" after its ``except`` block ends, and then chains it as the context of the
    next exception raised there, whatever was detached before: an aiohttp failure whose
    frames hold the serialised request head, ``Authorization`` included.
    """
    pending: list[BaseException | None] = [error.__cause__, error.__context__]
    seen = {id(error)}
    while pending:
        item = pending.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        item.__traceback__ = None
        pending += [item.__cause__, item.__context__]
        kept = getattr(item, "__dict__", {}).values()
        pending += [value for value in kept if isinstance(value, BaseException)]


def _detached(error: YouTrackError, cause: BaseException | None) -> YouTrackError:
    """``error`` with ``cause`` chained as a frameless copy (see :func:`_scrubbed`).

    Raise the result outside the ``except`` block that caught ``cause``, or Python
    chains the original (frames and all) as ``__context__`` again.
    """
    error.__cause__ = None if cause is None else _scrubbed(cause)
    error.__suppress_context__ = True
    if error.__context__ is not None:
        error.__context__ = _scrubbed(error.__context__)
    return error


def client_closed() -> ClientClosedError:
    """The error a call of a closed client raises, in one wording wherever it is met."""
    return ClientClosedError("this YouTrack client is closed")


def is_safe_method(method: str) -> bool:
    """Return True for methods that never change data on the server."""
    return method.upper() in _SAFE_METHODS
