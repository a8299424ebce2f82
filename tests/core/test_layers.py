"""The layers: the core never calls up (no module ``aioyoutrack/_*.py`` imports the
resources), and no module is over 600 lines.

The core (client, transport, retry, paging, configuration, schemas) is what resources
are built on; a core module importing a resource would make the layers a cycle again
(issue 23). Every import statement counts, at module level, inside functions and under
``TYPE_CHECKING`` alike.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "aioyoutrack"
#: The core: every private top-level module (``__init__.py``, the public facade, and
#: ``__main__.py`` sit above the resources).
CORE = sorted(p for p in PACKAGE.glob("_*.py") if not p.name.startswith("__"))


def _imports(source: str) -> list[str]:
    """Every module a top-level module of the package imports, relative names resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # A module directly in aioyoutrack/: level 1 is the package itself.
            base = node.module or "" if node.level == 0 else "aioyoutrack"
            if node.level and node.module:
                base = f"aioyoutrack.{node.module}"
            found.append(base)
            # ``from . import resources`` names the module in the alias.
            found += [f"{base}.{alias.name}" for alias in node.names]
    return found


def _calls_up(name: str) -> bool:
    return name == "aioyoutrack.resources" or name.startswith("aioyoutrack.resources.")


def test_the_core_modules_are_found() -> None:
    names = {path.name for path in CORE}
    assert {"_client.py", "_transport.py", "_pagination.py", "_requests.py"} <= names


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_no_core_module_imports_the_resources(path: Path) -> None:
    imported = _imports(path.read_text(encoding="utf-8"))
    assert [name for name in imported if _calls_up(name)] == []


@pytest.mark.parametrize(
    "source",
    [
        "from .resources.issues import IssuesResource",
        "from .resources import ROUTES",
        "from . import resources",
        "import aioyoutrack.resources.tags",
        "from aioyoutrack.resources import Direction",
        "if TYPE_CHECKING:\n    from .resources.tags import TagsResource",
        "def f():\n    from .resources._field_types import carries_issues",
    ],
)
def test_the_check_sees_every_spelling_of_importing_the_resources(source: str) -> None:
    # Or the test above would prove nothing.
    assert any(_calls_up(name) for name in _imports(source))


def test_the_check_lets_the_core_import_the_core() -> None:
    imported = _imports("from ._pagination import list_pager\nfrom . import _json")
    assert not any(_calls_up(name) for name in imported)
    assert "aioyoutrack._pagination" in imported


#: DESIGN §2 and issue 23: one concept per module, none over this many lines.
MAX_MODULE_LINES = 600


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_of_the_package_is_over_600_lines() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 100  # the whole package, subpackages included
    counts = {str(p.relative_to(PACKAGE)): _line_count(p) for p in modules}
    assert {name: n for name, n in counts.items() if n > MAX_MODULE_LINES} == {}


def test_the_line_count_counts_every_line(tmp_path: Path) -> None:
    module = tmp_path / "big.py"
    module.write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    assert _line_count(module) > MAX_MODULE_LINES
