"""What the command does with its stdout at the end: flush it while a closed pipe can
still be reported (exit 141), then point it at /dev/null so the interpreter's final
flush stays quiet. Light on purpose: ``aioyoutrack --help`` uses it before the library
loads."""

from __future__ import annotations

import os
import sys

from ._errors import EXIT_BROKEN_PIPE, EXIT_OK

__all__ = ["flush_stdout", "silence_stdout"]


def silence_stdout() -> None:
    """The reader went away: point stdout at /dev/null, so the interpreter's final
    flush does not raise a second BrokenPipeError at exit."""
    try:
        target = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):  # no real file descriptor (captured in tests)
        return
    try:
        os.dup2(devnull, target)
    except OSError:
        pass
    finally:
        os.close(devnull)


def flush_stdout(status: int) -> int:
    """Flush what is still buffered for stdout, and return the exit status.

    Unless ``PYTHONUNBUFFERED`` is set, output to a pipe sits in Python's buffer until
    the interpreter's final flush, where a closed pipe can only print "Exception
    ignored ... BrokenPipeError" and exit 120. Flushing here reports it as 141.
    """
    stdout = sys.stdout
    if stdout is None:  # no console at all (pythonw)
        return status
    try:
        stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE if status == EXIT_OK else status
    except (OSError, ValueError):  # stdout already closed or otherwise unusable
        return status
    return status
