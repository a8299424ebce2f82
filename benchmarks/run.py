"""Run the aioyoutrack benchmarks and print every ratio: ``python benchmarks/run.py [--quick]``.

Scenarios (one script each, see their docstrings), each against FakeYouTrack running in
a separate process (``python -m aioyoutrack.testing``), each comparing with a baseline
measured in the same run, sides interleaved over several rounds, medians reported:

- ``single``: ``projects.get_many`` vs raw aiohttp (GET + ``json.loads``), same URLs;
- ``layers``: where ``get_many``'s CPU goes, the client's layers added one at a time
  (orientation, no targets);
- ``instructions``: machine instructions per request (callgrind), ``get_many`` and
  ``yt.request`` vs raw aiohttp (orientation; needs valgrind);
- ``paging``: ``issues.search`` one page at a time vs concurrent prefetch;
- ``structuring``: a 100-issue page, bytes to models, vs ``json.loads`` and pydantic;
- ``peer``: the sync ``youtrack-sdk`` vs aioyoutrack's defaults at 20 ms latency;
- ``memory``: peak RSS streaming 50 000 issues vs 5 000;
- ``startup``: fresh processes: ``import aioyoutrack`` vs ``import aiohttp``, and
  ``aioyoutrack --help``/``--version`` vs ``python -c pass`` (no fake server).

On first use it creates two virtualenvs (both gitignored): ``benchmarks/.venv`` (this
Python, aioyoutrack editable with ``fast``, plus ``requirements.txt``: pydantic) and
``benchmarks/.venv-peer`` (Python >= 3.12, ``requirements-peer.txt``: youtrack-sdk).
``--markdown FILE`` also writes the tables as Markdown (the body of ``RESULTS.md``).
This script uses only the standard library.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCH_VENV = HERE / ".venv"
PEER_VENV = HERE / ".venv-peer"
SCENARIOS = (
    "single",
    "layers",
    "instructions",
    "paging",
    "structuring",
    "peer",
    "memory",
    "startup",
)
VERSIONS = """
import importlib.metadata as m, json, platform
names = ["aioyoutrack", "aiohttp", "yarl", "multidict", "attrs", "cattrs", "orjson",
         "pydantic", "pydantic-core", "youtrack-sdk", "requests"]
found = {}
for name in names:
    try:
        found[name] = m.version(name)
    except m.PackageNotFoundError:
        pass
