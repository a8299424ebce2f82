"""Root fixtures of the test suite: a demo FakeYouTrack with a client of it (``fake``,
``yt``, ``sent``) for the integration tests, and the bridge for modules that still read
the YouTrack ground truth through ``AIOYOUTRACK_GROUND_TRUTH`` directly.

The ground truth (JetBrains' OpenAPI document and documentation samples) is never in the
repository: tests find it through :mod:`shared_data` (``../shared/youtrack`` beside the
checkout, or ``$AIOYOUTRACK_GROUND_TRUTH``) and are skipped, with one reason naming the
folder, where it is absent.
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
import pytest
import pytest_asyncio
from shared_data import GROUND_TRUTH

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack

# --- modules that read os.environ["AIOYOUTRACK_GROUND_TRUTH"] at import ------------------
#
# A few test modules read the ground truth's folder from the variable when they are
# imported, rather than through shared_data.ground_truth(). Where the folder is found its
# path is published in the variable for them; where it is not, such a module is reported
# as skipped with shared_data's reason instead of failing to import.

_FOUND = GROUND_TRUTH.find()
if _FOUND is not None:
    os.environ.setdefault(GROUND_TRUTH.variable, str(_FOUND))
_READS_THE_VARIABLE = f'os.environ["{GROUND_TRUTH.variable}"]'


class _SkippedModule(pytest.Module):
    """A test module that cannot be imported without the ground truth."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        pytest.skip(GROUND_TRUTH.missing_reason())


def pytest_pycollect_makemodule(
    module_path: Path, parent: pytest.Collector
) -> pytest.Module | None:
    """Skip, as a whole, a module that reads the variable while the ground truth is absent."""
    if _FOUND is None and _READS_THE_VARIABLE in module_path.read_text(encoding="utf-8"):
        return _SkippedModule.from_parent(parent, path=module_path)
    return None


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
