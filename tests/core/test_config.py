"""YouTrack(...) configuration: URL normalisation, token, env fallback, argument checks."""

from __future__ import annotations

import sys

import aiohttp
import pytest

from aioyoutrack import ConfigurationError, RetryPolicy, YouTrack
from aioyoutrack._client import (
    DEFAULT_STREAM_TIMEOUT,
    DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
    normalize_base_url,
)


@pytest.mark.parametrize(
    ("given", "root"),
    [
        ("https://example.youtrack.cloud", "https://example.youtrack.cloud/"),
        ("https://example.youtrack.cloud/", "https://example.youtrack.cloud/"),
        ("https://example.youtrack.cloud/api", "https://example.youtrack.cloud/"),
        ("https://example.youtrack.cloud/api/", "https://example.youtrack.cloud/"),
        ("https://host/youtrack", "https://host/youtrack/"),
        ("https://host/youtrack/", "https://host/youtrack/"),
        ("https://host/youtrack/api", "https://host/youtrack/"),
        ("https://host/youtrack/api/", "https://host/youtrack/"),
        ("  HTTPS://Host.Example:8443/yt/api  ", "https://host.example:8443/yt/"),
        ("https://host:443/", "https://host/"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
        ("http://localhost/yt", "http://localhost/yt/"),
        ("http://[::1]:8080/api", "http://[::1]:8080/"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    ],
)
def test_base_url_is_normalised_to_the_service_root(given: str, root: str) -> None:
    assert normalize_base_url(given) == root
    assert YouTrack(given, "perm:x").base_url == root


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("https://host/?x=1", "query"),
        ("https://host/#top", "fragment"),
        ("https://user:pw@host/", "user name or password"),
        ("https://user@host/", "user name or password"),
        ("ftp://host/", "http(s)"),
        ("host.example", "http(s)"),
        ("https:///path", "http(s)"),
        ("", "pass url="),
        ("   ", "pass url="),
    ],
)
def test_bad_urls_are_refused(given: str, words: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        YouTrack(given, "perm:x")
    assert words in str(info.value)
    assert "pw" not in str(info.value)


def test_plain_http_is_refused_for_remote_hosts_unless_allowed() -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure_http"):
        YouTrack("http://youtrack.example.com", "perm:x")
    yt = YouTrack("http://youtrack.example.com", "perm:x", allow_insecure_http=True)
    assert yt.base_url == "http://youtrack.example.com/"


def test_url_must_be_a_string() -> None:
    with pytest.raises(ConfigurationError, match="str"):
        YouTrack(42, "perm:x")  # type: ignore[arg-type]


def test_url_and_token_fall_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YOUTRACK_URL", "https://env.example/api")
    monkeypatch.setenv("YOUTRACK_TOKEN", "perm:fromenv")
    yt = YouTrack()
    assert yt.base_url == "https://env.example/"
    assert yt._token.reveal() == "perm:fromenv"
    explicit = YouTrack("https://arg.example", "perm:arg")
    assert explicit.base_url == "https://arg.example/"
    assert explicit._token.reveal() == "perm:arg"


def test_missing_url_names_the_argument_and_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YOUTRACK_URL", raising=False)
    with pytest.raises(ConfigurationError, match=r"url=.*YOUTRACK_URL"):
        YouTrack(token="perm:x")


def test_missing_token_names_the_argument_and_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YOUTRACK_TOKEN", raising=False)
    with pytest.raises(ConfigurationError, match=r"token=.*YOUTRACK_TOKEN"):
        YouTrack("https://host")


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("Bearer perm:abc", "Bearer"),
        ("perm:a b", "whitespace"),
        ("perm:a\x00b", "control"),
        ("perm:\u20ac", "HTTP header"),
        (b"perm:abc", "str"),
    ],
)
def test_bad_tokens_are_refused_without_echoing_them(token: object, words: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        YouTrack("https://host", token)  # type: ignore[arg-type]
    assert words in str(info.value)
    assert "perm:" not in str(info.value)


def test_surrounding_whitespace_of_the_token_is_dropped() -> None:
    assert YouTrack("https://host", "  perm:abc\n")._token.reveal() == "perm:abc"


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "8"])
def test_max_concurrency_must_be_a_positive_int(value: object) -> None:
    with pytest.raises(ConfigurationError, match="max_concurrency"):
        YouTrack("https://host", "perm:x", max_concurrency=value)  # type: ignore[arg-type]


