"""The pytest plugin and the standalone process (``python -m aioyoutrack.testing``)."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import aiohttp
import pytest
from subprocess_env import plain_env

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack


async def test_youtrack_fake_fixture_is_a_running_demo(youtrack_fake: FakeYouTrack) -> None:
    assert len(youtrack_fake.store.issues) == 300
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            youtrack_fake.url + "api/users/me",
            params={"fields": "login"},
            headers={"Authorization": f"Bearer {youtrack_fake.token}"},
        ) as response,
    ):
        assert (await response.json())["login"] == "root"


async def test_youtrack_fixture_is_a_client_of_the_fake(
    youtrack: YouTrack, youtrack_fake: FakeYouTrack
) -> None:
    assert isinstance(youtrack, YouTrack)
    assert not youtrack.closed
    me = await youtrack.request("GET", "api/users/me", params={"fields": "login"})
    assert me["login"] == "root"
    assert youtrack_fake.stats.log[-1].user == "root"


def _python_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """This Python run in ``folder`` (a user's project: pytest reads its ini there)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=plain_env(),
    )


def test_plugin_loads_without_pytest_asyncio(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_inner.py").write_text(
        textwrap.dedent(
            """
            def test_plain():
                assert True

            def test_needs_fake(youtrack_fake):
                pass
            """
        )
    )
    # Make pytest_asyncio unimportable, as if it were not installed.
    (tmp_path / "run_without_asyncio.py").write_text(
        textwrap.dedent(
            """
            import sys

            class Block:
                def find_spec(self, name, path=None, target=None):
                    if name.split(".")[0] == "pytest_asyncio":
                        raise ImportError(name)
                    return None

            sys.meta_path.insert(0, Block())
            import pytest

            sys.exit(pytest.main(
                ["-p", "no:asyncio", "-p", "no:cacheprovider", "--assert=plain", "-q", "-rf"]
            ))
            """
        )
    )
    result = _python_in(tmp_path, "run_without_asyncio.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 passed, 1 error" in result.stdout
    assert "need pytest-asyncio" in result.stdout


_IN_TWO_LOOPS = """
import pytest

async def test_plain(youtrack):
    assert (await youtrack.users.me()).login == "root"

@pytest.mark.asyncio(loop_scope="module")
async def test_module(youtrack):
    assert (await youtrack.users.me()).login == "root"
"""


@pytest.mark.parametrize(
    ("fixture_scope", "failing", "advised"),
    [
        ("function", "test_module", "module"),
        ("module", "test_plain", "function"),
        ("fixture-scope", "test_module", "module"),  # the fixtures' own scope: function
    ],
)
def test_a_test_in_another_loop_than_the_fixtures_fails_at_once_naming_the_setting(
    tmp_path: Path, fixture_scope: str, failing: str, advised: str
) -> None:
    """Review: the fake serves from the fixtures' loop, which does not run while a test
    in another loop does: every request waited for its timeout (60 s, or the 180 s
    retry deadline) before failing with no word of the cause."""
    ini = f"[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = {fixture_scope}\n"
    (tmp_path / "pytest.ini").write_text(ini)
    (tmp_path / "test_loops.py").write_text(_IN_TWO_LOOPS)
    result = _python_in(tmp_path, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rE")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 passed, 1 error" in output
    assert f"ERROR test_loops.py::{failing}" in output
    assert f"{failing} runs in the" in output
    assert f"set asyncio_default_fixture_loop_scope = {advised!r}" in output


async def test_standalone_process_prints_url_and_token_and_serves() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aioyoutrack.testing",
        "--seed",
        "none",
        "--port",
        "0",
        "--context-path",
        "/yt",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=plain_env(),
    )
    try:
        assert process.stdout is not None
        url_line = await asyncio.wait_for(process.stdout.readline(), 120)
        token_line = await asyncio.wait_for(process.stdout.readline(), 120)
        url = url_line.decode().strip().removeprefix("URL=")
        token = token_line.decode().strip().removeprefix("TOKEN=")
        assert url.startswith("http://127.0.0.1:")
        assert url.endswith("/yt/")
        assert token.startswith("perm:")
        async with (
            aiohttp.ClientSession() as session,
            session.get(
                url + "api/users/me",
                params={"fields": "login"},
                headers={"Authorization": f"Bearer {token}"},
            ) as response,
        ):
            assert (await response.json())["login"] == "root"
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 60) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_standalone_process_rejects_a_taken_port(fake: FakeYouTrack) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aioyoutrack.testing",
        "--seed",
        "none",
        "--port",
        str(fake.port),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=plain_env(),
    )
    _, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 1
    assert b"error:" in err
