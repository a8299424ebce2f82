"""Preparing a request, and the second phase of an exchange: bytes -> objects.

One request is two phases. :func:`prepare` checks the arguments and builds everything
the retry loop and the transport need (URL, headers, body, whether it may be sent
again) without I/O; it serves ``YouTrack.request``, ``YouTrack.stream`` and every page
of a pager alike. After the exchange, :class:`PendingResponse` holds the bytes read and
turns them into the result only when :meth:`PendingResponse.build` is awaited: a pager
keeps pages fetched ahead as bytes until its consumer reaches them.
"""

from __future__ import annotations

import typing
from collections.abc import AsyncIterable, Callable, Mapping
from typing import Any

import aiohttp
from multidict import CIMultiDict

from . import _json
from ._bodies import REPLAYABLE_BODIES, bytes_payload
from ._config import to_timeout
from ._constants import IDEMPOTENT_METHODS
from ._fields import fields_for
from ._inflate import INFLATED, unreadable_codings
from ._responses import Response, decode_json, watch_stream
from ._transport import Transport
from ._urls import ParamValue, check_method, check_params, redact_url
from ._values import shown
from .errors import InvalidRequestError, ResponseValidationError, YouTrackError, _set_request

__all__ = ["PendingResponse", "Prepared", "check_model", "merge_headers", "prepare"]


#: ``_convert.structure`` once loaded. cattrs loads with the first response structured,
#: not with the client (see benchmarks/bench_startup.py); kept here because an import
#: statement per response would cost microseconds on every request.
_STRUCTURE: list[Callable[[Any, Any], Any]] = []


def _load_structure() -> Callable[[Any, Any], Any]:
    from ._convert import structure

    _STRUCTURE.append(structure)
    return structure


def check_model(model: object) -> None:
    """Refuse a ``model=`` that is not a type (an instance such as ``Issue()``)."""
    if isinstance(model, type) or typing.get_origin(model) is not None or model is Any:
        return
    raise InvalidRequestError(
        f"model must be a class such as Issue or list[Issue], got an instance of "
        f"{type(model).__name__}"
    )


class Prepared:
    """A request ready to send: what the transport sends and what the retry loop
    needs to decide about resending it."""

    __slots__ = (
        "body",
        "headers",
        "idempotent",
        "method",
        "replayable",
        "shown_url",
        "timeout",
        "url",
    )

    def __init__(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Any,
        *,
        idempotent: bool,
        replayable: bool,
        timeout: aiohttp.ClientTimeout,
    ) -> None:
        self.method = method
        self.url = url
        #: The URL as errors and logs show it (secrets in the query masked).
        self.shown_url = redact_url(url)
        self.headers = headers
        self.body = body
        self.idempotent = idempotent
        #: The body can be sent again as it is (None, bytes, str: not a stream).
        self.replayable = replayable
        self.timeout = timeout


#: Multipart readers (a part of a request being relayed) are aiohttp's payloads: it
#: sends them with their own headers, which a plain stream of chunks would lose.
_AIOHTTP_READERS = (aiohttp.BodyPartReader, aiohttp.MultipartReader)


def _body(transport: Transport, json: Any, data: Any) -> tuple[Any, Mapping[str, str], bool]:
    """The body to send, its headers, and whether it can be sent again."""
    if json is None:
        if isinstance(data, (bytes, bytearray, memoryview, str)):
            return bytes_payload(data), transport.headers, True
        if data is None or isinstance(data, REPLAYABLE_BODIES):
            return data, transport.headers, True
        if isinstance(data, AsyncIterable) and not isinstance(data, _AIOHTTP_READERS):
            # What the caller's stream raises must reach them as it is (see watch_stream).
            data = watch_stream(data)
        return data, transport.headers, False
    if data is not None:
        raise InvalidRequestError("pass either json= or data=, not both")
    try:
        return bytes_payload(_json.dumps(json)), transport.json_headers, True
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidRequestError(f"the request body is not JSON-serializable: {exc}") from exc


def merge_headers(base: Mapping[str, str], extra: Mapping[str, str]) -> CIMultiDict[str]:
    """Return ``base`` updated with ``extra``, names compared case-insensitively.

    ``extra`` (a caller's ``headers=``) must map str names to str values.
    """
    if not isinstance(extra, Mapping):
        raise InvalidRequestError(
            f"headers must be a mapping of names to values, got {type(extra).__name__}"
        )
    merged: CIMultiDict[str] = CIMultiDict(base)
    for name, value in extra.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise InvalidRequestError(
                "headers must map str names to str values, "
                f"got {shown(name)}: {type(value).__name__}"
            )
        merged[name] = value
    return merged


