"""Black-box (public API only): packaging, configuration, URL normalisation, lifecycle.

Written for issue #2, points 1-2.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.metadata
import inspect
import re
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import pytest

import aioyoutrack
from aioyoutrack import YouTrack
from aioyoutrack.errors import ClientClosedError, ConfigurationError, YouTrackError
from aioyoutrack.testing import FakeYouTrack

# ---------------------------------------------------------------- 1. packaging


def test_version_and_py_typed() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", aioyoutrack.__version__)
    assert importlib.metadata.version("aioyoutrack") == aioyoutrack.__version__
    assert (Path(aioyoutrack.__file__).parent / "py.typed").is_file()


def _runtime_names(distribution: str) -> set[str]:
    dist = importlib.metadata.distribution(distribution)
    return {
        re.split(r"[ <>=!~;\[]", req, maxsplit=1)[0].lower().replace("_", "-")
        for req in dist.requires or []
        if "extra ==" not in req
    }


def test_runtime_dependencies_are_aiohttp_attrs_cattrs_only() -> None:
    dist = importlib.metadata.distribution("aioyoutrack")
    runtime = _runtime_names("aioyoutrack")
    # typing_extensions is imported directly (PEP 696 TypeVar defaults), so it is
    # declared; it installs nothing new because cattrs itself requires it.
    assert runtime == {"aiohttp", "attrs", "cattrs", "typing-extensions"}
    assert "typing-extensions" in _runtime_names("cattrs")
    floor = [r for r in dist.requires or [] if r.startswith("aiohttp")]
    assert floor
    assert ">=" in floor[0]
    assert dist.metadata["Requires-Python"].replace(" ", "") == ">=3.10"
    extras = set(dist.metadata.get_all("Provides-Extra") or [])
    assert {"test", "dev"} <= extras


def test_every_public_name_has_a_docstring() -> None:
    missing = [
        name
        for name in aioyoutrack.__all__
        if not name.startswith("__")
        and (
            inspect.isclass(getattr(aioyoutrack, name))
            or inspect.isfunction(getattr(aioyoutrack, name))
        )
        and not (getattr(aioyoutrack, name).__doc__ or "").strip()
    ]
    assert missing == []


# ---------------------------------------------------------------- 2. configuration


def test_missing_url_or_token_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YOUTRACK_URL", raising=False)
    monkeypatch.delenv("YOUTRACK_TOKEN", raising=False)
    with pytest.raises(ConfigurationError, match="YOUTRACK_URL"):
        YouTrack(token="perm:x")
    with pytest.raises(ConfigurationError, match="YOUTRACK_TOKEN"):
        YouTrack("https://yt.example.com")
    assert issubclass(ConfigurationError, YouTrackError)


def test_url_and_token_from_environment(
    monkeypatch: pytest.MonkeyPatch, acc: SimpleNamespace
) -> None:
    monkeypatch.setenv("YOUTRACK_URL", "https://env.example.com/youtrack")
    monkeypatch.setenv("YOUTRACK_TOKEN", acc.SECRET)
    yt = YouTrack()
    assert "env.example.com/youtrack" in repr(yt)
    assert acc.SECRET_TAIL not in repr(yt)
    # explicit arguments win over the environment
    assert "other.example.com" in repr(YouTrack("https://other.example.com", "perm:y"))


@pytest.mark.parametrize(
    "given",
    [
        "{root}",
        "{root}/",
        "{root}/api",
        "{root}/api/",
        "{root}//",
    ],
)
async def test_base_url_forms_with_context_path(given: str) -> None:
    async with FakeYouTrack(seed=None, context_path="youtrack") as fake:
        root = fake.url.rstrip("/")
        assert root.endswith("/youtrack")
        async with YouTrack(given.format(root=root), fake.token) as yt:
            me = await yt.users.me()
            assert me.login == "root"
            raw = await yt.request("GET", "api/users/me", params={"fields": "login"})
            assert raw["login"] == "root"
        # the fake records paths relative to its service root, /youtrack/
        assert [rec.path for rec in fake.stats.log] == ["api/users/me", "api/users/me"]


@pytest.mark.parametrize("suffix", ["", "/", "/api", "/api/"])
async def test_base_url_forms_without_context_path(suffix: str) -> None:
    async with FakeYouTrack(seed=None) as fake:
        async with YouTrack(fake.url.rstrip("/") + suffix, fake.token) as yt:
            assert (await yt.users.me()).login == "root"
        assert [rec.path for rec in fake.stats.log] == ["api/users/me"]


async def test_ipv6_loopback_over_plain_http() -> None:
    async with FakeYouTrack(seed=None, host="::1") as fake:
        assert "[::1]" in fake.url
        async with YouTrack(fake.url, fake.token) as yt:
            assert (await yt.users.me()).login == "root"


async def test_localhost_name_over_plain_http() -> None:
    async with FakeYouTrack(seed=None) as fake:
        url = fake.url.replace("127.0.0.1", "localhost")
        async with YouTrack(url, fake.token) as yt:
            assert (await yt.users.me()).login == "root"


@pytest.mark.parametrize(
    "url",
    [
        "http://yt.example.com",
        "http://10.0.0.1:8080",
        "http://localhost.evil.example:80",
        "http://127.0.0.1.nip.io",
    ],
)
def test_plain_http_to_non_loopback_refused(url: str) -> None:
    with pytest.raises(ConfigurationError):
        YouTrack(url, "perm:x")
    # ... unless explicitly allowed
    YouTrack(url, "perm:x", allow_insecure_http=True)


@pytest.mark.parametrize(
    "url", ["ftp://yt.example.com", "yt.example.com", "https://", "https://u:p@yt.example.com"]
)
def test_malformed_urls_refused(url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        YouTrack(url, "perm:x")
    assert ":p@" not in str(info.value)


def test_client_can_be_built_outside_a_running_loop() -> None:
    # The session is created lazily inside the running loop, so a module-level client works.
    yt = YouTrack("https://yt.example.com", "perm:x")
    assert not yt.closed


async def test_lifecycle_aclose_idempotent_and_use_after_close(bare: FakeYouTrack) -> None:
    yt = YouTrack(bare.url, bare.token)
    assert (await yt.users.me()).login == "root"
    await yt.aclose()
    await yt.aclose()
    assert yt.closed
    with pytest.raises(ClientClosedError):
        await yt.users.me()
    with pytest.raises(ClientClosedError):
        await yt.request("GET", "api/users/me")


async def test_never_used_client_closes_cleanly() -> None:
    yt = YouTrack("https://yt.example.com", "perm:x")
    await yt.aclose()
    async with YouTrack("https://yt.example.com", "perm:x"):
        pass


async def test_borrowed_session_is_never_closed(bare: FakeYouTrack) -> None:
    async with aiohttp.ClientSession() as session:
        async with YouTrack(bare.url, bare.token, session=session) as yt:
            assert (await yt.users.me()).login == "root"
        assert not session.closed
        await yt.aclose()
        assert not session.closed
        # the session still works for its owner
        async with session.get(
            bare.url + "api/users/me", headers={"Authorization": f"Bearer {bare.token}"}
        ) as resp:
            assert resp.status == 200


async def test_borrowed_session_headers_do_not_override_the_token(bare: FakeYouTrack) -> None:
    headers = {"Authorization": "Bearer perm:wrong"}
    async with (
        aiohttp.ClientSession(headers=headers) as session,
        YouTrack(bare.url, bare.token, session=session) as yt,
    ):
        assert (await yt.users.me()).login == "root"


async def test_borrowed_session_with_raise_for_status_still_maps_errors(
    fake: FakeYouTrack, acc: SimpleNamespace
) -> None:
    """A user's shared session may have raise_for_status=True; DESIGN §3 says the library
    never relies on it: a 404 must still be NotFoundError (not a 'connection failed'),
    and a GET 404 must not be retried as if it were a transport error."""
    from aioyoutrack import NotFoundError

    async with (
        aiohttp.ClientSession(raise_for_status=True) as session,
        YouTrack(fake.url, fake.token, session=session, retry=acc.fast_retry()) as yt,
    ):
        fake.stats.reset()
        with pytest.raises(NotFoundError):
            await yt.issues.get("SP-99999")
        assert fake.stats.requests == 1


def test_no_unclosed_session_warning_after_close() -> None:
    async def main() -> None:
        async with FakeYouTrack(seed=None) as fake:
            yt = YouTrack(fake.url, fake.token)
            await yt.users.me()
            await yt.aclose()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(main())
        gc.collect()
    unclosed = [w for w in caught if "Unclosed" in str(w.message)]
    assert unclosed == []


def test_user_agent_default_and_override() -> None:
    async def main() -> list[str]:
        seen: list[str] = []
        async with FakeYouTrack(seed=None) as fake:
            trace = aiohttp.TraceConfig()

            async def on_start(
                session: object, ctx: object, params: aiohttp.TraceRequestStartParams
            ) -> None:
                seen.append(params.headers.get("User-Agent", ""))

            trace.on_request_start.append(on_start)
            async with YouTrack(fake.url, fake.token, trace_configs=[trace]) as yt:
                await yt.users.me()
            async with YouTrack(
                fake.url, fake.token, trace_configs=[trace], user_agent="my-bot/1.0"
            ) as yt:
                await yt.users.me()
        return seen

    default, custom = asyncio.run(main())
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert default.startswith(f"aioyoutrack/{aioyoutrack.__version__} ")
    assert f"aiohttp/{aiohttp.__version__}" in default
    assert f"python/{py}" in default
    assert custom == "my-bot/1.0"
