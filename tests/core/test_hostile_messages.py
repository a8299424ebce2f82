"""Core error messages that quote a caller's value stay typed, short and buildable.

A 5 000-character value, an int too large for ``repr`` or an object whose ``__repr__``
raises must give an ``InvalidRequestError`` of a few hundred characters, never the
``__repr__``'s own exception or a message of kilobytes (the core quotes such values
through ``_values.shown``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from aioyoutrack import InvalidRequestError, RetryPolicy, YouTrack, YouTrackError
from aioyoutrack._cursor import CursorPager
from aioyoutrack._pagination import list_pager
from aioyoutrack._throttle import Throttle
from aioyoutrack._transport import Transport, quote_segment
from aioyoutrack._urls import encode_query
from aioyoutrack._values import shown

LONG = "x" * 5000
HUGE = 10**5000
#: Short enough to read; a message quoting LONG whole would be over 5 000.
BOUND = 400

ClientFactory = Callable[..., YouTrack]


class BadRepr:
    """A value whose repr fails, as a broken or hostile object's may."""

    def __repr__(self) -> str:
        raise RuntimeError("repr exploded")


def _transport() -> Transport:
    return Transport(
        base_url="https://host/youtrack/",
        authorization="Bearer perm:x",
        user_agent="ua",
        throttle=Throttle(1),
    )


def _check(error: InvalidRequestError) -> None:
    assert len(str(error)) < BOUND, str(error)


@pytest.mark.parametrize(
    "params",
    [
        {BadRepr(): "v"},
        {HUGE: "v"},
        {"ids": [BadRepr()]},
        {"ids": BadRepr()},
        {"\ud800" + LONG: "v"},
        {"\ud800" + LONG: 1},
        {LONG: object()},
    ],
    ids=["key repr", "key huge int", "item repr", "value repr", "key str", "key str int", "long"],
)
def test_hostile_query_parameters_give_a_short_typed_error(params: dict[Any, Any]) -> None:
    with pytest.raises(InvalidRequestError) as info:
        encode_query(params)
    _check(info.value)


@pytest.mark.parametrize(
    "path",
    [
        "\ud800" + LONG,
        "//" + LONG,
        "https://host:99999999/" + LONG,
        "https://" + LONG + ".example/api",
    ],
    ids=["surrogate", "double slash", "bad port", "other origin"],
)
def test_hostile_paths_give_a_short_typed_error(path: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        _transport().url_for(path)
    _check(info.value)


def test_a_hostile_path_segment_gives_a_short_typed_error() -> None:
    with pytest.raises(InvalidRequestError) as info:
        quote_segment("\ud800" + LONG)
    _check(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"headers": {BadRepr(): "v"}},
        {"headers": {LONG: 1}},
        {"idempotent": BadRepr()},
        {"idempotent": LONG},
    ],
    ids=["header name repr", "header name long", "idempotent repr", "idempotent long"],
)
async def test_hostile_request_arguments_give_a_short_typed_error(
    raw: Any, client_factory: ClientFactory, kwargs: dict[str, Any]
) -> None:
    yt = client_factory(raw.url)
    with pytest.raises(InvalidRequestError) as info:
        await yt.request("GET", "api/x", **kwargs)
    _check(info.value)
    assert raw.requests == []


@pytest.mark.parametrize("chunk_size", [BadRepr(), LONG, -HUGE], ids=["repr", "long", "huge"])
async def test_a_hostile_chunk_size_gives_a_short_typed_error(
    raw: Any, client_factory: ClientFactory, chunk_size: Any
) -> None:
    yt = client_factory(raw.url)
    async with yt.stream("GET", "api/x") as stream:
        with pytest.raises(InvalidRequestError) as info:
            stream.iter_chunks(chunk_size)
    _check(info.value)


@pytest.mark.parametrize("model", [BadRepr(), LONG], ids=["repr", "long"])
async def test_a_hostile_pager_model_gives_a_short_typed_error(
    raw: Any, client_factory: ClientFactory, model: Any
) -> None:
    yt = client_factory(raw.url)
    with pytest.raises(InvalidRequestError) as info:
        list_pager(yt._exchange, "api/issues", model)
    _check(info.value)


_SETTINGS: dict[str, Callable[[Any], object]] = {
    "timeout": lambda v: YouTrack("https://h/", token="perm:x", timeout=v),
    "max_concurrency": lambda v: YouTrack("https://h/", token="perm:x", max_concurrency=v),
    "deadline": lambda v: RetryPolicy(deadline=v),
    "max_retries": lambda v: RetryPolicy(max_retries=v),
    "direction": lambda v: CursorPager(_no_page, direction=v),
}


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        (setting, value)
        for setting in _SETTINGS
        for value in (LONG, HUGE, BadRepr(), [LONG] * 1000)
        # A limit of 10**5000 is merely no limit; seconds and counts that become
        # floats cannot be that large.
        if not (setting == "max_concurrency" and value is HUGE)
    ],
    ids=lambda p: p if isinstance(p, str) else type(p).__name__,
)
def test_settings_quote_a_hostile_value_briefly(setting: str, value: object) -> None:
    with pytest.raises(YouTrackError) as caught:
        _SETTINGS[setting](value)
    assert len(str(caught.value)) < BOUND, str(caught.value)


async def _no_page(cursor: str | None, top: int) -> Any:
    raise AssertionError("not called")


def test_shown_reads_only_the_start_of_a_large_container() -> None:
    class Counting(list[int]):
        read = 0

        def __iter__(self) -> Any:
            for item in super().__iter__():
                Counting.read += 1
                yield item

    text = shown(Counting(range(1_000_000)))
    assert text.startswith("[0, 1, 2")
    assert len(text) <= 80
    assert Counting.read < 100
