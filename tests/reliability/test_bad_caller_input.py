"""Bad input from the caller: ids never change the path; bad values are refused before
anything is sent; a missing URL or token is a clear error at construction.

Ids with ``/``, ``..``, ``?``, ``#``, spaces, control characters and any Unicode are
percent-encoded as one path segment: the fake routes them to the entity they name (and
says that entity does not exist), its request log shows the id whole, and a bare
loopback server sees exactly one encoded segment.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest
from aiohttp import web
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aioyoutrack import (
    ConfigurationError,
    CustomFieldError,
    InvalidRequestError,
    NotFoundError,
    RetryPolicy,
    UnknownCustomFieldError,
    YouTrack,
)
from aioyoutrack.testing import FakeYouTrack

ClientFactory = Callable[..., YouTrack]

_TRICKY = ["/", "..", ".", "?", "#", " ", "%", "%2F", "&", "=", "+", ";", "\\", "\x00", "\n"]
ids = st.one_of(
    st.sampled_from(
        [
            "../admin/projects",
            "SP-1/comments",
            "SP-1?fields=id",
            "SP-1#frag",
            "SP 1",
            "..",
            ".",
            "%2e%2e",
            "SP-1%2Fcomments",
            "Ünïcödé-1",
            "日本-1",
            "🙂",
            "a/../../b",
            "?$top=1",
        ]
    ),
    st.lists(
        st.one_of(st.sampled_from(_TRICKY), st.text(min_size=1, max_size=4)), min_size=1, max_size=6
    ).map("".join),
).filter(lambda s: s.strip() and not any(0xD800 <= ord(c) <= 0xDFFF for c in s))
_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _last(fake: FakeYouTrack) -> Any:
    return fake.stats.log[-1]


#: ``yt`` (root conftest): a client of the demo fake that never retries.
pytestmark = pytest.mark.yt(retry=RetryPolicy(max_retries=0))


@_SETTINGS
@given(ident=ids)
async def test_issue_ids_never_change_the_path(
    fake: FakeYouTrack, yt: YouTrack, ident: str
) -> None:
    assume(ident.upper() not in fake.store.issues_by_readable and ident not in fake.store.issues)
    with pytest.raises(NotFoundError) as info:
        await yt.issues.get(ident)
    record = _last(fake)
    assert record.method == "GET"
    assert record.path == f"api/issues/{ident}"
    assert set(record.query) == {"fields"}
    # The issue route answered, about this very id (not some other route or entity).
    assert info.value.error_description == f"Entity with id {ident} not found"


@_SETTINGS
@given(ident=ids)
async def test_comment_writes_to_odd_ids_never_change_the_path(
    fake: FakeYouTrack, yt: YouTrack, ident: str
) -> None:
    assume(ident.upper() not in fake.store.issues_by_readable and ident not in fake.store.issues)
    comments = len(fake.store.comments)
    with pytest.raises(NotFoundError):
        await yt.issues.comments.add(ident, "hello")
    record = _last(fake)
    assert (record.method, record.path) == ("POST", f"api/issues/{ident}/comments")
    assert set(record.query) == {"fields"}
    assert len(fake.store.comments) == comments


@_SETTINGS
@given(ident=ids)
async def test_the_server_sees_one_encoded_segment(
    server: Any, client_factory: ClientFactory, ident: str
) -> None:
    async def missing(request: web.Request) -> web.Response:
        return web.json_response({"error": "Not Found"}, status=404)

    server.handler = missing
    yt = client_factory(server.url, retry=RetryPolicy(max_retries=0))
    with pytest.raises(NotFoundError):
        await yt.projects.get(ident)
    raw_path, _, query = server.requests[-1].raw_path.partition("?")
    assert raw_path.split("/") == ["", "api", "admin", "projects", quote(ident, safe="")] or (
        # "." and ".." are spelled %2E / %2E%2E so no one resolves them as dot-segments.
        ident in (".", "..") and raw_path == "/api/admin/projects/" + "%2E" * len(ident)
    )
    assert query.startswith("fields=")
    assert "#" not in server.requests[-1].raw_path


async def test_ids_that_cannot_be_encoded_are_refused_before_sending(
    fake: FakeYouTrack, yt: YouTrack
) -> None:
    before = fake.stats.requests
    for bad in ["\ud800", "SP-\udfff"]:
        with pytest.raises(InvalidRequestError):
            await yt.issues.get(bad)
    for empty in ["", "   "]:
        with pytest.raises(InvalidRequestError):
            await yt.issues.get(empty)
    with pytest.raises(InvalidRequestError):
        await yt.issues.get(42)  # type: ignore[call-overload]
    assert fake.stats.requests == before


# --- values refused before anything is sent -----------------------------------------


def _deep(depth: int) -> list[Any]:
    top: list[Any] = []
    inner = top
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return top


async def _open_stream(yt: YouTrack, path: Any, **kwargs: Any) -> None:
    method = kwargs.pop("method", "GET")
    async with yt.stream(method, path, **kwargs):
        pass


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"Nope": "x"}, UnknownCustomFieldError),
        ({"priority": "Critical"}, UnknownCustomFieldError),
        ({"Priority": "Nonexistent"}, CustomFieldError),
        ({"Priority": 5}, CustomFieldError),
        ({"Priority": ["Critical", "Major"]}, CustomFieldError),
        ({"State": object()}, CustomFieldError),
        ({"Estimation": -5}, CustomFieldError),
        ({"Estimation": dt.timedelta(minutes=-1)}, CustomFieldError),
        ({"Estimation": 2**31}, CustomFieldError),  # PeriodValue.minutes is int32
        ({"Estimation": dt.timedelta(minutes=2**31)}, CustomFieldError),
        ({"Due Date": "tomorrow"}, CustomFieldError),
        ({"Due Date": dt.datetime(2024, 1, 1)}, CustomFieldError),
        ({"Fix versions": 3}, CustomFieldError),
        ({1: "Critical"}, InvalidRequestError),
        ({"": "Critical"}, InvalidRequestError),
    ],
)
async def test_bad_custom_field_writes_are_refused_before_sending(
    fake: FakeYouTrack, yt: YouTrack, fields: dict[Any, Any], error: type[Exception]
) -> None:
    issues, summary = len(fake.store.issues), fake.issue("SP-1").summary
    with pytest.raises(error) as info:
        await yt.issues.create("SP", "never created", fields=fields)
    assert str(info.value)
    with pytest.raises(error):
        await yt.issues.update("SP-1", summary="never applied", fields=fields)
    # Reads of the project's schema are fine; no write reached the server.
    assert [r.path for r in fake.stats.log if r.method == "POST"] == []
    assert len(fake.store.issues) == issues
    assert fake.issue("SP-1").summary == summary


async def test_unknown_field_names_are_listed_with_a_suggestion(yt: YouTrack) -> None:
    with pytest.raises(UnknownCustomFieldError) as info:
        await yt.issues.create("SP", "x", fields={"Prority": "Critical"})
    assert "Priority" in str(info.value)
    assert info.value.field == "Prority"


@pytest.mark.parametrize(
    "call",
    [
        lambda yt: yt.issues.create(5, "x"),
        lambda yt: yt.issues.create("SP", ""),
        lambda yt: yt.issues.create("SP", None),
        lambda yt: yt.issues.create("SP", "x", fields=[("Priority", "Critical")]),
        lambda yt: yt.issues.update("SP-1"),
        lambda yt: yt.issues.update("SP-1", summary=7),
        lambda yt: yt.issues.comments.add("SP-1", ""),
        lambda yt: yt.issues.comments.add("SP-1", b"bytes"),
        lambda yt: yt.request("POST", "api/issues", json={"when": dt.datetime.now()}),
        lambda yt: yt.request("POST", "api/issues", json={"x": float("nan")}),
        lambda yt: yt.request("GET", "api/issues", params={"query": object()}),
        lambda yt: yt.request("GET", "api/issues", params={"$top": float("inf")}),
        lambda yt: yt.request("GET", "api/issues", params={"q": "\ud800"}),
        lambda yt: yt.request("GET", "//evil.example/api/issues"),
        lambda yt: yt.request("GET", "https://evil.example/api/issues"),
        lambda yt: yt.request("POST", "api/issues", json={}, data=b"x"),
        lambda yt: yt.request("GET", "api/issues", timeout=-1),
        lambda yt: yt.request("GET", 42),
        lambda yt: yt.request(1, "api/issues"),
        lambda yt: yt.request("GET", "api/issues/\ud800"),
        lambda yt: yt.request("GET", "http://127.0.0.1:abc/api/issues"),
        lambda yt: yt.request("GET", "http://127.0.0.1:99999/api/issues"),
        lambda yt: yt.request("GET", "http://[::1/api/issues"),
        lambda yt: yt.request("GET", "api/issues", params=[("query", "x")]),
        lambda yt: yt.request("GET", "api/issues", params="query=x"),
        lambda yt: yt.request("GET", "api/issues", headers={1: "x"}),
        lambda yt: yt.request("GET", "api/issues", headers={"X-Count": 1}),
        lambda yt: yt.request("GET", "api/issues", headers=[("X-A", "b")]),
        lambda yt: yt.request("GET", "api/issues", timeout=float("inf")),
        lambda yt: yt.request("GET", "api/issues", timeout=aiohttp.ClientTimeout(total=-1)),
        lambda yt: yt.request("GET", "api/issues", timeout=aiohttp.ClientTimeout(connect=math.inf)),
        lambda yt: yt.request("POST", "api/issues", json=_deep(100_000)),
        lambda yt: yt.issues.sprints.list("SP-8", params=1),
        lambda yt: _open_stream(yt, "/api/files/\ud800"),
        lambda yt: _open_stream(yt, "api/files/1", params=5),
        lambda yt: _open_stream(yt, "api/files/1", method=None),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    fake: FakeYouTrack, yt: YouTrack, call: Callable[[YouTrack], Any]
) -> None:
    before = fake.stats.requests
    with pytest.raises(InvalidRequestError) as info:
        await call(yt)
    assert str(info.value)
    assert fake.stats.requests == before


# --- construction -----------------------------------------------------------------------


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YOUTRACK_URL", raising=False)
    monkeypatch.delenv("YOUTRACK_TOKEN", raising=False)


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), "YOUTRACK_URL"),
        (("https://yt.example.com",), "YOUTRACK_TOKEN"),
        (("", "perm:x"), "YOUTRACK_URL"),
        (("https://yt.example.com", ""), "YOUTRACK_TOKEN"),
        (("https://yt.example.com", "   "), "YOUTRACK_TOKEN"),
        (("yt.example.com", "perm:x"), "http(s)"),
        (("ftp://yt.example.com", "perm:x"), "http(s)"),
        (("http://yt.example.com", "perm:x"), "https"),
        (("https://user:pw@yt.example.com", "perm:x"), "user name or password"),
        (("https://yt.example.com?x=1", "perm:x"), "query"),
        ((None, "perm:x"), "YOUTRACK_URL"),
        ((5, "perm:x"), "str"),
        (("https://yt.example.com", 5), "str"),
    ],
)
def test_a_missing_or_bad_url_or_token_is_a_clear_error_at_construction(
    args: tuple[Any, ...], words: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        YouTrack(*args)
    assert words in str(info.value)


def test_the_environment_supplies_url_and_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YOUTRACK_URL", "https://yt.example.com/youtrack/api/")
    monkeypatch.setenv("YOUTRACK_TOKEN", "perm:from-env")
    assert YouTrack().base_url == "https://yt.example.com/youtrack/"