def _check_stream_codings(accept_encoding: str | None) -> None:
    """Refuse a caller's ``Accept-Encoding`` on a stream that lets the server answer in a
    coding the stream cannot inflate (it reads gzip and deflate itself: see _inflate)."""
    unreadable = unreadable_codings(accept_encoding or "")
    if unreadable:
        raise InvalidRequestError(
            f"a stream cannot inflate {', '.join(unreadable)} (Accept-Encoding "
            f"{shown(accept_encoding)}): leave the header out, and the client offers the "
            f"codings it inflates ({INFLATED}), or name only those or identity"
        )


def _idempotent(method: str, idempotent: object) -> bool:
    if idempotent is None:
        return method in IDEMPOTENT_METHODS
    if not isinstance(idempotent, bool):  # "no" would be truthy: a resent write
        raise InvalidRequestError(f"idempotent must be a bool or None, got {shown(idempotent)}")
    return idempotent


def prepare(
    transport: Transport,
    method: str,
    path: str,
    *,
    params: Mapping[str, ParamValue] | None = None,
    json: Any = None,
    data: Any = None,
    headers: Mapping[str, str] | None = None,
    model: Any = None,
    idempotent: bool | None = None,
    timeout: object = None,
    default_timeout: aiohttp.ClientTimeout,
    stream: bool = False,
) -> Prepared:
    """Check a request's arguments and build it, without I/O.

    With ``model`` the ``fields`` projection is added unless ``params`` has one. A
    ``stream`` asks for any media type and has no body.
    """
    method = check_method(method)
    check_params(params)
    if model is not None:
        check_model(model)
        try:
            fields = fields_for(model)
        except TypeError as exc:  # e.g. Annotated[str, {...}]: not hashable, not a model
            raise InvalidRequestError(f"model {shown(model)} cannot be used: {exc}") from None
        if fields and (params is None or "fields" not in params):
            params = {**params, "fields": fields} if params else {"fields": fields}
    url = transport.url_for(path, params)
    send_headers: Mapping[str, str]
    if stream:
        body, send_headers, replayable = None, transport.stream_headers, True
    else:
        body, send_headers, replayable = _body(transport, json, data)
    if headers:
        send_headers = merge_headers(send_headers, headers)
        if stream:
            _check_stream_codings(send_headers.get("Accept-Encoding"))
    return Prepared(
        method,
        url,
        send_headers,
        body,
        idempotent=_idempotent(method, idempotent),
        replayable=replayable,
        timeout=default_timeout if timeout is None else to_timeout(timeout, default_timeout),
    )


class PendingResponse:
    """The second phase of an exchange: the body read, not yet parsed.

    :meth:`build` parses it and, with a ``model``, structures it. It is the
    :class:`~aioyoutrack._pagination.Unbuilt` a pager keeps for a page fetched ahead.
    """

    __slots__ = ("_idempotent", "_method", "_model", "_response", "_url")

    def __init__(self, response: Response, model: Any, prepared: Prepared) -> None:
        self._response = response
        self._model = model
        self._method = prepared.method
        self._idempotent = prepared.idempotent
        self._url = prepared.shown_url

    async def build(self) -> Any:
        """The parsed JSON (``None`` if empty), structured into the model if one was given."""
        return self.result()

    def result(self) -> Any:
        """What :meth:`build` returns, without a coroutine (for a caller that has the
        response already)."""
        try:
            data = decode_json(self._response, self._method, self._idempotent)
            if self._model is None:
                return data
            return _structure(data, self._model, self._method, self._url)
        except YouTrackError as exc:
            error = exc
        # The data is dropped from this frame, and the error keeps no frame of the
        # parser or converter: a traceback rendered with locals would show the body,
        # which a hostile server may have made echo the token.
        data = None
        if not self._idempotent:
            # The server answered 2xx: a write was applied even though its answer
            # cannot be read (a caller must not send it again blindly).
            error.may_have_been_applied = True
        masker = self._response.masker
        raise masker.error(error.with_traceback(None), replace_causes=True)


def _structure(data: Any, model: Any, method: str, url: str) -> Any:
    structure = _STRUCTURE[0] if _STRUCTURE else _load_structure()
    if data is None:
        raise ResponseValidationError(
            f"the response body is empty, expected {_name(model)}",
            model=model,
            method=method,
            url=url,
        )
    try:
        return structure(data, model)
    except ResponseValidationError as exc:
        _set_request(exc, method, url)
        raise
    except Exception as exc:
        raise ResponseValidationError(
            f"response does not fit {_name(model)}: {exc}", model=model, method=method, url=url
        ) from exc


def _name(model: Any) -> str:
    return getattr(model, "__name__", str(model))
