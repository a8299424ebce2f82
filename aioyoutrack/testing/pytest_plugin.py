"""pytest plugin of aioyoutrack: the ``youtrack_fake`` and ``youtrack`` fixtures.

Installed with the package (entry point ``pytest11``), so any project that depends on
aioyoutrack can write::

    async def test_close_issue(youtrack, youtrack_fake):
        await youtrack.commands.apply("State Fixed", issues=["SP-1"])
        assert youtrack_fake.issue("SP-1").value_of("State") == "Fixed"

- ``youtrack_fake``: a running :class:`~aioyoutrack.testing.FakeYouTrack` with the
  ``demo`` seed, one per test (function scope), closed afterwards.
- ``youtrack``: a :class:`~aioyoutrack.YouTrack` client connected to it as ``root``
  (the administrator), closed afterwards.

The fixtures are async and need pytest-asyncio (``asyncio_mode = "auto"``, or mark the
tests with ``@pytest.mark.asyncio``). Without pytest-asyncio the plugin still loads;
the fixtures then fail with a message saying what is missing. Imports happen inside
the fixtures so that loading the plugin costs nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from aioyoutrack.testing import FakeYouTrack

__all__ = ["youtrack", "youtrack_fake"]

_async_fixture: Callable[[Callable[..., Any]], Callable[..., Any]] | None
try:
    from pytest_asyncio import fixture as _async_fixture
except ImportError:  # pragma: no cover - exercised only where pytest-asyncio is absent
    _async_fixture = None

_MISSING = (
    "the youtrack_fake and youtrack fixtures need pytest-asyncio (pip install pytest-asyncio)"
)


if _async_fixture is not None:

    @_async_fixture
    async def youtrack_fake() -> AsyncIterator[FakeYouTrack]:
        """A running FakeYouTrack with the demo seed (closed after the test)."""
        from aioyoutrack.testing import FakeYouTrack

        async with FakeYouTrack(seed="demo") as fake:
            yield fake

    @_async_fixture
    async def youtrack(youtrack_fake: FakeYouTrack) -> AsyncIterator[Any]:
        """An aioyoutrack client connected to ``youtrack_fake`` as root (closed after)."""
        from aioyoutrack import YouTrack

        async with YouTrack(youtrack_fake.url, token=youtrack_fake.token) as client:
            yield client

else:  # pragma: no cover - exercised only where pytest-asyncio is absent

    @pytest.fixture
    def youtrack_fake() -> Any:
        """Unavailable: needs pytest-asyncio."""
        pytest.fail(_MISSING, pytrace=False)

    @pytest.fixture
    def youtrack() -> Any:
        """Unavailable: needs pytest-asyncio."""
        pytest.fail(_MISSING, pytrace=False)
