"""Start-up: public names load on first use, and the command answers ``--help`` and
``--version`` without loading the client.

Each check runs a fresh interpreter with a plain environment (no ``PYTHON*`` variable of
this process, the checkout first on the path) and reads the modules it imported from
``-X importtime``, which lists every module a process imports. What is asserted is which
modules load, never how long anything takes.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from subprocess_env import plain_env

import aioyoutrack
import aioyoutrack.models
import aioyoutrack.resources

ROOT = Path(__file__).resolve().parents[2]
#: Generous bound for a subprocess that imports the library.
PROCESS_TIMEOUT = 120
#: Modules a light entry point must not import: the HTTP stack, the client, the models.
HEAVY = (
    "aiohttp",
    "aioyoutrack._client",
    "aioyoutrack.client",
    "aioyoutrack.models",
    "aioyoutrack.resources",
)
#: The packages whose public names load lazily, and the names they define eagerly.
LAZY_PACKAGES: dict[str, set[str]] = {
    "aioyoutrack": {"__version__"},
    "aioyoutrack.resources": set(),
}


def _plain_env() -> dict[str, str]:
    # The checkout under test, whatever the venv installed.
    return plain_env(PYTHONPATH=str(ROOT))


def _run(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``python -X importtime args...``; return the process and the modules it
    imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        env=_plain_env(),
        cwd=ROOT,
        timeout=PROCESS_TIMEOUT,
        check=False,
    )
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    return done, imported


def _loaded_heavy(imported: set[str]) -> list[str]:
    return sorted(m for m in imported if m.split(".")[0] == "aiohttp" or m.startswith(HEAVY[1:]))


def test_the_import_listing_sees_the_heavy_modules() -> None:
    # The listing the other tests rely on does show the client and aiohttp when they load.
    done, imported = _run("-c", "from aioyoutrack import YouTrack")
    assert done.returncode == 0, done.stderr[-2000:]
    assert {"aiohttp", "aioyoutrack._client"} <= imported


def test_import_aioyoutrack_loads_neither_aiohttp_nor_the_client() -> None:
    done, imported = _run("-c", "import aioyoutrack; print(aioyoutrack.__version__)")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == aioyoutrack.__version__
    assert _loaded_heavy(imported) == []
    assert "logging" not in imported


def test_the_client_loads_no_resource_and_no_model_until_one_is_used() -> None:
    # Resources are made when their attribute is first read; cattrs loads with the first
    # structured response. Reading yt.tags loads that resource, not the others.
    script = (
        "import sys\nfrom aioyoutrack import YouTrack\n"
        "yt = YouTrack('https://example.youtrack.cloud', 'perm:x')\n"
        "assert 'aioyoutrack.resources.articles' not in sys.modules\n"
        "yt.tags\n"
        "assert 'aioyoutrack.resources.articles' not in sys.modules\n"
        "assert yt.tags is yt.tags\n"
        "yt.issues\n"
        "assert 'aioyoutrack.resources.attachments' not in sys.modules\n"
        "assert yt.issues.attachments is yt.issues.attachments\n"
        "assert 'cattrs' not in sys.modules, 'loaded before any response'\n"
    )
    done, imported = _run("-c", "from aioyoutrack import YouTrack")
    assert done.returncode == 0, done.stderr[-2000:]
    assert {"aioyoutrack.client", "aioyoutrack._client", "aiohttp"} <= imported
    loaded = sorted(m for m in imported if m.startswith((*HEAVY[3:], "cattrs")))
    assert loaded == []
    done, imported = _run("-c", script)
    assert done.returncode == 0, done.stderr[-2000:]
    assert {"aioyoutrack.resources.tags", "aioyoutrack.resources.attachments"} <= imported


def test_a_service_can_load_at_start_up_what_its_first_call_would() -> None:
    # The async-services guide: read the resources at start-up, and the first call
    # loads only the converter (cattrs and the client's own part).
    script = (
        "import asyncio, sys\n"
        "from aioyoutrack import YouTrack\n"
        "from aioyoutrack.testing import FakeYouTrack\n"
        "async def main():\n"
        "    async with FakeYouTrack(seed='demo') as fake:\n"
        "        async with YouTrack(fake.url, fake.token) as yt:\n"
        "            yt.issues, yt.projects\n"
        "            before = set(sys.modules)\n"
        "            assert (await yt.issues.search('', limit=2))[0].id_readable\n"
        "            assert (await yt.projects.get('DEMO')).short_name == 'DEMO'\n"
        "            print(*sorted(set(sys.modules) - before))\n"
        "asyncio.run(main())\n"
    )
    done, _ = _run("-c", script)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stdout.split()
    assert "cattrs" in loaded  # the listing does see what the first call loads
    # No resource and no model: of the library, only the converter (and the fake's own
    # modules); cattrs may bring its dependencies (exceptiongroup on Python 3.10).
    converter = ("aioyoutrack._convert", "aioyoutrack.testing")
    library = [m for m in loaded if m.split(".")[0] == "aioyoutrack"]
    assert [m for m in library if not m.startswith(converter)] == []


def test_the_routes_are_whole_however_little_was_loaded() -> None:
    # @route records a method when its module runs: resources.ROUTES loads them all.
    script = (
        "from aioyoutrack.resources import ROUTES\n"
        "print(len({r.qualname.split('.')[0] for r in ROUTES}))"
    )
    done, _ = _run("-c", script)
    assert done.returncode == 0, done.stderr[-2000:]
    from aioyoutrack.resources import ROUTES

    assert int(done.stdout) == len({r.qualname.split(".")[0] for r in ROUTES}) > 20


@pytest.mark.parametrize(
    ("argv", "status", "expected"),
    [
        (["--help"], 0, "usage: aioyoutrack"),
        (["--version"], 0, f"aioyoutrack {aioyoutrack.__version__}"),
        (["issues", "--help"], 0, "usage: aioyoutrack issues"),
        (["count", "--no-such-option"], 2, "unrecognized arguments: --no-such-option"),
    ],
)
def test_help_version_and_usage_errors_load_neither_aiohttp_nor_the_client(
    argv: list[str], status: int, expected: str
) -> None:
    # What the console script does (``from aioyoutrack.cli import main``) and what
    # ``python -m aioyoutrack`` does.
    script = f"import sys\nfrom aioyoutrack.cli import main\nsys.exit(main({argv!r}))"
    for args in (["-c", script], ["-m", "aioyoutrack", *argv]):
        done, imported = _run(*args)
        assert done.returncode == status, done.stderr[-2000:]
        assert expected in done.stdout + done.stderr
        assert "aioyoutrack.cli" in imported
        assert _loaded_heavy(imported) == [], args
        # Each a fifth of ``python -c pass`` or more: see aioyoutrack/_lazy.py; shutil
        # (argparse's way to the terminal width) a tenth of the command's start-up.
        assert {"logging", "typing", "shutil"}.isdisjoint(imported), args


@pytest.mark.parametrize("columns", ["100", "37", "0", "wide", None])
def test_the_help_is_as_wide_as_argparse_would_make_it(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    import shutil

    from aioyoutrack._cli._parser import _help_width

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _help_width() == shutil.get_terminal_size().columns - 2


def test_a_command_still_loads_the_client() -> None:
    # The light path hands every command to the full CLI (here: a usage error the full
    # CLI reports, with no YouTrack to talk to).
    script = "import sys\nfrom aioyoutrack.cli import main\nsys.exit(main(['count']))"
    env_free = "import os\nfor k in ('YOUTRACK_URL', 'YOUTRACK_TOKEN'): os.environ.pop(k, None)\n"
    done, imported = _run("-c", env_free + script)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "no YouTrack URL" in done.stderr
    assert "aioyoutrack._client" in imported


_CHECK_NAMES = """
import importlib, json, sys
package = importlib.import_module(sys.argv[1])
listed = dir(package)
missing = [n for n in package.__all__ if n not in listed]
loaded = {n: type(getattr(package, n)).__name__ for n in package.__all__}
star = {}
exec(f"from {sys.argv[1]} import *", star)
print(json.dumps({"missing": missing, "loaded": sorted(loaded),
                  "star": sorted(k for k in star if k != "__builtins__")}))
