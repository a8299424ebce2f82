"""Redirects on a real loopback server: followed within the origin, refused outside it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

from aioyoutrack import RedirectError, YouTrack

ServerFactory = Callable[[], Awaitable[Any]]
ClientFactory = Callable[..., YouTrack]


def _redirect(location: str, status: int = 302) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": location})

    return handler


async def _echo(request: web.Request) -> web.Response:
    return web.json_response(
        {
            "method": request.method,
            "path": request.raw_path,
            "body": (await request.read()).decode(),
            "auth": request.headers.get("Authorization"),
        }
    )


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_same_origin_redirects_are_followed_for_get(
    server: Any, client_factory: ClientFactory, status: int, token: str
) -> None:
    server.route("GET", "/old/api/x", _redirect("/new/api/x?fields=id", status))
    server.route("GET", "/new/api/x", _echo)
    yt = client_factory(f"{server.url}old/")
    result = await yt.request("GET", "api/x")
    assert result == {
        "method": "GET",
        "path": "/new/api/x?fields=id",
        "body": "",
        "auth": f"Bearer {token}",
    }
    assert [r.raw_path for r in server.requests] == ["/old/api/x", "/new/api/x?fields=id"]


async def test_relative_locations_resolve_against_the_request(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("GET", "/api/a/b", _redirect("c"))
    server.route("GET", "/api/a/c", _echo)
    yt = client_factory(server.url)
    assert (await yt.request("GET", "api/a/b"))["path"] == "/api/a/c"


@pytest.mark.parametrize("status", [307, 308])
async def test_307_and_308_keep_method_and_body(
    server: Any, client_factory: ClientFactory, status: int
) -> None:
    server.route("POST", "/api/issues", _redirect("/api/v2/issues", status))
    server.route("POST", "/api/v2/issues", _echo)
    yt = client_factory(server.url)
    result = await yt.request("POST", "api/issues", json={"summary": "x"})
    assert result["method"] == "POST"
    assert result["body"] == '{"summary":"x"}'


@pytest.mark.parametrize("status", [301, 302, 303])
async def test_method_changing_redirects_of_writes_are_refused(
    server: Any, client_factory: ClientFactory, status: int
) -> None:
    server.route("POST", "/api/issues", _redirect("/api/v2/issues", status))
    yt = client_factory(server.url)
    with pytest.raises(RedirectError, match="turn the POST into a GET"):
        await yt.request("POST", "api/issues", json={})
    assert len(server.requests) == 1


async def test_a_307_of_a_streamed_body_is_refused(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("POST", "/api/up", _redirect("/api/up2", 307))

    async def chunks() -> Any:
        yield b"data"

    yt = client_factory(server.url)
    with pytest.raises(RedirectError, match="cannot be sent again"):
        await yt.request("POST", "api/up", data=chunks())
    assert len(server.requests) == 1


async def test_redirect_to_another_port_is_refused_and_never_sent(
    server_factory: ServerFactory, client_factory: ClientFactory
) -> None:
    home = await server_factory()
    other = await server_factory()
    other.route("GET", "/api/x", _echo)
    home.route("GET", "/api/x", _redirect(f"{other.origin}/api/x"))
    yt = client_factory(home.url)
    with pytest.raises(RedirectError, match="leaves") as info:
        await yt.request("GET", "api/x")
    assert info.value.location == f"{other.origin}/api/x"
    assert other.requests == []
    assert len(home.requests) == 1


async def test_redirect_to_another_host_is_refused_and_never_sent(
    server: Any, client_factory: ClientFactory
) -> None:
    # Same port, other host name: still another origin.
    server.route("GET", "/api/x", _redirect(f"http://localhost:{server.port}/api/y"))
    server.route("GET", "/api/y", _echo)
    yt = client_factory(server.url)
    with pytest.raises(RedirectError):
        await yt.request("GET", "api/x")
    assert [r.raw_path for r in server.requests] == ["/api/x"]


async def test_redirect_to_https_is_refused(server: Any, client_factory: ClientFactory) -> None:
    server.route("GET", "/api/x", _redirect(f"https://127.0.0.1:{server.port}/api/x"))
    yt = client_factory(server.url)
    with pytest.raises(RedirectError, match="check the base URL"):
        await yt.request("GET", "api/x")
    assert len(server.requests) == 1


async def test_redirect_loops_stop(server: Any, client_factory: ClientFactory) -> None:
    server.route("GET", "/api/loop", _redirect("/api/loop"))
    yt = client_factory(server.url)
    with pytest.raises(RedirectError, match="more than 5 redirects"):
        await yt.request("GET", "api/loop")
    assert len(server.requests) == 6
    assert yt.in_flight == 0


async def test_an_invalid_location_is_refused(server: Any, client_factory: ClientFactory) -> None:
    server.route("GET", "/api/x", _redirect("http://[bad"))
    yt = client_factory(server.url)
    with pytest.raises(RedirectError, match="not a valid URL"):
        await yt.request("GET", "api/x")


@pytest.mark.parametrize(
    ("status", "applied"), [(301, True), (302, True), (303, True), (307, False), (308, False)]
)
async def test_a_refused_redirect_of_a_write_says_whether_it_may_have_been_applied(
    server: Any, client_factory: ClientFactory, status: int, applied: bool
) -> None:
    # 301-303 answer a request the server handled (post, then redirect to the result);
    # 307/308 ask for it to be sent elsewhere: nothing was done.
    server.route("POST", "/api/issues", _redirect("https://elsewhere.example/x", status))
    yt = client_factory(server.url)
    with pytest.raises(RedirectError) as info:
        await yt.request("POST", "api/issues", json={})
    assert info.value.may_have_been_applied is applied
    with pytest.raises(RedirectError) as read:
        await yt.request("POST", "api/issues", json={}, idempotent=True)
    assert read.value.may_have_been_applied is False
