"""Instructions: the client's machine instructions per request, ``get_many`` vs raw aiohttp.

Orientation for the single-object scenario (``bench_single.py``), no targets. CPU time
on a shared two-core machine drifts by more than the gap being measured; instructions
counted by ``valgrind --tool=callgrind`` do not. Every side fetches the same 300 project
URLs from the fake (running natively in its own process, so only the client is
counted), 32 in flight:

- ``raw``: ``bench_single``'s raw side (``asyncio.Semaphore`` + ``GET`` + ``json.loads``);
- ``request() dicts``: ``yt.request("GET", path, params=...)`` from 32 worker tasks;
- ``get_many``: ``yt.projects.get_many(ids)`` into ``Project`` objects.

Each side runs in a fresh process under callgrind twice: a warm-up pass alone, and the
warm-up pass and ``PASSES`` more; the difference over ``PASSES * 300`` requests is the
cost of one request, start-up and warm-up subtracted. Under callgrind the client runs about
50 times slower than the server answers, so the event loop finds more answers ready per
wake-up than in ``bench_single.py``: the counts measure the work per request, not the
scheduling. Needs ``valgrind`` on ``PATH`` (the scenario says so and reports nothing
otherwise). ``--quick`` counts ``raw`` and ``get_many`` only.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp
from _common import Report, Server, fake_server, log, parse_args, reporting
from bench_single import client_urls, create_projects

from aioyoutrack import YouTrack
from aioyoutrack._fields import fields_for
from aioyoutrack.models import Project

SIDES = ("raw", "request() dicts", "get_many")
REQUESTS = 300
CONCURRENCY = 32
PASSES = 3
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


# --- the child: one side, counted by callgrind ------------------------------------------


async def child(side: str, passes: int, setup: dict[str, Any]) -> None:
    """Fetch the URLs of ``setup`` by ``side``: a warm-up pass, then ``passes`` more."""
    token, urls, ids = setup["token"], setup["urls"], setup["ids"]
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=CONCURRENCY, limit_per_host=CONCURRENCY),
        cookie_jar=aiohttp.DummyCookieJar(),
    )
    yt = YouTrack(setup["url"], token, max_concurrency=CONCURRENCY)
    params = {"fields": fields_for(Project)}
    paths = [url.removeprefix(setup["url"]).split("?", 1)[0] for url in urls]

    async def raw() -> None:
        semaphore = asyncio.Semaphore(CONCURRENCY)

        async def one(url: str) -> Any:
            async with semaphore, session.get(url, headers=headers) as response:
                return json.loads(await response.read())

        await asyncio.gather(*(one(url) for url in urls))

    async def dicts() -> None:
        pending = iter(paths)

        async def work() -> None:
            for path in pending:
                await yt.request("GET", path, params=params)

        await asyncio.gather(*(work() for _ in range(CONCURRENCY)))

    async def get_many() -> None:
        await yt.projects.get_many(ids)

    run = {"raw": raw, "request() dicts": dicts, "get_many": get_many}[side]
    try:
        for _ in range(1 + passes):
            await run()
    finally:
        await session.close()
        await yt.aclose()


# --- the parent: the fake, the callgrind runs, the report -------------------------------


def counted(side: str, passes: int, setup_file: Path) -> int:
    """Instructions callgrind counts for a child process running ``side``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        side,
        str(passes),
        str(setup_file),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind run of {side} failed: {done.stderr[-2000:]}")
    return int(found.group(1))


async def project_setup(server: Server) -> dict[str, Any]:
    """The fake's URL and token, the project ids, and the client's URLs for them."""
    ids = await create_projects(server, REQUESTS)
    urls = await client_urls(server, ids)
    return {"url": server.url, "token": server.token, "ids": ids, "urls": urls}


def measure(setup_file: Path, sides: Sequence[str]) -> dict[str, float]:
    """Instructions per request of each of ``sides``, against one fake."""
    with fake_server(seed="demo") as server:
        setup_file.write_text(json.dumps(asyncio.run(project_setup(server))))
        per_request: dict[str, float] = {}
        for side in sides:
            log(f"instructions: {side}, the warm-up alone and with {PASSES} passes more")
            base = counted(side, 0, setup_file)
            more = counted(side, PASSES, setup_file)
            per_request[side] = (more - base) / (PASSES * REQUESTS)
        return per_request


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--child"]:
        side, passes, setup_file = arguments[1], int(arguments[2]), Path(arguments[3])
        asyncio.run(child(side, passes, json.loads(setup_file.read_text())))
        return 0
    args = parse_args(__doc__.split("\n\n", 1)[0], arguments)
    report = Report("instructions", "Instructions per request")
    with reporting(report, args.json):
        if shutil.which("valgrind") is None:
            report.note("valgrind is not installed here: nothing was counted.")
            return 0
        with tempfile.TemporaryDirectory() as tmp:
            # --quick: the two sides the single-object targets compare.
            sides = ("raw", "get_many") if args.quick else SIDES
            per_request = measure(Path(tmp) / "setup.json", sides)
        raw = per_request["raw"]
        report.table(
            f"Instructions per request: {REQUESTS} projects, {CONCURRENCY} in flight, "
            "callgrind, the client process only",
            ["side", "instructions/request", "vs raw"],
            [
                [side, f"{count:,.0f}", f"**{count / raw:.3f}x**"]
                for side, count in per_request.items()
            ],
        )
        report.note(
            f"Each side: (a warm-up pass and {PASSES} more, minus the warm-up pass alone) / "
            f"{PASSES * REQUESTS} requests, in fresh processes; the fake runs natively and is "
            "not counted. Orientation only: no target is checked here."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
