"""What a hostile or odd server sends reaches the terminal readable and harmless.

- A float field holding an int too large for a float (read by the standard library's
  JSON, the install without orjson) is printed, not an "internal error".
- Control characters (ESC sequences, CR, other C0 and C1 controls, DEL) and bidi
  formatting characters (U+202E) in server text are shown escaped (``\\x1b``,
  ``\\u202e``) in tables, listings, lines and error messages, plain or drawn by rich;
  newlines of multi-line values and tabs in them are kept; JSON output stays exact
  JSON, the same text once parsed, with those characters ``\\u``-escaped.
"""

from __future__ import annotations

import io
import json
import subprocess
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from stack_depth import recursion_limit

from aioyoutrack import Issue, NotFoundError, Project, User
from aioyoutrack._cli._errors import UsageError, describe
from aioyoutrack._cli._escape import visible
from aioyoutrack._cli._format import issue_details, json_document, json_line
from aioyoutrack._cli._rich_ui import RichUi
from aioyoutrack._cli._ui import Column, PlainUi
from aioyoutrack.testing._http import app as fake_app

#: The command with orjson unimportable, as where the ``fast`` extra is not installed.
_WITHOUT_ORJSON = (
    "import sys; sys.modules['orjson'] = None; "
    "from aioyoutrack.cli import main; raise SystemExit(main(sys.argv[1:]))"
)
_HUGE = 10**400


def _set_complexity(threaded_fake, monkeypatch: pytest.MonkeyPatch, key: str, value: int) -> None:
    issue = threaded_fake.fake.issue(key)
    issue.values[issue.project.custom_field("Complexity").id] = value

    # The fake writes with orjson where it is installed, which refuses ints beyond 64
    # bits; a server writes them.
    def dumps(data: Any) -> bytes:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()

    monkeypatch.setattr(fake_app, "dumps", dumps)


@pytest.mark.parametrize(
    "argv",
    [("issue", "DEMO-3", "--plain"), ("issues", "DEMO-3", "--plain")],
    ids=["issue", "issues"],
)
def test_a_float_field_too_large_for_a_float_is_printed_without_orjson(
    threaded_fake,
    monkeypatch: pytest.MonkeyPatch,
    run_python: Callable[..., subprocess.CompletedProcess[str]],
    argv: tuple[str, ...],
) -> None:
    _set_complexity(threaded_fake, monkeypatch, "DEMO-3", _HUGE)
    result = run_python("-c", _WITHOUT_ORJSON, *argv, env=threaded_fake.env())
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    if argv[0] == "issue":
        assert any(
            line.startswith("Complexity:") and line.endswith(str(_HUGE))
            for line in result.stdout.splitlines()
        )
    else:
        assert "DEMO-3" in result.stdout


# --- escaping ---------------------------------------------------------------------------

#: Sets the window title, clears the screen, returns to the line's start, reverses the
#: text's order, and a C1 CSI, DEL, an isolate and a line separator for good measure.
HOSTILE = "Fix\x1b]0;pwned\x07 crash\x1b[2J\r\u202eevil\x9b31m\x7f\u2066x\u2028y"
HOSTILE_SHOWN = "Fix\\x1b]0;pwned\\x07 crash\\x1b[2J\\r\\u202eevil\\x9b31m\\x7f\\u2066x\\u2028y"
#: The bidi characters that reorder the text around them; the marks (LRM, RLM, ALM) do
#: not, and Hebrew and Arabic text holds them.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _obeyed(text: str, keep: str = "\n") -> list[str]:
    """Characters a terminal would act on rather than show (an oracle of its own)."""
    return [
        c
        for c in text
        if c not in keep and (unicodedata.category(c) == "Cc" or c in _BIDI or c in "\u2028\u2029")
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (HOSTILE, HOSTILE_SHOWN),
        ("\x00\x08\t\n\x0b\x0c\r\x1f", "\\x00\\x08\\t\\n\\x0b\\x0c\\r\\x1f"),
        ("\x80\x85\x9f\u00a0", "\\x80\\x85\\x9f\u00a0"),
        (
            "\u061c\u200e\u200f\u202a\u202d\u2069\u2029",
            "\u061c\u200e\u200f\\u202a\\u202d\\u2069\\u2029",
        ),
    ],
)
def test_visible_escapes_controls_and_bidi_characters(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert _obeyed(visible(text), keep="") == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Crash after upgrade",
        "naïve café — 日本語 · עברית · العربية",
        "family 👨\u200d👩\u200d👧, flag 🇩🇪, soft\u00adhyphen",
        r"C:\temp\x1b is a path, [bold] and :smile: are text",
    ],
)
def test_visible_keeps_ordinary_text(text: str) -> None:
    assert visible(text) is text or visible(text) == text