print(json.dumps({"python": platform.python_version(), **found}))
"""


def venv_python(path: Path) -> Path:
    return path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def pip_install(python: Path, *args: str) -> None:
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *args], check=True, cwd=ROOT)


def ensure_bench_venv() -> Path:
    python = venv_python(BENCH_VENV)
    if not python.exists():
        print(f"creating {BENCH_VENV.relative_to(ROOT)} ...", file=sys.stderr)
        venv.create(BENCH_VENV, with_pip=True)
        pip_install(python, "-e", f"{ROOT}[fast]", "-r", str(HERE / "requirements.txt"))
    return python


def find_peer_base(given: str | None) -> str | None:
    """A Python >= 3.12 to build the peer venv with (youtrack-sdk needs it)."""
    candidates = [given] if given else []
    candidates += [shutil.which(f"python3.{minor}") for minor in (12, 13, 14)]
    pyenv = Path.home() / ".pyenv" / "versions"
    if pyenv.is_dir():
        candidates += [str(p / "bin" / "python") for p in sorted(pyenv.glob("3.1[2-9]*"))]
    for candidate in candidates:
        # A pyenv shim exists on PATH even when no 3.12 is selected: try each one.
        if candidate and Path(candidate).exists() and _runs_312(candidate):
            return candidate
    return None


def _runs_312(python: str) -> bool:
    check = "import sys; sys.exit(sys.version_info < (3, 12))"
    try:
        done = subprocess.run([python, "-c", check], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def ensure_peer_venv(base: str | None) -> Path | None:
    python = venv_python(PEER_VENV)
    if python.exists():
        return python
    interpreter = find_peer_base(base)
    if interpreter is None:
        print("no Python >= 3.12 found: the peer scenario is skipped", file=sys.stderr)
        return None
    print(f"creating {PEER_VENV.relative_to(ROOT)} with {interpreter} ...", file=sys.stderr)
    subprocess.run([interpreter, "-m", "venv", str(PEER_VENV)], check=True)
    pip_install(python, "-r", str(HERE / "requirements-peer.txt"))
    return python


def versions(python: Path | None) -> dict[str, str]:
    if python is None:
        return {}
    done = subprocess.run([str(python), "-c", VERSIONS], capture_output=True, text=True)
    return dict(json.loads(done.stdout)) if done.returncode == 0 else {}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_scenario(
    name: str, python: Path, args: argparse.Namespace, peer: Path | None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.json"
        command = [str(python), str(HERE / f"bench_{name}.py"), "--json", str(out)]
        if args.quick:
            command.append("--quick")
        if args.rounds:
            command += ["--rounds", str(args.rounds)]
        if name == "peer" and peer is not None:
            command += ["--peer-python", str(peer)]
        print(f"\n== {name} ==", file=sys.stderr, flush=True)
        subprocess.run(command, check=True, cwd=ROOT)
        report: dict[str, Any] = json.loads(out.read_text())
        return report


def markdown(reports: list[dict[str, Any]], header: dict[str, Any]) -> str:
    lines = [
        f"Run on {header['date']} with `{header['command']}` ({header['seconds']:.0f} s in all).",
        "",
        f"- Machine: {header['cpu']}, {header['cores']} cores, {header['platform']}",
        f"- Benchmark venv: {_versions(header['versions'])}",
    ]
    if header["peer_versions"]:
        lines.append(f"- Peer venv: {_versions(header['peer_versions'])}")
    loads = ", ".join(
        f"{r['scenario']} {r['load'][0]:.1f}→{r['load'][-1]:.1f}" for r in reports if r["load"]
    )
    lines += [f"- 1-minute load average before→after each scenario: {loads}", ""]
    for report in reports:
        for table in report["tables"]:
            lines += [f"### {table['title']}", ""]
            lines.append("| " + " | ".join(table["columns"]) + " |")
            lines.append("|" + "---|" * len(table["columns"]))
            lines += ["| " + " | ".join(row) + " |" for row in table["rows"]]
            lines.append("")
        lines += [f"{note}" for note in report["notes"]]
        if report["notes"]:
            lines.append("")
    lines += ["### Targets", "", "| target | measured | limit | met |", "|---|---|---|---|"]
    for report in reports:
        for check in report["checks"]:
            limit = ("≥ " if check["at_least"] else "≤ ") + f"{check['limit']:g}"
            met = "yes" if check["ok"] else "**no**"
            lines.append(f"| {check['target']} | {check['value']:.3f} | {limit} | {met} |")
    return "\n".join(lines) + "\n"


def _versions(found: dict[str, str]) -> str:
    return ", ".join(f"{name} {version}" for name, version in found.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="smaller, faster runs")
    parser.add_argument(
        "--only", default=",".join(SCENARIOS), help=f"comma-separated subset of {SCENARIOS}"
    )
    parser.add_argument("--rounds", type=int, default=None, help="override the rounds")
    parser.add_argument(
        "--markdown", type=Path, default=None, help="also write Markdown (and .json) here"
    )
    parser.add_argument("--peer-python", default=None, help="Python >= 3.12 for the peer venv")
    args = parser.parse_args()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    python = ensure_bench_venv()
    peer = ensure_peer_venv(args.peer_python) if "peer" in chosen else None
    started = time.perf_counter()
    reports = [run_scenario(name, python, args, peer) for name in chosen]
    header = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
        "seconds": time.perf_counter() - started,
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "versions": versions(python),
        "peer_versions": versions(peer),
    }
    text = markdown(reports, header)
    print("\n" + text)
    if args.markdown is not None:
        args.markdown.write_text(text)
        # The reports themselves, to render again or compare runs later.
        args.markdown.with_suffix(".json").write_text(
            json.dumps({"header": header, "reports": reports}, indent=1)
        )
    missed = [c for r in reports for c in r["checks"] if not c["ok"]]
    print(f"{len(missed)} target(s) missed" if missed else "every target met", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
