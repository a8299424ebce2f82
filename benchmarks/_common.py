"""What the benchmark scripts share: the fake server process, timing, reports.

Every scenario talks to a FakeYouTrack running in a process of its own
(``python -m aioyoutrack.testing``), so the client's CPU time (``time.process_time``
of the benchmark process) never includes the server's work. A scenario writes its
result as JSON (tables, target checks, notes) for ``run.py`` to print and record.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Seconds a fake gets to print its URL (building 50 000 issues takes a few).
START_TIMEOUT = 120.0


# --- the fake server ---------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """A running fake: its service root and root's token."""

    url: str
    token: str
    pid: int


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the benchmark dies (Linux), so no fake outlives it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def fake_server(
    *, seed: str = "demo", latency: float = 0.0, python: str | None = None
) -> Iterator[Server]:
    """Start ``python -m aioyoutrack.testing`` on a free loopback port; stop it on exit."""
    command = [
        python or sys.executable,
        "-m",
        "aioyoutrack.testing",
        "--port",
        "0",
        "--seed",
        seed,
        "--latency",
        repr(latency),
    ]
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=ROOT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        # readline() below has no timeout of its own: a hung start is killed instead.
        watchdog = threading.Timer(START_TIMEOUT, process.kill)
        watchdog.start()
        try:
            found: dict[str, str] = {}
            assert process.stdout is not None
            while len(found) < 2:
                line = process.stdout.readline()
                if not line:
                    errors.seek(0)
                    raise RuntimeError(f"the fake did not start: {errors.read()[-2000:]}")
                key, _, value = line.strip().partition("=")
                if key in ("URL", "TOKEN"):
                    found[key] = value
            watchdog.cancel()
            yield Server(found["URL"], found["TOKEN"], process.pid)
        finally:
            watchdog.cancel()
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- timing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One timed run: wall seconds, client CPU seconds, operations done; the client's CPU
    seconds in garbage collections and the fake's CPU seconds, where measured."""

    wall: float
    cpu: float
    count: int
    gc: float = 0.0
    server_cpu: float | None = None

    @property
    def rate(self) -> float:
        """Operations per wall-clock second."""
        return self.count / self.wall

    @property
    def cpu_us(self) -> float:
        """Client CPU microseconds per operation."""
        return self.cpu / self.count * 1e6

    @property
    def gc_us(self) -> float:
        """Client CPU microseconds per operation spent collecting garbage."""
        return self.gc / self.count * 1e6

    @property
    def server_cpu_us(self) -> float | None:
        """The fake's CPU microseconds per operation (None where not measured)."""
        return None if self.server_cpu is None else self.server_cpu / self.count * 1e6


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) process ``pid`` has used; None off Linux."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class GcClock:
    """Adds up the CPU time of this process's garbage collections while it is active."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def _callback(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.process_time()
        else:
            self.seconds += time.process_time() - self._started

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)


async def timed(
    run: Callable[[], Awaitable[Any]],
    count: int,
    *,
    server_pid: int | None = None,
    collect: bool = True,
) -> Sample:
    """Time one awaited run of ``count`` operations, after a full garbage collection
    unless ``collect`` is false (so that neither side pays for the other's garbage);
    with ``server_pid``, also the CPU time the fake spent meanwhile."""
    if collect:
        gc.collect()
    server = process_cpu(server_pid) if server_pid is not None else None
    with GcClock() as clock:
        wall, cpu = time.perf_counter(), time.process_time()
        await run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    served = process_cpu(server_pid) if server_pid is not None else None
    server_cpu = served - server if served is not None and server is not None else None
    return Sample(wall, cpu, count, clock.seconds, server_cpu)


def timed_sync(run: Callable[[], Any], count: int) -> Sample:
    """Like :func:`timed`, for a plain function."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return Sample(time.perf_counter() - wall, time.process_time() - cpu, count)


def median(values: Sequence[float]) -> float:
    """The median (of the rounds)."""
    return statistics.median(values)


def median_or_dash(values: Sequence[float | None]) -> str:
    """The median of the values measured, as a whole number; ``-`` when none was."""
    measured = [v for v in values if v is not None]
    return f"{median(measured):.0f}" if measured else "-"


def spread(values: Sequence[float]) -> str:
    """``min-max`` of the rounds, to show the noise next to a median."""
    return f"{min(values):.2f}-{max(values):.2f}"


def order(round_index: int, sides: Sequence[str]) -> list[str]:
    """Alternate which side runs first in each round (ABC, CBA, ABC, ...)."""
    return list(sides) if round_index % 2 == 0 else list(reversed(sides))


# --- reports -----------------------------------------------------------------------------


@dataclass
class Report:
    """What a scenario found: tables, target checks and notes, serialisable as JSON."""

    scenario: str
    title: str
    tables: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    load: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Add a table (cells already formatted as text)."""
        self.tables.append(
            {"title": title, "columns": list(columns), "rows": [[str(c) for c in r] for r in rows]}
        )

    def check(self, target: str, value: float, limit: float, *, at_least: bool) -> bool:
        """Record whether ``value`` meets a target (``>= limit`` or ``<= limit``)."""
        ok = value >= limit if at_least else value <= limit
        self.checks.append(
            {
                "target": target,
                "value": round(value, 3),
                "limit": limit,
                "at_least": at_least,
                "ok": ok,
            }
        )
        return ok

    def note(self, text: str) -> None:
        """Add a sentence shown under the tables."""
        self.notes.append(text)


def parse_args(description: str, argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options every scenario script takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="fewer requests and rounds")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds")
    parser.add_argument("--json", type=Path, default=None, help="write the report here")
    parser.add_argument(
        "--peer-python", default=None, help="python of the youtrack-sdk venv (peer scenario)"
    )
    return parser.parse_args(argv)


@contextlib.contextmanager
def reporting(report: Report, path: Path | None) -> Iterator[Report]:
    """Time the scenario, note the machine load around it, print and save the report."""
    started = time.perf_counter()
    report.load.append(os.getloadavg()[0])
    yield report
    report.load.append(os.getloadavg()[0])
    report.seconds = round(time.perf_counter() - started, 1)
    text = json.dumps(report.__dict__, indent=2)
    if path is not None:
        path.write_text(text)
    else:
        print(text)


def log(message: str) -> None:
    """Progress on stderr (stdout may carry the JSON report)."""
    print(message, file=sys.stderr, flush=True)
