"""A Retry-After date no clock can hold counts as absent, never as OverflowError.

An HTTP date with an absurd year or zone offset overflows the datetime or the C int
behind it; on a 429, 503 or 500 that used to escape every public call, and a POST
answered 500 lost its ``may_have_been_applied``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aiohttp import web

from aioyoutrack import RateLimitError, RetryPolicy, ServerError, YouTrack
from aioyoutrack._retry import parse_retry_after

ClientFactory = Callable[..., YouTrack]

ABSURD_DATES = [
    "Wed, 21 Oct 99999999999999999999 07:28:00 GMT",
    "Wed, 21 Oct 99999999999999999999 0",
    "Wed, 21 Oct 2015 07:28:00 +9999999",
    "Wed, 21 Oct 2015 07:28:00 -9999999",
    "Wed, 21 Oct 10000 07:28:00 GMT",
    "Wed, 99999999999 Oct 2015 07:28:00 GMT",
    "Wed, 21 Oct 2015 99999999999:28:00 GMT",
]


@pytest.mark.parametrize("value", ABSURD_DATES)
def test_an_absurd_date_parses_as_absent(value: str) -> None:
    assert parse_retry_after(value) is None


def _answer(status: int, retry_after: str) -> Callable[[web.Request], Any]:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(
            {"error": "boom"}, status=status, headers={"Retry-After": retry_after}
        )

    return handler


@pytest.mark.parametrize("value", ABSURD_DATES[:3])
async def test_a_post_answered_500_keeps_may_have_been_applied(
    server: Any, client_factory: ClientFactory, value: str
) -> None:
    server.handler = _answer(500, value)
    yt = client_factory(server.url)
    with pytest.raises(ServerError) as info:
        await yt.request("POST", "api/issues", json={"summary": "x"})
    assert info.value.may_have_been_applied is True
    assert info.value.retry_after is None
    assert len(server.requests) == 1  # a POST answered 500 is never resent


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("value", ABSURD_DATES[:3])
async def test_429_and_503_with_an_absurd_date_are_retried_with_backoff(
    server: Any, client_factory: ClientFactory, status: int, value: str
) -> None:
    server.handler = _answer(status, value)
    yt = client_factory(server.url, retry=RetryPolicy(max_retries=2, backoff_initial=0.001))
    with pytest.raises((RateLimitError, ServerError)) as info:
        await yt.request("GET", "api/issues")
    assert info.value.status == status
    assert info.value.retry_after is None  # type: ignore[union-attr]
    assert len(server.requests) == 3  # the header was treated as absent: plain backoff
