"""Peer: the sync ``youtrack-sdk`` against aioyoutrack with its defaults, at 20 ms latency.

The fake (latency 20 ms, 10 000 issues, plus 2 000 projects created through its API)
serves three sides, each run in a fresh process per round, timed from creating its
client to the last object:

- ``youtrack-sdk``: ``peer_youtrack_sdk.py`` in ``benchmarks/.venv-peer`` (Python
  >= 3.12): projects one request at a time, issues page by page (100 per page), its own
  models; the ``fields`` projection derived per request, as its methods do;
- ``youtrack-sdk, fields cached``: the same with the projection derived once (a best
  case for the SDK, shown so the comparison does not rest on that one cost);
- ``aioyoutrack``: ``YouTrack(url, token)`` with every default:
  ``projects.get_many(ids)`` and ``async for issue in issues.search()``; the modules
  of both resources (and so the models) imported before the timer starts, as the
  SDK's script imports its client and models.

Throughput is objects per wall-clock second; the ratio is aioyoutrack's over the SDK's
(median of per-round ratios).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import (
    ROOT,
    Report,
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

from aioyoutrack._constants import DEFAULT_MAX_CONCURRENCY, DEFAULT_PREFETCH

LATENCY = 0.020
PROJECTS = 2000
ISSUES = 10_000
QUICK_PROJECTS = 300
QUICK_ISSUES = 2000
DEFAULT_PEER_PYTHON = ROOT / "benchmarks" / ".venv-peer" / "bin" / "python"
SDK, SDK_CACHED, OURS = "youtrack-sdk", "youtrack-sdk, fields cached", "aioyoutrack"


async def aioyoutrack_side(
    url: str, token: str, ids: list[str], expected: int, server_pid: int
) -> dict[str, Any]:
    """The child process's work: the library with its defaults, timed like the peer."""
    from aioyoutrack import YouTrack

    # The SDK's script imports its client and models before its timer starts; this
    # side's resources and models load on first use, so they are loaded here, outside
    # the timer too (2 000 projects took 1.71 s with them timed, 1.46 s without, on the
    # machine of 2026-12-08). The converter still loads with the first answer, timed.
    importlib.import_module("aioyoutrack.resources.projects")
    importlib.import_module("aioyoutrack.resources.issues")

    async def projects() -> None:
        async with YouTrack(url, token) as yt:
            found = await yt.projects.get_many(ids)
        assert [p.id for p in found] == ids, "wrong projects"

    async def issues() -> None:
        count = 0
        async with YouTrack(url, token) as yt:
            async for _ in yt.issues.search():
                count += 1
        assert count == expected, f"got {count} issues, expected {expected}"

    result: dict[str, Any] = {}
    for what, run, count in (("projects", projects, len(ids)), ("issues", issues, expected)):
        # Timed like the peer's script times itself: no collection beforehand.
        sample = await timed(run, count, server_pid=server_pid, collect=False)
        result[what] = {
            "wall": sample.wall,
            "cpu": sample.cpu,
            "count": sample.count,
            "gc": sample.gc,
            "server_cpu": sample.server_cpu,
        }
    return result


