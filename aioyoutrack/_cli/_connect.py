"""Opening the client the command works with: a real server, or the embedded fake."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING

import attrs
from yarl import URL

from .._config import normalize_base_url
from .._constants import DEFAULT_MAX_CONCURRENCY, ENV_TOKEN, ENV_URL
from .._retry import RetryPolicy
from ..client import YouTrack
from ..errors import ConfigurationError
from ._errors import UsageError

if TYPE_CHECKING:
    from ..testing import FakeYouTrack

__all__ = ["ConnectOptions", "connect", "make_client", "start_fake"]


@attrs.frozen(kw_only=True)
class ConnectOptions:
    """Connection settings from the command line (None: not given)."""

    url: str | None = None
    #: Kept out of reprs: it may come from the command line.
    token: str | None = attrs.field(default=None, repr=False)
    fake: bool = False
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    timeout: float | None = None
    retries: int | None = None
    allow_http: bool = False


async def start_fake(
    stack: AsyncExitStack, *, issues: int | None = None, latency: float = 0.0
) -> FakeYouTrack:
    """Start a FakeYouTrack with the demo data on loopback, closed with ``stack``."""
    # Imported here: the testing package is not needed for talking to a real server.
    from ..testing import FakeYouTrack

    return await stack.enter_async_context(
        FakeYouTrack(seed="demo", issues=issues, latency=latency)
    )


def _check_url(url: str, *, allow_http: bool) -> None:
    """Refuse, in terms of the command's options, the URLs whose library message names a
    parameter of :class:`YouTrack` (``allow_insecure_http=``, ``token=``); other problems
    are left to the client's own message."""
    if allow_http:
        return
    try:
        normalize_base_url(url)
    except ConfigurationError:
        try:
            normalize_base_url(url, allow_insecure_http=True)
        except ConfigurationError:
            pass  # something else is wrong with it; the client says what
        else:
            host = URL(url.strip()).raw_host or url
            raise ConfigurationError(
                f"refusing plain http to {host.lower()}: the token would travel unencrypted. "
                "Use https, or pass --allow-http if you really mean it"
            ) from None


def _check_credentials_not_in_url(url: str) -> None:
    try:
        parsed = URL(url.strip())
    except (ValueError, TypeError, UnicodeError):
        return  # the client says it is not a valid URL
    if parsed.raw_user is not None or parsed.raw_password is not None:
        raise ConfigurationError(
            "the YouTrack URL must not contain a user name or password; pass the token "
            f"with --token or {ENV_TOKEN}"
        )


def make_client(url: str, token: str, options: ConnectOptions) -> YouTrack:
    """A client with the command line's concurrency, timeout and retry settings."""
    _check_credentials_not_in_url(url)
    _check_url(url, allow_http=options.allow_http)
    retry = None if options.retries is None else RetryPolicy(max_retries=options.retries)
    return YouTrack(
        url,
        token,
        max_concurrency=options.max_concurrency,
        timeout=options.timeout,
        retry=retry,
        allow_insecure_http=options.allow_http,
    )


@asynccontextmanager
async def connect(options: ConnectOptions) -> AsyncIterator[YouTrack]:
    """Open the client (starting the embedded fake first with ``--fake``); close both on exit.

    The URL and token come from ``--url``/``--token``, else ``YOUTRACK_URL``/
    ``YOUTRACK_TOKEN``; a missing one raises :class:`ConfigurationError` naming all three
    ways to give it.
    """
    async with AsyncExitStack() as stack:
        url: str | None
        token: str | None
        if options.fake:
            if options.url is not None or options.token is not None:
                raise UsageError("--fake starts its own server: leave out --url and --token")
            fake = await start_fake(stack)
            url, token = fake.url, fake.token
        else:
            url = options.url if options.url is not None else os.environ.get(ENV_URL)
            token = options.token if options.token is not None else os.environ.get(ENV_TOKEN)
            if not url or not url.strip():
                raise ConfigurationError(
                    f"no YouTrack URL: pass --url, set {ENV_URL}, or try --fake"
                )
            if not token or not token.strip():
                raise ConfigurationError(
                    f"no YouTrack token: pass --token, set {ENV_TOKEN}, or try --fake"
                )
        yt = await stack.enter_async_context(make_client(url, token, options))
        del token
        yield yt
