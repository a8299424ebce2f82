"""Failures print one line naming the cause, exit non-zero, and never a traceback."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import pytest

SECRET = "perm:dGVzdA==.Q0xJ.NotARealTokenButSecret"


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    assert err.endswith("\n"), err
    assert err.count("\n") == 1, err
    assert err.startswith("aioyoutrack: ")
    return err


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (404, "<html><body><h1>404 Not Found</h1>nginx</body></html>", "text/html"),
        (405, "Method Not Allowed", "text/plain"),
        (501, "<h1>Not Implemented</h1>", "text/html"),
        (200, "<!doctype html><html>Welcome</html>", "text/html"),
    ],
)
def test_a_url_that_is_not_youtrack_exits_6(run_cli, threaded_fake, status, body, content_type):
    # A generic web server or proxy at the URL, not YouTrack's REST API.
    threaded_fake.fake.faults.add("api/*", status=status, body=body, content_type=content_type)
    for argv in (["projects"], ["count"], ["issue", "SP-1"]):
        result = run_cli(*argv, *threaded_fake.connection())
        assert result.status == 6, result.err
        line = _one_line(result.err)
        assert line.startswith("aioyoutrack: error: not a YouTrack API, check the URL: ")
        assert "does not look like a YouTrack service" in line
        assert result.out == ""


def test_youtrack_json_404_exits_4(run_cli, threaded_fake):
    body = {"error": "Not Found", "error_description": "HTTP 404 Not Found"}
    threaded_fake.fake.faults.add("api/*", status=404, body=body)
    result = run_cli("projects", *threaded_fake.connection())
    assert result.status == 4, result.err
    assert _one_line(result.err).startswith("aioyoutrack: error: not found: HTTP 404 Not Found")


def test_bad_token(run_cli, threaded_fake):
    result = run_cli("projects", "--url", threaded_fake.url, "--token", SECRET)
    assert result.status == 3
    line = _one_line(result.err)
    assert "authentication" in line
    assert SECRET not in line
    assert "NotARealToken" not in line
    assert result.out == ""


def test_forbidden_project(run_cli, threaded_fake):
    token = threaded_fake.fake.add_user("outsider")  # a member of no project
    result = run_cli("issue", "SP-1", "--url", threaded_fake.url, "--token", token)
    assert result.status == 3
    assert "permission denied" in _one_line(result.err)


@pytest.mark.parametrize(
    ("command", "status", "cause"),
    [
        (["projects"], 6, "not a YouTrack API, check the URL"),  # GET: an HTML page
        (["count"], 6, "does not look like a YouTrack service"),  # POST: an HTML 404 page
    ],
)
def test_wrong_url(run_cli, threaded_fake, command, status, cause):
    url = threaded_fake.url + "extra/path/"
    result = run_cli(*command, "--url", url, "--token", threaded_fake.token)
    assert result.status == status
    line = _one_line(result.err)
    assert cause in line
    assert "/extra/path/api/" in line
    assert "fields=" not in line  # the request is shown without its long query


def test_unreachable_host(run_cli, closed_port):
    url = f"http://127.0.0.1:{closed_port}/"
    result = run_cli("count", "--url", url, "--token", SECRET, "--retries", "0")
    assert result.status == 5
    line = _one_line(result.err)
    assert "cannot reach YouTrack" in line
    assert f"127.0.0.1:{closed_port}" in line
    assert SECRET not in line


def test_missing_issue(run_cli, threaded_fake):
    result = run_cli("issue", "SP-99999", *threaded_fake.connection())
    assert result.status == 4
    assert "not found" in _one_line(result.err)


def test_server_error_after_retries(run_cli, threaded_fake):
    threaded_fake.fake.faults.add("api/admin/projects", status=503, retry_after=0)
    result = run_cli("projects", "--retries", "1", *threaded_fake.connection())
    assert result.status == 1
    assert "HTTP 503" in _one_line(result.err)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["count"], "no YouTrack URL: pass --url, set YOUTRACK_URL, or try --fake"),
        (["count", "--url", "https://yt.example.com"], "no YouTrack token: pass --token"),
        (["count", "--url", "ftp://yt.example.com", "--token", "perm:x"], "must be an http(s)"),
        (
            ["count", "--url", "http://yt.example.com", "--token", "perm:x"],
            "refusing plain http to yt.example.com: the token would travel unencrypted. "
            "Use https, or pass --allow-http if you really mean it",
        ),
        (
            ["count", "--url", "https://me:pw@yt.example.com", "--token", "perm:x"],
            "must not contain a user name or password; pass the token with --token",
        ),
        (["count", "--url", " ", "--token", "perm:x"], "no YouTrack URL: pass --url"),
        (["count", "--url", "https://yt.example.com", "--token", " "], "no YouTrack token"),
        (["count", "--fake", "--url", "https://yt.example.com"], "leave out --url"),
    ],
)
def test_configuration_errors(run_cli, argv, message):
    result = run_cli(*argv)
    assert result.status == 2
    line = _one_line(result.err)
    assert message in line
    # The command's options, not the library's parameters.
    assert "allow_insecure_http" not in line
    assert "token=" not in line
    assert "url=" not in line


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--timeout", "inf", "count", "--fake"], "--timeout: expected a finite number"),
        (["--timeout", "nan", "count", "--fake"], "--timeout: expected a finite number"),
        (["count", "--fake", "--timeout=-inf"], "--timeout: expected a finite number"),
        (["demo", "--latency", "inf"], "--latency: expected a finite number"),
        (["demo", "--latency", "1e9"], "--latency: expected at most 10 s"),
        (["demo", "--issues", "1000000000"], "--issues: expected at most 100000"),
        # A timeout must be above 0: it said ">= 0" for -1, and 0 was refused.
        (["--timeout", "-1", "count", "--fake"], "--timeout: expected seconds > 0, got -1"),
        (["--timeout", "0", "count", "--fake"], "--timeout: expected seconds > 0, got 0"),
        (["demo", "--latency", "-1"], "--latency: expected seconds >= 0, got -1"),
    ],
)
def test_unbounded_numbers_are_usage_errors(capsys, argv, message):
    # Parsing alone: accepted, these would hang the command or exhaust memory.
    from aioyoutrack._cli._parser import build_parser

    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "ClientTimeout" not in err


def test_help_exits_zero(run_cli):
    result = run_cli("--help")
    assert result.status == 0
    assert "exit status:\n  0    ok\n" in result.out


def test_ctrl_c_exits_130_quietly(threaded_fake, tmp_path):
    fake = threaded_fake.fake
    hold = threaded_fake.call(_make_event)
    fake.faults.add("api/issuesGetter/count", hold=hold)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "aioyoutrack", "export", "--out", str(out)],
        env=threaded_fake.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The command is now waiting for the server: interrupt it there.
        threaded_fake.call(lambda: fake.stats.wait_in_flight(1, timeout=60))
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        threaded_fake.call_soon(hold.set)
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130
    assert stderr == ""
    assert stdout == ""
    assert list(tmp_path.iterdir()) == []


async def _make_event() -> asyncio.Event:
    return asyncio.Event()


def test_closed_stdout_exits_quietly(threaded_fake):
    process = subprocess.Popen(
        [sys.executable, "-m", "aioyoutrack", "export", "--out", "-"],
        env=threaded_fake.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith(b"{")
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read()
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    assert process.returncode == 141
    assert stderr == b""


#: Every command in every output mode: tables (rich when installed, else plain), plain
#: text, JSON, the bare count, JSON Lines to stdout, the demo and the help.
_EVERY_OUTPUT = [
    ["projects"],
    ["projects", "--plain"],
    ["projects", "--json"],
    ["issues", "project: MOB"],
    ["issues", "project: MOB", "--plain"],
    ["issues", "project: MOB", "--json"],
    ["issue", "SP-1"],
    ["issue", "SP-1", "--plain"],
    ["issue", "SP-1", "--json"],
    ["count"],
    ["export", "project: MOB", "--out", "-"],
    ["demo", "--issues", "30", "--latency", "0"],
    ["--help"],
]


@pytest.mark.parametrize("unbuffered", [None, "1"], ids=["buffered", "PYTHONUNBUFFERED=1"])
@pytest.mark.parametrize("argv", _EVERY_OUTPUT, ids=" ".join)
def test_stdout_closed_before_any_output_exits_141(threaded_fake, argv, unbuffered):
    # Without PYTHONUNBUFFERED (an ordinary shell) the output waits in Python's buffer
    # and the closed pipe is met only when it is flushed; with it, at the first write.
    env = threaded_fake.env()
    if unbuffered is not None:
        env["PYTHONUNBUFFERED"] = unbuffered
    if argv[0] == "demo":
        env = {k: v for k, v in env.items() if not k.startswith("YOUTRACK_")}
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "aioyoutrack", *argv],
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert completed.returncode == 141, completed.stderr
    assert completed.stderr == ""


def test_subprocesses_inherit_no_interpreter_variables(run_python, monkeypatch):
    # The suite must see what a user's shell sees, whatever the developer's shell carries.
    for name in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS"):
        monkeypatch.setenv(name, "1")
    code = "import os; print(sorted(k for k in os.environ if k.startswith('PYTHON')))"
    completed = run_python("-c", code)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "[]\n"


_INTERRUPT_DURING_IMPORT = """
import os, signal, sys

