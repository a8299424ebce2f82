"""The subcommands that talk to a YouTrack: projects, issues, issue, count, export."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, TextIO

from .._constants import DEFAULT_PAGE_SIZE
from ..client import YouTrack
from ._errors import UsageError
from ._format import (
    ISSUE_COLUMNS,
    PROJECT_COLUMNS,
    issue_details,
    issue_row,
    json_document,
    json_line,
    project_row,
)
from ._ui import Ui

__all__ = ["run_count", "run_export", "run_issue", "run_issues", "run_projects"]


async def run_projects(yt: YouTrack, args: argparse.Namespace, ui: Ui) -> None:
    """``aioyoutrack projects``: every project, as a table or a JSON array."""
    projects = await yt.projects.list()
    if args.json:
        ui.line(json_document(projects))
        return
    ui.table(PROJECT_COLUMNS, [project_row(p) for p in projects])


async def run_issues(yt: YouTrack, args: argparse.Namespace, ui: Ui) -> None:
    """``aioyoutrack issues QUERY``: matching issues, at most ``--limit`` (0: all)."""
    limit: int | None = args.limit or None
    more = False
    if limit is None:
        issues = await yt.issues.search(args.query)
    else:
        # One issue past the limit says whether there are more; the page size is chosen
        # so that it takes no more requests than the limit alone would.
        issues = await yt.issues.search(
            args.query, limit=limit + 1, page_size=_page_size_for(limit + 1)
        )
        more = len(issues) > limit
        del issues[limit:]
    if args.json:
        ui.line(json_document(issues))
        return
    ui.table(ISSUE_COLUMNS, [issue_row(i) for i in issues])
    if more:
        ui.line(f"(first {limit}; --limit N shows more, --limit 0 all)")


def _page_size_for(count: int) -> int:
    """The page size fetching ``count`` items in as few pages as ``count - 1`` items at
    the default page size take (so the one extra item never costs a request)."""
    pages = max(1, -(-(count - 1) // DEFAULT_PAGE_SIZE))
    return -(-count // pages)


async def run_issue(yt: YouTrack, args: argparse.Namespace, ui: Ui) -> None:
    """``aioyoutrack issue ID``: one issue with every field."""
    issue = await yt.issues.get(args.id)
    if args.json:
        ui.line(json_document(issue))
        return
    ui.details(issue_details(issue))


async def run_count(yt: YouTrack, args: argparse.Namespace, ui: Ui) -> None:
    """``aioyoutrack count QUERY``: the number of matching issues."""
    ui.line(str(await yt.issues.count(args.query)))


#: Paths that name an open file descriptor (``--out /dev/stdout``): opened again they
#: are the same pipe or file, which must be written to, never replaced (a shell's
#: ``>> log`` would lose the log, a pipe would be a path that does not exist).
_DESCRIPTOR_PATH = re.compile(r"/dev/(stdin|stdout|stderr|fd/\d+)|/proc/[^/]+/fd/\d+")


def _names_a_descriptor(target: str) -> bool:
    """Whether ``target``, or a link it leads through, names an open descriptor, or it
    is the very file standard input, output or error is (however it is spelled)."""
    path = os.path.abspath(target)
    for _ in range(40):  # as many links as the system follows
        if _DESCRIPTOR_PATH.fullmatch(os.path.normpath(path)):
            return True
        if not os.path.islink(path):
            break
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    try:
        found = os.stat(target)
    except OSError:
        return False
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            if os.path.samestat(found, os.fstat(fd)):
                return True
    return False


#: Characters of the target's name kept in its temporary file's name (".<name>.<8
#: random>.part"): well within the 255 that most file systems allow.
_TEMP_NAME_KEPT = 200


@contextlib.contextmanager
def _output(target: str) -> Iterator[TextIO]:
    """The file to write. A regular file (new, or one a symbolic link points to) is
    replaced atomically, keeping the mode it had (a new one gets the umask's): a failed
    or interrupted export leaves no partial file behind, and an earlier file intact.
    Anything else (a pipe, ``/dev/stdout``, a device) is written to as it is."""
    if target == "-":
        yield sys.stdout
        return
    if not target:
        raise UsageError("--out needs a file name (or - for stdout)")
    if _names_a_descriptor(target):
        # Appending: a file behind the descriptor (`>> log`, `> out`) keeps what it has.
        with _opened(target, "a") as stream:
            yield stream
        return
    try:
        existing = os.stat(target)  # through links
    except FileNotFoundError:
        existing = None
    except OSError as exc:  # a loop of links, no permission to look
        raise UsageError(f"--out {target!r}: {exc.strerror or exc}") from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        if stat.S_ISDIR(existing.st_mode):
            raise UsageError(f"--out {target!r} is a directory")
        with _opened(target, "w") as stream:  # a pipe or a device
            yield stream
        return
    path = Path(os.path.realpath(target))  # a link's file is written, not the link
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"--out {target!r}: no directory {str(folder)!r}")
    if existing is not None and not os.access(path, os.W_OK):
        raise UsageError(f"--out {target!r}: the file is not writable")
    if existing is not None and not os.access(folder, os.W_OK | os.X_OK):
        # No new file can be made beside it: written in place, as a shell's > would.
        with _opened(target, "w") as stream:
            yield stream
        return
    try:
        # The name cut short: a name near the system's limit must not fail as the temp's.
        prefix = f".{path.name[:_TEMP_NAME_KEPT]}."
        handle, temp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".part")
    except OSError as exc:  # a folder one may not write in (the file beside it is ours)
        raise UsageError(f"--out {target!r}: {exc.strerror or exc}") from None
    try:
        mode = _new_file_mode() if existing is None else stat.S_IMODE(existing.st_mode)
        os.chmod(temp, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _opened(target: str, mode: Literal["a", "w"]) -> TextIO:
    """``target`` opened to write text, or the usage error saying why it cannot be."""
    try:
        return open(target, mode, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise UsageError(f"--out {target!r}: {exc.strerror or exc}") from None


def _new_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


async def run_export(yt: YouTrack, args: argparse.Namespace, ui: Ui) -> None:
    """``aioyoutrack export QUERY --out FILE``: stream every matching issue to JSON Lines
    (``aioyoutrack.unstructure`` of each issue), with a progress bar on a terminal."""
    started = time.monotonic()
    total = await yt.issues.count(args.query)
    written = 0
    with _output(args.out) as stream, ui.progress("export", total) as progress:
        async for page in yt.issues.search(args.query, page_size=args.page_size).pages():
            stream.write("".join(json_line(issue) + "\n" for issue in page))
            written += len(page)
            progress.advance(len(page))
    where = "stdout" if args.out == "-" else args.out
    ui.report(f"exported {written} issues to {where} in {time.monotonic() - started:.1f} s")
