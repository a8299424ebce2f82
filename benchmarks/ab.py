"""A/B: the same benchmark scenarios on two versions of aioyoutrack, rounds alternating.

``python benchmarks/ab.py --base f1be230 [--only single,structuring,paging] [--rounds 3]``

Checks the base revision out into a temporary git worktree, then for every round runs
each scenario once per side (the order alternating between rounds), each side with its
own tree first on ``PYTHONPATH`` and its own benchmark scripts, in the benchmark venv
``run.py`` creates. Every scenario already reports its targets as ratios to a baseline
measured in the same process (raw aiohttp, ``json.loads``, one page at a time), so the
A/B compares those ratios: ``after / before`` per target, the median over the rounds,
and the spread of each side. A change within the sides' own spread is noise.
``--markdown FILE`` writes the table (for ``RESULTS.md``). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import ROOT, ensure_bench_venv

DEFAULT_SCENARIOS = ("single", "structuring", "paging")


def run_side(python: Path, tree: Path, scenario: str, quick: bool) -> dict[str, float]:
    """One run of ``scenario`` on ``tree``: {target: measured value}."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [str(python), str(tree / "benchmarks" / f"bench_{scenario}.py")]
        command += ["--json", str(out), "--rounds", "1"] + (["--quick"] if quick else [])
        env = {**os.environ, "PYTHONPATH": str(tree)}
        subprocess.run(command, check=True, cwd=tree, env=env, stdout=subprocess.DEVNULL)
        report = json.loads(out.read_text())
    return {check["target"]: float(check["value"]) for check in report["checks"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--base", required=True, help="the revision to compare with")
    parser.add_argument("--only", default=",".join(DEFAULT_SCENARIOS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="each scenario's --quick size")
    parser.add_argument("--markdown", type=Path, default=None)
    args = parser.parse_args()
    python = ensure_bench_venv()
    scenarios = [s.strip() for s in args.only.split(",") if s.strip()]
    base_sha = subprocess.run(
        ["git", "rev-parse", "--short", args.base],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    head_sha = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        base_tree = Path(tmp) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(base_tree), args.base],
            cwd=ROOT,
            check=True,
        )
        try:
            values: dict[str, dict[str, list[float]]] = {}
            for round_ in range(args.rounds):
                sides = [("before", base_tree), ("after", ROOT)]
                if round_ % 2:
                    sides.reverse()
                for scenario in scenarios:
                    for side, tree in sides:
                        print(f"round {round_ + 1}: {scenario} {side}", file=sys.stderr)
                        for target, value in run_side(python, tree, scenario, args.quick).items():
                            values.setdefault(target, {}).setdefault(side, []).append(value)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, check=False
            )
    lines = [
        f"A/B: `python benchmarks/ab.py {' '.join(sys.argv[1:])}`: before = {base_sha}, "
        f"after = {head_sha}, {args.rounds} rounds, sides alternating.",
        "",
        "| target | before (median, min-max) | after (median, min-max) | after / before |",
        "|---|---|---|---|",
    ]

    def cell(runs: list[float]) -> str:
        # A target one side does not measure (new in the other) says so.
        if not runs:
            return "not measured"
        return f"{statistics.median(runs):.3f} ({min(runs):.3f}-{max(runs):.3f})"

    for target, sides in values.items():
        before, after = sides.get("before", []), sides.get("after", [])
        ratio = (
            f"{statistics.median(after) / statistics.median(before):.3f}"
            if before and after
            else "-"
        )
        lines.append(f"| {target} | {cell(before)} | {cell(after)} | {ratio} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown is not None:
        args.markdown.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
