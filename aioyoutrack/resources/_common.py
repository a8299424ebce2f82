"""Helpers the resource modules share: argument checks, paging, concurrent fetches.

Nothing here talks HTTP itself: everything goes through the client (``request``, and
``_exchange`` for pages).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from .. import _json
from .._transport import quote_segment
from .._urls import ParamValue, check_params, encode_query
from .._values import is_many as is_many  # re-exported: bundles and tags use it from here
from .._values import shown
from ..errors import InvalidRequestError
from ..models.commands import CommandVisibility
from ..models.visibility import Visibility

__all__ = [
    "Body",
    "M",
    "api_path",
    "check_caret",
    "check_ids",
    "check_model",
    "check_text",
    "custom_field_names",
    "gather_ordered",
    "is_database_id",
    "json_body",
    "map_ordered",
    "notify_params",
    "optional_body",
    "pick_model",
    "renamed",
    "visibility_body",
]

#: The model a method structures its result into (the library's class or the caller's).
M = TypeVar("M")
T = TypeVar("T")
K = TypeVar("K")

#: A YouTrack entity (database) id such as ``2-17``; readable ids (``SP-8``) and short
#: names start with a letter.
_DATABASE_ID = re.compile(r"\d+-\d+")


def is_database_id(value: str) -> bool:
    """True for an entity id such as ``"2-17"`` (not ``"SP-17"``, not a name)."""
    return _DATABASE_ID.fullmatch(value) is not None


def api_path(template: str, *ids: str) -> str:
    """Build ``api/...`` from a template with ``{}`` slots, percent-encoding each id.

    ``api_path("issues/{}/comments/{}", "SP-8", "4-17")`` gives
    ``"api/issues/SP-8/comments/4-17"``. Ids are encoded as whole path segments, so an
    id such as ``"../admin"`` or ``"a b/c"`` can never change the path.
    """
    if len(ids) == 1:
        # The common case (one id per call, thousands of calls in a get_many): no
        # generator, no argument tuple.
        (only,) = ids
        return "api/" + template.format(quote_segment(only if only.__class__ is str else str(only)))
    return "api/" + template.format(*[quote_segment(str(i)) for i in ids])


def check_sendable(params: object, json: object = None) -> None:
    """Refuse, as the request itself would, ``params`` that cannot be put in a query
    and a ``json`` body that cannot be encoded: for calls that look something up first,
    so nothing at all is sent."""
    check_params(params)
    if params:
        encode_query(params)  # type: ignore[arg-type]  # a Mapping: checked above
    if json is not None:
        try:
            _json.dumps(json)
        except (TypeError, ValueError, RecursionError) as exc:
            raise InvalidRequestError(f"the request body is not JSON-serializable: {exc}") from exc


def check_model(model: object) -> None:
    """Refuse a ``model=`` that is not an attrs class (the projection comes from it)."""
    if not (isinstance(model, type) and attrs.has(model)):
        raise InvalidRequestError(
            f"model must be an attrs class (the fields= projection is derived from it), "
            f"got {shown(model)}"
        )


def pick_model(model: Any, default: type[Any]) -> Any:
    """``model`` (None: ``default``), refused before anything is sent unless attrs."""
    chosen = default if model is None else model
    check_model(chosen)
    return chosen


def check_text(name: str, value: object, *, allow_empty: bool = False) -> str:
    """Return ``value`` if it is a str (non-blank unless ``allow_empty``), else raise."""
    if not isinstance(value, str):
        raise InvalidRequestError(f"{name} must be a str, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise InvalidRequestError(f"{name} must not be empty")
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError:
            # A lone surrogate: no URL or JSON body can carry it, so it names nothing.
            raise InvalidRequestError(f"{name} is not valid Unicode: {shown(value)}") from None
    return value


def notify_params(notify: object) -> dict[str, ParamValue]:
    """The query parameters of a write's ``notify=``: none for True (YouTrack notifies
    as usual), ``muteUpdateNotifications=true`` for False: no notifications for the
    change (workflow rules still send theirs). It needs the *Apply Commands Silently*
    permission in every project the write touches, and YouTrack 2021.3 or later."""
    if check_flag("notify", notify):
        return {}
    return {"muteUpdateNotifications": True}


def check_caret(caret: object, query: str) -> int:
    """The caret position of a completion request: ``caret`` if it is an int within
    ``query`` (0 to its length), its end when None."""
    if caret is None:
        return len(query)
    if isinstance(caret, bool) or not isinstance(caret, int) or not 0 <= caret <= len(query):
        raise InvalidRequestError(
            f"caret must be an int from 0 to {len(query)} (the query's length), got {shown(caret)}"
        )
    return caret


def check_flag(name: str, value: object) -> bool:
    """``value`` if it is a bool; anything else (``"no"``, ``0``, ``None``) is refused,
    since truthiness would send ``"no"`` as true."""
    if not isinstance(value, bool):
        raise InvalidRequestError(f"{name} must be a bool, got {shown(value)}")
    return value


def check_ids(name: str, ids: object) -> list[str]:
    """A list of id strings from an iterable (a lone str is refused: it iterates chars;
    so is a mapping, whose keys would be taken silently; so are non-str, empty and blank
    items, which name nothing)."""
    if not is_many(ids):
        raise InvalidRequestError(
            f"{name} must be an iterable of ids (a list, not a single str), "
            f"got {type(ids).__name__}"
        )
    result = list(ids)
    for item in result:
        if not isinstance(item, str) or not item.strip():
            raise InvalidRequestError(f"{name} must hold non-empty str ids, got {shown(item)}")
    return result


def custom_field_names(names: str | Sequence[str] | None) -> list[str] | None:
    """The ``customFields=`` parameter of an issue listing: one field name or several
    (None: every field)."""
    if names is None:
        return None
    if isinstance(names, str):
        return [check_text("custom_fields", names)]
    return check_ids("custom_fields", names)


async def map_ordered(
    func: Callable[[K], Awaitable[T]], items: Sequence[K], *, limit: int
) -> list[T]:
    """Return ``[await func(item) for item in items]``, with up to ``limit`` calls at once.

    For bulk calls over a caller's list (``get_many``): ``limit`` workers take the items
    in order, so thousands of ids cost ``limit`` tasks rather than one task (and one
    throttle wait) each, and no call starts before a worker is free to run it. The
    first failure stops the workers (the calls they are running are cancelled and
    waited for, items not reached are never called) and propagates; when several fail
    at once, the one earliest in ``items`` is raised. Cancelling the caller cancels
    them all.
    """
    count = len(items)
    if count <= 1 or limit <= 1:
        return [await func(item) for item in items]
    results: list[Any] = [None] * count
    failures: list[tuple[int, BaseException]] = []
    position = iter(range(count))

    async def work() -> None:
        for index in position:
            try:
                results[index] = await func(items[index])
            except BaseException as exc:
                # BaseException: a call ending in CancelledError (not the caller's)
                # must fail the whole, not leave None in its place.
                failures.append((index, exc))
                raise

    workers = [
        asyncio.create_task(work(), name=f"aioyoutrack worker {n}")
        for n in range(min(limit, count))
    ]
    try:
        await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
        if failures:
            raise min(failures, key=lambda failure: failure[0])[1]
        return results
    finally:
        await _cancel_and_wait(workers)


async def _cancel_and_wait(tasks: Sequence[asyncio.Task[Any]]) -> None:
    still = [t for t in tasks if not t.done()]
    for task in still:
        task.cancel()
    if still:
        await asyncio.gather(*still, return_exceptions=True)
    for task in tasks:
        # Mark every failure retrieved: asyncio would log the ones not raised.
        if task.done() and not task.cancelled():
            task.exception()


async def gather_ordered(calls: Sequence[Awaitable[T]]) -> list[T]:
    """Run ``calls`` concurrently and return their results in the same order.

    The client's throttle bounds how many run at once. The first failure cancels every
    call still running (and waits for them) before it propagates; cancelling the caller
    cancels them all too.
    """
    tasks = [asyncio.ensure_future(call) for call in calls]
    for index, task in enumerate(tasks):
        task.set_name(f"aioyoutrack call {index}")
    if not tasks:
        return []
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in tasks:
            # The earliest failing call in the caller's order is the one reported.
            if task in done and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        return [task.result() for task in tasks]
    finally:
        await _cancel_and_wait(tasks)


def visibility_body(value: object, *, command: bool = False) -> dict[str, Any] | None:
    """The JSON of a visibility argument (None: no restriction sent).

    Accepts a :class:`Visibility` (``LimitedVisibility(permitted_groups=[...])``), a
    :class:`CommandVisibility`, or a JSON mapping sent as is. For commands the
    ``$type`` becomes ``CommandLimitedVisibility``/``CommandUnlimitedVisibility``; for
    comments ``LimitedVisibility``/``UnlimitedVisibility``.
    """
    if value is None:
        return None
    if isinstance(value, Mapping):
        return dict(value)
    if not isinstance(value, (Visibility, CommandVisibility)):
        raise InvalidRequestError(
            "visibility must be a LimitedVisibility/UnlimitedVisibility (or the Command... "
            f"ones) or a JSON mapping, got {type(value).__name__}"
        )
    from .._convert import unstructure  # cattrs loads with the first body or answer

    body: dict[str, Any] = unstructure(value)
    kind = str(body.get("$type") or type(value).__name__)
    bare = kind.removeprefix("Command")
    if bare not in ("LimitedVisibility", "UnlimitedVisibility"):
        limited = "permittedGroups" in body or "permittedUsers" in body
        bare = "LimitedVisibility" if limited else "UnlimitedVisibility"
    body["$type"] = f"Command{bare}" if command else bare
    return body


#: A request body: an attrs instance (unset attributes left out, ``$type`` added where
#: YouTrack needs it) or a JSON mapping with YouTrack's camelCase keys, sent as is.
Body = Any


def _check_keys(body: Mapping[Any, Any], what: str) -> None:
    """Refuse a non-str key at any depth of ``body``: JSON would turn ``1`` into ``"1"``,
    and beside a ``"1"`` one of the two values would be lost without a word."""
    pending: list[object] = [body]
    seen: set[int] = set()  # a container reached twice (or a cycle) is checked once
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        if isinstance(item, Mapping):
            seen.add(id(item))
            for key, value in item.items():
                if not isinstance(key, str):
                    raise InvalidRequestError(f"{what} keys must be str, got {shown(key)}")
                pending.append(value)
        elif isinstance(item, (list, tuple)):
            seen.add(id(item))
            pending.extend(item)


def json_body(body: object, what: str = "body") -> Any:
    """The JSON of a request body given as an attrs instance (unset attributes left out,
    ``$type`` added where YouTrack needs it) or a mapping with str keys, sent as is."""
    if attrs.has(type(body)):
        from .._convert import unstructure  # cattrs loads with the first body or answer

        return unstructure(body)
    if isinstance(body, Mapping):
        _check_keys(body, what)
        return dict(body)
    raise InvalidRequestError(
        f"{what} must be a model instance (attrs) or a JSON mapping, got {type(body).__name__}"
    )


def optional_body(body: object) -> dict[str, Any]:
    """The JSON of an optional ``body=`` of further attributes: ``{}`` for None."""
    data: dict[str, Any] = {} if body is None else json_body(body)
    return data


def renamed(name: str | None, body: object) -> dict[str, Any]:
    """The body of a rename or change (an attachment, a bundle, a bundle value):
    ``body``'s attributes, then ``name``; neither is refused."""
    data = optional_body(body)
    if name is not None:
        data["name"] = check_text("name", name)
    if not data:
        raise InvalidRequestError("nothing to update: pass name= or body=")
    return data
