"""The full-size soak, run by hand: ``python benchmarks/soak.py [--calls 5000]``.

5 000 mixed calls (reads, creates, updates, comments) against FakeYouTrack with 5% 503
(with ``Retry-After``), 2% 500, 1% dropped connections and 1% slow responses, at
``max_concurrency=32``; then every write is reconciled against the fake (see
``tests/reliability/soak_harness.py``, which the CI-sized test runs too). Prints the
figures for benchmarks/RESULTS.md; exits with status 1 if any rule was broken.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from aioyoutrack import RetryPolicy

_HARNESS = Path(__file__).resolve().parent.parent / "tests" / "reliability" / "soak_harness.py"


def _load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("aioyoutrack_soak_harness", _HARNESS)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {_HARNESS}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--retry-after", type=float, default=1.0, help="Retry-After of the 503s, seconds"
    )
    parser.add_argument("--slow", type=float, default=0.2, help="delay of slow responses, s")
    args = parser.parse_args()
    harness = _load_harness()
    config = harness.SoakConfig(
        calls=args.calls,
        max_concurrency=args.concurrency,
        seed=args.seed,
        retry_after=args.retry_after,
        slow_delay=args.slow,
        retry=RetryPolicy(
            max_retries=8,
            backoff_initial=0.05,
            backoff_max=1.0,
            max_retry_after=5.0,
            deadline=120.0,
        ),
    )
    width = len(str(args.calls))

    def progress(done: int) -> None:
        if done % 500 == 0 or done == args.calls:
            print(f"  {done:>{width}}/{args.calls} calls done", file=sys.stderr)

    report = asyncio.run(harness.run_soak(config, progress=progress))
    print(
        f"soak: {args.calls} calls, max_concurrency={args.concurrency}, seed={args.seed}, "
        f"faults 503={config.p_503:.0%} (Retry-After {args.retry_after:g}s) "
        f"500={config.p_500:.0%} drop={config.p_drop:.0%} slow={config.p_slow:.0%} "
        f"({args.slow:g}s)"
    )
    print(report.summary())
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
