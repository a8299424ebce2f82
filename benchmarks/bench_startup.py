"""Start-up: what a fresh process pays before it can use the library or its command.

Every side is a new interpreter (the benchmark venv's ``python``, or its ``aioyoutrack``
console script) with a plain environment: no ``PYTHON*`` variable of the caller, so
bytecode caches are used as an installed package uses them (each side runs once untimed
first, to write them). Rounds run every side once, in alternating order (ABC..., ...CBA),
so a machine busy with other work slows both sides of a ratio alike.

- ``import aioyoutrack`` against ``import aiohttp`` (target: at most 1.3x);
- ``from aioyoutrack import YouTrack``, the client (its resources and models load when
  first used), against ``import aiohttp`` (target: at most 1.3x);
- ``aioyoutrack --help`` and ``aioyoutrack --version`` against ``python -c pass``
  (target: at most 3x).

Wall time is measured around each process (spawn included, alike for every side);
CPU is the children's user + system time (``RUSAGE_CHILDREN``).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from _common import ROOT, Report, log, median, order, parse_args, reporting, spread

ROUNDS = 40
QUICK_ROUNDS = 10
PYTHON = sys.executable
SCRIPT = str(Path(sys.executable).with_name("aioyoutrack"))

PASS, AIOHTTP, IMPORT, CLIENT, HELP, VERSION = (
    "python -c pass",
    "import aiohttp",
    "import aioyoutrack",
    "from aioyoutrack import YouTrack",
    "aioyoutrack --help",
    "aioyoutrack --version",
)
COMMANDS: dict[str, list[str]] = {
    PASS: [PYTHON, "-c", "pass"],
    AIOHTTP: [PYTHON, "-c", "import aiohttp"],
    IMPORT: [PYTHON, "-c", "import aioyoutrack"],
    CLIENT: [PYTHON, "-c", "from aioyoutrack import YouTrack"],
    HELP: [SCRIPT, "--help"],
    VERSION: [SCRIPT, "--version"],
}
#: (side, baseline, limit or None for an orientation row).
RATIOS: tuple[tuple[str, str, float | None], ...] = (
    (IMPORT, AIOHTTP, 1.3),
    (CLIENT, AIOHTTP, 1.3),
    (HELP, PASS, 3.0),
    (VERSION, PASS, 3.0),
)


def plain_env() -> dict[str, str]:
    """This environment without ``PYTHON*`` variables (``PYTHONDONTWRITEBYTECODE`` would
    make every run compile the library from source)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


def run_once(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process running ``command`` to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(report: Report, rounds: int) -> None:
    env = plain_env()
    sides = list(COMMANDS)
    for side in sides:  # untimed: writes the bytecode caches
        run_once(COMMANDS[side], env)
    wall: dict[str, list[float]] = {side: [] for side in sides}
    cpu: dict[str, list[float]] = {side: [] for side in sides}
    for r in range(rounds):
        for side in order(r, sides):
            w, c = run_once(COMMANDS[side], env)
            wall[side].append(w)
            cpu[side].append(c)
        if (r + 1) % 10 == 0:
            log(f"  startup: {r + 1}/{rounds} rounds")
    report.table(
        f"Start-up: {rounds} fresh processes per side, sides alternating",
        ["process", "wall ms (median)", "wall ms (min)", "CPU ms (median)"],
        [
            [
                f"`{side}`",
                f"{median(wall[side]) * 1e3:.1f}",
                f"{min(wall[side]) * 1e3:.1f}",
                f"{median(cpu[side]) * 1e3:.1f}",
            ]
            for side in sides
        ],
    )
    rows = []
    for side, base, limit in RATIOS:
        walls = [s / b for s, b in zip(wall[side], wall[base], strict=True)]
        cpus = [s / b for s, b in zip(cpu[side], cpu[base], strict=True) if b > 0]
        rows.append(
            [
                f"`{side}` vs `{base}`",
                f"**{median(walls):.2f}x** ({spread(walls)})",
                f"{median(cpus):.2f}x ({spread(cpus)})" if cpus else "-",
                "orientation" if limit is None else f"≤ {limit:g}x",
            ]
        )
        if limit is not None:
            report.check(
                f"start-up: `{side}` vs `{base}` (wall)", median(walls), limit, at_least=False
            )
    report.table(
        "Start-up ratios (medians of per-round ratios, min-max in brackets)",
        ["ratio", "wall", "CPU", "target"],
        rows,
    )
    report.note(
        "Each process is a new interpreter from the benchmark venv with the caller's "
        "`PYTHON*` variables removed; the console script is the venv's `aioyoutrack` "
        "(pip's wrapper, which imports `re` itself, as argparse does). Wall time includes "
        "spawning the process, alike for every side. `from aioyoutrack import YouTrack` "
        "loads the client and aiohttp; each resource, the models and cattrs load when "
        "first used."
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(__doc__ or "", argv)
    rounds = args.rounds or (QUICK_ROUNDS if args.quick else ROUNDS)
    report = Report("startup", "Start-up")
    with reporting(report, args.json):
        measure(report, rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
