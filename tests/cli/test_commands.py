"""``projects``, ``issues``, ``issue``, ``count`` and ``export`` against a fake."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
import tempfile
import threading

import pytest


def test_projects_table(run_cli, threaded_fake):
    result = run_cli("projects", *threaded_fake.connection())
    assert result.status == 0, result.err
    for key, name in (("SP", "Sample Project"), ("DEMO", "Demo Project"), ("MOB", "Mobile App")):
        assert any(key in line and name in line for line in result.out.splitlines())


def test_projects_json(run_cli, threaded_fake):
    result = run_cli("projects", "--json", *threaded_fake.connection())
    assert result.status == 0, result.err
    projects = json.loads(result.out)
    by_key = {p["shortName"]: p for p in projects}
    assert sorted(by_key) == ["DEMO", "MOB", "SP"]
    assert by_key["SP"]["id"] == threaded_fake.fake.project("SP").id
    assert by_key["SP"]["name"] == "Sample Project"


def test_connection_options_work_before_the_command(run_cli, threaded_fake):
    result = run_cli(*threaded_fake.connection(), "count", "project: MOB")
    assert result.status == 0, result.err
    assert int(result.out) == len(threaded_fake.search_ids("project: MOB"))


def test_environment_gives_the_connection(run_cli, threaded_fake, monkeypatch):
    monkeypatch.setenv("YOUTRACK_URL", threaded_fake.url)
    monkeypatch.setenv("YOUTRACK_TOKEN", threaded_fake.token)
    result = run_cli("count")
    assert result.status == 0, result.err
    assert int(result.out) == len(threaded_fake.fake.store.issues)


def test_issues_json_matches_the_query(run_cli, threaded_fake):
    query = "project: SP #Unresolved"
    result = run_cli("issues", query, "--limit", "0", "--json", *threaded_fake.connection())
    assert result.status == 0, result.err
    issues = json.loads(result.out)
    expected = threaded_fake.search_ids(query)
    assert len(expected) > 42  # more than one server-default page
    assert [i["idReadable"] for i in issues] == expected
    assert all("customFields" in i and i["project"]["shortName"] == "SP" for i in issues)


def test_issues_table_limits_rows(run_cli, threaded_fake):
    result = run_cli("issues", "project: DEMO", "--limit", "3", *threaded_fake.connection())
    assert result.status == 0, result.err
    expected = threaded_fake.search_ids("project: DEMO")[:3]
    shown = [line.split()[0] for line in result.out.splitlines() if line.strip()[:5] == "DEMO-"]
    assert shown == expected
    assert "--limit 0" in result.out  # says that more exist


def test_issue_details(run_cli, threaded_fake):
    issue = threaded_fake.fake.issue("SP-8")
    result = run_cli("issue", "SP-8", "--plain", *threaded_fake.connection())
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert any(line.startswith("Summary:") and issue.summary in line for line in lines)
    assert any(line.startswith("ID:") and f"SP-8 ({issue.id})" in line for line in lines)
    priority = issue.values[issue.project.custom_field("Priority").id].name
    assert any(line.startswith("Priority:") and line.endswith(priority) for line in lines)


def test_issue_json(run_cli, threaded_fake):
    result = run_cli("issue", "DEMO-3", "--json", *threaded_fake.connection())
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["idReadable"] == "DEMO-3"
    assert data["summary"] == threaded_fake.fake.issue("DEMO-3").summary


def test_count(run_cli, threaded_fake):
    for query in ("#Unresolved", "project: MOB", "no-such-text-anywhere"):
        result = run_cli("count", query, *threaded_fake.connection())
        assert result.status == 0, result.err
        assert result.out == f"{len(threaded_fake.search_ids(query))}\n"


def test_export_writes_one_object_per_issue(run_cli, threaded_fake, tmp_path):
    out = tmp_path / "sp.jsonl"
    query = "project: SP"
    result = run_cli(
        "export", query, "--out", str(out), "--page-size", "40", *threaded_fake.connection()
    )
    assert result.status == 0, result.err
    # No progress (stderr is not a terminal), but what was written, terminal or not.
    assert re.fullmatch(rf"exported 150 issues to {re.escape(str(out))} in \d+\.\d s\n", result.err)
    assert result.out == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    expected = threaded_fake.search_ids(query)
    assert len(lines) == len(expected) == 150
    issues = [json.loads(line) for line in lines]
    assert [i["idReadable"] for i in issues] == expected
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_export_to_stdout(run_cli, threaded_fake):
    result = run_cli("export", "project: MOB", "--out", "-", *threaded_fake.connection())
    assert result.status == 0, result.err
    assert re.fullmatch(r"exported 60 issues to stdout in \d+\.\d s\n", result.err)
    ids = [json.loads(line)["idReadable"] for line in result.out.splitlines()]
    assert ids == threaded_fake.search_ids("project: MOB")


def test_failed_export_leaves_no_file(run_cli, threaded_fake, tmp_path):
    out = tmp_path / "all.jsonl"
    # The count succeeds and the output file is open when the pages fail (a 400 is
    # never retried).
    threaded_fake.fake.faults.add("api/issues", method="GET", status=400)
    result = run_cli("export", "--out", str(out), *threaded_fake.connection())
    assert result.status == 1
    assert result.err.startswith("aioyoutrack: error: YouTrack error: HTTP 400")
    assert list(tmp_path.iterdir()) == []


def test_failed_export_keeps_an_earlier_file(run_cli, threaded_fake, tmp_path):
    out = tmp_path / "all.jsonl"
    out.write_text("earlier\n")
    threaded_fake.fake.faults.add("api/issues", method="GET", status=400)
    result = run_cli("export", "--out", str(out), *threaded_fake.connection())
    assert result.status == 1
    assert out.read_text() == "earlier\n"
    assert list(tmp_path.iterdir()) == [out]


def test_export_into_a_missing_directory_is_a_usage_error(run_cli, threaded_fake, tmp_path):
    out = tmp_path / "missing" / "x.jsonl"
    result = run_cli("export", "--out", str(out), *threaded_fake.connection())
    assert result.status == 2
    assert "no directory" in result.err
    assert result.err.count("\n") == 1


def test_export_through_a_link_writes_the_file_it_points_to(run_cli, threaded_fake, tmp_path):
    real = tmp_path / "real.jsonl"
    real.write_text("earlier\n")
    os.chmod(real, 0o664)
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    result = run_cli("export", "project: MOB", "--out", str(link), *threaded_fake.connection())
    assert result.status == 0, result.err
    assert link.is_symlink()  # the link stays a link
    assert len(real.read_text().splitlines()) == 60
    assert stat.S_IMODE(real.stat().st_mode) == 0o664  # the file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "real.jsonl"]


def test_a_new_export_file_gets_the_umasks_mode(run_cli, threaded_fake, tmp_path):
    out = tmp_path / "new.jsonl"
    previous = os.umask(0o027)
    try:
        result = run_cli("export", "project: MOB", "--out", str(out), *threaded_fake.connection())
    finally:
        os.umask(previous)
    assert result.status == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # not mkstemp's 0600


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_export_into_a_named_pipe_writes_into_the_pipe(run_cli, threaded_fake, tmp_path):
    # It replaced the pipe with a regular file: the reader got nothing.
    pipe = tmp_path / "issues.fifo"
    os.mkfifo(pipe)
    kept = tmp_path / "kept.fifo"
    os.link(pipe, kept)  # the same pipe, should the export replace the name
    received: list[bytes] = []

    def read() -> None:
        with open(kept, "rb") as reader:  # waits for a writer
            received.append(reader.read())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        result = run_cli("export", "project: MOB", "--out", str(pipe), *threaded_fake.connection())
    finally:
        if not received:
            # Nothing read: the export wrote elsewhere, or failed before opening the
            # pipe. A writer that opens and closes it lets the reader end.
            os.close(os.open(kept, os.O_WRONLY | os.O_NONBLOCK))
        reader.join()
    assert result.status == 0, result.err
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert len(received[0].decode().splitlines()) == 60


@pytest.mark.skipif(not os.path.exists("/dev/fd"), reason="needs /dev/fd (Linux, macOS)")
def test_export_to_a_descriptor_path_appends_to_what_is_behind_it(run_cli, threaded_fake, tmp_path):
    # Review: `--out /dev/stdout >> log` replaced the log with the export, and behind a
    # pipe the path did not exist at all. A descriptor's path is now written through.
    log = tmp_path / "log.txt"
    log.write_text("LOG 1\nLOG 2\n")
    with open(log, "a") as appending:
        target = f"/dev/fd/{appending.fileno()}"
        result = run_cli("export", "project: MOB", "--out", target, *threaded_fake.connection())
    assert result.status == 0, result.err
    lines = log.read_text().splitlines()
    assert lines[:2] == ["LOG 1", "LOG 2"]
    assert len(lines) == 62


@pytest.mark.skipif(not os.path.exists("/dev/fd"), reason="needs /dev/fd (Linux, macOS)")
def test_a_descriptor_path_spelled_otherwise_appends_too(run_cli, threaded_fake, tmp_path):
    # Review: /dev/./fd/N, or a link to it, went the way of a regular file: replaced.
    log = tmp_path / "log.txt"
    link = tmp_path / "out"
    for spelling in ("/dev/./fd/{}", str(link)):
        log.write_text("PRE\n")
        with open(log, "a") as appending:
            target = f"/dev/fd/{appending.fileno()}"
            if spelling == str(link):
                link.unlink(missing_ok=True)
                link.symlink_to(target)
            result = run_cli(
                "export",
                "project: MOB",
                "--out",
                spelling.format(appending.fileno()),
                *threaded_fake.connection(),
            )
        assert result.status == 0, result.err
        lines = log.read_text().splitlines()
        assert (lines[0], len(lines)) == ("PRE", 61), spelling


def _skip_unless_modes_apply(tmp_path) -> None:
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    if os.access(probe, os.W_OK):
        pytest.skip("file modes do not apply to this user (root): nothing to refuse")
    probe.unlink()


def test_export_over_a_read_only_file_is_a_usage_error(run_cli, threaded_fake, tmp_path):
    _skip_unless_modes_apply(tmp_path)
    out = tmp_path / "kept.jsonl"
    out.write_text("earlier\n")
    out.chmod(0o444)
    result = run_cli("export", "--out", str(out), *threaded_fake.connection())
    assert result.status == 2
    assert "not writable" in result.err
    assert out.read_text() == "earlier\n"


def test_export_into_a_read_only_folder_writes_the_file_in_place(run_cli, threaded_fake, tmp_path):
    _skip_unless_modes_apply(tmp_path)
    out = tmp_path / "w.jsonl"
    out.write_text("earlier\n")
    tmp_path.chmod(0o555)
    try:
        result = run_cli("export", "project: MOB", "--out", str(out), *threaded_fake.connection())
    finally:
        tmp_path.chmod(0o755)
    assert result.status == 0, result.err
    assert len(out.read_text().splitlines()) == 60


@pytest.mark.parametrize(
    "error", [PermissionError(13, "Permission denied"), OSError(30, "Read-only")]
)
def test_a_new_file_that_cannot_be_made_is_a_usage_error_naming_it(
    run_cli, threaded_fake, tmp_path, monkeypatch, error
):
    """Review: a new file in a folder one may not write in (or ``/proc``) gave the OS
    error of the hidden temporary file, exit 1 (a YouTrack error)."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise error

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "new.jsonl"
    result = run_cli("export", "project: MOB", "--out", str(out), *threaded_fake.connection())
    assert result.status == 2
    assert result.err.strip() == f"aioyoutrack: error: --out {str(out)!r}: {error.strerror}"
    assert not out.exists()