"""


@pytest.mark.parametrize("package", sorted(LAZY_PACKAGES))
def test_every_public_name_resolves_in_a_fresh_process(package: str) -> None:
    import json

    done, _ = _run("-c", _CHECK_NAMES, package)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    public = sorted(sys.modules[package].__all__)
    assert found["missing"] == []
    assert found["loaded"] == public
    assert found["star"] == public


@pytest.mark.parametrize("package", sorted(LAZY_PACKAGES))
def test_lazy_names_are_the_objects_their_modules_define(package: str) -> None:
    module = sys.modules[package]
    for source, names in module._EXPORTS.items():
        defining = sys.modules[package + source]
        for name in names:
            assert getattr(module, name) is getattr(defining, name), name


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="'aioyoutrack' has no attribute 'NoSuchName'"):
        _ = aioyoutrack.NoSuchName  # type: ignore[attr-defined]
    with pytest.raises(ImportError):
        from aioyoutrack import NoSuchName  # type: ignore[attr-defined]  # noqa: F401


def test_public_subpackages_are_attributes() -> None:
    assert aioyoutrack.models is sys.modules["aioyoutrack.models"]
    assert aioyoutrack.resources is sys.modules["aioyoutrack.resources"]
    assert aioyoutrack.errors.YouTrackError is aioyoutrack.YouTrackError


def _type_checking_names(package: str) -> set[str]:
    """The names a package imports under ``if TYPE_CHECKING:`` (what mypy and IDEs see)."""
    path = Path(sys.modules[package].__file__ or "")
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    names.update(alias.asname or alias.name for alias in statement.names)
    return names


@pytest.mark.parametrize("package", sorted(LAZY_PACKAGES))
def test_type_checkers_see_every_lazy_name(package: str) -> None:
    # One list per package must not drift from the others: __all__, the lazy table and
    # the TYPE_CHECKING imports name the same things.
    module = sys.modules[package]
    eager = LAZY_PACKAGES[package]
    table = {name for names in module._EXPORTS.values() for name in names}
    assert table == set(module.__all__) - eager
    assert _type_checking_names(package) >= table


def test_output_failing_on_the_light_path_is_left_to_the_full_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The help or version printed into a closed stdout: the light path does not report
    # it itself (no traceback), the full CLI parses again and handles it.
    import aioyoutrack._cli._main  # the full CLI, bound to the real parser first
    import aioyoutrack._cli._parser as parser_module
    from aioyoutrack.cli import main

    class ClosedStdout:
        def parse_args(self, argv: object) -> None:
            raise BrokenPipeError

    monkeypatch.setattr(parser_module, "build_parser", ClosedStdout)
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"aioyoutrack {aioyoutrack.__version__}"
