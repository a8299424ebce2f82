"""Fixtures of the core tests: an aioresponses shim (``mocked``) and ``record_sleeps``.

aioresponses 0.7.9 builds ``aiohttp.ClientResponse`` without the ``stream_writer``
argument that aiohttp 3.14 made required (``ClientResponse.__init__() missing ...
'stream_writer'``). :class:`CompatResponse` supplies a writer stub when the installed
aiohttp wants one, and the ``mocked`` fixture passes it as ``response_class`` to every
mocked response, so the same tests run on aiohttp 3.14 and on the 3.10.11 floor.
A mocked body over 64 KiB trips 3.14's flow control (the mock protocol has no
transport), so large bodies are tested on the loopback server instead.

The loopback servers (``server``, ``server_factory``), ``client_factory`` and ``token``
are the root conftest's.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aioresponses import aioresponses

from aioyoutrack import YouTrack

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_NEEDS_STREAM_WRITER = (
    "stream_writer" in inspect.signature(aiohttp.ClientResponse.__init__).parameters
)


class _NoStreamWriter:
    """Stands in for the request's stream writer, which a mocked response never has."""

    output_size = 0


class CompatResponse(aiohttp.ClientResponse):
    """``ClientResponse`` that accepts aioresponses' constructor call on every aiohttp."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        if _NEEDS_STREAM_WRITER:
            kwargs.setdefault("stream_writer", _NoStreamWriter())
        super().__init__(method, url, **kwargs)


class CompatAioresponses(aioresponses):  # type: ignore[misc]
    """aioresponses whose mocked responses are :class:`CompatResponse`."""

    def add(self, url: Any, method: str = "GET", **kwargs: Any) -> None:
        kwargs.setdefault("response_class", CompatResponse)
        super().add(url, method, **kwargs)

    def calls(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every request as (method, url, kwargs), in order of arrival."""
        found = []
        for (method, url), requests in self.requests.items():
            found.extend((method, str(url), call.kwargs) for call in requests)
        return found


@pytest.fixture
def mocked() -> Any:
    """aioresponses (with the aiohttp 3.14 shim) patching every ClientSession."""
    with CompatAioresponses() as mock:
        yield mock


@pytest.fixture
def record_sleeps() -> Callable[[YouTrack], list[float]]:
    """Make a client's retry waits instant; returns the list of waits it asked for."""

    def install(client: YouTrack) -> list[float]:
        delays: list[float] = []

        async def sleep(delay: float) -> None:
            delays.append(delay)

        client._retrier.sleep = sleep
        return delays

    return install
