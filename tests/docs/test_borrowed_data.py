"""Data borrowed from ``../shared/`` stays outside the repository: no file of the project
(code, tests, documentation) is a copy of a file there.

Tests read that data where it lives (see :mod:`shared_data`); a copy committed "so that a
clone runs on its own" is what this catches, now or later.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_data import GROUND_TRUTH, REALWORLD_FIXTURES, SharedFolder, shared_folder

ROOT = Path(__file__).resolve().parents[2]
#: Folders of the checkout that are not the project's files (environments, caches, builds).
_NOT_PROJECT = {"__pycache__", "build", "dist", "node_modules"}


def _project_files() -> Iterator[Path]:
    for path in sorted(ROOT.iterdir()):
        yield from _walk(path)


def _walk(path: Path) -> Iterator[Path]:
    if path.name.startswith(".") and path.name not in {".ci", ".gitignore"}:
        return
    if path.is_dir():
        if path.name in _NOT_PROJECT or (path / "pyvenv.cfg").exists():
            return
        for child in sorted(path.iterdir()):
            yield from _walk(child)
    elif path.is_file():
        yield path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("folder", [GROUND_TRUTH, REALWORLD_FIXTURES], ids=lambda f: f.name)
def test_no_project_file_is_a_copy_of_borrowed_data(folder: SharedFolder) -> None:
    borrowed = {
        _digest(path): path
        for path in shared_folder(folder).rglob("*")
        if path.is_file() and path.stat().st_size >= 64  # not an empty or one-line file
    }
    assert borrowed
    copies = [
        f"{path.relative_to(ROOT)} is a copy of {borrowed[digest]}"
        for path in _project_files()
        if (digest := _digest(path)) in borrowed
    ]
    assert not copies, copies


def test_the_ground_truth_copy_is_gone() -> None:
    assert not (ROOT / "tests" / "ground_truth").exists()
