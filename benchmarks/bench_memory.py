"""Memory: peak RSS while streaming 50 000 issues with ``async for``, against 5 000.

The fake holds 50 000 issues (seed ``bulk:50000``). Each run is a fresh process that
streams ``yt.issues.search(limit=N)`` with the client's defaults, keeping nothing, and
reports ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the peak) and the RSS after
imports and the first page (what any use of the library costs). Streaming must keep
memory flat: the peak for 50 000 issues within 1.2x of the peak for 5 000.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from _common import ROOT, Report, Server, fake_server, log, median, order, parse_args, reporting

from aioyoutrack._constants import DEFAULT_PAGE_SIZE, DEFAULT_PREFETCH

SMALL, LARGE = 5_000, 50_000


def _rss_kib() -> int:
    """Current resident set size (Linux ``/proc``), in KiB; 0 where unavailable."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize() // 1024


async def stream(url: str, token: str, limit: int) -> dict[str, Any]:
    from aioyoutrack import YouTrack

    seen = 0
    after_first = 0
    async with YouTrack(url, token) as yt:
        async for _ in yt.issues.search(limit=limit):
            seen += 1
            if seen == 1:
                after_first = _rss_kib()
    if seen != limit:
        raise RuntimeError(f"streamed {seen} issues, expected {limit}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"count": seen, "peak_kib": peak, "after_first_kib": after_first}


def child_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--limit", type=int, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(stream(args.url, args.token, args.limit))))
    return 0


def run_child(server: Server, limit: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", "--url", server.url, "--token", server.token]
    done = subprocess.run(
        [*command, "--limit", str(limit)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"streaming {limit} issues failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(report: Report, rounds: int) -> None:
    runs: dict[int, list[dict[str, Any]]] = {SMALL: [], LARGE: []}
    with fake_server(seed=f"bulk:{LARGE}") as server:
        for r in range(rounds):
            for limit in order(r, [SMALL, LARGE]):
                runs[limit].append(run_child(server, limit))
                log(f"memory: round {r + 1}, {limit} issues: {runs[limit][-1]}")
    peak = {n: median([x["peak_kib"] / 1024 for x in runs[n]]) for n in runs}
    base = {n: median([x["after_first_kib"] / 1024 for x in runs[n]]) for n in runs}
    ratio = peak[LARGE] / peak[SMALL]
    report.table(
        "Memory: peak RSS of a fresh process streaming issues with `async for` "
        "(`yt.issues.search(limit=N)`, defaults: page size "
        f"{DEFAULT_PAGE_SIZE}, prefetch {DEFAULT_PREFETCH})",
        ["issues streamed", "RSS after the first issue, MiB", "peak RSS, MiB", "vs 5 000"],
        [
            [f"{n:,}", f"{base[n]:.1f}", f"{peak[n]:.1f}", f"**{peak[n] / peak[SMALL]:.2f}x**"]
            for n in (SMALL, LARGE)
        ],
    )
    report.check("peak RSS streaming 50 000 vs 5 000 issues", ratio, 1.2, at_least=False)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    args = parse_args(__doc__ or "", argv)
    rounds = args.rounds or (1 if args.quick else 3)
    report = Report("memory", "Memory")
    with reporting(report, args.json):
        measure(report, rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
