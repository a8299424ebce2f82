"""Single objects: ``yt.projects.get_many`` against raw aiohttp on the same URLs.

The fake gets 2 000 projects (created through its REST API before timing). Each side
fetches all of them at concurrency 1, 8, 32 and 64, at server latency 0 and 20 ms:

- ``raw``: one ``aiohttp.ClientSession`` (same connector limits and cookie policy as
  the client's), ``asyncio.Semaphore(c)``, ``GET`` + ``json.loads`` on each URL;
- ``get_many``: ``YouTrack(max_concurrency=c).projects.get_many(ids)`` -> ``Project``s;
- ``request``: ``yt.request("GET", path, params={"fields": ...})`` -> dicts, the client
  layer without models (shown for orientation, at latency 0 only);
- ``no sock_read``: ``get_many`` on a client made with
  ``timeout=ClientTimeout(total=60, connect=10)``, i.e. the default without the 30 s
  ``sock_read`` limit, whose timer aiohttp re-arms on every read (orientation, latency 0).

The raw URLs are the ones the client sent (recorded with an aiohttp trace during the
warm-up), so both sides ask for the same bytes. Sides alternate order every round;
medians of the rounds are reported, and the ratio is the median of per-round ratios.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiohttp
from _common import (
    Report,
    Sample,
    Server,
    fake_server,
    log,
    median,
    order,
    parse_args,
    reporting,
    spread,
    timed,
)

from aioyoutrack import YouTrack
from aioyoutrack._client import DEFAULT_TIMEOUT
from aioyoutrack._fields import fields_for
from aioyoutrack.models import Project

CONCURRENCIES = (1, 8, 32, 64)
LATENCIES = (0.0, 0.020)
PROJECTS = 2000


async def create_projects(server: Server, count: int) -> list[str]:
    """Create ``count`` projects through the fake's API; return their entity ids."""
    headers = {"Authorization": f"Bearer {server.token}", "Accept": "application/json"}
    semaphore = asyncio.Semaphore(32)
    async with aiohttp.ClientSession(headers=headers) as session:

        async def create(index: int) -> str:
            body = {"shortName": f"B{index:05d}", "name": f"Bench project {index}"}
            async with semaphore:
                response = await session.post(
                    f"{server.url}api/admin/projects?fields=id", json=body
                )
                async with response:
                    response.raise_for_status()
                    return str((await response.json())["id"])

        return list(await asyncio.gather(*(create(i) for i in range(count))))


def recorder(urls: list[str]) -> aiohttp.TraceConfig:
    """A trace that records every URL the client requests."""

    async def on_start(_: Any, __: Any, params: aiohttp.TraceRequestStartParams) -> None:
        urls.append(str(params.url))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    return trace


async def client_urls(server: Server, ids: Sequence[str]) -> list[str]:
    """The URL ``get_many`` requests for each id, in the order of ``ids``."""
    seen: list[str] = []
    async with YouTrack(server.url, server.token, trace_configs=[recorder(seen)]) as yt:
        await yt.projects.get_many(ids)
    by_id = {url.split("?", 1)[0].rsplit("/", 1)[1]: url for url in seen}
    return [by_id[i] for i in ids]


