"""Paging: streaming 10 000 issues, page size 100, one page at a time vs prefetched.

``yt.issues.search(page_size=100)`` counts the issues first (alongside the first page)
and then fetches pages concurrently, ``prefetch`` at a time (default
``DEFAULT_PREFETCH``). The sequential side is the same pager with ``prefetch=1``: one
request in flight, the next page asked for as soon as the previous one arrives. Both
stream every issue with ``async for``, at server latency 0 and 20 ms; sides alternate
order every round; medians reported.
Orientation columns: the client's CPU in garbage collections and the fake's CPU, per
issue, on the concurrent side (the fake runs on the other core).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from _common import (
    Report,
    Sample,
    Server,
    fake_server,
    log,
    median,
    median_or_dash,
    order,
    parse_args,
    reporting,
    spread,
    timed,
)

from aioyoutrack import YouTrack
from aioyoutrack._constants import DEFAULT_PREFETCH

ISSUES = 10_000
QUICK_ISSUES = 4_000
PAGE_SIZE = 100
LATENCIES = (0.0, 0.020)
#: side name -> prefetch (None: the library's default)
SIDES: dict[str, int | None] = {"sequential": 1, "concurrent": None}


async def stream(yt: YouTrack, prefetch: int | None, expected: int) -> int:
    seen = 0
    async for _ in yt.issues.search(page_size=PAGE_SIZE, prefetch=prefetch):
        seen += 1
    if seen != expected:
        raise RuntimeError(f"streamed {seen} issues, expected {expected}")
    return seen


async def run_latency(
    server: Server, latency: float, rounds: int, issues: int
) -> tuple[list[str], float]:
    samples: dict[str, list[Sample]] = {name: [] for name in SIDES}
    async with YouTrack(server.url, server.token) as yt:
        await stream(yt, None, issues)  # warm-up: connections, converter hooks
        for r in range(rounds):
            for name in order(r, list(SIDES)):
                run = lambda n=name: stream(yt, SIDES[n], issues)  # noqa: E731
                samples[name].append(await timed(run, issues, server_pid=server.pid))
    seq, conc = samples["sequential"], samples["concurrent"]
    speedups = [s.wall / c.wall for s, c in zip(seq, conc, strict=True)]
    return [
        f"{latency * 1000:.0f} ms",
        f"{median([s.wall for s in seq]):.2f}",
        f"{median([s.wall for s in conc]):.2f}",
        f"{median([s.rate for s in seq]):.0f}",
        f"{median([s.rate for s in conc]):.0f}",
        f"**{median(speedups):.2f}x** ({spread(speedups)})",
        f"{median([s.cpu_us for s in seq]):.0f}",
        f"{median([s.cpu_us for s in conc]):.0f}",
        f"{median([s.gc_us for s in conc]):.0f}",
        median_or_dash([s.server_cpu_us for s in conc]),
    ], median(speedups)


async def main_async(report: Report, rounds: int, issues: int) -> None:
    rows: list[list[str]] = []
    for latency in LATENCIES:
        with fake_server(seed=f"bulk:{issues}", latency=latency) as server:
            log(f"paging: latency {latency * 1000:.0f} ms")
            row, speedup = await run_latency(server, latency, rounds, issues)
            log("  " + " | ".join(row))
            rows.append(row)
            if latency:
                report.check(
                    f"concurrent paging speedup over sequential ({latency * 1000:.0f} ms)",
                    speedup,
                    3.0,
                    at_least=True,
                )
    report.table(
        f"Paging: {issues} issues, page size {PAGE_SIZE}, `async for` over "
        f"`yt.issues.search()`: prefetch=1 vs the default (prefetch={DEFAULT_PREFETCH})",
        [
            "latency",
            "sequential s",
            "concurrent s",
            "sequential issues/s",
            "concurrent issues/s",
            "speedup",
            "sequential CPU µs/issue",
            "concurrent CPU µs/issue",
            "of which GC µs/issue",
            "fake CPU µs/issue",
        ],
        rows,
    )
    report.note(
        f"Seed `bulk:{issues}` (every issue has 4 custom fields: Priority, Type, State, "
        "Assignee); the default `Issue` projection. Each run also counts the issues "
        "(`POST /api/issuesGetter/count`, alongside the first page). `of which GC`: the "
        "client's CPU in garbage collections (`gc.callbacks`); `fake CPU`: the fake "
        "server process's CPU (`/proc`), both per issue on the concurrent side."
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(__doc__ or "", argv)
    rounds = args.rounds or (3 if args.quick else 5)
    report = Report("paging", "Paging")
    with reporting(report, args.json):
        asyncio.run(main_async(report, rounds, QUICK_ISSUES if args.quick else ISSUES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
