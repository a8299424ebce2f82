"""Black-box (public API only): yt.request, the token, errors, timeouts, logging.

Written for issue #2, points 3, 4, 7, 8, 9.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import aiohttp
import attrs
import pytest
from aiohttp import web

from aioyoutrack import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseValidationError,
    ServerError,
    UnexpectedResponseError,
    User,
    YouTrack,
    YouTrackError,
    fields_for,
)
from aioyoutrack.testing import FakeYouTrack


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in found:
        found.append(cur)
        cur = cur.__cause__ or cur.__context__
    return found


def assert_no_leak(exc: BaseException, tail: str) -> None:
    """The token is in no str/repr/vars of the error chain, nor in a traceback with locals."""
    for link in _chain(exc):
        assert tail not in str(link)
        assert tail not in repr(link)
        assert tail not in repr(getattr(link, "__dict__", {}))
        assert tail not in repr(getattr(link, "args", ()))
    # a traceback rendered with locals (pytest --showlocals, Sentry, rich): every local of
    # every library/aiohttp frame on the way (the test's own frames are left out)
    for link in _chain(exc):
        for frame, _ in traceback.walk_tb(link.__traceback__):
            if "/tests/" in frame.f_code.co_filename:
                continue
            for name, value in frame.f_locals.items():
                try:
                    shown = repr(value)
                except Exception:
                    continue
                assert tail not in shown, (frame.f_code.co_filename, name)


# ---------------------------------------------------------------- 3. request()


async def test_request_returns_parsed_json_or_none(raw: Any, raw_client: YouTrack) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        if request.path.endswith("/empty"):
            return web.Response(status=200)
        if request.path.endswith("/list"):
            return web.json_response([1, "a", None])
        return web.json_response({"a": 1, "nested": {"b": [True]}})

    raw.route(handler)
    assert await raw_client.request("GET", "api/obj") == {"a": 1, "nested": {"b": [True]}}
    assert await raw_client.request("GET", "api/list") == [1, "a", None]
    assert await raw_client.request("POST", "api/empty", json={"x": 1}) is None


async def test_request_path_is_relative_to_the_service_root(raw: Any, acc: SimpleNamespace) -> None:
    async with YouTrack(raw.url + "youtrack", acc.SECRET) as yt:
        await yt.request("GET", "api/users/me")
    assert raw.requests[-1].path == "/youtrack/api/users/me"


async def test_request_model_sends_fields_and_structures(
    bare: FakeYouTrack, bare_yt: YouTrack
) -> None:
    me = await bare_yt.request("GET", "api/users/me", model=User)
    assert isinstance(me, User)
    assert me.login == "root"
    assert bare.stats.log[-1].query["fields"] == fields_for(User)


async def test_request_model_list(fake: FakeYouTrack, yt: YouTrack) -> None:
    users = await yt.request("GET", "api/users", params={"$top": 5}, model=list[User])
    assert isinstance(users, list)
    assert len(users) == 5
    assert all(isinstance(u, User) and u.login for u in users)
    assert fake.stats.log[-1].query["fields"] == fields_for(User)


async def test_request_caller_fields_win(bare: FakeYouTrack, bare_yt: YouTrack) -> None:
    me = await bare_yt.request("GET", "api/users/me", params={"fields": "login"}, model=User)
    assert me.login == "root"
    assert me.full_name is None
    assert bare.stats.log[-1].query["fields"] == "login"


async def test_request_body_and_headers(
    raw: Any, raw_client: YouTrack, acc: SimpleNamespace
) -> None:
    await raw_client.request("POST", "api/commands", json={"query": "tag X"})
    sent = raw.requests[-1]
    assert sent.headers["Authorization"] == f"Bearer {acc.SECRET}"
    assert sent.headers["Accept"] == "application/json"
    assert sent.headers["Content-Type"].startswith("application/json")
    assert sent.body == b'{"query":"tag X"}' or sent.body == b'{"query": "tag X"}'
    await raw_client.request("GET", "api/x")
    assert raw.requests[-1].headers["Authorization"] == f"Bearer {acc.SECRET}"
    assert raw.requests[-1].headers["Accept"] == "application/json"


async def test_request_params_sequences_and_none(raw: Any, raw_client: YouTrack) -> None:
    await raw_client.request(
        "GET",
        "api/issues",
        params={
            "customFields": ["Priority", "State"],
            "skip": None,
            "query": "#Unresolved for: me",
            "$top": 3,
        },
    )
    rec = raw.requests[-1]
    assert rec.query["query"] == "#Unresolved for: me"
    assert rec.query["$top"] == "3"
    assert "skip" not in rec.query
    assert rec.headers  # sanity


async def test_response_validation_error_has_paths(raw: Any, raw_client: YouTrack) -> None:
    raw.route(lambda r: _json({"login": ["not", "a", "string"], "$type": "User"}))
    with pytest.raises(ResponseValidationError) as info:
        await raw_client.request("GET", "api/users/me", model=User)
    assert info.value.errors
    assert any("login" in line for line in info.value.errors)
    assert isinstance(info.value, YouTrackError)


async def _json(data: Any, status: int = 200, **kw: Any) -> web.Response:
    return web.json_response(data, status=status, **kw)


# ---------------------------------------------------------------- 4. the token


async def test_token_never_in_repr(acc: SimpleNamespace) -> None:
    yt = YouTrack("https://yt.example.com", acc.SECRET)
    assert acc.SECRET_TAIL not in repr(yt)
    assert acc.SECRET_TAIL not in str(yt)
    await yt.aclose()


async def test_redirect_to_another_origin_is_refused_and_token_not_sent(
    acc: SimpleNamespace,
) -> None:
    async with FakeYouTrack(seed=None) as home, FakeYouTrack(seed=None) as other:
        home.faults.add("api/users/me", redirect_to=other.url + "api/users/me")
        async with YouTrack(home.url, acc.SECRET, retry=acc.fast_retry()) as yt:
            with pytest.raises(RedirectError) as info:
                await yt.users.me()
        assert info.value.location
        assert str(other.port) in info.value.location
        assert_no_leak(info.value, acc.SECRET_TAIL)
        assert list(other.stats.log) == []


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_redirect_same_origin_followed_with_token(status: int) -> None:
    async with FakeYouTrack(seed=None) as fake:
        fake.faults.add(
            "api/users/old", status=status, redirect_to="api/users/me?fields=login", times=1
        )
        async with YouTrack(fake.url, fake.token) as yt:
            me = await yt.request("GET", "api/users/old", params={"fields": "login"})
        assert me["login"] == "root"
        assert [r.authorized for r in fake.stats.log] == [True, True]


async def test_redirect_to_same_host_other_port_refused(raw: Any, acc: SimpleNamespace) -> None:
    other = acc.RawServer()
    await other.start()
    try:
        raw.route(lambda r: _redirect(f"http://127.0.0.1:{other.port}/api/x"))
        async with YouTrack(raw.url, acc.SECRET, retry=acc.fast_retry()) as yt:
            with pytest.raises(RedirectError):
                await yt.request("GET", "api/x")
        assert other.requests == []
    finally:
        await other.close()


async def _redirect(location: str, status: int = 302) -> web.Response:
    return web.Response(status=status, headers={"Location": location})


async def test_absolute_url_of_other_origin_refused(raw: Any, raw_client: YouTrack) -> None:
    with pytest.raises(YouTrackError):
        await raw_client.request("GET", "http://127.0.0.2:9/api/steal")
    with pytest.raises(YouTrackError):
        await raw_client.request("GET", "//127.0.0.2:9/api/steal")
    assert raw.requests == []


# ---------------------------------------------------------------- 7. errors


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (418, APIStatusError),
    ],
)
async def test_status_mapping_keeps_youtrack_error_fields(
    raw: Any, acc: SimpleNamespace, status: int, cls: type[APIStatusError]
) -> None:
    body = {
        "error": "invalid_properties",
        "error_description": "Something is wrong",
        "error_children": [{"error": "x", "error_description": "y"}],
    }
    raw.route(lambda r: _json(body, status=status))
    async with YouTrack(raw.url, acc.SECRET, retry=acc.fast_retry(max_retries=0)) as yt:
        with pytest.raises(cls) as info:
            await yt.request("GET", "api/issues/X-1", params={"fields": "id"})
    err = info.value
    assert type(err) is cls
    assert err.status == status
    assert err.error == "invalid_properties"
    assert err.error_description == "Something is wrong"
    assert err.error_children == [{"error": "x", "error_description": "y"}]
    assert err.method == "GET"
    assert err.url is not None
    assert "api/issues/X-1" in err.url
    assert "Something is wrong" in str(err)
    assert_no_leak(err, acc.SECRET_TAIL)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<html><body>YouTrack</body></html>", "text/html"),
        ("just text", "text/plain"),
        ("{not json", "application/json"),
        ("\xff\xfe garbage", "application/json"),
    ],
)
async def test_200_with_non_json_body_is_unexpected_response(
    raw: Any, raw_client: YouTrack, acc: SimpleNamespace, body: str, content_type: str
) -> None:
    raw.route(lambda r: _text(body, content_type))
    with pytest.raises(UnexpectedResponseError) as info:
        await raw_client.request("GET", "api/users/me", model=User)
    if content_type == "text/html":
        assert "URL" in str(info.value)
    assert_no_leak(info.value, acc.SECRET_TAIL)


async def _text(body: str, content_type: str, status: int = 200) -> web.Response:
    return web.Response(
        body=body.encode("latin-1"), status=status, headers={"Content-Type": content_type}
    )


@pytest.mark.parametrize(
    "body",
    [
        b'{"error": 5, "error_description": ["a"], "error_children": "nope"}',
        b'["a list"]',
        b"null",
        b'"a string"',
        b"<html>Bad Gateway</html>",
        b"",
        b"{truncated",
    ],
)
async def test_error_status_with_any_body_gives_typed_error(
    raw: Any, acc: SimpleNamespace, body: bytes
) -> None:
    raw.route(lambda r: _bytes(body, 400))
    async with YouTrack(raw.url, acc.SECRET, retry=acc.fast_retry(max_retries=0)) as yt:
        with pytest.raises(BadRequestError) as info:
            await yt.request("GET", "api/x")
    assert info.value.status == 400
    assert info.value.error is None or isinstance(info.value.error, str)
    assert isinstance(info.value.error_children, list) or info.value.error_children is None


async def _bytes(body: bytes, status: int, content_type: str = "application/json") -> web.Response:
    return web.Response(body=body, status=status, headers={"Content-Type": content_type})


async def test_wrong_token_gives_authentication_error(
    bare: FakeYouTrack, acc: SimpleNamespace
) -> None:
    async with YouTrack(bare.url, acc.SECRET, retry=acc.fast_retry()) as yt:
        with pytest.raises(AuthenticationError) as info:
            await yt.users.me()
    assert info.value.status == 401
    assert_no_leak(info.value, acc.SECRET_TAIL)


async def test_no_aiohttp_error_escapes_and_cause_is_set(acc: SimpleNamespace) -> None:
    async with YouTrack(
        "http://127.0.0.1:1", acc.SECRET, retry=acc.fast_retry(max_retries=1)
    ) as yt:
        with pytest.raises(APIConnectionError) as info:
            await yt.request("POST", "api/issues", json={})
    err = info.value
    assert not isinstance(err, aiohttp.ClientError)
    assert isinstance(err.__cause__, (aiohttp.ClientError, OSError))
    assert err.request_sent is False
    assert err.may_have_been_applied is False
    assert_no_leak(err, acc.SECRET_TAIL)


async def test_ipv6_connect_error_is_typed(acc: SimpleNamespace) -> None:
    async with YouTrack("http://[::1]:1", acc.SECRET, retry=acc.fast_retry(max_retries=0)) as yt:
        with pytest.raises(APIConnectionError):
            await yt.request("GET", "api/x")


async def test_dropped_connection_on_write_is_not_resent(
    fake: FakeYouTrack, acc: SimpleNamespace
) -> None:
    fake.faults.add("api/issues", method="POST", drop_connection="after", times=1)
    before = len(fake.store.issues) if hasattr(fake.store, "issues") else None
    async with YouTrack(fake.url, fake.token, retry=acc.fast_retry()) as yt:
        with pytest.raises(APIConnectionError) as info:
            await yt.issues.create("SP", "dropped after apply")
    assert info.value.may_have_been_applied is True
    posts = [r for r in fake.stats.log if r.method == "POST" and r.path == "api/issues"]
    assert len(posts) == 1
    if before is not None:
        assert len(fake.store.issues) == before + 1
    assert_no_leak(info.value, acc.SECRET_TAIL)


async def test_truncated_body_is_connection_error(raw: Any, raw_client: YouTrack) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(
            headers={"Content-Type": "application/json", "Content-Length": "100"}
        )
        await resp.prepare(request)
        await resp.write(b'{"a":')
        assert request.transport is not None
        request.transport.close()
        return resp

    raw.route(handler)
    with pytest.raises(APIConnectionError) as info:
        await raw_client.request("POST", "api/issues", json={})
    assert info.value.may_have_been_applied is True
    assert len(raw.requests) == 1


# ---------------------------------------------------------------- 8. timeouts


async def test_hung_server_gives_api_timeout_error(raw: Any, acc: SimpleNamespace) -> None:
    release = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await release.wait()
        return web.json_response({})

    raw.route(hang)
    try:
        async with YouTrack(
            raw.url, acc.SECRET, timeout=0.2, retry=acc.fast_retry(max_retries=0)
        ) as yt:
            with pytest.raises(APITimeoutError) as info:
                await yt.request("GET", "api/x")
            assert isinstance(info.value, APIConnectionError)
            assert not isinstance(info.value, asyncio.TimeoutError)
            # per-call override, as seconds and as ClientTimeout
            with pytest.raises(APITimeoutError):
                await yt.request("GET", "api/x", timeout=0.1)
            with pytest.raises(APITimeoutError):
                await yt.request("GET", "api/x", timeout=aiohttp.ClientTimeout(total=0.1))
            assert_no_leak(info.value, acc.SECRET_TAIL)
    finally:
        release.set()


async def test_per_call_timeout_can_be_longer_than_client_default(
    bare: FakeYouTrack, acc: SimpleNamespace
) -> None:
    bare.faults.add("api/users/me", delay=0.3, times=1)
    async with YouTrack(
        bare.url, bare.token, timeout=0.05, retry=acc.fast_retry(max_retries=0)
    ) as yt:
        me = await yt.request("GET", "api/users/me", params={"fields": "login"}, timeout=5)
    assert me["login"] == "root"


def test_timeout_given_as_client_timeout_accepted() -> None:
    YouTrack("https://yt.example.com", "perm:x", timeout=aiohttp.ClientTimeout(total=3, connect=1))


# ---------------------------------------------------------------- 9. observability


async def test_logging_debug_per_attempt_info_per_retry(
    bare: FakeYouTrack, acc: SimpleNamespace, caplog: pytest.LogCaptureFixture
) -> None:
    assert any(
        isinstance(h, logging.NullHandler) for h in logging.getLogger("aioyoutrack").handlers
    )
    bare.faults.add("api/users/me", status=503, times=1)
    caplog.set_level(logging.DEBUG, logger="aioyoutrack")
    async with YouTrack(bare.url, bare.token, retry=acc.fast_retry()) as yt:
        await yt.users.me()
    mine = [r for r in caplog.records if r.name.startswith("aioyoutrack")]
    debug = [r for r in mine if r.levelno == logging.DEBUG]
    info = [r for r in mine if r.levelno == logging.INFO]
    assert len(debug) >= 2
    assert len(info) == 1
    text = "\n".join(r.getMessage() for r in debug)
    assert "GET" in text
    assert "users/me" in text
    assert "503" in text
    assert "200" in text
    assert bare.token not in caplog.text
    assert bare.token[-10:] not in caplog.text


async def test_logs_mask_the_token_in_a_url_made_of_the_servers_data(
    raw: Any, acc: SimpleNamespace, caplog: pytest.LogCaptureFixture
) -> None:
    # A path built from what a server sent (a project key echoing the token) is logged
    # per attempt and per retry: masked, verbatim and percent-encoded.
    answers = [503]

    async def handler(request: web.Request) -> web.Response:
        if answers:
            return web.json_response({"error": "busy"}, status=answers.pop())
        return web.json_response({"ok": True})

    raw.route(handler)
    caplog.set_level(logging.DEBUG, logger="aioyoutrack")
    async with YouTrack(raw.url, acc.SECRET, retry=acc.fast_retry()) as yt:
        await yt.request("GET", "api/admin/projects/" + quote(acc.SECRET, safe=""))
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("aioyoutrack")]
    assert len(logged) == 3  # two attempts, one retry
    assert all("***" in line for line in logged)
    assert acc.SECRET_TAIL not in caplog.text


async def test_trace_configs_are_passed_to_aiohttp(bare: FakeYouTrack) -> None:
    seen: list[str] = []
    trace = aiohttp.TraceConfig()

    async def on_end(session: object, ctx: object, params: aiohttp.TraceRequestEndParams) -> None:
        seen.append(str(params.url))

    trace.on_request_end.append(on_end)
    async with YouTrack(bare.url, bare.token, trace_configs=[trace]) as yt:
        await yt.users.me()
    assert len(seen) == 1
    assert "api/users/me" in seen[0]


@attrs.define(kw_only=True, slots=True)
class _LoginOnly:
    login: str | None = None


async def test_request_model_user_class(bare: FakeYouTrack, bare_yt: YouTrack) -> None:
    me = await bare_yt.request("GET", "api/users/me", model=_LoginOnly)
    assert me == _LoginOnly(login="root")
    assert bare.stats.log[-1].query["fields"] == "login"


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100000 + b"]" * 100000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        b'{"login": NaN}',
        b'{"login": ' + b"9" * 5000 + b"}",
        b'\xef\xbb\xbf{"login": "x"}',
        '{"login": "x"}'.encode("utf-16"),
    ],
)
async def test_hostile_json_bodies_give_typed_errors(
    raw: Any, raw_client: YouTrack, body: bytes
) -> None:
    raw.route(lambda r: _bytes(body, 200))
    with pytest.raises((UnexpectedResponseError, ResponseValidationError)):
        await raw_client.request("GET", "api/users/me", model=User)
    with pytest.raises(YouTrackError):
        await raw_client.request("GET", "api/users/me")


async def test_huge_error_page_gives_a_short_message(raw: Any, acc: SimpleNamespace) -> None:
    page = b"<html>" + b"x" * 1_000_000 + b"</html>"
    raw.route(lambda r: _bytes(page, 502, "text/html"))
    async with YouTrack(raw.url, acc.SECRET, retry=acc.fast_retry(max_retries=0)) as yt:
        with pytest.raises(ServerError) as info:
            await yt.request("GET", "api/x")
    assert len(str(info.value)) < 2000
