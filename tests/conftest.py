"""Root fixtures of the test suite: where the YouTrack ground truth is, and a demo
FakeYouTrack with a client of it (``fake``, ``yt``, ``sent``) for the integration tests.

The spec and the documentation samples are read from ``../shared/youtrack`` beside the
checkout when it exists, else from the copy in ``tests/ground_truth``. The chosen folder
is published as ``AIOYOUTRACK_GROUND_TRUTH`` before any test module is imported, so test
modules read that one variable; setting it beforehand overrides the search.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest_asyncio

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (_HERE.parent.parent / "shared" / "youtrack", _HERE / "ground_truth")


def _ground_truth() -> Path:
    for candidate in _CANDIDATES:
        if (candidate / "openapi.json").is_file() and (candidate / "samples").is_dir():
            return candidate
    raise RuntimeError(f"no YouTrack ground truth in any of {[str(c) for c in _CANDIDATES]}")


os.environ.setdefault("AIOYOUTRACK_GROUND_TRUTH", str(_ground_truth()))


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
