"""Secrets never echoed: configuration errors and headers logged by trace hooks.

A token pasted where the URL goes (``--url perm:...``, or ``YouTrack(token, url)`` with
the arguments swapped), or a URL with a query string, credentials or a fragment, must
not come back in the error message. A trace hook that logs request headers with
``json.dumps``, ``%s`` or an f-string through ``redact_headers`` prints no token, while
the server still receives it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDict

from aioyoutrack import ConfigurationError, YouTrack, redact_headers
from aioyoutrack._masking import _SecretHeader

ClientFactory = Callable[..., YouTrack]
SECRET = "Sekr1tTokenTail0042"
PASTED_TOKEN = f"perm:cm9vdA==.NDQtMA==.{SECRET}"


@pytest.mark.parametrize(
    "url",
    [
        PASTED_TOKEN,
        f"  {PASTED_TOKEN}  ",
        f"perm-cm9vdA==.NDQtMA==.{SECRET}",
        f"https://example.youtrack.cloud/?token={SECRET}",
        f"https://example.youtrack.cloud/#{SECRET}",
        f"https://example.youtrack.cloud/{PASTED_TOKEN}",
        f"https://example.youtrack.cloud/perm-cm9vdA==.NDQtMA==.{SECRET}",  # review: taken
        f"https://user:{SECRET}@example.youtrack.cloud/?x=1",
        f"http://perm:{SECRET}.x/",
        f"ftp://example.youtrack.cloud/?a={SECRET}",
    ],
)
def test_a_configuration_error_never_echoes_a_secret_looking_url(url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        YouTrack(url, token="perm:YQ==.Yg==.c")
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value)


def test_swapped_url_and_token_are_named_without_echoing_either() -> None:
    with pytest.raises(ConfigurationError, match="not the other way round") as info:
        YouTrack(PASTED_TOKEN, "https://example.youtrack.cloud")  # type: ignore[misc]
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://perm-server.example.com",
        "http://perm:8080/",
        "https://yt.example/perm",
        "https://yt.example/perm-x/",
        "https://perm-team.corp.youtrack.cloud/",
        "https://perm-it.youtrack.mycompanyintranet.de",  # review: refused for a while
        "https://yt.example.com/perm-tools.v2.administration_console",
    ],
)
def test_urls_that_merely_start_like_a_token_still_work(url: str) -> None:
    YouTrack(url, token="perm:YQ==.Yg==.c", allow_insecure_http=True)


def test_a_query_free_url_error_still_shows_the_url() -> None:
    with pytest.raises(ConfigurationError, match=r"'https://example\.youtrack\.cloud/x'"):
        YouTrack("https://example.youtrack.cloud/x?y=1", token="perm:YQ==.Yg==.c")


def test_redact_headers_masks_credentials_and_gives_plain_strings() -> None:
    given = CIMultiDict(
        {
            "authorization": _SecretHeader(f"Bearer {PASTED_TOKEN}"),
            "Proxy-Authorization": "Basic abc",
            "Cookie": "a=b",
            "Accept": "application/json",
        }
    )
    shown = redact_headers(given)
    assert shown == {
        "authorization": "***",
        "Proxy-Authorization": "***",
        "Cookie": "***",
        "Accept": "application/json",
    }
    assert all(type(v) is str for v in shown.values())


async def test_a_trace_hook_logging_redacted_headers_in_any_form_prints_no_token(
    server: Any, client_factory: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server.json("GET", "/api/x", {"ok": True})
    log = logging.getLogger("tests.core.trace")
    trace = aiohttp.TraceConfig()

    async def on_start(session: Any, context: Any, params: aiohttp.TraceRequestStartParams) -> None:
        shown = redact_headers(params.headers)
        log.info("json %s", json.dumps(shown))
        log.info("percent %s", shown)
        log.info(f"fstring {shown} {shown['Authorization']}")
        log.info("repr of the raw mapping %r", params.headers)

    trace.on_request_start.append(on_start)
    yt = client_factory(server.url, token=PASTED_TOKEN, trace_configs=[trace])
    with caplog.at_level(logging.INFO, logger="tests.core.trace"):
        assert await yt.request("GET", "api/x") == {"ok": True}
    assert caplog.text.count("***") >= 4
    assert SECRET not in caplog.text
    # ... while the wire carried the token itself.
    assert server.requests[0].headers["Authorization"] == f"Bearer {PASTED_TOKEN}"