class InterruptOnImport:
    # Ctrl-C, delivered exactly while the command imports the module named TARGET.
    def find_spec(self, name, path=None, target=None):
        if name == TARGET:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, InterruptOnImport())
from aioyoutrack.cli import main  # what the console script does
sys.exit(main(["--fake", "count"]))
"""


@pytest.mark.parametrize("module", ["aioyoutrack._cli._main", "rich.console"])
def test_ctrl_c_while_the_command_loads_exits_130_quietly(run_python, tmp_path, module):
    if module.startswith("rich"):
        pytest.importorskip("rich")
    code = f"TARGET = {module!r}\n{_INTERRUPT_DURING_IMPORT}"
    completed = run_python("-c", code, cwd=tmp_path)
    assert completed.returncode == 130, completed.stderr
    assert completed.stderr == ""
    assert completed.stdout == ""


def test_cli_main_catches_ctrl_c_while_importing_the_command(monkeypatch, capsys):
    import aioyoutrack.cli
    from aioyoutrack._cli._errors import EXIT_INTERRUPTED

    class InterruptOnImport:
        def find_spec(self, name, path=None, target=None):
            if name == "aioyoutrack._cli._main":
                raise KeyboardInterrupt

    monkeypatch.delitem(sys.modules, "aioyoutrack._cli._main", raising=False)
    monkeypatch.setattr(sys, "meta_path", [InterruptOnImport(), *sys.meta_path])
    assert aioyoutrack.cli.main(["count"]) == EXIT_INTERRUPTED == aioyoutrack.cli._EXIT_INTERRUPTED
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("where", ["build_parser", "load_ui"])
def test_ctrl_c_before_the_event_loop_exits_130(run_cli, monkeypatch, where):
    from aioyoutrack._cli import _main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(_main, where, interrupted)
    try:
        result = run_cli("count", "--fake")
    except KeyboardInterrupt:  # would stop the whole test session
        pytest.fail("KeyboardInterrupt escaped main()")
    assert result.status == 130
    assert result.err == result.out == ""


async def _boom(yt, args, ui):
    raise RuntimeError("boom\nsecond line")


def test_unexpected_exception_is_one_line_unless_asked(run_cli, monkeypatch):
    from aioyoutrack._cli import _main

    monkeypatch.setitem(_main._COMMANDS, "count", _boom)
    argv = ("count", "--url", "https://yt.example.com", "--token", SECRET)
    result = run_cli(*argv)
    assert result.status == 1
    line = _one_line(result.err)
    assert line.startswith("aioyoutrack: internal error: RuntimeError: boom second line")
    assert "AIOYOUTRACK_TRACEBACK=1" in line
    monkeypatch.setenv("AIOYOUTRACK_TRACEBACK", "1")
    with pytest.raises(RuntimeError, match="boom"):
        run_cli(*argv)


def test_stderr_closed_does_not_stop_an_export(threaded_fake, tmp_path):
    # Started with `2>&-`, Python has no sys.stderr: the export still runs, and nothing
    # meant for stderr lands in stdout.
    out = tmp_path / "mob.jsonl"
    command = [sys.executable, "-m", "aioyoutrack", "export", "project: MOB", "--out", str(out)]

    def close_stderr() -> None:
        os.close(2)

    completed = subprocess.run(
        command,
        env=threaded_fake.env(),
        stdout=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=close_stderr,
    )
    assert completed.returncode == 0
    assert completed.stdout == ""
    assert len(out.read_text().splitlines()) == 60
