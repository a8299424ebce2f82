"""Fixtures of the resources II tests: a demo FakeYouTrack, a client of it as root, and
a recorder of the JSON bodies the client sends.

Tests go through the public client API; the fake's request log (``fake.stats.log``)
and the recorded bodies show what went over the wire.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeYouTrack]:
    """A running fake with the demo seed; no test may trip a bug inside it."""
    async with FakeYouTrack(seed="demo") as running:
        yield running
        assert running.internal_errors == []


@pytest_asyncio.fixture
async def yt(fake: FakeYouTrack) -> AsyncIterator[YouTrack]:
    """A client of ``fake`` as root; closed after the test with nothing left running."""
    async with YouTrack(fake.url, token=fake.token) as client:
        yield client
        assert client.in_flight == 0
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert not [t for t in leftovers if "aioyoutrack" in t.get_name()], leftovers


class Bodies:
    """Request bodies a client sent, in order (from aiohttp's request tracing)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_chunk_sent.append(self._on_chunk)

    async def _on_chunk(
        self,
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestChunkSentParams,
    ) -> None:
        self.chunks.append(params.chunk)

    @property
    def last(self) -> Any:
        """The last JSON body, decoded."""
        return json.loads(self.chunks[-1])


@pytest_asyncio.fixture
async def traced(fake: FakeYouTrack) -> AsyncIterator[tuple[YouTrack, Bodies]]:
    """A client of ``fake`` whose request bodies are recorded."""
    bodies = Bodies()
    async with YouTrack(fake.url, token=fake.token, trace_configs=[bodies.trace]) as client:
        yield client, bodies


Log = Callable[..., list[tuple[str, str]]]


@pytest.fixture
def log(fake: FakeYouTrack) -> Log:
    """``log(method=None)``: (method, decoded path) of each request the fake saw."""

    def entries(method: str | None = None) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in fake.stats.log if method in (None, r.method)]

    return entries
