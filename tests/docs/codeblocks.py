"""Fenced code blocks of Markdown files: extraction, the not-run marker, running, mypy.

Shared machinery of the documentation tests. A block is one fenced block (at any
indentation, so blocks inside admonitions and lists count too). How a ``python`` block
runs depends on its :attr:`Block.kind`:

- ``api``: top-level ``await`` allowed, run with ``yt`` bound to a client (the
  ``youtrack`` fixture); for mypy it becomes the body of ``async def _(yt: YouTrack)``.
- ``script``: a whole program ending in ``asyncio.run(...)``; run as ``__main__`` in a
  worker thread (it starts its own event loop) after the literal URL and token of the
  examples (:data:`EXAMPLE_URL`, :data:`EXAMPLE_TOKEN`) are replaced by the fake's.
- ``module``: definitions only (a ``pytest`` test, an application factory): executed,
  then the caller decides what to call (``async def test_*`` functions are called with
  the fixtures they name).

A block that cannot run (it needs a real server, a package the test suite does not
install, a terminal) is preceded by the marker ``<!-- not-run: REASON -->`` on the line
right above its fence. The reason is mandatory; the marker is an HTML comment, so the
rendered page does not show it. Output comments: a line ``print(...)  # -> TEXT`` states
that the block prints exactly the line ``TEXT``.

README.md's own test (``test_readme.py``) predates this module and has its own
copy of the extraction; it could use :func:`blocks_of` and :class:`Block` instead.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

#: The literals documentation scripts connect with, replaced by the fake's URL and token.
EXAMPLE_URL = '"https://example.youtrack.cloud"'
EXAMPLE_TOKEN = '"perm:..."'

#: Fence languages a block may carry. Anything else (a typo such as ``pyhton``) is refused
#: by the tests, so no example escapes them through its tag.
KNOWN_LANGUAGES = frozenset(
    {"python", "bash", "console", "text", "toml", "yaml", "json", "markdown", ""}
)

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,})(?P<lang>[\w+-]*)[^\n`]*\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
_NOT_RUN = re.compile(r"<!--\s*not-run:(?P<reason>.*?)-->\s*$", re.S)
_MARKER_WORD = re.compile(r"<!--\s*not-run\b")
_OUTPUT_COMMENT = re.compile(r"^\s*print\(.*\)\s+#\s*->\s*(?P<expected>.+?)\s*$")

#: First lines of the mypy form of an ``api`` block; its body is indented below them.
_API_PRELUDE = (
    "import aioyoutrack as _docs_prelude\n"
    "async def _docs_block(yt: _docs_prelude.YouTrack) -> None:\n"
)


@dataclass(frozen=True)
class Block:
    """One fenced block of a Markdown file."""

    path: Path
    lang: str
    source: str
    line: int  # line of the file holding the block's first source line
    heading: str
    #: The reason given by a ``<!-- not-run: ... -->`` marker, or None when it runs.
    not_run: str | None
    #: Offsets of the whole block (fences included) in the file's text.
    span: tuple[int, int] = (0, 0)

    @property
    def runnable(self) -> bool:
        return self.lang == "python" and self.not_run is None

    @property
    def kind(self) -> str:
        """``script`` (runs its own loop), ``module`` (definitions) or ``api``."""
        if "asyncio.run(" in self.source:
            return "script"
        tree = ast.parse(self.source)
        if _has_top_level_await(tree):
            return "api"
        return "module"

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")
        return f"{self.path.stem}-L{self.line}-{slug}"

    @property
    def where(self) -> str:
        return f"{_shown(self.path)}:{self.line}"

    def compiled(self, source: str | None = None) -> Any:
        """The block compiled with top-level await; tracebacks show the file's lines."""
        padded = "\n" * (self.line - 1) + (self.source if source is None else source)
        # dont_inherit: the test modules' ``from __future__ import annotations`` must not
        # leak into the documentation's code (its attrs classes need real annotations).
        return compile(
            padded, str(self.path), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
        )

    def expected_outputs(self) -> list[str]:
        """The exact lines stated by ``print(...)  # -> TEXT`` comments."""
        found = (_OUTPUT_COMMENT.match(line) for line in self.source.splitlines())
        return [m.group("expected") for m in found if m is not None]

    def mypy_source(self) -> tuple[str, int]:
        """The source mypy checks and how many lines precede the block's first line."""
        if self.kind == "api":
            return _API_PRELUDE + textwrap.indent(self.source, "    ") + "    pass\n", 2
        return self.source, 0


