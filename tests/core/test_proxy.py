"""Behind a proxy: a borrowed ``aiohttp.ClientSession(trust_env=True)`` sends every call
through ``HTTP(S)_PROXY``, while the client's own session ignores those variables
(docs/guides/tour.md, "Behind a proxy")."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "host"}


def _forwarding_proxy(fake: FakeYouTrack, seen: list[str]) -> Any:
    """A plain-http forward proxy to ``fake``: it records each request's target."""

    async def forward(request: web.Request) -> web.StreamResponse:
        seen.append(f"{request.method} {request.path_qs}")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        body = await request.read()
        async with (
            aiohttp.ClientSession(auto_decompress=False) as upstream,
            upstream.request(
                request.method, fake.url.rstrip("/") + request.path_qs, headers=headers, data=body
            ) as answer,
        ):
            kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
            kept.pop("Content-Length", None)
            return web.Response(status=answer.status, body=await answer.read(), headers=kept)

    return forward


async def test_a_borrowed_session_that_trusts_the_environment_uses_its_proxy(
    server: Any, fake: FakeYouTrack, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    server.route(_forwarding_proxy(fake, seen))
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.origin)
    async with (
        aiohttp.ClientSession(trust_env=True) as session,
        YouTrack(fake.url, fake.token, session=session) as yt,
    ):
        me = await yt.users.me()
        issues = await yt.issues.search("project: DEMO", limit=3)
    assert me.login == "root"
    assert len(issues) == 3
    assert any(target.startswith("GET /api/users/me") for target in seen), seen
    assert any(target.startswith("GET /api/issues") for target in seen), seen


async def test_the_clients_own_session_ignores_proxy_variables(
    server: Any, fake: FakeYouTrack, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    server.route(_forwarding_proxy(fake, seen))
    monkeypatch.setenv("HTTP_PROXY", server.origin)
    monkeypatch.setenv("HTTPS_PROXY", server.origin)
    async with YouTrack(fake.url, fake.token) as yt:
        assert (await yt.users.me()).login == "root"
    assert seen == []
