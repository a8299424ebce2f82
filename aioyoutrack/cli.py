"""The ``aioyoutrack`` command (``python -m aioyoutrack`` too).

Subcommands: ``demo`` (the client against an embedded FakeYouTrack, with request
figures), ``projects``, ``issues QUERY``, ``issue ID``, ``count QUERY`` and
``export QUERY --out FILE.jsonl``. The connection comes from ``--url``/``--token``, or
``YOUTRACK_URL``/``YOUTRACK_TOKEN``, or ``--fake`` (the embedded fake with demo data).

Tables and the progress bar use rich, the ``cli`` extra
(``pip install "aioyoutrack[cli]"``), imported only when the command runs, and only on a
terminal: output redirected to a file or a pipe is plain text. Without rich the command
prints plain text and, on a terminal, a one-line hint on how to get rich. ``export``
says on stderr what it wrote.

Errors print one line (``aioyoutrack: error: ...``) to stderr and exit with a status
that says what went wrong: 1 YouTrack error, 2 usage or configuration, 3 authentication
or permission, 4 not found, 5 unreachable or timed out, 6 not a YouTrack API (check
the URL), 130 interrupted (Ctrl-C), 141 stdout closed early.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]

#: ``EXIT_INTERRUPTED`` of :mod:`._cli._errors`, spelled out: this module imports
#: nothing until :func:`main` runs, so that Ctrl-C while the command loads exits quietly.
_EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``aioyoutrack`` command with ``argv`` (default: ``sys.argv[1:]``) and
    return the exit status. Failures print one line to stderr, never a traceback."""
    try:
        # --help, --version and usage errors need only the parser (argparse and the
        # library's constants): answered here, they never load aiohttp, the client or
        # the models. A command is parsed again by the full CLI (a millisecond).
        from ._cli._errors import EXIT_ERROR
        from ._cli._parser import build_parser
        from ._cli._stdout import flush_stdout

        try:
            build_parser().parse_args(argv)
        except SystemExit as exit_:
            # Flushed here: a help still in Python's buffer meets a closed pipe now (141),
            # not in the interpreter's final flush (120).
            return flush_stdout(exit_.code if isinstance(exit_.code, int) else EXIT_ERROR)
        except OSError:
            # Printing the help failed (a closed stdout): the full CLI parses again and
            # reports it as it reports any failed output.
            pass
        from ._cli._main import main as run
    except KeyboardInterrupt:  # Ctrl-C while the command's modules load
        return _EXIT_INTERRUPTED
    return run(argv)
