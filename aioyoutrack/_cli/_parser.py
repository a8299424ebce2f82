"""The argument parser of ``aioyoutrack``.

Connection options are accepted both before and after the subcommand
(``aioyoutrack --fake issues ...`` and ``aioyoutrack issues ... --fake``): they are
declared on the top parser and on every subparser with ``SUPPRESS`` defaults, so
whichever place gives a value wins and absent ones stay absent.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import sys
from collections.abc import Callable

from .._constants import (
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_PAGE_SIZE,
    ENV_TOKEN,
    ENV_URL,
    MAX_DEMO_ISSUES,
)
from .._version import __version__
from ._errors import EXIT_CODES_HELP

# No run-time ``typing`` import on the path of ``aioyoutrack --help``: see _lazy.py.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final, NoReturn

    from _typeshed import SupportsWrite

__all__ = ["DEFAULT_ISSUES_LIMIT", "build_parser"]

#: Rows ``aioyoutrack issues`` shows unless ``--limit`` says otherwise (0: all).
DEFAULT_ISSUES_LIMIT: Final = 50
#: Simulated network latency of ``aioyoutrack demo``, so concurrency has something to hide.
DEFAULT_DEMO_LATENCY: Final = 0.02
#: Page size of ``aioyoutrack demo``: small, so the 300 demo issues take several pages.
DEFAULT_DEMO_PAGE_SIZE: Final = 25
#: Longest simulated latency of ``aioyoutrack demo --latency``: the demo makes a dozen
#: rounds of requests, so more would only look like a hang.
MAX_DEMO_LATENCY: Final = 10.0

_EXAMPLES = """\
examples:
  aioyoutrack demo
  aioyoutrack --fake projects
  aioyoutrack --fake issues "project: SP #Unresolved" --limit 10
  aioyoutrack --fake issue SP-8
  aioyoutrack --fake count "#Critical"
  aioyoutrack --fake export "project: SP" --out sp.jsonl
"""


def _whole_number(text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"expected a number >= {least}, got {value}")
    return value


def _positive_int(text: str) -> int:
    return _whole_number(text, 1)


def _count(text: str) -> int:
    return _whole_number(text, 0)


def _seconds(text: str, *, zero: bool = True) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not math.isfinite(value):  # inf would wait forever (or overflow a timer), nan too
        raise argparse.ArgumentTypeError(f"expected a finite number of seconds, got {text}")
    if value < 0 or (value == 0 and not zero):
        raise argparse.ArgumentTypeError(f"expected seconds {'>=' if zero else '>'} 0, got {text}")
    return value


def _positive_seconds(text: str) -> float:
    return _seconds(text, zero=False)


def _at_most(
    convert: Callable[[str], float], maximum: float, unit: str = ""
) -> Callable[[str], float]:
    """``convert``, refusing values above ``maximum``."""

    def check(text: str) -> float:
        value = convert(text)
        if value > maximum:
            raise argparse.ArgumentTypeError(f"expected at most {maximum:g}{unit}, got {text}")
        return value

    return check


def _connection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection")

    def option(flag: str, help_text: str, **how: Any) -> None:
        # SUPPRESS: an option given before the command must survive the subparser, which
        # would otherwise set its own default over it.
        group.add_argument(flag, default=argparse.SUPPRESS, help=help_text, **how)

    option(
        "--url", f"YouTrack service root, e.g. https://example.youtrack.cloud (default: ${ENV_URL})"
    )
    option(
        "--token",
        f"permanent token (default: ${ENV_TOKEN}; prefer the variable: "
        "command lines are visible to other users)",
    )
    option(
        "--fake", "start the embedded FakeYouTrack with demo data and use it", action="store_true"
    )
    option(
        "--concurrency",
        f"most requests in flight (default {DEFAULT_MAX_CONCURRENCY})",
        type=_positive_int,
        metavar="N",
    )
    option("--timeout", "timeout of one request attempt", type=_positive_seconds, metavar="SECONDS")
    option(
        "--retries",
        "retries of a failed request (default: the library's policy)",
        type=_count,
        metavar="N",
    )
    option(
        "--allow-http",
        "allow plain http to a host that is not loopback (the token travels unencrypted)",
        action="store_true",
    )
    option("--plain", "plain-text output even when rich is installed", action="store_true")


class _Parser(argparse.ArgumentParser):
    """argparse's parser, except that a closed stdout is not ignored while printing
    ``--help`` or ``--version``: it raises :class:`BrokenPipeError`, so the command exits
    141 as it does for any other output (argparse would swallow it and exit 0)."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            (sys.stderr if file is None else file).write(message)

    #: The arguments being parsed, for :meth:`error` to mask.
    _arguments: list[str] = []

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._arguments = [str(a) for a in (sys.argv[1:] if args is None else args)]
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        """Exit 2 with argparse's message, the token masked: argparse repeats what it
        could not parse (``--tokn=perm:...``, ``--t=perm:...``), and stderr lands in
        CI logs."""
        super().error(_masked_arguments(message, self._arguments))


