"""Fixtures of the resources II tests, on top of the root ones (``fake``, ``yt``,
``sent`` in ``tests/conftest.py``): ``traced``, the body-recording client, and ``log``.

Tests go through the public client API; the fake's request log (``fake.stats.log``)
and the recorded bodies show what went over the wire.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack


@pytest_asyncio.fixture
async def traced(sent: tuple[YouTrack, Any]) -> AsyncIterator[tuple[YouTrack, Any]]:
    """A client of ``fake`` whose request bodies are recorded (the root ``sent``)."""
    yield sent


Log = Callable[..., list[tuple[str, str]]]


@pytest.fixture
def log(fake: FakeYouTrack) -> Log:
    """``log(method=None)``: (method, decoded path) of each request the fake saw."""

    def entries(method: str | None = None) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in fake.stats.log if method in (None, r.method)]

    return entries