class Sides:
    """The ways of fetching, each bound to its own session or client."""

    def __init__(self, server: Server, concurrency: int) -> None:
        self.server = server
        self.concurrency = concurrency
        self.session: aiohttp.ClientSession | None = None
        self.yt: YouTrack | None = None
        self.yt_no_sock_read: YouTrack | None = None

    async def __aenter__(self) -> Sides:
        c = self.concurrency
        # The same pool settings and cookie policy as the client's own session.
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=c, limit_per_host=c),
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        self.yt = YouTrack(self.server.url, self.server.token, max_concurrency=c)
        self.yt_no_sock_read = YouTrack(
            self.server.url,
            self.server.token,
            max_concurrency=c,
            timeout=aiohttp.ClientTimeout(
                total=DEFAULT_TIMEOUT.total, connect=DEFAULT_TIMEOUT.connect
            ),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.session is not None
        assert self.yt is not None
        assert self.yt_no_sock_read is not None
        await self.session.close()
        await self.yt.aclose()
        await self.yt_no_sock_read.aclose()

    async def raw(self, urls: Sequence[str]) -> list[Any]:
        session = self.session
        assert session is not None
        semaphore = asyncio.Semaphore(self.concurrency)
        headers = {"Authorization": f"Bearer {self.server.token}", "Accept": "application/json"}

        async def one(url: str) -> Any:
            async with semaphore, session.get(url, headers=headers) as response:
                return json.loads(await response.read())

        return await asyncio.gather(*(one(url) for url in urls))

    async def get_many(self, ids: Sequence[str]) -> list[Project]:
        assert self.yt is not None
        return await self.yt.projects.get_many(ids)

    async def get_many_no_sock_read(self, ids: Sequence[str]) -> list[Project]:
        assert self.yt_no_sock_read is not None
        return await self.yt_no_sock_read.projects.get_many(ids)

    async def request(self, paths: Sequence[str]) -> list[Any]:
        yt = self.yt
        assert yt is not None
        params = {"fields": fields_for(Project)}
        return await asyncio.gather(*(yt.request("GET", p, params=params) for p in paths))


def request_count(quick: bool, latency: float, concurrency: int) -> int:
    if not quick:
        return PROJECTS
    return 100 if latency and concurrency == 1 else 500


def block_size(latency: float, n: int) -> int:
    """Requests per block: short blocks at latency 0, where the machine's speed (other
    work on its two cores) drifts within seconds; whole runs where latency dominates."""
    return n if latency else min(n, 250)


async def run_cell(
    s: Sides, latency: float, rounds: int, n: int, ids: list[str], urls: list[str], paths: list[str]
) -> dict[str, list[Sample]]:
    """Time every side on ``n`` requests per round.

    A round splits the ``n`` requests into blocks and runs every side on each block in
    turn (ABC, CBA, ...), so both sides see the same machine; a side's sample for the
    round adds up its blocks.
    """
    runs: dict[str, Callable[[int, int], Awaitable[Any]]] = {
        "raw": lambda a, b: s.raw(urls[a:b]),
        "get_many": lambda a, b: s.get_many(ids[a:b]),
    }
    if not latency:
        runs["request"] = lambda a, b: s.request(paths[a:b])
        runs["no sock_read"] = lambda a, b: s.get_many_no_sock_read(ids[a:b])
    warm = min(n, 200)
    for run in runs.values():
        await run(0, warm)
    size = block_size(latency, n)
    samples: dict[str, list[Sample]] = {name: [] for name in runs}
    turn = 0
    for _ in range(rounds):
        total = {name: Sample(0.0, 0.0, 0) for name in runs}
        for a in range(0, n, size):
            b = min(a + size, n)
            for name in order(turn, list(runs)):
                got = await timed(lambda name=name, a=a, b=b: runs[name](a, b), b - a)
                t = total[name]
                total[name] = Sample(t.wall + got.wall, t.cpu + got.cpu, t.count + got.count)
            turn += 1
        for name in runs:
            samples[name].append(total[name])
    return samples


async def run_latency(report: Report, latency: float, rounds: int, quick: bool) -> list[list[str]]:
    rows: list[list[str]] = []
    with fake_server(seed="demo", latency=latency) as server:
        log(f"single: latency {latency * 1000:.0f} ms, creating {PROJECTS} projects")
        ids = await create_projects(server, PROJECTS)
        urls = await client_urls(server, ids)
        paths = [f"api/admin/projects/{i}" for i in ids]
        for c in CONCURRENCIES:
            n = request_count(quick, latency, c)
            async with Sides(server, c) as s:
                samples = await run_cell(s, latency, rounds, n, ids, urls, paths)
            rows.append(summarise(report, latency, c, n, samples))
            log("  " + " | ".join(rows[-1]))
    return rows


def summarise(
    report: Report, latency: float, c: int, n: int, samples: dict[str, list[Sample]]
) -> list[str]:
    raw, lib = samples["raw"], samples["get_many"]
    rate_ratios = [b.rate / a.rate for a, b in zip(raw, lib, strict=True)]
    cpu_ratios = [b.cpu_us / a.cpu_us for a, b in zip(raw, lib, strict=True)]
    where = f"{latency * 1000:.0f} ms, c={c}"
    report.check(f"get_many throughput vs raw ({where})", median(rate_ratios), 0.9, at_least=True)
    report.check(f"get_many CPU/request vs raw ({where})", median(cpu_ratios), 1.10, at_least=False)

    def informational(name: str) -> str:
        other = samples.get(name)
        if not other:
            return "-"
        return f"{median([b.cpu_us / a.cpu_us for a, b in zip(raw, other, strict=True)]):.2f}x"

    return [
        f"{latency * 1000:.0f} ms",
        str(c),
        str(n),
        f"{median([s.rate for s in raw]):.0f}",
        f"{median([s.rate for s in lib]):.0f}",
        f"**{median(rate_ratios):.2f}x** ({spread(rate_ratios)})",
        f"{median([s.cpu_us for s in raw]):.0f}",
        f"{median([s.cpu_us for s in lib]):.0f}",
        f"**{median(cpu_ratios):.2f}x** ({spread(cpu_ratios)})",
        informational("request"),
        informational("no sock_read"),
    ]


async def main_async(report: Report, rounds: int, quick: bool) -> None:
    rows: list[list[str]] = []
    for latency in LATENCIES:
        rows += await run_latency(report, latency, rounds, quick)
    report.table(
        "Single objects: `projects.get_many` vs raw aiohttp (GET + json.loads), same URLs",
        [
            "latency",
            "concurrency",
            "requests",
            "raw req/s",
            "get_many req/s",
            "throughput ratio",
            "raw CPU µs/req",
            "get_many CPU µs/req",
            "CPU ratio",
            "request() CPU ratio",
            "no sock_read CPU ratio",
        ],
        rows,
    )
    report.note(
        "CPU µs/req is the client process's `time.process_time()` (user + system, so the "
        "kernel's loopback TCP work is in it) divided by requests. Ratios are medians of "
        "per-round ratios (min-max in brackets); at latency 0 each round interleaves the "
        "sides in blocks of 250 requests. Orientation columns (latency 0 only): "
        "`request()`: `yt.request` returning dicts, no models, same URLs; `no sock_read`: "
        "`get_many` on a client with `timeout=ClientTimeout(total=60, connect=10)`."
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(__doc__ or "", argv)
    rounds = args.rounds or (3 if args.quick else 5)
    report = Report("single", "Single objects")
    with reporting(report, args.json):
        asyncio.run(main_async(report, rounds, args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