def test_visible_keeps_what_it_is_told_and_writes_json_escapes() -> None:
    assert visible("a\tb\nc\r\x1b", keep="\n\t") == "a\tb\nc\\r\\x1b"
    assert visible("\x1b\x9b\u202e", json=True) == "\\u001b\\u009b\\u202e"


def _plain_output(show: Callable[[PlainUi], None], ui_class: type[PlainUi] = PlainUi) -> str:
    out = io.StringIO()
    show(ui_class(out, io.StringIO()))
    return out.getvalue()


def test_a_plain_table_escapes_cells_and_keeps_one_row_per_line() -> None:
    rows = [["SP", HOSTILE], ["MOB", "two\nlines\tand a tab"]]
    text = _plain_output(lambda ui: ui.table([Column("Key"), Column("Name")], rows))
    lines = text.splitlines()
    assert len(lines) == 4  # header, rule, two rows
    assert lines[2] == f"SP   {HOSTILE_SHOWN}"
    assert lines[3] == "MOB  two\\nlines\\tand a tab"
    assert _obeyed(text) == []


def test_a_plain_listing_keeps_the_lines_and_tabs_of_a_value() -> None:
    pairs = [("Summary", HOSTILE), ("Description", "first\x1b[2J\r\nsecond\n\tindented\u202e")]
    text = _plain_output(lambda ui: ui.details(pairs))
    assert text.splitlines() == [
        f"Summary:     {HOSTILE_SHOWN}",
        "Description: first\\x1b[2J",
        "             second",
        "             \tindented\\u202e",
    ]
    assert _obeyed(text, keep="\n\t") == []


def test_an_issues_fields_are_one_line_each_and_only_its_description_keeps_lines() -> None:
    issue = Issue(
        id="2-1",
        id_readable="SP-1",
        summary="ok\nState:      Fixed",
        project=Project(name="Evil\r\n\u2028name", short_name="SP"),
        description="first\nsecond",
    )
    text = _plain_output(lambda ui: ui.details(issue_details(issue)))
    lines = text.splitlines()
    assert "Summary:     ok\\nState:      Fixed" in lines
    assert "Project:     Evil\\r\\n\\u2028name (SP)" in lines
    assert lines[-2:] == ["Description: first", "             second"]


def test_lines_and_reports_are_escaped() -> None:
    out, err = io.StringIO(), io.StringIO()
    ui = PlainUi(out, err)
    ui.line(HOSTILE + "\nnext")
    ui.report(HOSTILE)
    assert out.getvalue() == f"{HOSTILE_SHOWN}\nnext\n"
    assert err.getvalue() == f"{HOSTILE_SHOWN}\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_on_a_terminal_escapes_tables_and_listings() -> None:
    out = _Terminal()
    ui = RichUi(out, io.StringIO())
    ui.table([Column("K\x1b[2J")], [["a\x1b]0;t\x07b"], ["\u202ec"]], title="T\x1b[2J")
    ui.details([("N\x1b[2J", "v\x1b]0;t\x07\nw\u202e")])
    text = out.getvalue()
    for shown in ("a\\x1b]0;t\\x07b", "\\u202ec", "K\\x1b[2J", "T\\x1b[2J", "N\\x1b[2J"):
        assert shown in text
    assert "v\\x1b]0;t\\x07" in text
    assert "w\\u202e" in text
    # rich styles with its own SGR sequences (ESC [ ... m); the data's never reach it.
    assert "\x1b]" not in text
    assert "\x1b[2J" not in text
    assert "\u202e" not in text
    assert "\x07" not in text


