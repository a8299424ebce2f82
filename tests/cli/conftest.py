"""Fixtures of the command-line and examples tests.

``main()`` runs its own event loop (``asyncio.run``), so the CLI tests are plain sync
tests, and a fake they talk to through ``--url`` runs on an event loop in a background
thread (:class:`ThreadedFake`). Subprocess tests use it the same way, and give every
subprocess :func:`subprocess_env.plain_env` (no inherited ``PYTHON*`` variables).
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from subprocess_env import plain_env

from aioyoutrack.cli import main
from aioyoutrack.testing import FakeYouTrack

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
#: Generous bound for a subprocess; a correct run takes a second or two.
PROCESS_TIMEOUT = 60


class ThreadedFake:
    """A FakeYouTrack served by an event loop in a background thread."""

    def __init__(self, **options: Any) -> None:
        self.fake = FakeYouTrack(**options)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def call(self, make: Callable[[], Awaitable[T]], timeout: float = PROCESS_TIMEOUT) -> T:
        """Run ``make()`` on the fake's loop and return its result."""

        async def run() -> T:
            return await make()

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout)

    def call_soon(self, func: Callable[[], object]) -> None:
        """Run a plain callable on the fake's loop (e.g. ``event.set``)."""
        self.loop.call_soon_threadsafe(func)

    def start(self) -> None:
        """Start the thread and the server."""
        self._thread.start()
        self.call(self.fake.start)

    def stop(self) -> None:
        """Stop the server, the loop and the thread."""
        try:
            self.call(self.fake.close)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(PROCESS_TIMEOUT)
            self._drain()
            self.loop.close()

    def _drain(self) -> None:
        # The server's connections finish closing in callbacks and tasks the stopped loop
        # may not have run yet; closing the loop first leaves their sockets to the garbage
        # collector, whose ResourceWarning then fails whichever test is running. Finish
        # them as asyncio.run does before it closes its loop.
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()

        async def finish() -> None:
            await asyncio.gather(*pending, return_exceptions=True)
            await self.loop.shutdown_asyncgens()

        self.loop.run_until_complete(finish())

    @property
    def url(self) -> str:
        """The fake's service root."""
        return self.fake.url

    @property
    def token(self) -> str:
        """root's token."""
        return self.fake.token

    def connection(self) -> list[str]:
        """``--url URL --token TOKEN`` for ``main``."""
        return ["--url", self.url, "--token", self.token]

    def env(self) -> dict[str, str]:
        """The environment for a subprocess talking to this fake."""
        return plain_env(YOUTRACK_URL=self.url, YOUTRACK_TOKEN=self.token)

    def search_ids(self, query: str | None) -> list[str]:
        """Readable ids the fake's own search returns for root, in its order."""
        store = self.fake.store
        return [i.id_readable for i in store.search(query, self.fake.user("root"))]


@pytest.fixture
def threaded_fake() -> Iterator[ThreadedFake]:
    """A demo-seeded fake on a background loop, for ``main([... --url ...])``."""
    served = ThreadedFake(seed="demo")
    served.start()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture(autouse=True)
def _no_youtrack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own YOUTRACK_URL/TOKEN must not leak into what the tests run.
    monkeypatch.delenv("YOUTRACK_URL", raising=False)
    monkeypatch.delenv("YOUTRACK_TOKEN", raising=False)


class Run:
    """The outcome of ``main(argv)``: exit status and captured output."""

    def __init__(self, status: int, out: str, err: str) -> None:
        self.status = status
        self.out = out
        self.err = err


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Call ``main(list(argv))`` in-process and capture stdout/stderr."""

    def run(*argv: str) -> Run:
        status = main(list(argv))
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _run_python(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=plain_env() if env is None else env,
        cwd=cwd,
        timeout=PROCESS_TIMEOUT,
        check=False,
    )


@pytest.fixture
def run_python() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_python(*args, env=None)``: run ``python args...`` to completion (text output)."""
    return _run_python


@pytest.fixture
def examples_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The examples folder, put on ``sys.path`` (the examples import ``_connect``)."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    return EXAMPLES
