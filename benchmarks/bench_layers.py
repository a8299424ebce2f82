"""Layers: where ``projects.get_many``'s client CPU goes, one layer added at a time.

Orientation for the single-object scenario (``bench_single.py``), no targets. Every
side fetches the same 2 000 project URLs from the fake, with ``c`` requests in flight:

- ``raw (gather)``: ``bench_single``'s raw side, one task per URL behind an
  ``asyncio.Semaphore(c)``, ``GET`` + ``json.loads`` (the benchmark's reference);
- ``raw (workers)``: the same requests from ``c`` worker tasks, as ``get_many`` runs
  them (so the scheduling is alike and only the client's layers differ);
- ``request() dicts``: ``c`` workers awaiting ``yt.request("GET", path, params=...)``:
  the client's preparation, throttle, retry, transport and JSON parsing;
- ``request() models``: the same with ``model=Project`` (projection and structuring);
- ``get_many``: ``yt.projects.get_many(ids)``: the above plus the id checks and the
  ordered workers (``map_ordered``).

CPU time of the benchmark process per request, and its part in garbage collections;
sides alternate order every round; ratios are medians of per-round ratios against
``raw (workers)``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiohttp
from _common import Report, Sample, fake_server, log, median, order, parse_args, reporting, timed
from bench_single import client_urls, create_projects

from aioyoutrack import YouTrack
from aioyoutrack._fields import fields_for
from aioyoutrack.models import Project

CELLS = ((0.0, 64), (0.020, 8), (0.020, 64))
PROJECTS = 2000
REFERENCE = "raw (workers)"


async def workers(items: Sequence[Any], limit: int, call: Callable[[Any], Awaitable[Any]]) -> None:
    """Await ``call(item)`` for every item from ``limit`` tasks taking them in order."""
    pending = iter(items)

    async def work() -> None:
        for item in pending:
            await call(item)

    await asyncio.gather(*(work() for _ in range(limit)))


async def run_cell(latency: float, concurrency: int, rounds: int) -> list[list[str]]:
    with fake_server(seed="demo", latency=latency) as server:
        ids = await create_projects(server, PROJECTS)
        urls = await client_urls(server, ids)
        paths = [url.removeprefix(server.url).split("?", 1)[0] for url in urls]
        params = {"fields": fields_for(Project)}
        headers = {"Authorization": f"Bearer {server.token}", "Accept": "application/json"}
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency),
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        yt = YouTrack(server.url, server.token, max_concurrency=concurrency)

        async def fetch(url: str) -> Any:
            async with session.get(url, headers=headers) as response:
                return json.loads(await response.read())

        async def raw_gather() -> None:
            semaphore = asyncio.Semaphore(concurrency)

            async def one(url: str) -> Any:
                async with semaphore:
                    return await fetch(url)

            await asyncio.gather(*(one(url) for url in urls))

        sides: dict[str, Callable[[], Awaitable[Any]]] = {
            "raw (gather)": raw_gather,
            REFERENCE: lambda: workers(urls, concurrency, fetch),
            "request() dicts": lambda: workers(
                paths, concurrency, lambda p: yt.request("GET", p, params=params)
            ),
            "request() models": lambda: workers(
                paths, concurrency, lambda p: yt.request("GET", p, model=Project)
            ),
            "get_many": lambda: yt.projects.get_many(ids),
        }
        try:
            for run in sides.values():  # warm-up: connections, caches, generated code
                await run()
            samples: dict[str, list[Sample]] = {name: [] for name in sides}
            for index in range(rounds):
                for name in order(index, list(sides)):
                    samples[name].append(await timed(sides[name], PROJECTS))
        finally:
            await session.close()
            await yt.aclose()
    reference = samples[REFERENCE]
    rows = []
    for name, taken in samples.items():
        ratio = median([s.cpu / r.cpu for s, r in zip(taken, reference, strict=True)])
        rows.append(
            [
                f"{latency * 1000:.0f} ms",
                str(concurrency),
                name,
                f"{median([s.cpu_us for s in taken]):.0f}",
                f"{median([s.gc_us for s in taken]):.0f}",
                f"**{ratio:.2f}x**",
            ]
        )
    return rows


async def main_async(report: Report, rounds: int) -> None:
    rows: list[list[str]] = []
    for latency, concurrency in CELLS:
        log(f"layers: latency {latency * 1000:.0f} ms, {concurrency} in flight")
        rows += await run_cell(latency, concurrency, rounds)
    report.table(
        "Layers of `get_many`: client CPU per request, one layer added at a time",
        ["latency", "in flight", "side", "CPU µs/req", "of which GC µs/req", "vs raw (workers)"],
        rows,
    )
    report.note(
        "Same URLs on every side; `raw (gather)` is the single-object scenario's raw side, "
        "`raw (workers)` the same requests from as many worker tasks as `get_many` uses. "
        "Orientation only: no target is checked here."
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(__doc__.split("\n\n", 1)[0], argv)
    rounds = args.rounds or (3 if args.quick else 5)
    report = Report("layers", "Layers of get_many")
    with reporting(report, args.json):
        asyncio.run(main_async(report, rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
