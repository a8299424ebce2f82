"""The documentation site (``docs/``): its examples run, type-check, and its reference is whole.

Examples that cannot rot: every ``python`` block of every page under ``docs/`` runs
here against FakeYouTrack (the demo seed, a fresh fake per block) and passes
``mypy --strict``, unless the line right above its fence is a
``<!-- not-run: REASON -->`` marker. How each kind of block runs, and the output
comments (``print(...)  # -> TEXT``), are described in :mod:`codeblocks`. Every block
also gets ``YOUTRACK_URL``/``YOUTRACK_TOKEN`` pointing at the fake and a temporary
working directory holding ``crash.log``.

A complete reference: every public name of ``aioyoutrack``, ``aioyoutrack.errors``,
``aioyoutrack.models`` and ``aioyoutrack.testing`` (their ``__all__``), and every resource
reachable from a ``YouTrack`` instance with each of its public methods, is named by a
``::: identifier`` directive of a reference page. The names are found by introspection,
so a name added to the library without a reference entry fails here.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import inspect
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import aioyoutrack
import aioyoutrack.errors
import aioyoutrack.models
import aioyoutrack.testing
from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack


def _load_codeblocks() -> Any:
    # The tests are not a package (pytest runs them with --import-mode=importlib), so the
    # shared module beside this one is loaded by path.
    name = "aioyoutrack_docs_codeblocks"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("codeblocks.py")
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_codeblocks = _load_codeblocks()
EXAMPLE_TOKEN = _codeblocks.EXAMPLE_TOKEN
EXAMPLE_URL = _codeblocks.EXAMPLE_URL
KNOWN_LANGUAGES = _codeblocks.KNOWN_LANGUAGES
ROOT: Path = _codeblocks.ROOT
Block = _codeblocks.Block
blocks_of = _codeblocks.blocks_of
mypy_errors = _codeblocks.mypy_errors
stray_markers = _codeblocks.stray_markers

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
BLOCKS = [block for page in PAGES for block in blocks_of(page)]
RUNNABLE = [b for b in BLOCKS if b.runnable]
GUIDES = sorted((DOCS / "guides").glob("*.md"))

#: Names the blocks may use without defining them.
PRELUDE = ("yt",)


# --- the extraction and the markers -----------------------------------------------------


def test_docs_pages_exist() -> None:
    assert len(GUIDES) >= 11
    assert len(RUNNABLE) >= 30


def test_docs_fences_use_known_languages() -> None:
    odd = [(b.where, b.lang) for b in BLOCKS if b.lang not in KNOWN_LANGUAGES]
    assert not odd, f"blocks with a tag these tests do not know: {odd}"


def test_docs_python_blocks_are_all_found() -> None:
    # A fence the extraction misses (odd indentation, a tag with attributes) would escape;
    # a python fence inside another block (an example of the marker) is that block's text.
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        blocks = blocks_of(page)
        starts = {b.span[0] for b in blocks if b.lang == "python"}
        for fence in re.finditer(r"^[ \t]*`{3,}python", text, re.M):
            inside = any(b.span[0] < fence.start() < b.span[1] for b in blocks)
            assert fence.start() in starts or inside, f"{page}: fence at {fence.start()} missed"
        assert len(starts) == sum(1 for b in blocks if b.lang == "python")


def test_docs_not_run_markers_are_well_placed() -> None:
    stray = {str(p.relative_to(ROOT)): stray_markers(p) for p in PAGES}
    assert not {p: lines for p, lines in stray.items() if lines}, (
        "a <!-- not-run: reason --> marker must sit on the line right above a fence"
    )


def test_docs_not_run_blocks_say_why() -> None:
    marked = [b for b in BLOCKS if b.not_run is not None]
    assert marked, "the marker convention is exercised by the guides"
    for block in marked:
        assert block.lang == "python", f"{block.where}: only python blocks run at all"
        assert len(block.not_run.split()) >= 3, f"{block.where}: say why it cannot run"


def test_every_guide_has_runnable_code() -> None:
    with_code = {b.path for b in RUNNABLE}
    assert [g.name for g in GUIDES if g not in with_code] == []


def test_output_comments_are_found() -> None:
    assert any(b.expected_outputs() for b in RUNNABLE), "no 'print(...)  # -> TEXT' line found"


# --- running the blocks -----------------------------------------------------------------


@pytest.fixture
def docs_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, youtrack_fake: FakeYouTrack
) -> Iterator[Path]:
    """A temporary working directory and the environment variables pointing at the fake."""
    (tmp_path / "crash.log").write_bytes(b"Traceback (most recent call last):\n  boom\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YOUTRACK_URL", youtrack_fake.url)
    monkeypatch.setenv("YOUTRACK_TOKEN", youtrack_fake.token)
    yield tmp_path
    assert youtrack_fake.internal_errors == []


def _namespace(block: Block, name: str | None = None, **names: Any) -> dict[str, Any]:
    assert set(names) <= set(PRELUDE), names
    return {"__name__": name or f"docs_{block.id.replace('-', '_')}", **names}


def _with_fake(block: Block, fake: FakeYouTrack) -> str:
    return block.source.replace(EXAMPLE_URL, repr(fake.url)).replace(
        EXAMPLE_TOKEN, repr(fake.token)
    )


async def run_block(block: Block, yt: YouTrack, fake: FakeYouTrack) -> dict[str, Any]:
    """Run ``block`` as its kind says; returns the namespace it ran in."""
    kind = block.kind
    if kind == "script":
        namespace = _namespace(block, "__main__")
        # asyncio.run() needs a thread without a running loop; this loop serves the fake.
        await asyncio.to_thread(eval, block.compiled(_with_fake(block, fake)), namespace)
        return namespace
    namespace = _namespace(block, yt=yt) if kind == "api" else _namespace(block)
    result = eval(block.compiled(_with_fake(block, fake)), namespace)
    if inspect.iscoroutine(result):
        await result
    fixtures = {"youtrack": yt, "youtrack_fake": fake}
    for name, test in list(namespace.items()):
        if name.startswith("test_") and inspect.iscoroutinefunction(test):
            await test(**{arg: fixtures[arg] for arg in inspect.signature(test).parameters})
    return namespace


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
async def test_docs_block_runs(
    block: Block,
    youtrack: YouTrack,
    youtrack_fake: FakeYouTrack,
    docs_env: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await run_block(block, youtrack, youtrack_fake)
    printed = capsys.readouterr().out.splitlines()
    for expected in block.expected_outputs():
        assert expected in printed, f"{block.where}: expected {expected!r} in {printed!r}"


def test_docs_blocks_pass_mypy_strict(
    tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("mypy", reason="mypy comes with the dev extra; it checks the examples")
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    cache_dir = cache.mkdir("mypy-docs-blocks") if cache is not None else tmp_path / "cache"
    monkeypatch.chdir(tmp_path)  # mypy must not pick up the repository's configuration
    errors = mypy_errors(RUNNABLE, tmp_path, cache_dir)
    assert not errors, "\n".join(errors)


def test_mypy_check_catches_a_type_error(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    # The check must be able to fail: a wrong argument type in an api block is reported
    # at the documentation line holding it.
    pytest.importorskip("mypy", reason="mypy comes with the dev extra; it checks the examples")
    page = tmp_path / "page.md"
    page.write_text("# T\n\n```python\nn = 1\nawait yt.issues.get(n)\n```\n", encoding="utf-8")
    [block] = blocks_of(page)
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    cache_dir = cache.mkdir("mypy-docs-blocks") if cache is not None else tmp_path / "cache"
    bad = mypy_errors([block], tmp_path, cache_dir)
    assert len(bad) == 1
    assert bad[0].startswith(f"{page}:5: error: ")
    assert '"get" of "IssuesResource"' in bad[0]


# --- the reference ----------------------------------------------------------------------

REFERENCE = sorted((DOCS / "reference").glob("*.md"))
_DIRECTIVE = re.compile(r"^::: (?P<name>[\w.]+)\n(?P<options>(?:[ \t]+.*\n|\n(?=[ \t]))*)", re.M)


def _directives() -> dict[str, str]:
    """Identifier of every ``::: identifier`` directive of the reference -> its options."""
    found: dict[str, str] = {}
    for page in REFERENCE:
        for match in _DIRECTIVE.finditer(page.read_text(encoding="utf-8") + "\n"):
            assert match.group("name") not in found, f"{match.group('name')} documented twice"
            found[match.group("name")] = match.group("options")
    return found


def _resolve(identifier: str) -> object:
    parts = identifier.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise AssertionError(f"cannot import {identifier}")


def _public_names() -> list[tuple[str, object]]:
    names = []
    for module in (aioyoutrack, aioyoutrack.errors, aioyoutrack.models, aioyoutrack.testing):
        assert module.__all__, module
        names += [(f"{module.__name__}.{n}", getattr(module, n)) for n in module.__all__]
    return names


def test_reference_directives_resolve() -> None:
    for identifier in _directives():
        _resolve(identifier)


def test_reference_names_every_public_name() -> None:
    directives = _directives()
    documented = {id(_resolve(name)) for name in directives}
    missing = [
        qualified
        for qualified, obj in _public_names()
        if qualified not in directives
        and not ((inspect.isclass(obj) or inspect.isroutine(obj)) and id(obj) in documented)
    ]
    assert missing == [], "public names missing from docs/reference/*.md"


def _resources() -> dict[type[Any], list[str]]:
    """Every resource class reachable from a client -> the attribute paths reaching it."""
    yt = YouTrack("https://example.youtrack.cloud", token="perm:docs-test")
    found: dict[type[Any], list[str]] = {}

    def walk(obj: object, path: str) -> None:
        for name in dir(obj):
            value = None if name.startswith("_") else getattr(obj, name, None)
            if type(value).__module__.startswith("aioyoutrack.resources."):
                found.setdefault(type(value), []).append(f"{path}.{name}")
                walk(value, f"{path}.{name}")

    walk(yt, "yt")
    return found


def _public_methods(cls: type[Any]) -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and inspect.isfunction(member)
    }


def test_reference_documents_every_resource_and_method() -> None:
    resources = _resources()
    assert len(resources) >= 50, "the walk must reach the whole tree"
    text = (DOCS / "reference" / "resources.md").read_text(encoding="utf-8")
    directives = _directives()
    for cls, paths in resources.items():
        identifier = f"{cls.__module__}.{cls.__qualname__}"
        assert identifier in directives, f"{paths}: no '::: {identifier}' directive"
        options = directives[identifier]
        listed = set(re.findall(r"^\s+- (\w+)\s*$", options, re.M))
        methods = _public_methods(cls)
        if methods:
            assert methods <= listed, f"{identifier}: methods missing: {methods - listed}"
            assert re.search(r"^\s+inherited_members: true\s*$", options, re.M), identifier
        for path in paths:
            assert re.search(rf"^## .*`{re.escape(path)}`", text, re.M), f"no heading for {path}"


def test_reference_walk_finds_known_resources() -> None:
    # The walk itself must work: known classes and their methods are found.
    from aioyoutrack.resources import SprintsResource

    resources = _resources()
    assert resources[SprintsResource] == ["yt.agiles.sprints"]
    assert {"create", "get", "list", "issues"} <= _public_methods(SprintsResource)


# --- blocks whose behaviour needs more than running them --------------------------------


def _block(page: str, marker: str) -> Block:
    [found] = [b for b in RUNNABLE if b.path.name == page and marker in b.source]
    return found


async def test_async_service_block_serves_issues(
    youtrack: YouTrack, youtrack_fake: FakeYouTrack, docs_env: Path
) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    namespace = await run_block(
        _block("async-services.md", "def make_app"), youtrack, youtrack_fake
    )
    before = youtrack_fake.stats.requests
    async with TestClient(TestServer(namespace["make_app"]())) as client:
        ok = await client.post(
            "/issues", json={"project": "SP", "summary": "From the service", "fields": {}}
        )
        assert ok.status == 201
        key = (await ok.json())["idReadable"]
        assert youtrack_fake.issue(key).summary == "From the service"
        bad = await client.post(
            "/issues", json={"project": "SP", "summary": "x", "fields": {"Nope": "1"}}
        )
        assert bad.status == 422
        missing = await client.post("/issues", json={"project": "NOPE", "summary": "x"})
        assert missing.status == 404
        youtrack_fake.faults.add("api/issues", method="POST", status=500, times=1)
        failed = await client.post("/issues", json={"project": "SP", "summary": "x"})
        assert failed.status == 502
        assert (await failed.json())["mayHaveBeenCreated"] is True
    assert youtrack_fake.stats.requests > before


@pytest.mark.parametrize("when", ["before", "after"])
async def test_create_once_block_creates_exactly_one_issue(
    when: str, youtrack: YouTrack, youtrack_fake: FakeYouTrack, docs_env: Path
) -> None:
    # A 500 on the create, before or after the server applied it: either way the block
    # ends with exactly one issue (it looks before creating again).
    block = _block("async-services.md", "def create_once")
    fault = youtrack_fake.faults.add("api/issues", method="POST", status=500, when=when, times=1)
    await run_block(block, youtrack, youtrack_fake)
    assert fault.hits == 1
    query = 'project: SP summary: "Nightly build failed (run 4711)"'
    matching = [
        i
        async for i in youtrack.issues.search(query)
        if i.summary == "Nightly build failed (run 4711)"
    ]
    assert len(matching) == 1


def test_sphinx_roles_hook_renders_roles_as_code_and_links() -> None:
    # The build hook turns the docstrings' reST roles into code spans, linked (optionally,
    # through autorefs) when they name a public object.
    spec = importlib.util.spec_from_file_location(
        "aioyoutrack_docs_roles_hook", DOCS / "_hooks" / "sphinx_roles.py"
    )
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    rendered = hook.on_page_content(
        "a :class:<code>~aioyoutrack.errors.NotFoundError</code>, "
        ":class:<code>Tag</code>, :meth:<code>create</code> and :class:<code>Pager</code>"
    )
    assert rendered == (
        'a <autoref identifier="aioyoutrack.errors.NotFoundError" optional>'
        "<code>NotFoundError</code></autoref>, "
        '<autoref identifier="aioyoutrack.models.Tag" optional><code>Tag</code></autoref>, '
        "<code>create</code> and "
        '<autoref identifier="aioyoutrack.Pager" optional><code>Pager</code></autoref>'
    )
