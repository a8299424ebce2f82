"""mocked_yt.request() against aioresponses: headers, bodies, status mapping, JSON decoding."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import attrs
import pytest

from aioyoutrack import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseValidationError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    YouTrack,
)
from aioyoutrack._client import DEFAULT_USER_AGENT
from aioyoutrack._fields import fields_for

BASE = "https://mocked_yt.example.com"
ANY = re.compile(r"^https://mocked_yt\.example\.com/.*$")


@pytest.fixture
async def mocked_yt(token: str) -> Any:
    client = YouTrack(BASE, token, retry=RetryPolicy(max_retries=0))
    yield client
    await client.aclose()


def _only_call(mocked: Any) -> tuple[str, str, dict[str, Any]]:
    calls = mocked.calls()
    assert len(calls) == 1
    return calls[0]


async def test_every_request_carries_accept_token_and_user_agent(
    mocked_yt: YouTrack, mocked: Any, token: str
) -> None:
    mocked.get(ANY, payload={"login": "root"})
    assert await mocked_yt.request("GET", "api/users/me") == {"login": "root"}
    method, url, kwargs = _only_call(mocked)
    assert (method, url) == ("GET", f"{BASE}/api/users/me")
    headers = kwargs["headers"]
    assert headers["Accept"] == "application/json"
    assert headers["Authorization"] == f"Bearer {token}"
    assert headers["User-Agent"] == DEFAULT_USER_AGENT
    assert "Content-Type" not in headers
    assert kwargs["allow_redirects"] is False
    assert "auth" not in kwargs


async def test_user_agent_can_be_overridden(mocked: Any, token: str) -> None:
    mocked.get(ANY, payload={})
    async with YouTrack(BASE, token, user_agent="my-bot/1.0") as mocked_yt:
        await mocked_yt.request("GET", "api/users/me")
    assert _only_call(mocked)[2]["headers"]["User-Agent"] == "my-bot/1.0"


async def test_json_bodies_are_sent_as_json(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.post(ANY, payload={"id": "2-1"})
    result = await mocked_yt.request(
        "POST", "api/issues", json={"summary": "Crash ü", "n": [1, None]}
    )
    assert result == {"id": "2-1"}
    _, _, kwargs = _only_call(mocked)
    assert kwargs["headers"]["Content-Type"] == "application/json"
    assert kwargs["data"] == '{"summary":"Crash ü","n":[1,null]}'.encode()


async def test_data_is_passed_through_for_multipart(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.post(ANY, payload=[{"id": "7-2"}])
    form = aiohttp.FormData()
    form.add_field("files[0]", b"bytes", filename="a.txt")
    await mocked_yt.request("POST", "api/issues/SP-1/attachments", data=form)
    _, _, kwargs = _only_call(mocked)
    assert isinstance(kwargs["data"], aiohttp.FormData)  # aioresponses stores a deep copy
    assert "Content-Type" not in kwargs["headers"]


async def test_json_and_data_together_are_refused(mocked_yt: YouTrack, mocked: Any) -> None:
    with pytest.raises(InvalidRequestError, match="json= or data="):
        await mocked_yt.request("POST", "api/x", json={}, data=b"x")
    assert mocked.calls() == []


async def test_unserializable_json_is_refused_before_sending(
    mocked_yt: YouTrack, mocked: Any
) -> None:
    with pytest.raises(InvalidRequestError, match="JSON"):
        await mocked_yt.request("POST", "api/x", json={"a": object()})
    assert mocked.calls() == []


async def test_extra_headers_merge_case_insensitively(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, payload={})
    await mocked_yt.request("GET", "api/x", headers={"accept-language": "de", "accept": "text/csv"})
    headers = _only_call(mocked)[2]["headers"]
    assert headers.getall("Accept") == ["text/csv"]
    assert headers["Accept-Language"] == "de"
    assert headers["Authorization"].startswith("Bearer ")
    assert "accept-language" not in mocked_yt._transport.headers


async def test_params_are_encoded_into_the_url(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, payload=[])
    await mocked_yt.request(
        "GET", "api/issues", params={"query": "for: me", "$top": 5, "customFields": ["A", "B"]}
    )
    url = _only_call(mocked)[1]
    assert url.startswith(f"{BASE}/api/issues?")
    assert "customFields=A" in url
    assert "customFields=B" in url
    assert "$top=5" in url


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
        (418, APIStatusError),
        (422, APIStatusError),
    ],
)
async def test_statuses_map_to_the_hierarchy(
    mocked_yt: YouTrack, mocked: Any, status: int, cls: type[APIStatusError]
) -> None:
    mocked.get(ANY, status=status, payload={"error": "code", "error_description": "text"})
    with pytest.raises(cls) as info:
        await mocked_yt.request("GET", "api/x")
    assert type(info.value) is cls
    assert info.value.status == status


async def test_youtrack_error_fields_are_kept_verbatim(mocked_yt: YouTrack, mocked: Any) -> None:
    body = {
        "error": "invalid_properties",
        "error_description": "Conditional field is hidden",
        "error_children": [
            {"error": "invalid", "error_description": "Fix", "error_developer_message": "d"}
        ],
    }
    mocked.post(ANY, status=400, payload=body)
    with pytest.raises(BadRequestError) as info:
        await mocked_yt.request("POST", "api/issues/SP-1", json={})
    err = info.value
    assert err.error == "invalid_properties"
    assert err.error_description == "Conditional field is hidden"
    assert err.error_children == body["error_children"]
    assert err.body == body
    assert err.method == "POST"
    assert err.url == f"{BASE}/api/issues/SP-1"
    assert str(err) == (
        "HTTP 400 Bad Request: invalid_properties: Conditional field is hidden "
        f"(POST {BASE}/api/issues/SP-1)"
    )
    assert err.may_have_been_applied is False


async def test_the_youtrack_404_for_a_path_hints_at_the_url(
    mocked_yt: YouTrack, mocked: Any
) -> None:
    mocked.get(
        ANY, status=404, payload={"error": "Not Found", "error_description": "HTTP 404 Not Found"}
    )
    with pytest.raises(NotFoundError) as info:
        await mocked_yt.request("GET", "api/nope")
    assert str(info.value) == (
        f"HTTP 404 Not Found: no such path: check the base URL and the path (GET {BASE}/api/nope)"
    )


async def test_a_404_for_an_entity_keeps_the_description(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, status=404, payload={"error": "Not Found", "error_description": "No issue"})
    with pytest.raises(NotFoundError) as info:
        await mocked_yt.request("GET", "api/issues/SP-999")
    assert str(info.value) == f"HTTP 404 Not Found: No issue (GET {BASE}/api/issues/SP-999)"


async def test_a_non_json_error_body_is_kept_as_an_excerpt(
    mocked_yt: YouTrack, mocked: Any
) -> None:
    page = "<html><body>" + "Bad gateway " * 100 + "</body></html>"
    mocked.get(ANY, status=502, body=page, content_type="text/html")
    with pytest.raises(ServerError) as info:
        await mocked_yt.request("GET", "api/x")
    err = info.value
    assert err.error is None
    assert err.error_children == []
    assert isinstance(err.body, str)
    assert err.body == page[:500]
    assert str(err) == f"HTTP 502 Bad Gateway (GET {BASE}/api/x)"


async def test_401_without_description_hints_at_the_token(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, status=401, body="")
    with pytest.raises(AuthenticationError, match="check the token"):
        await mocked_yt.request("GET", "api/users/me")


async def test_rate_limit_carries_retry_after(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, status=429, headers={"Retry-After": "7"}, payload={"error": "too_many"})
    with pytest.raises(RateLimitError) as info:
        await mocked_yt.request("GET", "api/x")
    assert info.value.retry_after == 7.0
    assert info.value.headers["Retry-After"] == "7"


@pytest.mark.parametrize(
    ("method", "status", "idempotent", "applied"),
    [
        ("POST", 500, None, True),
        ("POST", 502, None, True),
        ("POST", 503, None, False),
        ("POST", 429, None, False),
        ("POST", 400, None, False),
        ("GET", 500, None, False),
        ("DELETE", 500, None, False),
        ("GET", 500, False, True),
        ("POST", 500, True, False),
    ],
)
async def test_may_have_been_applied_marks_possibly_applied_writes(
    mocked_yt: YouTrack,
    mocked: Any,
    method: str,
    status: int,
    idempotent: bool | None,
    applied: bool,
) -> None:
    mocked.add(ANY, method=method, status=status, payload={"error": "x"})
    with pytest.raises(APIStatusError) as info:
        await mocked_yt.request(method, "api/x", idempotent=idempotent)
    assert info.value.may_have_been_applied is applied


async def test_a_transport_error_becomes_api_connection_error(
    mocked_yt: YouTrack, mocked: Any
) -> None:
    cause = aiohttp.ServerDisconnectedError()
    mocked.post(ANY, exception=cause)
    with pytest.raises(APIConnectionError) as info:
        await mocked_yt.request("POST", "api/issues", json={})
    # A frameless copy (aiohttp's frames may hold the request head, token included).
    assert type(info.value.__cause__) is type(cause)
    assert str(info.value.__cause__) == str(cause)
    assert info.value.__cause__.__traceback__ is None
    assert info.value.request_sent is True
    assert info.value.may_have_been_applied is True


async def test_empty_bodies_are_none(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.post(ANY, body=b"", content_type="application/json")
    mocked.post(ANY, status=204, body=b"", content_type="text/plain")
    mocked.post(ANY, body=b"  \n", content_type="application/json")
    for _ in range(3):
        assert await mocked_yt.request("POST", "api/commands", json={"query": "tag x"}) is None


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json;charset=utf-8", "application/vnd.api+json"],
)
async def test_json_content_types_are_accepted(
    mocked_yt: YouTrack, mocked: Any, content_type: str
) -> None:
    mocked.get(ANY, body=b'{"a": 1}', content_type=content_type)
    assert await mocked_yt.request("GET", "api/x") == {"a": 1}


async def test_an_html_page_with_200_says_check_the_base_url(
    mocked_yt: YouTrack, mocked: Any
) -> None:
    mocked.get(ANY, body="<!doctype html><html>YouTrack</html>", content_type="text/html")
    with pytest.raises(UnexpectedResponseError, match="check the base URL") as info:
        await mocked_yt.request("GET", "api/users/me")
    assert info.value.content_type == "text/html"
    assert info.value.status == 200
    assert info.value.body == "<!doctype html><html>YouTrack</html>"


@pytest.mark.parametrize(
    "body",
    [b'{"a": 1', b'{"a": "\xff\xfe"}', b"not json", b'{"a": 1}{"b": 2}'],
    ids=["truncated", "bad-utf8", "garbage", "two-values"],
)
async def test_broken_json_is_an_unexpected_response(
    mocked_yt: YouTrack, mocked: Any, body: bytes
) -> None:
    mocked.get(ANY, body=body, content_type="application/json")
    with pytest.raises(UnexpectedResponseError, match="not valid JSON") as info:
        await mocked_yt.request("GET", "api/x")
    assert isinstance(info.value.__cause__, ValueError)


async def test_a_redirect_without_location_is_a_status_error(
    mocked_yt: YouTrack, mocked: Any
) -> None:
    mocked.get(ANY, status=302, body=b"")
    with pytest.raises(APIStatusError) as info:
        await mocked_yt.request("GET", "api/x")
    assert info.value.status == 302


async def test_https_to_http_redirect_is_refused(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, status=301, headers={"Location": "http://mocked_yt.example.com/api/x"})
    with pytest.raises(RedirectError, match=r"leaves https://mocked_yt\.example\.com") as info:
        await mocked_yt.request("GET", "api/x")
    assert info.value.location == "http://mocked_yt.example.com/api/x"
    assert info.value.status == 301
    assert len(mocked.calls()) == 1


@attrs.define(kw_only=True)
class _Project:
    id: str | None = None
    name: str | None = None


async def test_model_sends_fields_and_structures_the_result(
    mocked_yt: YouTrack, mocked: Any
) -> None:
    mocked.get(ANY, payload={"id": "0-0", "name": "Sample", "$type": "Project"})
    project = await mocked_yt.request("GET", "api/admin/projects/0-0", model=_Project)
    assert project == _Project(id="0-0", name="Sample")
    url = _only_call(mocked)[1]
    assert "fields=" in url
    assert fields_for(_Project)


async def test_model_keeps_an_explicit_fields_param(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, payload=[{"id": "0-0"}])
    result = await mocked_yt.request("GET", "api/x", params={"fields": "id"}, model=list[_Project])
    assert result == [_Project(id="0-0")]
    assert _only_call(mocked)[1] == f"{BASE}/api/x?fields=id"


@attrs.define(kw_only=True)
class _Counter:
    count: int | None = None


async def test_validation_errors_name_the_request(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, payload={"count": "many"})
    with pytest.raises(ResponseValidationError) as info:
        await mocked_yt.request("GET", "api/x", params={"fields": "id"}, model=_Counter)
    assert info.value.method == "GET"
    assert info.value.url == f"{BASE}/api/x?fields=id"
    assert str(info.value).endswith(f"(GET {BASE}/api/x?fields=id)")


async def test_an_empty_body_does_not_fit_a_model(mocked_yt: YouTrack, mocked: Any) -> None:
    mocked.get(ANY, body=b"")
    with pytest.raises(ResponseValidationError, match="empty"):
        await mocked_yt.request("GET", "api/x", model=_Project)
