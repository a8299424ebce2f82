"""Root fixtures of the test suite: a demo FakeYouTrack with a client of it (``fake``,
``yt``, ``sent``) for the integration tests.

The ground truth (JetBrains' OpenAPI document and documentation samples) is never in the
repository: tests find it through :mod:`shared_data` (``../shared/youtrack`` beside the
checkout, or ``$AIOYOUTRACK_GROUND_TRUTH``) and are skipped, with one reason naming the
folder, where it is absent.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest_asyncio

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack

# --- a demo FakeYouTrack and clients of it ------------------------------------------


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeYouTrack]:
    """A running fake with the demo seed; no test may trip a bug inside it."""
    async with FakeYouTrack(seed="demo") as running:
        yield running
        assert running.internal_errors == []


@pytest_asyncio.fixture
async def yt(fake: FakeYouTrack) -> AsyncIterator[YouTrack]:
    """A client of ``fake`` as root; closed after the test, with nothing left running."""
    async with YouTrack(fake.url, token=fake.token) as client:
        yield client
        assert client.in_flight == 0
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert not [t for t in leftovers if "aioyoutrack" in t.get_name()], leftovers


class Sent:
    """The JSON bodies a client sent, in order (from aiohttp's request tracing)."""

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
        """The last body, decoded."""
        return json.loads(self.chunks[-1])


@pytest_asyncio.fixture
async def sent(fake: FakeYouTrack) -> AsyncIterator[tuple[YouTrack, Sent]]:
    """A client of ``fake`` whose request bodies are recorded."""
    recorder = Sent()
    async with YouTrack(fake.url, token=fake.token, trace_configs=[recorder.trace]) as client:
        yield client, recorder
