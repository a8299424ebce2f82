"""Run a FakeYouTrack as a process: ``python -m aioyoutrack.testing --port 8111``.

Prints ``URL=<service root>`` and ``TOKEN=<root's permanent token>`` (one line each,
flushed) once it serves, then runs until SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Sequence

from .._constants import MAX_DEMO_ISSUES
from ._fake import FakeYouTrack


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m aioyoutrack.testing",
        description="Serve an in-memory fake YouTrack on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="TCP port (0: any free port)")
    parser.add_argument("--seed", default="demo", help="'demo' (default), 'none' or 'bulk:N'")
    parser.add_argument("--issues", type=int, default=None, help="issue count of the seed")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    parser.add_argument("--context-path", default="", help="e.g. /youtrack")
    return parser


async def _serve(args: argparse.Namespace) -> None:
    seed = None if args.seed.lower() == "none" else args.seed
    fake = FakeYouTrack(
        seed,
        host=args.host,
        port=args.port,
        latency=args.latency,
        context_path=args.context_path,
        issues=args.issues,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # signal handlers need a Unix loop
            loop.add_signal_handler(sig, stop.set)
    async with fake:
        print(f"URL={fake.url}", flush=True)
        print(f"TOKEN={fake.token}", flush=True)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (2 for arguments it cannot serve with)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.issues is not None and args.issues > MAX_DEMO_ISSUES:
        parser.error(f"--issues: at most {MAX_DEMO_ISSUES:,}, got {args.issues:,}")
    if args.seed.startswith("bulk:") and args.issues is None:
        count = args.seed.partition(":")[2].strip()
        # The length first: int() refuses more than 4300 digits with a traceback.
        if (
            count.isascii()
            and count.isdigit()
            and (len(count.lstrip("0")) > len(str(MAX_DEMO_ISSUES)) or int(count) > MAX_DEMO_ISSUES)
        ):
            parser.error(f"--seed bulk:N: at most {MAX_DEMO_ISSUES:,} issues")
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:  # pragma: no cover - only where signal handlers are missing
        pass
    except ValueError as error:  # a setting the fake refused: a usage error
        parser.error(str(error))
    except OSError as error:  # the port taken, the address not this machine's
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