def _shown(path: Path) -> str:
    """``path`` relative to the repository when inside it (shorter messages)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _has_top_level_await(tree: ast.Module) -> bool:
    class Finder(ast.NodeVisitor):
        found = False

        def visit_Await(self, node: ast.Await) -> None:
            self.found = True

        def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
            self.found = True

        def visit_AsyncWith(self, node: ast.AsyncWith) -> None:
            self.found = True

        def visit_comprehension(self, node: ast.comprehension) -> None:
            self.found = self.found or bool(node.is_async)
            self.generic_visit(node)

        # Awaits inside functions belong to the functions, not to the block.
        def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
            return None

        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            return None

        def visit_Lambda(self, node: ast.Lambda) -> None:
            return None

    finder = Finder()
    finder.visit(tree)
    return finder.found


def blocks_of(path: Path) -> list[Block]:
    """Every fenced block of the Markdown file ``path``, in order."""
    text = path.read_text(encoding="utf-8")
    blocks = []
    end = 0
    heading = "top"
    for match in _FENCE.finditer(text):
        between = text[end : match.start()]
        # Headings between the previous block and this one (a "# ..." inside a block is code).
        heading = [heading, *re.findall(r"^#+ (.+)$", between, re.M)][-1]
        end = match.end()
        before = text[: match.start()].rstrip(" \t").rstrip("\n").rsplit("\n", 1)[-1]
        marker = _NOT_RUN.search(before)
        blocks.append(
            Block(
                path=path,
                lang=match.group("lang"),
                source=textwrap.dedent(match.group("body")),
                line=text.count("\n", 0, match.start()) + 2,
                heading=heading,
                not_run=marker.group("reason").strip() if marker else None,
                span=match.span(),
            )
        )
    return blocks


def stray_markers(path: Path) -> list[int]:
    """Lines holding a not-run marker that is not right above a fence (or is malformed)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    stray = []
    for number, line in enumerate(lines, start=1):
        if not _MARKER_WORD.search(line):
            continue
        following = lines[number] if number < len(lines) else ""
        if not _NOT_RUN.search(line.strip()) or not following.lstrip().startswith("```"):
            stray.append(number)
    return stray


def mypy_errors(blocks: list[Block], workdir: Path, cache_dir: Path) -> list[str]:
    """``mypy --strict`` on every block (each a module of its own), errors at doc lines."""
    from mypy import api

    files: dict[str, tuple[Block, int]] = {}
    for number, block in enumerate(blocks):
        name = f"docs_block_{number}.py"
        source, offset = block.mypy_source()
        (workdir / name).write_text(source, encoding="utf-8")
        files[name] = (block, offset)
    # mypy raises the interpreter's recursion limit and leaves it so: restored, or tests
    # running after this one (deep JSON, deep models) would see another interpreter.
    limit = sys.getrecursionlimit()
    try:
        out, err, _status = api.run(
            [
                "--strict",
                "--python-version=3.10",
                "--no-error-summary",
                "--show-error-codes",
                f"--cache-dir={cache_dir}",
                "--config-file=",
                *(str(workdir / name) for name in files),
            ]
        )
    finally:
        sys.setrecursionlimit(limit)
    problems = [] if not err.strip() else [f"mypy failed: {err.strip()}"]
    for line in out.splitlines():
        match = re.match(r"^(?:.*[/\\])?(docs_block_\d+\.py):(\d+): (.*)$", line)
        if match is None:
            problems.append(line)
            continue
        block, offset = files[match.group(1)]
        line_in_doc = block.line + int(match.group(2)) - 1 - offset
        problems.append(f"{_shown(block.path)}:{line_in_doc}: {match.group(3)}")
    # "note:" lines only explain an error already listed.
    return [p for p in problems if ": note: " not in p]
