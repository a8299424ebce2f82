"""Cells, tables, progress and error lines, without a server."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest

from aioyoutrack import APIConnectionError, AuthenticationError, NotFoundError, User, UserGroup
from aioyoutrack._cli._errors import EXIT_AUTH, EXIT_CONNECTION, EXIT_NOT_FOUND, describe
from aioyoutrack._cli._format import cell
from aioyoutrack._cli._rich_ui import RichUi
from aioyoutrack._cli._ui import Column, PlainUi, format_eta


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("Open", "Open"),
        (3, "3"),
        (User(login="jane.doe", full_name="Jane Doe"), "Jane Doe"),
        (User(login="jane.doe"), "jane.doe"),
        (UserGroup(name="QA"), "QA"),
        (["1.0", "2.0"], "1.0, 2.0"),
        ([User(full_name="A"), User(login="b")], "A, b"),
        (dt.date(2024, 5, 17), "2024-05-17"),
        (dt.datetime(2024, 5, 17, 12, 30, tzinfo=dt.timezone.utc), "2024-05-17 12:30 UTC"),
        (dt.timedelta(hours=2, minutes=30), "2h 30m"),
        (dt.timedelta(hours=3), "3h"),
        (dt.timedelta(minutes=45), "45m"),
    ],
)
def test_cell(value, text):
    assert cell(value) == text


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (61.4, "1:01"), (3723, "1:02:03")])
def test_format_eta(seconds, text):
    assert format_eta(seconds) == text


def test_plain_table_aligns_columns():
    out = io.StringIO()
    PlainUi(out, io.StringIO()).table(
        [Column("Name"), Column("N", numeric=True)], [["a", "1"], ["long name", "100"]]
    )
    assert out.getvalue().splitlines() == [
        "Name         N",
        "---------  ---",
        "a            1",
        "long name  100",
    ]


def test_plain_details_indent_continuation_lines():
    out = io.StringIO()
    PlainUi(out, io.StringIO()).details([("ID", "SP-1"), ("Description", "one\ntwo")])
    assert out.getvalue().splitlines() == [
        "ID:          SP-1",
        "Description: one",
        "             two",
    ]


def test_plain_progress_counts_on_a_terminal():
    err = _Terminal()
    with PlainUi(io.StringIO(), err).progress("export", 10) as progress:
        progress.advance(4)
        progress.advance(6)
    final = err.getvalue().split("\r")[-1]
    assert final.startswith("export  10/10  ")
    assert "/s" in final
    assert err.getvalue().endswith("\n")


def test_progress_is_quiet_when_stderr_is_not_a_terminal():
    for ui_class in (PlainUi, RichUi):
        err = io.StringIO()
        ui = ui_class(io.StringIO(), err)
        with ui.progress("export", 3) as progress:
            progress.advance(3)
        assert err.getvalue() == ""


@pytest.mark.parametrize("ui_class", [PlainUi, RichUi])
def test_report_goes_to_stderr_terminal_or_not(ui_class):
    for err in (io.StringIO(), _Terminal()):
        out = io.StringIO()
        ui_class(out, err).report("exported 3 issues to x.jsonl in 0.1 s")
        assert err.getvalue() == "exported 3 issues to x.jsonl in 0.1 s\n"
        assert out.getvalue() == ""


def test_rich_output_that_is_not_a_terminal_is_the_plain_output():
    # A redirected table is neither boxed nor wrapped at rich's default 80 columns.
    columns = [Column("Key"), Column("Summary"), Column("Votes", numeric=True)]
    rows = [["SP-1", "a summary much longer than eighty columns " * 3, "7"]]
    pairs = [("ID", "SP-1"), ("Description", "x" * 200 + "\nsecond line")]
    shown = {}
    for ui_class in (PlainUi, RichUi):
        out = io.StringIO()
        ui = ui_class(out, io.StringIO())
        ui.table(columns, rows, title="Issues")
        ui.details(pairs)
        shown[ui_class] = out.getvalue()
    assert shown[RichUi] == shown[PlainUi]
    assert max(len(line) for line in shown[RichUi].splitlines()) > 200


def test_rich_table_shows_markup_verbatim():
    out = _Terminal()
    RichUi(out, io.StringIO()).table([Column("Summary")], [["[bold]not bold[/bold]"]])
    assert "[bold]not bold[/bold]" in out.getvalue()


def test_describe_maps_errors_to_statuses():
    auth = AuthenticationError(
        "HTTP 401 Unauthorized",
        status=401,
        method="GET",
        url="https://yt.example.com/api/issues?fields=id,summary",
    )
    line, status = describe(auth)
    assert status == EXIT_AUTH
    assert line.startswith("authentication failed")
    assert "(GET https://yt.example.com/api/issues)" in line
    assert describe(NotFoundError("HTTP 404", status=404))[1] == EXIT_NOT_FOUND
    connect = APIConnectionError("cannot connect\nto the server", request_sent=False)
    line, status = describe(connect)
    assert status == EXIT_CONNECTION
    assert "\n" not in line


def test_rich_line_is_verbatim():
    # No emoji codes, markup, tab expansion or wrapping: JSON must come out as it went in.
    text = '{"summary": ":smile: :thumbs_up: [bold]x[/bold]"}\ta' + "x" * 500
    out = io.StringIO()
    RichUi(out, io.StringIO()).line(text)
    assert out.getvalue() == text + "\n"


def test_rich_line_bypasses_rich_rendering(monkeypatch):
    # A JSON document of 20 000 issues must not be rendered by rich (slow, and it blocks
    # the event loop): line writes straight to the stream.
    from rich.console import Console

    def no_render(*args, **kwargs):
        raise AssertionError("rendered by rich")

    monkeypatch.setattr(Console, "print", no_render)
    monkeypatch.setattr(Console, "_render_buffer", no_render)
    out = io.StringIO()
    ui = RichUi(out, io.StringIO())
    ui.line("[1, 2]")
    assert out.getvalue() == "[1, 2]\n"


def test_rich_table_shows_emoji_codes_verbatim():
    out = _Terminal()
    ui = RichUi(out, io.StringIO())
    ui.table([Column("Summary")], [[":smile: here"]], title=":cry: title")
    ui.details([(":tada:", ":thumbs_up:")])
    shown = out.getvalue()
    for code in (":smile: here", ":cry: title", ":tada:", ":thumbs_up:"):
        assert code in shown


class _ClosedPipe(_Terminal):
    # A terminal, so that rich draws the table: a closed pipe is reported all the same.
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize(
    "show",
    [
        lambda ui: ui.table([Column("Key")], [["SP"]]),
        lambda ui: ui.details([("ID", "SP-1")]),
        lambda ui: ui.line("text"),
    ],
    ids=["table", "details", "line"],
)
def test_rich_output_to_a_closed_pipe_raises_broken_pipe(show, monkeypatch):
    # rich's default reaction is SystemExit(1), which would hide the exit status 141.
    # (sys.stdout without a descriptor: rich's default would point fd 1 at /dev/null.)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with pytest.raises(BrokenPipeError):
        show(RichUi(_ClosedPipe(), io.StringIO()))