def _masked_arguments(message: str, arguments: list[str]) -> str:
    import re  # argparse has loaded it; kept off the module's own import path

    secrets = [os.environ.get(ENV_TOKEN, "")]
    for index, argument in enumerate(arguments):
        name, equals, value = argument.partition("=")
        if equals and name.startswith("--t"):
            secrets.append(value)  # --token=... and what argparse may take for it
        elif name.startswith("--t") and "--token".startswith(name) and index + 1 < len(arguments):
            secrets.append(arguments[index + 1])
    for secret in sorted((s for s in secrets if len(s) >= 4), key=len, reverse=True):
        message = message.replace(secret, "***")
    # A token anywhere else on the command line (a value put in the wrong place).
    return re.sub(r"perm[:-][^\s'\",]+", "***", message)


def _help_width() -> int:
    """The width argparse would use for help, found without importing :mod:`shutil`
    (with the compression modules it loads, a tenth of ``aioyoutrack --help``): the same
    rules as ``shutil.get_terminal_size``, ``COLUMNS`` first, less argparse's margin."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


def build_parser() -> argparse.ArgumentParser:
    """The parser: global connection options and one subparser per command."""
    width = _help_width()
    parser = _Parser(
        prog="aioyoutrack",
        description="Query a YouTrack instance from the command line, or run a demo "
        "against an embedded fake one.",
        epilog=f"{_EXAMPLES}\n{EXIT_CODES_HELP}",
        formatter_class=functools.partial(argparse.RawDescriptionHelpFormatter, width=width),
    )
    parser.add_argument("--version", action="version", version=f"aioyoutrack {__version__}")
    _connection_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            formatter_class=functools.partial(argparse.HelpFormatter, width=width),
        )
        _connection_options(sub)
        return sub

    demo = command(
        "demo",
        "start an embedded FakeYouTrack with demo data, fetch every project and all their "
        "issues concurrently, and show a summary with request figures",
    )
    demo.add_argument(
        "--issues",
        type=_at_most(_count, MAX_DEMO_ISSUES),
        default=None,
        metavar="N",
        help=f"issues in the demo data (default 300, at most {MAX_DEMO_ISSUES:,})",
    )
    demo.add_argument(
        "--latency",
        type=_at_most(_seconds, MAX_DEMO_LATENCY, " s"),
        default=DEFAULT_DEMO_LATENCY,
        metavar="SECONDS",
        help=f"simulated network latency per request (default {DEFAULT_DEMO_LATENCY}, "
        f"at most {MAX_DEMO_LATENCY:g})",
    )
    demo.add_argument(
        "--page-size",
        type=_positive_int,
        default=DEFAULT_DEMO_PAGE_SIZE,
        metavar="N",
        help=f"issues per request (default {DEFAULT_DEMO_PAGE_SIZE})",
    )

    projects = command("projects", "list the projects")
    projects.add_argument("--json", action="store_true", help="print a JSON array")

    issues = command("issues", "list the issues matching a query")
    issues.add_argument("query", nargs="?", default=None, help="YouTrack query (default: all)")
    issues.add_argument(
        "--limit",
        type=_count,
        default=DEFAULT_ISSUES_LIMIT,
        metavar="N",
        help=f"show at most N issues (default {DEFAULT_ISSUES_LIMIT}; 0: all)",
    )
    issues.add_argument("--json", action="store_true", help="print a JSON array")

    issue = command("issue", "show one issue with all its fields")
    issue.add_argument("id", metavar="ID", help="readable id (SP-8) or database id (2-17)")
    issue.add_argument("--json", action="store_true", help="print it as JSON")

    count = command("count", "count the issues matching a query")
    count.add_argument("query", nargs="?", default=None, help="YouTrack query (default: all)")

    export = command(
        "export", "write every issue matching a query to a JSON Lines file, one issue per line"
    )
    export.add_argument("query", nargs="?", default=None, help="YouTrack query (default: all)")
    export.add_argument(
        "--out",
        "-o",
        required=True,
        metavar="FILE",
        help="output file (.jsonl); '-' writes to stdout",
    )
    export.add_argument(
        "--page-size",
        type=_positive_int,
        default=DEFAULT_PAGE_SIZE,
        metavar="N",
        help=f"issues per request (default {DEFAULT_PAGE_SIZE})",
    )
    return parser
