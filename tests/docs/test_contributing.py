"""CONTRIBUTING.md shows real code: its example is the library's own declaration, and the
files it points a contributor to exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _stripped(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_endpoint_example_is_the_code_in_the_module_it_names() -> None:
    named = re.search(r"from `(aioyoutrack/resources/\w+\.py)`:\n\n```python\n(.*?)```", TEXT, re.S)
    assert named, "the example of adding an endpoint is gone"
    source = _stripped((ROOT / named[1]).read_text(encoding="utf-8"))
    example = _stripped(named[2])
    starts = [i for i, line in enumerate(source) if line == example[0]]
    assert any(source[i : i + len(example)] == example for i in starts), (
        f"the example no longer matches {named[1]}: update CONTRIBUTING.md"
    )


def test_the_paths_it_names_exist() -> None:
    paths = set(re.findall(r"`((?:aioyoutrack|tests|docs)/[\w/.<>]+)`", TEXT))
    assert paths
    for path in paths:
        if "<" in path:  # a pattern such as tests/resources/test_<resource>.py
            assert (ROOT / path.split("<")[0]).parent.is_dir(), path
        else:
            assert (ROOT / path).exists(), f"CONTRIBUTING.md names {path}, which is gone"
