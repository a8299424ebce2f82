"""Every ``python`` block of README.md runs against FakeYouTrack, as written.

The blocks are extracted from README.md at collection time, so a snippet that stops
working (a renamed method, a wrong argument, a seed name that does not exist) fails here.
How each kind of block runs:

- API blocks (top-level ``await``, as in the API tour): compiled with top-level await
  allowed and run with ``yt`` bound to the ``youtrack`` fixture (a client connected as
  root to ``youtrack_fake``, the demo seed) and ``my_bot`` from :data:`PRELUDE`. The
  working directory is a temporary one holding ``crash.log`` (the file the attachments
  block uploads). Every block also gets a fresh fake, so blocks do not depend on each
  other: each must import what it uses.
- The Quickstart (a script ending in ``asyncio.run(main())``) runs as a script in a
  worker thread (it starts its own event loop) while the fake serves on the test's loop.
  One substitution is made, and checked to apply exactly once each: its URL literal
  ``"https://example.youtrack.cloud"`` and token literal ``"perm:..."`` become the
  fake's URL and root token. Nothing else is changed, so no request can leave loopback.
- pytest examples (blocks defining ``async def test_*``): the functions are called with
  the fixtures they name; first with a bot that does nothing (the example's assertion
  must then fail, so it tests something), then with a bot that does the job.
- Output comments: a line ``print(...)  # text`` whose comment is one word (no spaces),
  such as ``print(fields_for(IssueRow))  # idReadable,...``, states the exact output;
  the printed line must equal it.
- The Errors block is also run with the fake failing the update (404, YouTrack's 400
  ``invalid_properties``, 500 on the POST): its ``except`` clauses must handle each.

Blocks that cannot run by nature (shell commands, the exception tree, sample output)
are tagged ``bash`` or ``text`` or left untagged; any other tag fails
:func:`test_readme_fences_use_known_languages`, so no snippet escapes these tests by a
typo in its tag.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack

README = Path(__file__).resolve().parents[2] / "README.md"

#: The literals the Quickstart connects with, replaced by the fake's URL and token.
QUICKSTART_URL = '"https://example.youtrack.cloud"'
QUICKSTART_TOKEN = '"perm:..."'

_FENCE = re.compile(r"^```(?P<lang>[\w+-]*)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_OUTPUT_COMMENT = re.compile(r"^\s*print\(.*\)\s+#\s*(?P<expected>\S+)\s*$")
_KNOWN_LANGUAGES = {"python", "bash", "text", ""}


@dataclass(frozen=True)
class Block:
    """One fenced block of README.md: its language, source and position."""

    lang: str
    source: str
    line: int  # README line of the block's first source line
    heading: str

    @property
    def kind(self) -> str:
        """``script`` (runs its own loop), ``pytest`` (defines tests) or ``api``."""
        if "asyncio.run(" in self.source:
            return "script"
        tree = ast.parse(self.source, mode="exec", type_comments=False)
        if any(
            isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("test_")
            for node in tree.body
        ):
            return "pytest"
        return "api"

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")
        return f"L{self.line}-{slug}"

    def compiled(self, source: str | None = None) -> Any:
        """The block compiled with top-level await; tracebacks show README lines."""
        padded = "\n" * (self.line - 1) + (self.source if source is None else source)
        # dont_inherit: this module's ``from __future__ import annotations`` must not leak
        # into the README's code (its classes' annotations would become strings).
        return compile(
            padded, str(README), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
        )

    def expected_outputs(self) -> list[str]:
        """The exact outputs stated by one-word comments on ``print(...)`` lines."""
        found = (_OUTPUT_COMMENT.match(line) for line in self.source.splitlines())
        return [m.group("expected") for m in found if m is not None]


def _blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    blocks = []
    end = 0
    heading = "top"
    for match in _FENCE.finditer(text):
        # Headings between the previous block and this one (a "# ..." inside a block is code).
        heading = [heading, *re.findall(r"^#+ (.+)$", text[end : match.start()], re.M)][-1]
        end = match.end()
        blocks.append(
            Block(
                lang=match.group("lang"),
                source=match.group("body"),
                line=text.count("\n", 0, match.start()) + 2,
                heading=heading,
            )
        )
    return blocks


BLOCKS = _blocks()
PYTHON = [b for b in BLOCKS if b.lang == "python"]
API = [b for b in PYTHON if b.kind == "api"]
SCRIPTS = [b for b in PYTHON if b.kind == "script"]
PYTEST = [b for b in PYTHON if b.kind == "pytest"]
[ERRORS] = [b for b in PYTHON if "except BadRequestError" in b.source]


class ClosingBot:
    """The user code the README's pytest example calls: ``close KEY`` fixes KEY."""

    async def handle(self, yt: YouTrack, text: str) -> None:
        verb, key = text.split()
        assert verb == "close", text
        await yt.commands.apply("State Fixed", issues=[key])


class IdleBot:
    """A bot that does nothing: the README's test assertion must fail with it."""

    async def handle(self, yt: YouTrack, text: str) -> None:
        return None


#: Names the blocks may use without defining them: the client and the user's own bot.
PRELUDE = ("yt", "my_bot")