def test_json_output_is_exact_json_with_controls_escaped() -> None:
    project = Project(id="0-0", short_name="SP", name=HOSTILE, leader=User(login="\x9bx"))
    for text in (json_document([project]), json_line(project)):
        assert _obeyed(text) == []
        assert "\\u202e" in text
        assert "\\u009b" in text
        data = json.loads(text)
        first = data[0] if isinstance(data, list) else data
        assert first["name"] == HOSTILE
        assert first["leader"]["login"] == "\x9bx"


def test_error_lines_escape_the_servers_text() -> None:
    line, _ = describe(
        NotFoundError(f"HTTP 404: {HOSTILE}", status=404, method="GET", url="https://yt/api/\u202e")
    )
    assert _obeyed(line, keep="") == []
    assert "\\x1b]0;pwned\\x07" in line
    assert line.endswith("(GET https://yt/api/\\u202e)")
    assert describe(UsageError("bad \x1b[2J"))[0] == "bad \\x1b[2J"


# --- every command, against a fake holding hostile text ---------------------------------

DESCRIPTION = "line one\x1b[2J\nline two\t\u202etab"


@pytest.fixture
def hostile_fake(threaded_fake):
    threaded_fake.fake.project("SP").name = HOSTILE
    issue = threaded_fake.fake.issue("SP-8")
    issue.summary = HOSTILE
    issue.description = DESCRIPTION
    return threaded_fake


@pytest.mark.parametrize(
    "argv",
    [
        ("projects",),
        ("projects", "--plain"),
        ("issues", "project: SP", "--limit", "0"),
        ("issues", "project: SP", "--plain"),
        ("issue", "SP-8"),
        ("issue", "SP-8", "--plain"),
    ],
)
def test_human_readable_output_shows_controls_escaped(run_cli, hostile_fake, argv) -> None:
    result = run_cli(*argv, *hostile_fake.connection())
    assert result.status == 0, result.err
    assert HOSTILE_SHOWN in result.out
    assert _obeyed(result.out, keep="\n\t") == []
    if argv[0] == "issue":
        lines = result.out.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("Description:"))
        assert lines[start].endswith("line one\\x1b[2J")
        assert lines[start + 1].strip() == "line two\t\\u202etab"


@pytest.mark.parametrize(
    "argv",
    [
        ("projects", "--json"),
        ("issues", "project: SP", "--json", "--limit", "0"),
        ("issue", "SP-8", "--json"),
        ("export", "project: SP", "--out", "-"),
    ],
)
def test_json_output_stays_exact_json(run_cli, hostile_fake, argv) -> None:
    result = run_cli(*argv, *hostile_fake.connection())
    assert result.status == 0, result.err
    assert _obeyed(result.out) == []
    if argv[0] == "export":
        data: Any = [json.loads(line) for line in result.out.splitlines()]
    else:
        data = json.loads(result.out)
    if argv[0] == "projects":
        assert {p["shortName"]: p["name"] for p in data}["SP"] == HOSTILE
        return
    issues = data if isinstance(data, list) else [data]
    sp8 = next(i for i in issues if i["idReadable"] == "SP-8")
    assert sp8["summary"] == HOSTILE
    if "description" in sp8:
        assert sp8["description"] == DESCRIPTION


def _nested(depth: int) -> list[Any]:
    value: list[Any] = ["leaf"]
    for _ in range(depth):
        value = [value]
    return value


def test_a_deeply_nested_value_is_a_cell_not_a_recursion_error() -> None:
    from aioyoutrack._cli._format import cell

    # A custom field of a kind the library does not know keeps its raw JSON, which a
    # server may nest as deep as JSON readers allow (1024 levels).
    assert cell(_nested(1000)) == "leaf"
    assert cell([["a", []], "b", [["c"]]]) == "a, b, c"


def test_an_entity_too_deep_to_write_as_json_is_the_servers_fault_not_the_callers() -> None:
    from aioyoutrack import ResponseValidationError
    from aioyoutrack.models import IssueCustomField

    issue = Issue(
        id_readable="P-1", custom_fields=[IssueCustomField(name="Weird", value=_nested(1000))]
    )
    for write in (json_line, json_document):
        with (
            recursion_limit(1000),
            pytest.raises(ResponseValidationError, match="as the server sent it") as info,
        ):
            write(issue)
        text, status = describe(info.value)
        assert status == 1  # "YouTrack refused or failed", not 2 (usage) or an internal error
        assert "cannot be written as JSON" in text