def test_timeout_seconds_set_the_total_and_keep_the_other_defaults() -> None:
    yt = YouTrack("https://host", "perm:x", timeout=5)
    assert yt.timeout.total == 5.0
    assert yt.timeout.connect == DEFAULT_TIMEOUT.connect
    assert yt.timeout.sock_read == DEFAULT_TIMEOUT.sock_read
    custom = aiohttp.ClientTimeout(total=None, sock_read=3)
    assert YouTrack("https://host", "perm:x", timeout=custom).timeout is custom
    assert YouTrack("https://host", "perm:x").timeout is DEFAULT_TIMEOUT


def test_default_timeouts_are_explicit() -> None:
    assert DEFAULT_TIMEOUT.total == 60.0
    assert DEFAULT_TIMEOUT.connect == 10.0
    # A buffered request is bounded by its total; no per-read timer to re-arm.
    assert DEFAULT_TIMEOUT.sock_read is None
    # A download has no total (it may be large) but may not go silent for long.
    assert DEFAULT_STREAM_TIMEOUT.total is None
    assert DEFAULT_STREAM_TIMEOUT.connect == 10.0
    assert DEFAULT_STREAM_TIMEOUT.sock_read == 30.0


def test_stream_timeout_follows_an_explicit_timeout() -> None:
    assert YouTrack("https://host", "perm:x").stream_timeout is DEFAULT_STREAM_TIMEOUT
    custom = aiohttp.ClientTimeout(total=None, sock_read=3)
    assert YouTrack("https://host", "perm:x", timeout=custom).stream_timeout is custom
    assert YouTrack("https://host", "perm:x", timeout=5).stream_timeout.total == 5.0


@pytest.mark.parametrize("value", [0, -1, float("nan"), "5", True])
def test_bad_timeouts_are_refused(value: object) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        YouTrack("https://host", "perm:x", timeout=value)  # type: ignore[arg-type]


def test_retry_must_be_a_retry_policy() -> None:
    policy = RetryPolicy(max_retries=0)
    assert YouTrack("https://host", "perm:x", retry=policy).retry is policy
    assert YouTrack("https://host", "perm:x").retry == RetryPolicy()
    with pytest.raises(ConfigurationError, match="RetryPolicy"):
        YouTrack("https://host", "perm:x", retry=3)  # type: ignore[arg-type]


def test_default_user_agent_names_library_aiohttp_and_python() -> None:
    python = ".".join(map(str, sys.version_info[:3]))
    assert DEFAULT_USER_AGENT.startswith("aioyoutrack/")
    assert f" aiohttp/{aiohttp.__version__} " in DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.endswith(f" python/{python}")


@pytest.mark.parametrize("value", ["", "  ", "a\nb", "a\rb", 5])
def test_bad_user_agents_are_refused(value: object) -> None:
    with pytest.raises(ConfigurationError, match="user_agent"):
        YouTrack("https://host", "perm:x", user_agent=value)  # type: ignore[arg-type]


def test_trace_configs_must_be_trace_configs() -> None:
    with pytest.raises(ConfigurationError, match="TraceConfig"):
        YouTrack("https://host", "perm:x", trace_configs=[object()])  # type: ignore[list-item]


async def test_trace_configs_cannot_be_combined_with_a_borrowed_session() -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(ConfigurationError, match="trace_configs"):
            YouTrack(
                "https://host", "perm:x", session=session, trace_configs=[aiohttp.TraceConfig()]
            )


async def test_borrowed_session_is_checked() -> None:
    with pytest.raises(ConfigurationError, match="ClientSession"):
        YouTrack("https://host", "perm:x", session=object())  # type: ignore[arg-type]
    session = aiohttp.ClientSession()
    await session.close()
    with pytest.raises(ConfigurationError, match="closed"):
        YouTrack("https://host", "perm:x", session=session)
    async with aiohttp.ClientSession(base_url="https://other/") as with_base:
        with pytest.raises(ConfigurationError, match="base_url"):
            YouTrack("https://host", "perm:x", session=with_base)


def test_repr_shows_url_and_concurrency_but_never_the_token() -> None:
    yt = YouTrack("https://host/youtrack", "perm:SECRETVALUE", max_concurrency=7)
    assert repr(yt) == "YouTrack(url='https://host/youtrack/', max_concurrency=7)"
    assert "SECRETVALUE" not in repr(vars(yt))
    assert "SECRETVALUE" not in repr(yt._token)
    assert "SECRETVALUE" not in str(yt._token)
    assert "SECRETVALUE" not in repr(yt._transport.headers)


def test_the_token_cannot_be_pickled() -> None:
    import pickle

    yt = YouTrack("https://host", "perm:SECRETVALUE")
    with pytest.raises(TypeError, match="pickled"):
        pickle.dumps(yt._token)
