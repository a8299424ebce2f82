"""What a hostile or odd server sends reaches the terminal readable and harmless.

- A float field holding an int too large for a float (read by the standard library's
  JSON, the install without orjson) is printed, not an "internal error".
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from typing import Any

import pytest

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
