"""A URL that is not YouTrack's API is said to be one: an error page that is not JSON,
from a generic web server or proxy, is UnexpectedResponseError; YouTrack's own JSON
errors keep their status errors."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack import (
    BadRequestError,
    NotFoundError,
    ServerError,
    UnexpectedResponseError,
    YouTrack,
    YouTrackError,
)
from aioyoutrack.testing import FakeYouTrack

_NGINX_404 = (
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
    "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (404, _NGINX_404, "text/html"),
        (404, "404 page not found\n", "text/plain"),
        (405, "Method Not Allowed", "text/plain"),
        (410, "<h1>Gone</h1>", "text/html"),
        (501, "<html><body>Not Implemented</body></html>", "text/html"),
        (404, "", "text/html"),
        (400, "<center>The plain HTTP request was sent to HTTPS port</center>", "text/html"),
    ],
    ids=[
        "html-404",
        "text-404",
        "text-405",
        "html-410",
        "html-501",
        "empty-html-404",
        "nginx-http-to-https-400",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_an_error_page_that_is_not_json_says_the_url_is_not_youtrack(
    fake: FakeYouTrack, yt: YouTrack, status: int, body: str, content_type: str, method: str
) -> None:
    fake.faults.add("api/*", status=status, body=body, content_type=content_type)
    body_sent = {"summary": "never created"} if method == "POST" else None
    with pytest.raises(UnexpectedResponseError) as info:
        await yt.request(
            method, "api/users/me" if method == "GET" else "api/issues", json=body_sent
        )
    error = info.value
    assert "does not look like a YouTrack service" in str(error)
    assert "check the base URL" in str(error)
    assert f"HTTP {status}" in str(error)
    assert error.status == status
    assert error.content_type == content_type
    assert error.body == (body[:500] or None)
    assert error.may_have_been_applied is False
    assert fake.token not in str(error)
    assert fake.stats.requests == 1  # refused: never retried


async def test_youtrack_json_404_keeps_not_found(fake: FakeYouTrack, yt: YouTrack) -> None:
    # YouTrack's own answer for an unknown path (JetBrains' documentation sample 040).
    body = {"error": "Not Found", "error_description": "HTTP 404 Not Found"}
    fake.faults.add("api/*", status=404, body=body)
    with pytest.raises(NotFoundError) as info:
        await yt.users.me()
    assert info.value.error == "Not Found"
    assert info.value.body == body


async def test_unknown_issue_is_still_not_found(yt: YouTrack) -> None:
    with pytest.raises(NotFoundError):
        await yt.issues.get("SP-99999")


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ({"status": 502, "body": "<h1>Bad Gateway</h1>", "content_type": "text/html"}, ServerError),
        ({"status": 404, "body": {"error": "Not Found"}}, NotFoundError),
        ({"status": 404, "body": b""}, NotFoundError),
        ({"status": 400, "body": {"error": "invalid_query"}}, BadRequestError),
    ],
    ids=["proxy-502-page", "json-404", "bare-404", "json-400"],
)
async def test_other_error_answers_keep_their_status_error(
    fake: FakeYouTrack, yt: YouTrack, fault: dict[str, Any], expected: type[YouTrackError]
) -> None:
    fake.faults.add("api/users/me", times=10, **fault)
    with pytest.raises(expected):
        await yt.users.me()
