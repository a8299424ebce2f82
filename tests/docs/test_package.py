"""The files a package carries beside the code tell the truth: the licence the metadata
declares, and a changelog starting with the version being built."""

from __future__ import annotations

import re
from pathlib import Path

from aioyoutrack import __version__

ROOT = Path(__file__).resolve().parents[2]
# Read as text: tomllib is Python 3.11+, and the suite runs on 3.10 too.
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def _section(name: str) -> str:
    start = PYPROJECT.index(f"\n[{name}]\n")
    end = PYPROJECT.find("\n[", start + 1)
    return PYPROJECT[start : None if end < 0 else end]


def test_license_file_is_the_mit_text_the_metadata_declares() -> None:
    project = _section("project")
    assert re.search(r'^license = "MIT"$', project, re.M)
    assert re.search(r'^license-files = \["LICENSE"\]$', project, re.M)
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


def test_changelog_starts_with_the_current_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "[Keep a Changelog](https://keepachangelog.com/" in text
    versions = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert versions, "no version sections"
    assert versions[0] in (__version__, "Unreleased")
    released = [v for v in versions if v != "Unreleased"]
    assert released[0] == __version__


def test_sdist_carries_what_its_tests_and_readme_need() -> None:
    sdist = _section("tool.hatch.build.targets.sdist")
    needed_files = ("README.md", "ARCHITECTURE.md", "CONTRIBUTING.md", "CHANGELOG.md", "LICENSE")
    for needed in ("aioyoutrack", "tests", "examples", *needed_files):
        assert f'"{needed}"' in sdist
