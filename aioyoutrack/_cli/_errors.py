"""Exit statuses of the command, and one readable line per failure."""

from __future__ import annotations

from ..errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RedirectError,
    UnexpectedResponseError,
    YouTrackError,
)
from ._escape import visible

# No run-time ``typing`` import on the path of ``aioyoutrack --help``: see _lazy.py.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

__all__ = [
    "EXIT_AUTH",
    "EXIT_BROKEN_PIPE",
    "EXIT_CODES_HELP",
    "EXIT_CONNECTION",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_NOT_YOUTRACK",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "describe",
]

EXIT_OK: Final = 0
#: Any other YouTrack error (a 400, a 5xx after retries, a response that does not fit).
EXIT_ERROR: Final = 1
#: Bad arguments or configuration (no URL, no token, malformed URL); argparse uses 2 too.
EXIT_USAGE: Final = 2
#: The token was rejected (401) or may not do this (403).
EXIT_AUTH: Final = 3
#: No such issue or project (404).
EXIT_NOT_FOUND: Final = 4
#: The server could not be reached, or did not answer in time.
EXIT_CONNECTION: Final = 5
#: Something answered, but not YouTrack's API (an HTML page, a redirect elsewhere).
EXIT_NOT_YOUTRACK: Final = 6
#: Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED: Final = 130
#: stdout was closed early (``aioyoutrack issues | head``): 128 + SIGPIPE.
EXIT_BROKEN_PIPE: Final = 141

#: The table shown by ``aioyoutrack --help``.
EXIT_CODES_HELP: Final = """\
exit status:
  0    ok
  1    YouTrack refused or failed (an error status after retries, an odd response)
  2    usage or configuration (bad option, no URL or token, malformed URL)
  3    authentication or permission (the token was rejected, or may not do this)
  4    not found (no such issue or project)
  5    unreachable or timed out
  6    not a YouTrack API: an HTML page or a redirect elsewhere (check the URL)
  130  interrupted (Ctrl-C)
  141  stdout closed early (e.g. piped to head)
"""


class UsageError(Exception):
    """A command-line mistake found after parsing (conflicting options, bad file)."""


def _one_line(text: str) -> str:
    # Messages quote the server (an error description, a redirect's Location, a URL):
    # its control characters are shown, not obeyed.
    return visible(" ".join(text.split()))


def _text(exc: BaseException) -> str:
    # The request as "(GET https://host/api/issues)": without the query, whose fields=
    # projection would make the line unreadable.
    message = getattr(exc, "message", None)
    if not isinstance(exc, YouTrackError) or not isinstance(message, str):
        return _one_line(str(exc))
    text = message
    if exc.method and exc.url:
        text += f" ({exc.method} {exc.url.split('?', 1)[0]})"
    return _one_line(text)


#: What the line says around the error's text, and the exit status, by kind of error;
#: the first that fits wins, so a subclass stands before its base.
_LINES: Final = (
    (ConfigurationError, ("configuration: ", ""), EXIT_USAGE),
    (InvalidRequestError, ("invalid request: ", ""), EXIT_USAGE),
    (
        AuthenticationError,
        (
            "authentication failed, the token was rejected: ",
            " (pass a valid permanent token with --token or YOUTRACK_TOKEN)",
        ),
        EXIT_AUTH,
    ),
    (PermissionDeniedError, ("permission denied for this token: ", ""), EXIT_AUTH),
    (NotFoundError, ("not found: ", ""), EXIT_NOT_FOUND),
    (APITimeoutError, ("timed out: ", ""), EXIT_CONNECTION),
    (
        APIConnectionError,
        ("cannot reach YouTrack: ", " (check the URL and the network)"),
        EXIT_CONNECTION,
    ),
    (UnexpectedResponseError, ("not a YouTrack API, check the URL: ", ""), EXIT_NOT_YOUTRACK),
    (RedirectError, ("redirect refused, check the URL: ", ""), EXIT_NOT_YOUTRACK),
    (APIStatusError, ("YouTrack error: ", ""), EXIT_ERROR),
)


def describe(exc: BaseException) -> tuple[str, int]:
    """Return the line to print (without the program name) and the exit status."""
    text = _text(exc)
    if isinstance(exc, UsageError):
        return text, EXIT_USAGE
    if not isinstance(exc, YouTrackError):
        return f"{type(exc).__name__}: {text}", EXIT_ERROR
    for kind, (before, after), status in _LINES:
        if isinstance(exc, kind):
            return f"{before}{text}{after}", status
    return f"{type(exc).__name__}: {text}", EXIT_ERROR
