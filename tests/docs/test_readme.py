"""Every ``python`` block of README.md runs against FakeYouTrack, as written, and passes
``mypy --strict``; the demo's sample output is what the demo prints.

The blocks are extracted from README.md at collection time, so a snippet that stops
working (a renamed method, a wrong argument, a seed name that does not exist) fails here.
How each kind of block runs:

- API blocks (top-level ``await``, as in the API tour): compiled with top-level await
  allowed and run with ``yt`` bound to the ``youtrack`` fixture (a client connected as
  root to ``youtrack_fake``, the demo seed), the one name of :data:`PRELUDE`. The
  working directory is a temporary one holding ``crash.log`` (the file the attachments
  block uploads). Every block also gets a fresh fake, so blocks do not depend on each
  other: each must import what it uses.
- The Quickstart (a script ending in ``asyncio.run(main())``) runs as a script in a
  worker thread (it starts its own event loop) while the fake serves on the test's loop.
  One substitution is made, and checked to apply exactly once each: its URL literal
  ``"https://example.youtrack.cloud"`` and token literal ``"perm:..."`` become the
  fake's URL and root token. Nothing else is changed, so no request can leave loopback.
- pytest examples (blocks defining ``async def test_*``): the functions are called with
  the fixtures they name; then again with the block's other functions (the user's own
  code) made to do nothing: the example's assertion must then fail, so it tests something.
- Types: every block is checked with ``mypy --strict`` (one run for all of them); an API
  block is checked as the body of ``async def _readme_block(yt: YouTrack) -> None``.
- Output comments: a line ``print(...)  # text`` whose comment is one word (no spaces),
  such as ``print(fields_for(IssueRow))  # idReadable,...``, states the exact output;
  the printed line must equal it.
- The Errors block is also run with the fake failing the update (404, YouTrack's 400
  ``invalid_properties``, 500 on the POST): its ``except`` clauses must handle each.

Blocks that cannot run by nature (shell commands, the exception tree, sample output,
configuration) are tagged ``bash``, ``text`` or ``toml``, or left untagged; any other tag fails
:func:`test_readme_fences_use_known_languages`, so no snippet escapes these tests by a
typo in its tag.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from demo_figures import FIGURES
from subprocess_env import plain_env

from aioyoutrack import YouTrack
from aioyoutrack.cli import main
from aioyoutrack.testing import FakeYouTrack

README = Path(__file__).resolve().parents[2] / "README.md"

#: The literals the Quickstart connects with, replaced by the fake's URL and token.
QUICKSTART_URL = '"https://example.youtrack.cloud"'
QUICKSTART_TOKEN = '"perm:..."'

_FENCE = re.compile(r"^```(?P<lang>[\w+-]*)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_OUTPUT_COMMENT = re.compile(r"^\s*print\(.*\)\s+#\s*(?P<expected>\S+)\s*$")
_KNOWN_LANGUAGES = {"python", "bash", "text", "toml", ""}


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


#: Names the blocks may use without defining them: the client.
PRELUDE = ("yt",)


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
    assert len(API) == len(PYTHON) - 2 >= 1  # the rest of the API lives in docs/guides
    assert len(SCRIPTS) + len(PYTEST) + len(API) == len(PYTHON)


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


async def _do_nothing(*args: Any, **kwargs: Any) -> None:
    return None


@pytest.mark.parametrize("block", PYTEST, ids=[b.id for b in PYTEST])
async def test_readme_pytest_example_runs(
    block: Block, youtrack: YouTrack, youtrack_fake: FakeYouTrack
) -> None:
    fixtures = {"youtrack": youtrack, "youtrack_fake": youtrack_fake}
    for user_code_works in (False, True):
        namespace = _namespace(block)
        await _run(block, namespace)
        tests = [f for name, f in namespace.items() if name.startswith("test_")]
        users = [n for n, f in namespace.items() if inspect.iscoroutinefunction(f)]
        users = [n for n in users if not n.startswith("test_")]
        assert tests
        assert users, "the example calls no code of the user's"
        if not user_code_works:
            namespace.update(dict.fromkeys(users, _do_nothing))
        for test in tests:
            args = {name: fixtures[name] for name in inspect.signature(test).parameters}
            if user_code_works:
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


# --- types: every block passes mypy --strict ---------------------------------------------

#: How an API block (top-level ``await``, ``yt`` given) is wrapped for mypy.
_API_HEADER = (
    "from aioyoutrack import YouTrack\n\n\nasync def _readme_block(yt: YouTrack) -> None:\n"
)
_MYPY_LINE = re.compile(r"^(?P<file>[\w.]+\.py):(?P<line>\d+): (?P<message>.*)$")


def _typed_source(block: Block) -> tuple[str, int]:
    """The block as a module mypy can check, and how many lines precede its first line."""
    if block.kind == "api":
        body = textwrap.indent(block.source, "    ", lambda line: bool(line.strip()))
        return _API_HEADER + body, _API_HEADER.count("\n")
    return block.source, 0


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """``mypy --strict`` of every python block, in one run: block id -> its errors,
    with README line numbers."""
    folder = tmp_path_factory.mktemp("readme_blocks")
    offsets: dict[str, tuple[Block, int]] = {}
    for index, block in enumerate(PYTHON):
        name = f"readme_block_{index}.py"
        source, offset = _typed_source(block)
        (folder / name).write_text(source, encoding="utf-8")
        offsets[name] = (block, offset)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(folder / ".mypy_cache"),
            *offsets,
        ],
        cwd=folder,
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    found: dict[str, list[str]] = {block.id: [] for block in PYTHON}
    for line in completed.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        if match is None or match["file"] not in offsets:
            continue
        block, offset = offsets[match["file"]]
        readme_line = block.line + int(match["line"]) - offset - 1
        found[block.id].append(f"README.md:{readme_line}: {match['message']}")
    assert completed.returncode in (0, 1), completed.stdout + completed.stderr
    assert completed.returncode == 0 or any(found.values()), completed.stdout
    return found


@pytest.mark.parametrize("block", PYTHON, ids=[b.id for b in PYTHON])
def test_readme_python_block_passes_mypy_strict(
    block: Block, mypy_errors: dict[str, list[str]]
) -> None:
    errors = [e for e in mypy_errors[block.id] if ": note: " not in e]
    assert not errors, "\n".join(mypy_errors[block.id])


def test_mypy_check_catches_a_type_error(tmp_path: Path) -> None:
    # The wrapping must not hide errors: an API block with a mistake fails the check.
    bad = Block(
        lang="python", source="n: int = await yt.issues.count()\nn.upper()\n", line=1, heading="bad"
    )
    source, _ = _typed_source(bad)
    (tmp_path / "bad.py").write_text(source, encoding="utf-8")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "bad.py",
        ],
        cwd=tmp_path,
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 1
    assert 'bad.py:6: error: "int" has no attribute "upper"' in completed.stdout


# --- the demo's sample output ------------------------------------------------------------

_DEMO_TITLE = "FakeYouTrack demo data, fetched through aioyoutrack"
#: The figures that are timings (differ on every run): replaced before comparing.
_TIMINGS = (
    (re.compile(r"\bin \d+\.\d+ s\b"), "in <seconds> s"),
    (re.compile(r"= [\d,]+ requests/s"), "= <rate> requests/s"),
)


def _demo_sample() -> list[str]:
    [sample] = [b for b in BLOCKS if b.lang == "text" and _DEMO_TITLE in b.source]
    return sample.source.splitlines()


def _table_cells(lines: list[str]) -> list[list[str]]:
    """The table's rows as cells, whatever draws it (rich's or the plain renderer)."""
    rows = []
    for line in lines:
        text = line.strip()
        if not text or set(text) <= set("-─ ") or text == _DEMO_TITLE:
            continue
        if " requests in " in text:
            continue
        rows.append(re.split(r"\s{2,}", text))
    return rows


def _figures(lines: list[str]) -> tuple[str, re.Match[str]]:
    """The figures line read, and as compared: its timings and its peak in flight (which
    depends on how the machine schedules the pages) replaced."""
    [line] = [line.strip() for line in lines if " requests in " in line]
    found = FIGURES.search(line)
    assert found is not None, line
    compared = line[: found.start("peak")] + "<peak>" + line[found.end("peak") :]
    for pattern, replacement in _TIMINGS:
        compared = pattern.sub(replacement, compared)
    return compared, found


def test_readme_demo_output_is_what_the_demo_prints(capsys: pytest.CaptureFixture[str]) -> None:
    sample = _demo_sample()
    assert sample[0].strip() == _DEMO_TITLE
    assert main(["demo"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == _DEMO_TITLE
    assert _table_cells(sample) == _table_cells(printed)
    (expected, in_readme), (got, in_run) = _figures(sample), _figures(printed)
    # The peak of requests in flight is measured, and depends on how the machine
    # schedules the pages (a slow or busy one overlaps them less): it is checked to be a
    # peak the run allows (no more than the limit or the requests sent), in the README
    # and in the run. Everything else is exact.
    assert expected == got
    for found in (in_readme, in_run):
        peak = int(found["peak"])
        assert 1 <= peak <= min(int(found["limit"]), int(found["requests"])), found[0]


# --- the pytest plugin section, copied into a new project --------------------------------


def test_readme_plugin_example_passes_in_a_new_project_without_warnings(tmp_path: Path) -> None:
    # What a user does: the README's configuration in pyproject.toml, its example in a
    # test file, and pytest run there (warnings as errors: pytest-asyncio warns without
    # its loop-scope setting, and skips async tests without asyncio_mode).
    [config] = [b for b in BLOCKS if b.lang == "toml" and "asyncio_mode" in b.source]
    [example] = PYTEST
    (tmp_path / "pyproject.toml").write_text(config.source, encoding="utf-8")
    (tmp_path / "test_readme_example.py").write_text(example.source, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-W", "error", "-p", "no:cacheprovider", "-q"],
        cwd=tmp_path,
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 passed" in completed.stdout
