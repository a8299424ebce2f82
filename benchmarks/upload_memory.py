"""Memory: peak RSS while uploading (and downloading back) 50 MB, against 5 MB.

Run by hand: ``python benchmarks/upload_memory.py`` (``--quick`` for one round).

The fake runs in a process of its own. Each measurement is a fresh process that
uploads N MB to an issue with ``yt.issues.attachments.upload`` (from an async generator
of 64 KiB chunks, or from a file on disk), downloads it back with ``download`` while
hashing it, checks the hash, and reports ``resource.getrusage(RUSAGE_SELF).ru_maxrss``
(the peak). Uploads and downloads are streamed, so memory must stay flat: the peak for
50 MB within 1.2x of the peak for 5 MB, for both sources.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from _common import ROOT, Report, Server, fake_server, log, median, order, parse_args, reporting

MB = 1024 * 1024
SMALL, LARGE = 5, 50
CHUNK = 64 * 1024


def _chunk(index: int) -> bytes:
    """A deterministic 64 KiB chunk (so both sides can hash without keeping data)."""
    return bytes((index + i) % 251 for i in range(256)) * (CHUNK // 256)


async def _generate(megabytes: int) -> AsyncIterator[bytes]:
    for index in range(megabytes * MB // CHUNK):
        yield _chunk(index)


def _expected_digest(megabytes: int) -> str:
    digest = hashlib.sha256()
    for index in range(megabytes * MB // CHUNK):
        digest.update(_chunk(index))
    return digest.hexdigest()


async def round_trip(url: str, token: str, megabytes: int, path: str | None) -> dict[str, Any]:
    from aioyoutrack import YouTrack

    async with YouTrack(url, token, timeout=300) as yt:
        source: Any = path if path is not None else _generate(megabytes)
        [attachment] = await yt.issues.attachments.upload("SP-1", source, name="big.bin")
        digest = hashlib.sha256()
        size = 0
        async for chunk in yt.issues.attachments.download(attachment):
            digest.update(chunk)
            size += len(chunk)
    if size != megabytes * MB or digest.hexdigest() != _expected_digest(megabytes):
        raise RuntimeError(f"downloaded {size} bytes that differ from the {megabytes} MB sent")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"megabytes": megabytes, "peak_kib": peak}


def child_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--megabytes", type=int, required=True)
    parser.add_argument("--path", default=None)
    args = parser.parse_args(argv)
    result = asyncio.run(round_trip(args.url, args.token, args.megabytes, args.path))
    print(json.dumps(result))
    return 0


def run_child(server: Server, megabytes: int, path: Path | None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", "--url", server.url, "--token", server.token]
    command += ["--megabytes", str(megabytes)]
    if path is not None:
        command += ["--path", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"uploading {megabytes} MB failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _write_file(folder: Path, megabytes: int) -> Path:
    path = folder / f"upload-{megabytes}.bin"
    with path.open("wb") as handle:
        for index in range(megabytes * MB // CHUNK):
            handle.write(_chunk(index))
    return path


def measure(report: Report, rounds: int) -> None:
    sources = ("stream", "file")
    runs: dict[tuple[str, int], list[float]] = {(s, n): [] for s in sources for n in (SMALL, LARGE)}
    with tempfile.TemporaryDirectory() as tmp, fake_server(seed="demo") as server:
        files = {n: _write_file(Path(tmp), n) for n in (SMALL, LARGE)}
        for r in range(rounds):
            for source in sources:
                for size in order(r, [SMALL, LARGE]):
                    path = files[size] if source == "file" else None
                    result = run_child(server, size, path)
                    runs[(source, size)].append(result["peak_kib"] / 1024)
                    log(f"upload memory: round {r + 1}, {source}, {size} MB: {result}")
    peak = {key: median(values) for key, values in runs.items()}
    report.table(
        "Memory: peak RSS of a fresh process uploading N MB and downloading it back",
        ["source", "5 MB: peak RSS, MiB", "50 MB: peak RSS, MiB", "50 MB vs 5 MB"],
        [
            [
                source,
                f"{peak[(source, SMALL)]:.1f}",
                f"{peak[(source, LARGE)]:.1f}",
                f"**{peak[(source, LARGE)] / peak[(source, SMALL)]:.2f}x**",
            ]
            for source in sources
        ],
    )
    for source in sources:
        ratio = peak[(source, LARGE)] / peak[(source, SMALL)]
        report.check(f"peak RSS uploading 50 vs 5 MB ({source})", ratio, 1.2, at_least=False)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    args = parse_args(__doc__ or "", argv)
    rounds = args.rounds or (1 if args.quick else 3)
    report = Report("upload_memory", "Upload memory")
    with reporting(report, args.json):
        measure(report, rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
