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
the fixtures then fail with a message saying what is missing. They run in the event
loop of ``asyncio_default_fixture_loop_scope``; a test running in a loop of another
scope (a ``loop_scope`` marker, ``asyncio_default_test_loop_scope``) would find the
fake not answering, so such a test fails at once, saying which setting to change.
Imports happen inside the fixtures so that loading the plugin costs nothing.
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


def _setting(config: pytest.Config, name: str) -> str | None:
    try:
        value = config.getini(name)
    except ValueError:  # a pytest-asyncio that does not have this setting
        return None
    return value if isinstance(value, str) and value else None


def _check_loop_scopes(request: pytest.FixtureRequest) -> None:
    """Fail the test at once when it runs in an event loop other than the fixtures':
    the fake serves from the fixtures' loop, which does not run while the test does,
    so every request would wait for its timeout."""
    marker = request.node.get_closest_marker("asyncio")
    given = marker.kwargs.get("loop_scope") or marker.kwargs.get("scope") if marker else None
    default_test = _setting(request.config, "asyncio_default_test_loop_scope")
    test = given or default_test or "function"
    fixtures = _setting(request.config, "asyncio_default_fixture_loop_scope") or "function"
    if fixtures == "fixture-scope":  # each fixture in the loop of its own scope: function
        fixtures = "function"
    if test != fixtures:
        where = (
            "its loop_scope marker"
            if given
            else "asyncio_default_test_loop_scope"
            if default_test
            else "pytest-asyncio's default"
        )
        pytest.fail(
            f"{request.node.name} runs in the {test!r} event loop ({where}) but the "
            f"youtrack_fake and youtrack fixtures run in the {fixtures!r} one "
            "(asyncio_default_fixture_loop_scope), where the fake would never answer: "
            f"set asyncio_default_fixture_loop_scope = {test!r} or run the test in the "
            f'{fixtures!r} loop (the testing guide uses "function" for both)',
            pytrace=False,
        )


if _async_fixture is not None:

    @_async_fixture
    async def youtrack_fake(request: pytest.FixtureRequest) -> AsyncIterator[FakeYouTrack]:
        """A running FakeYouTrack with the demo seed (closed after the test)."""
        _check_loop_scopes(request)
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