def child_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--ids", required=True)
    parser.add_argument("--issues", type=int, required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    args = parser.parse_args(argv)
    ids = Path(args.ids).read_text().split()
    side = aioyoutrack_side(args.url, args.token, ids, args.issues, args.server_pid)
    print(json.dumps(asyncio.run(side)))
    return 0


def run_side(side: str, server: Server, ids_file: Path, issues: int, peer: str) -> dict[str, Any]:
    common = ["--url", server.url, "--token", server.token, "--ids", str(ids_file)]
    if side == OURS:
        command = [sys.executable, __file__, "--child", *common, "--issues", str(issues)]
        command += ["--server-pid", str(server.pid)]
    else:
        command = [peer, str(Path(__file__).with_name("peer_youtrack_sdk.py")), *common]
        command += ["--issues", str(issues)]
        if side == SDK_CACHED:
            command.append("--cache-fields")
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{side} failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


async def prepare(server: Server, count: int) -> list[str]:
    from bench_single import create_projects

    return await create_projects(server, count)


def measure(report: Report, rounds: int, quick: bool, peer: str) -> None:
    projects = QUICK_PROJECTS if quick else PROJECTS
    issues = QUICK_ISSUES if quick else ISSUES
    sides = [SDK, SDK_CACHED, OURS]
    with (
        fake_server(seed=f"bulk:{issues}", latency=LATENCY) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        log(f"peer: creating {projects} projects; {issues} issues")
        ids = asyncio.run(prepare(server, projects))
        ids_file = Path(tmp) / "ids.txt"
        ids_file.write_text("\n".join(ids))
        runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
        for r in range(rounds):
            for side in order(r, sides):
                runs[side].append(run_side(side, server, ids_file, issues, peer))
                log(f"  round {r + 1} {side}: " + json.dumps(runs[side][-1]))
    rows = []
    for what, label in (("projects", "projects by id"), ("issues", "issues, 100 per page")):
        rate = {s: [x[what]["count"] / x[what]["wall"] for x in runs[s]] for s in sides}
        cpu = {s: [x[what]["cpu"] / x[what]["count"] * 1e6 for x in runs[s]] for s in sides}
        count = runs[OURS][0][what]["count"]
        ours_gc = median([x[what]["gc"] / count * 1e6 for x in runs[OURS]])
        served = [x[what]["server_cpu"] for x in runs[OURS]]
        fake_cpu = median_or_dash([None if s is None else s / count * 1e6 for s in served])
        for base in (SDK, SDK_CACHED):
            ratios = [o / b for o, b in zip(rate[OURS], rate[base], strict=True)]
            rows.append(
                [
                    f"{count} {label}",
                    f"`{base}`",
                    f"{median(rate[base]):.0f}",
                    f"{median(rate[OURS]):.0f}",
                    f"**{median(ratios):.1f}x** ({spread(ratios)})",
                    f"{median(cpu[base]):.0f}",
                    f"{median(cpu[OURS]):.0f}",
                    f"{ours_gc:.0f}",
                    fake_cpu,
                ]
            )
            if base == SDK:
                report.check(
                    f"aioyoutrack vs youtrack-sdk throughput, {label} (20 ms)",
                    median(ratios),
                    20.0,
                    at_least=True,
                )
    report.table(
        "Peer at 20 ms latency: sync `youtrack-sdk` (one request at a time) vs aioyoutrack "
        f"with its defaults (max_concurrency {DEFAULT_MAX_CONCURRENCY}, "
        f"prefetch {DEFAULT_PREFETCH})",
        [
            "workload",
            "peer",
            "peer objects/s",
            "aioyoutrack objects/s",
            "throughput ratio",
            "peer CPU µs/object",
            "aioyoutrack CPU µs/object",
            "of which GC µs/object",
            "fake CPU µs/object (aioyoutrack side)",
        ],
        rows,
    )
    report.note(
        "Each side runs in a fresh process per round and uses its own models and "
        "projections (youtrack-sdk's Issue asks for fewer custom-field attributes but adds "
        "e.g. `wikifiedDescription`). Adaptations of the SDK (no project-by-id method; the "
        "`TypeAdapter` its `get_issues` builds per call built once) are described in "
        "`peer_youtrack_sdk.py`. `of which GC`: aioyoutrack's CPU in garbage collections "
        "(`gc.callbacks`); `fake CPU`: the fake server process's CPU while aioyoutrack's "
        "side ran (`/proc`), per object: the fake renders on the other core."
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    args = parse_args(__doc__ or "", argv)
    rounds = args.rounds or (1 if args.quick else 3)
    peer = args.peer_python or str(DEFAULT_PEER_PYTHON)
    report = Report("peer", "Peer")
    with reporting(report, args.json):
        if not Path(peer).exists():
            report.note(f"youtrack-sdk is not installed ({peer} is missing): skipped.")
            log("peer: skipped, no peer venv")
        else:
            measure(report, rounds, args.quick, peer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
