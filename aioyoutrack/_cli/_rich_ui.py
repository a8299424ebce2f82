"""The rich renderer (the ``cli`` extra). Imported only when needed: importing this
module raises ImportError when rich is not installed, and :func:`._ui.load_ui` falls
back to plain text."""

from __future__ import annotations

import errno
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TextIO

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.table import Table
from rich.text import Text

from ._escape import visible
from ._ui import Column, PlainUi, Progress, shown_cells, shown_text

__all__ = ["RichUi"]


class _Console(Console):
    """A console that prints data as given (no markup, emoji codes or highlighting) and
    lets a closed stream raise :class:`BrokenPipeError`, like ``print`` does.

    rich's own :meth:`~rich.console.Console.on_broken_pipe` raises ``SystemExit(1)``,
    which would skip the command's exit status for a closed stdout (141).
    """

    def __init__(self, file: TextIO) -> None:
        super().__init__(file=file, markup=False, emoji=False, highlight=False)

    def on_broken_pipe(self) -> None:
        """Drop what is left and raise :class:`BrokenPipeError` to the command."""
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "the output stream was closed")


class _RateColumn(ProgressColumn):
    """Items per second, e.g. ``850/s``."""

    def render(self, task: Task) -> Text:
        """The task's current speed."""
        speed = task.finished_speed or task.speed
        return Text("-/s" if speed is None else f"{speed:,.0f}/s", style="progress.data.speed")


class _TaskProgress:
    """Advances one rich task."""

    def __init__(self, progress: RichProgress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items done."""
        self._progress.advance(self._task, count)


class RichUi(PlainUi):
    """Tables and progress bars drawn by rich on a terminal. Data is printed as ``Text``,
    never as markup, so an issue summary such as ``[bold]`` or ``:smile:`` shows
    verbatim, with its control characters escaped as the plain renderer escapes them;
    lines (JSON documents among them) bypass rich altogether. Output that is not a
    terminal (a file, a pipe) is the plain renderer's: no box drawing, no wrapping at
    rich's default 80 columns."""

    def __init__(self, stdout: TextIO, stderr: TextIO) -> None:
        super().__init__(stdout, stderr)
        self._console = _Console(stdout)

    def table(
        self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, title: str | None = None
    ) -> None:
        """Print a table with a header (drawn by rich on a terminal)."""
        if not self._out.isatty():
            super().table(columns, rows, title=title)
            return
        table = Table(title=Text(visible(title)) if title else None, box=box.SIMPLE_HEAD)
        for column, name in zip(columns, shown_cells([c.name for c in columns]), strict=True):
            table.add_column(
                name,
                justify="right" if column.numeric else "left",
                overflow="fold" if column.numeric else "ellipsis",
            )
        for row in rows:
            table.add_row(*(Text(cell) for cell in shown_cells(row)))
        self._console.print(table)

    def details(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Print a two-column grid of names and values (drawn by rich on a terminal)."""
        if not self._out.isatty():
            super().details(pairs)
            return
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in pairs:
            grid.add_row(Text(visible(name)), Text(shown_text(value)))
        self._console.print(grid)

    def progress(self, label: str, total: int | None) -> AbstractContextManager[Progress]:
        """A progress bar on stderr with count of total, rate and ETA; off when stderr
        is not a terminal."""
        return self._progress(label, total)

    @contextmanager
    def _progress(self, label: str, total: int | None) -> Iterator[Progress]:
        console = _Console(self._err)
        bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not self._err.isatty(),
        )
        with bar:
            yield _TaskProgress(bar, bar.add_task(label, total=total))