def test_export_to_a_name_near_the_systems_limit_is_written(run_cli, threaded_fake, tmp_path):
    """Review: the hidden temporary file's name (the target's, plus a prefix and a
    suffix) went past 255 characters where the target's did not."""
    out = tmp_path / ("n" * 244 + ".jsonl")
    result = run_cli("export", "project: MOB", "--out", str(out), *threaded_fake.connection())
    assert result.status == 0, result.err
    assert len(out.read_text().splitlines()) == 60
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_export_into_a_loop_of_links_is_a_usage_error(run_cli, threaded_fake, tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = run_cli("export", "--out", str(tmp_path / "a"), *threaded_fake.connection())
    assert result.status == 2
    assert "symbolic links" in result.err
    assert (tmp_path / "a").is_symlink()  # not replaced by a file


def test_export_to_an_empty_name_is_a_usage_error(run_cli, threaded_fake):
    result = run_cli("export", "--out", "", *threaded_fake.connection())
    assert result.status == 2
    assert "--out needs a file name" in result.err


class _Terminal(io.StringIO):
    """A captured stream that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("plain", [False, True])
def test_export_shows_progress_on_a_terminal(run_cli, threaded_fake, tmp_path, monkeypatch, plain):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    out = tmp_path / "mob.jsonl"
    flags = ["--plain"] if plain else []
    result = run_cli(
        "export", "project: MOB", "--out", str(out), *flags, *threaded_fake.connection()
    )
    assert result.status == 0, terminal.getvalue()
    shown = terminal.getvalue()
    assert "60/60" in shown  # count of total
    assert "/s" in shown  # rate
    assert ("ETA" in shown) or plain  # rich always shows the ETA column
    assert f"exported 60 issues to {out}" in shown


@pytest.mark.parametrize("command", ["projects", "issues", "issue"])
def test_output_that_is_not_a_terminal_is_plain(run_cli, threaded_fake, command):
    # Redirected to a file or a pipe (captured here), tables and details are plain text,
    # whether rich is installed or not: no box drawing, no wrapping at 80 columns.
    summary = "a summary much longer than eighty columns, " * 3 + "the end"
    issue = threaded_fake.fake.add_issue("SP", summary)
    argv = {
        "projects": ["projects"],
        "issues": ["issues", "project: SP", "--limit", "0"],
        "issue": ["issue", issue.id_readable],
    }[command]
    default = run_cli(*argv, *threaded_fake.connection())
    plain = run_cli(*argv, "--plain", *threaded_fake.connection())
    assert default.status == plain.status == 0, default.err
    assert default.out == plain.out
    if command != "projects":
        assert any(summary in line for line in default.out.splitlines())
    assert not set(default.out) & set("─━│┃╭╮╰╯┏┓┗┛")


def test_fake_option_runs_against_the_embedded_fake(run_cli):
    result = run_cli("--fake", "count", "project: SP")
    assert result.status == 0, result.err
    assert result.out == "150\n"


def test_without_rich_the_output_is_plain_with_a_hint(run_cli, threaded_fake, monkeypatch):
    monkeypatch.setitem(sys.modules, "rich", None)  # "import rich" raises ImportError
    for name in [m for m in sys.modules if m.startswith("rich.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "aioyoutrack._cli._rich_ui", raising=False)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    result = run_cli("projects", *threaded_fake.connection())
    assert result.status == 0
    assert (
        terminal.getvalue() == 'hint: pip install "aioyoutrack[cli]" for tables and progress bars\n'
    )
    lines = result.out.splitlines()
    assert lines[0].split() == ["Key", "Name", "ID", "Leader"]
    assert set(lines[1]) == {"-", " "}
    assert sorted(line.split()[0] for line in lines[2:]) == ["DEMO", "MOB", "SP"]
    assert any(line.split()[:3] == ["SP", "Sample", "Project"] for line in lines[2:])


def test_importing_the_cli_does_not_import_rich(run_python):
    code = (
        "import sys, aioyoutrack.cli, aioyoutrack.__main__; "
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))"
    )
    completed = run_python("-c", code)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_issues_json_keeps_emoji_codes_and_markup(run_cli, threaded_fake):
    pytest.importorskip("rich")  # the rich renderer is the one that used to rewrite them
    summary = "emoji :smile: :thumbs_up: [bold]x[/bold] tab\there"
    issue = threaded_fake.fake.add_issue("SP", summary, description=":cry: desc")
    for argv in (["issues", "project: SP emoji"], ["issue", issue.id_readable]):
        result = run_cli(*argv, "--json", *threaded_fake.connection())
        assert result.status == 0, result.err
        document = json.loads(result.out)
        found = document[0] if isinstance(document, list) else document
        assert found["summary"] == summary
        assert found["description"] == ":cry: desc"


def _issue_rows(out: str, prefix: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines() if line.strip().startswith(prefix)]


def test_issues_limit_equal_to_the_matches_says_nothing_more(run_cli, threaded_fake):
    expected = threaded_fake.search_ids("project: MOB")
    assert len(expected) == 60
    threaded_fake.fake.stats.reset()
    result = run_cli("issues", "project: MOB", "--limit", "60", *threaded_fake.connection())
    assert result.status == 0, result.err
    assert _issue_rows(result.out, "MOB-") == expected
    assert "--limit 0" not in result.out
    assert threaded_fake.fake.stats.requests == 1  # the look-ahead costs no request

    result = run_cli("issues", "project: MOB", "--limit", "59", *threaded_fake.connection())
    assert _issue_rows(result.out, "MOB-") == expected[:59]
    assert "(first 59; --limit N shows more, --limit 0 all)" in result.out


@pytest.mark.parametrize(("limit", "more"), [(150, False), (149, True), (100, True)])
def test_issues_limit_over_several_pages(run_cli, threaded_fake, limit, more):
    expected = threaded_fake.search_ids("project: SP")
    assert len(expected) == 150
    result = run_cli(
        "issues", "project: SP", "--limit", str(limit), "--plain", *threaded_fake.connection()
    )
    assert result.status == 0, result.err
    assert _issue_rows(result.out, "SP-") == expected[:limit]
    assert ("--limit 0" in result.out) is more


def test_issues_json_honours_the_limit(run_cli, threaded_fake):
    result = run_cli(
        "issues", "project: MOB", "--limit", "7", "--json", *threaded_fake.connection()
    )
    assert [i["idReadable"] for i in json.loads(result.out)] == threaded_fake.search_ids(
        "project: MOB"
    )[:7]


SECRET = "perm:cm9vdA==.NDctMQ==.wcKuAok8cHmAtzjA6xlc4BA5P8HJSm"


@pytest.mark.parametrize(
    "argv",
    [
        ("--t=" + SECRET, "projects"),  # ambiguous: --token or --timeout
        ("--tokn=" + SECRET, "projects"),
        ("projects", "--tokne", SECRET),
        ("projects", SECRET),  # the token where a command's argument goes
    ],
)
def test_argument_errors_do_not_repeat_the_token(run_cli, argv):
    result = run_cli(*argv)
    assert result.status == 2
    assert "***" in result.err
    assert "wcKuAok8" not in result.err
    assert "perm:" not in result.err
