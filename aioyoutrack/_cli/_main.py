"""Parsing, dispatching to a subcommand, and turning failures into one line."""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from .._constants import DEFAULT_MAX_CONCURRENCY
from ..client import YouTrack
from ..errors import YouTrackError
from ._commands import run_count, run_export, run_issue, run_issues, run_projects
from ._connect import ConnectOptions, connect
from ._demo import run_demo
from ._errors import (
    EXIT_BROKEN_PIPE,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    UsageError,
    describe,
)
from ._escape import visible
from ._parser import build_parser
from ._stdout import flush_stdout, silence_stdout
from ._ui import Ui, load_ui

__all__ = ["ENV_TRACEBACK", "main"]

#: Set to show the traceback of an unexpected exception instead of one line.
ENV_TRACEBACK: Final = "AIOYOUTRACK_TRACEBACK"

_Command = Callable[[YouTrack, argparse.Namespace, Ui], Awaitable[None]]
_COMMANDS: Final[dict[str, _Command]] = {
    "projects": run_projects,
    "issues": run_issues,
    "issue": run_issue,
    "count": run_count,
    "export": run_export,
}


def _options(args: argparse.Namespace) -> ConnectOptions:
    return ConnectOptions(
        url=getattr(args, "url", None),
        token=getattr(args, "token", None),
        fake=getattr(args, "fake", False),
        max_concurrency=getattr(args, "concurrency", DEFAULT_MAX_CONCURRENCY),
        timeout=getattr(args, "timeout", None),
        retries=getattr(args, "retries", None),
        allow_http=getattr(args, "allow_http", False),
    )


async def _dispatch(args: argparse.Namespace, ui: Ui, options: ConnectOptions) -> None:
    if args.command == "demo":
        await run_demo(args, ui, options)
        return
    async with connect(options) as yt:
        await _COMMANDS[args.command](yt, args, ui)


async def _run(args: argparse.Namespace, ui: Ui, options: ConnectOptions) -> bool:
    """Run the command; return True when Ctrl-C stopped it.

    Ctrl-C cancels the command's task, so every ``async with`` closes its client, fake
    and files on the way out. (Python 3.10's ``asyncio.run`` would instead raise
    KeyboardInterrupt inside whatever code runs, and log the task's exception.)
    """
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    interrupted = False

    def interrupt() -> None:
        nonlocal interrupted
        interrupted = True
        if task is not None:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, interrupt)
        handled = True
    except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
        handled = False
    try:
        await _dispatch(args, ui, options)
    except asyncio.CancelledError:
        if not interrupted:
            raise
    finally:
        if handled:
            loop.remove_signal_handler(signal.SIGINT)
    return interrupted


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``aioyoutrack`` command with ``argv`` (default: ``sys.argv[1:]``) and
    return the exit status. Failures print one line to stderr, never a traceback."""
    try:
        status = _main(argv)
    except KeyboardInterrupt:
        # Ctrl-C outside the command's task: while parsing, loading rich, starting or
        # closing the event loop, or reporting an error.
        status = EXIT_INTERRUPTED
    return flush_stdout(status)


class _Discard(io.StringIO):
    """A stderr stand-in that keeps nothing: not a terminal, every write dropped."""

    def write(self, text: str) -> int:
        return len(text)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        # --help, --version, or a usage error argparse already reported.
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    except BrokenPipeError:  # --help or --version into a closed pipe
        silence_stdout()
        return EXIT_BROKEN_PIPE
    # Started with stderr closed (``2>&-``), Python has no sys.stderr: messages for it
    # go nowhere rather than failing the command or landing in stdout's data.
    stderr = sys.stderr if sys.stderr is not None else _Discard()
    ui = load_ui(sys.stdout, stderr, plain=getattr(args, "plain", False))
    try:
        if asyncio.run(_run(args, ui, _options(args))):
            return EXIT_INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except (YouTrackError, UsageError) as exc:
        line, status = describe(exc)
        print(f"aioyoutrack: error: {line}", file=stderr)
        return status
    except OSError as exc:
        # Local I/O: the export file could not be written, and the like.
        print(f"aioyoutrack: error: {visible(str(exc))}", file=stderr)
        return EXIT_ERROR
    except Exception as exc:
        # A bug (ours or the library's): one line by default, the traceback on request.
        if os.environ.get(ENV_TRACEBACK):
            raise
        line, status = describe(exc)
        print(
            f"aioyoutrack: internal error: {line} (please report it; set {ENV_TRACEBACK}=1 "
            "for the traceback)",
            file=stderr,
        )
        return status
    return EXIT_OK
