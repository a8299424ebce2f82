"""Terminal output: tables, key/value listings and a progress bar.

Two renderers share one interface: :mod:`._rich_ui` (the ``cli`` extra, rich) and
:class:`PlainUi` here (no dependency). Without rich the command still works in plain
text; when stderr is a terminal it says once how to get the richer output.

Progress goes to stderr and only when stderr is a terminal, so pipes and files get the
data alone. Data written through the UI goes to stdout, drawn by rich only when stdout is
a terminal: redirected to a file or a pipe it is plain text, never wrapped to a width.

Every text either renderer prints goes through :func:`._escape.visible` (control and
bidi characters written as escapes): a table cell stays on its one line; a value of a
listing and a line keep their newlines and tabs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import NamedTuple, Protocol, TextIO

from ._escape import visible

__all__ = [
    "RICH_HINT",
    "Column",
    "PlainUi",
    "Progress",
    "Ui",
    "format_eta",
    "load_ui",
    "shown_cells",
    "shown_text",
]

#: Shown (on a terminal) when rich, the ``cli`` extra, is not installed.
RICH_HINT = 'hint: pip install "aioyoutrack[cli]" for tables and progress bars'
#: Most progress redraws per second of the plain renderer.
_PLAIN_REDRAW_INTERVAL = 0.1


class Column(NamedTuple):
    """A table column; numeric columns are right-aligned."""

    name: str
    numeric: bool = False


class Progress(Protocol):
    """A running progress display: call :meth:`advance` per item done."""

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items done."""


class Ui(Protocol):
    """What commands print through."""

    def table(
        self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, title: str | None = None
    ) -> None:
        """Print a table to stdout."""

    def details(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Print ``name: value`` pairs to stdout (values may span lines)."""

    def line(self, text: str) -> None:
        """Print a line of text to stdout as it is, but for control characters other
        than newlines and tabs, which are escaped."""

    def report(self, text: str) -> None:
        """Print a line saying what the command did to stderr, terminal or not."""

    def progress(self, label: str, total: int | None) -> AbstractContextManager[Progress]:
        """Show progress on stderr while the block runs (nothing if not a terminal)."""


def shown_cells(cells: Sequence[str]) -> list[str]:
    """Table cells as printed: a newline or tab in one is escaped too (a row is a line,
    and columns are aligned with spaces)."""
    return [visible(cell) for cell in cells]


def shown_text(text: str) -> str:
    """A listing's value or a line as printed: its lines and tabs kept (a Windows line
    end is a line end, not a stray carriage return), every other control escaped."""
    return visible(text.replace("\r\n", "\n"), keep="\n\t")


def format_eta(seconds: float) -> str:
    """``"0:42"`` or ``"1:02:03"``."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def load_ui(stdout: TextIO, stderr: TextIO, *, plain: bool = False) -> Ui:
    """The rich renderer when rich is installed (and ``plain`` is false), else plain text."""
    if not plain:
        try:
            from ._rich_ui import RichUi
        except ImportError:
            if stderr.isatty():
                print(RICH_HINT, file=stderr)
        else:
            return RichUi(stdout, stderr)
    return PlainUi(stdout, stderr)


class PlainUi:
    """Plain-text rendering: space-aligned columns, a one-line progress counter."""

    def __init__(self, stdout: TextIO, stderr: TextIO) -> None:
        self._out = stdout
        self._err = stderr

    def table(
        self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, title: str | None = None
    ) -> None:
        """Print a table with a header row, columns separated by two spaces."""
        title = visible(title) if title else None
        names = shown_cells([c.name for c in columns])
        rows = [shown_cells(row) for row in rows]
        widths = [len(name) for name in names]
        for row in rows:
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], len(cell))

        def render(cells: Sequence[str]) -> str:
            parts = [
                cell.rjust(widths[i]) if columns[i].numeric else cell.ljust(widths[i])
                for i, cell in enumerate(cells)
            ]
            return "  ".join(parts).rstrip()

        if title:
            print(title, file=self._out)
        print(render(names), file=self._out)
        print("  ".join("-" * w for w in widths), file=self._out)
        for row in rows:
            print(render(row), file=self._out)

    def details(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Print aligned ``name: value`` lines; continuation lines are indented."""
        pairs = [(visible(name), shown_text(value)) for name, value in pairs]
        width = max((len(name) for name, _ in pairs), default=0) + 1
        for name, value in pairs:
            first, *rest = value.splitlines() or [""]
            print(f"{name + ':':<{width}} {first}".rstrip(), file=self._out)
            for more in rest:
                print(f"{'':<{width}} {more}".rstrip(), file=self._out)

    def line(self, text: str) -> None:
        """Print one line (its newlines and tabs kept, other controls escaped)."""
        print(shown_text(text), file=self._out)

    def report(self, text: str) -> None:
        """Print ``text`` to stderr (its newlines and tabs kept, other controls escaped)."""
        print(shown_text(text), file=self._err)

    def progress(self, label: str, total: int | None) -> AbstractContextManager[Progress]:
        """A ``\\r``-redrawn counter with rate and ETA on a terminal, else nothing."""
        return _PlainProgress(self._err, label, total, enabled=self._err.isatty())


class _PlainProgress:
    """``label  120/300  85/s  ETA 0:02`` redrawn in place, at most ten times a second."""

    def __init__(self, stream: TextIO, label: str, total: int | None, *, enabled: bool) -> None:
        self._stream = stream
        self._label = label
        self._total = total
        self._enabled = enabled
        self._done = 0
        self._started = 0.0
        self._drawn = 0.0

    def __enter__(self) -> _PlainProgress:
        self._started = time.monotonic()
        self._draw(force=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._draw(force=True)
        if self._enabled:
            print(file=self._stream, flush=True)

    def advance(self, count: int = 1) -> None:
        """Count more items and redraw when due."""
        self._done += count
        self._draw(force=False)

    def _draw(self, *, force: bool) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if not force and now - self._drawn < _PLAIN_REDRAW_INTERVAL:
            return
        self._drawn = now
        elapsed = now - self._started
        rate = self._done / elapsed if elapsed > 0 else 0.0
        text = f"{self._label}  {self._done}"
        if self._total is not None:
            text += f"/{self._total}"
        text += f"  {rate:.0f}/s"
        if self._total is not None and rate > 0:
            text += f"  ETA {format_eta((self._total - self._done) / rate)}"
        self._stream.write(f"\r{text}\x1b[K")
        self._stream.flush()