def _namespace(block: Block, **names: Any) -> dict[str, Any]:
    assert set(names) <= set(PRELUDE), names
    return {"__name__": f"readme_{block.id.replace('-', '_')}", **names}


async def _run(block: Block, namespace: dict[str, Any]) -> None:
    result = eval(block.compiled(), namespace)
    if inspect.iscoroutine(result):
        await result


def _check_outputs(block: Block, out: str) -> None:
    printed = out.splitlines()
    for expected in block.expected_outputs():
        assert expected in printed, f"README line {block.line}ff: expected {expected!r} in {out!r}"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working directory with the file the attachments block uploads."""
    (tmp_path / "crash.log").write_bytes(b"Traceback (most recent call last):\n  boom\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- the extraction itself --------------------------------------------------------------


def test_readme_fences_use_known_languages() -> None:
    odd = [(b.line, b.lang) for b in BLOCKS if b.lang not in _KNOWN_LANGUAGES]
    assert not odd, f"README blocks with a tag these tests do not know: {odd}"


def test_readme_python_blocks_are_all_found() -> None:
    tagged = README.read_text(encoding="utf-8").count("```python\n")
    assert len(PYTHON) == tagged
    assert len(SCRIPTS) == 1
    assert len(PYTEST) == 1
    assert len(API) == len(PYTHON) - 2 >= 8
    assert len(SCRIPTS) + len(PYTEST) + len(API) == len(PYTHON)


def test_readme_states_the_fields_for_output() -> None:
    # The output check must not match nothing: the projection block states its output.
    assert any(out.startswith("idReadable,") for b in API for out in b.expected_outputs()), (
        "no 'print(fields_for(...))  # ...' line found in README"
    )


# --- running the blocks -----------------------------------------------------------------


@pytest.mark.parametrize("block", API, ids=[b.id for b in API])
async def test_readme_api_block_runs(
    block: Block,
    youtrack: YouTrack,
    youtrack_fake: FakeYouTrack,
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await _run(block, _namespace(block, yt=youtrack))
    _check_outputs(block, capsys.readouterr().out)
    assert youtrack_fake.internal_errors == []


@pytest.mark.parametrize("block", SCRIPTS, ids=[b.id for b in SCRIPTS])
async def test_readme_quickstart_runs(
    block: Block,
    youtrack: YouTrack,
    youtrack_fake: FakeYouTrack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = block.source
    for literal, value in (
        (QUICKSTART_URL, youtrack_fake.url),
        (QUICKSTART_TOKEN, youtrack_fake.token),
    ):
        assert source.count(literal) == 1, f"the Quickstart no longer has {literal} once"
        source = source.replace(literal, repr(value))
    namespace = _namespace(block)
    # The script calls asyncio.run(): give it a thread without a running loop, while this
    # loop keeps serving the fake.
    await asyncio.to_thread(eval, block.compiled(source), namespace)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "hello root"
    assert all(line.startswith("SP-") for line in lines[1:])
    assert len(lines) - 1 == await youtrack.issues.count("project: SP #Unresolved") > 0
    assert youtrack_fake.internal_errors == []


@pytest.mark.parametrize("block", PYTEST, ids=[b.id for b in PYTEST])
async def test_readme_pytest_example_runs(
    block: Block, youtrack: YouTrack, youtrack_fake: FakeYouTrack
) -> None:
    fixtures = {"youtrack": youtrack, "youtrack_fake": youtrack_fake}
    for bot, passes in ((IdleBot(), False), (ClosingBot(), True)):
        namespace = _namespace(block, my_bot=bot)
        await _run(block, namespace)
        tests = [f for name, f in namespace.items() if name.startswith("test_")]
        assert tests
        for test in tests:
            args = {name: fixtures[name] for name in inspect.signature(test).parameters}
            if passes:
                await test(**args)
            else:
                with pytest.raises(AssertionError):
                    await test(**args)
    assert youtrack_fake.internal_errors == []


_INVALID = {
    "error": "invalid_properties",
    "error_description": "Invalid value for field State",
    "error_children": [
        {
            "error": "invalid_value",
            "error_description": "State is hidden by another field's value",
            "error_developer_message": "conditional field",
        }
    ],
}


@pytest.mark.parametrize(
    ("fault", "printed"),
    [
        pytest.param({"status": 404}, "", id="not-found"),
        pytest.param(
            {"method": "POST", "status": 400, "body": _INVALID},
            "invalid_properties Invalid value for field State\n",
            id="bad-request",
        ),
        pytest.param({"method": "POST", "status": 500}, "", id="server-error"),
    ],
)
async def test_readme_errors_block_handles_failures(
    fault: dict[str, Any],
    printed: str,
    youtrack: YouTrack,
    youtrack_fake: FakeYouTrack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    added = youtrack_fake.faults.add("api/issues/SP-8", **fault)
    await _run(ERRORS, _namespace(ERRORS, yt=youtrack))
    assert added.hits == 1
    assert capsys.readouterr().out == printed
    assert youtrack_fake.issue("SP-8").value_of("State") != "Fixed"
