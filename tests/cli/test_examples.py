"""Each example against FakeYouTrack: imported and called, and run as a script."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import ModuleType

import pytest
from aiohttp.test_utils import TestClient, TestServer

from aioyoutrack import AuthenticationError, RetryPolicy, ServerError, YouTrack, fields_for
from aioyoutrack.testing import FakeYouTrack

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def load_example(examples_dir, monkeypatch):
    """Import ``examples/NAME.py`` as a module (registered, so attrs can resolve types)."""

    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(
            f"example_{name}", examples_dir / f"{name}.py"
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, spec.name, module)
        spec.loader.exec_module(module)
        return module

    return load


# --- bulk_fetch_projects ------------------------------------------------------------


async def test_bulk_fetch_counts_unresolved_with_bounded_concurrency(load_example):
    example = load_example("bulk_fetch_projects")
    async with FakeYouTrack(seed="demo") as fake:
        for n in range(7):
            fake.add_project(f"P{n}", f"Project {n}")
            for i in range(n):
                fake.add_issue(
                    f"P{n}", f"issue {i}", fields={"State": "Fixed" if i % 2 else "Open"}
                )
        hold = asyncio.Event()
        fake.faults.add("api/issuesGetter/count", hold=hold)
        async with YouTrack(fake.url, token=fake.token, max_concurrency=3) as yt:
            task = asyncio.create_task(example.unresolved_per_project(yt))
            await fake.stats.wait_in_flight(3)  # every slot taken, the other counts wait
            assert fake.stats.in_flight == 3
            hold.set()
            rows = await task
        root = fake.user("root")
        expected = [
            (p.short_name, len(fake.store.search(f"project: {p.short_name} #Unresolved", root)))
            for p in fake.store.projects.values()
        ]
    assert len(rows) == len(expected)
    assert {p.short_name: n for p, n in rows} == dict(expected)
    assert fake.stats.max_in_flight == 3
    assert dict(expected)["P6"] == 3


def test_bulk_fetch_script_against_the_environment(run_python, threaded_fake):
    completed = run_python(str(EXAMPLES / "bulk_fetch_projects.py"), env=threaded_fake.env())
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0].split() == ["Project", "Key", "Unresolved"]
    for short in ("SP", "DEMO", "MOB"):
        count = len(threaded_fake.search_ids(f"project: {short} #Unresolved"))
        assert any(line.split()[-2:] == [short, str(count)] for line in lines[1:])
    assert completed.stderr == ""  # the environment was used: no embedded fake


# --- async_service ------------------------------------------------------------------


async def test_service_creates_one_issue_per_post(load_example, monkeypatch):
    example = load_example("async_service")
    async with FakeYouTrack(seed="demo") as fake:
        monkeypatch.setenv("YOUTRACK_URL", fake.url)
        monkeypatch.setenv("YOUTRACK_TOKEN", fake.token)
        app = example.create_app()
        async with TestClient(TestServer(app)) as client:
            yt = app[example.YOUTRACK]
            created = []
            for summary in ("Crash on login", "Slow search"):
                response = await client.post(
                    "/issues",
                    json={"project": "SP", "summary": summary, "fields": {"Priority": "Critical"}},
                )
                assert response.status == 201
                created.append(await response.json())
            assert app[example.YOUTRACK] is yt  # one client for the app's lifetime
        assert yt.closed  # closed by the cleanup
        for body, summary in zip(created, ("Crash on login", "Slow search"), strict=True):
            issue = fake.issue(body["idReadable"])
            assert issue.id == body["id"]
            assert issue.summary == summary
            assert issue.values[issue.project.custom_field("Priority").id].name == "Critical"


async def test_service_sets_date_fields_from_iso_strings(load_example, monkeypatch):
    example = load_example("async_service")
    async with FakeYouTrack(seed="demo") as fake:
        monkeypatch.setenv("YOUTRACK_URL", fake.url)
        monkeypatch.setenv("YOUTRACK_TOKEN", fake.token)
        async with TestClient(TestServer(example.create_app())) as client:
            response = await client.post(
                "/issues",
                json={"project": "SP", "summary": "Ship it", "fields": {"Due Date": "2025-06-01"}},
            )
            assert response.status == 201, await response.text()
            sp = await response.json()
            response = await client.post(
                "/issues",
                json={
                    "project": "DEMO",
                    "summary": "Reviewed",
                    "fields": {"Reviewed at": "2025-06-01T10:00:00+02:00"},
                },
            )
            assert response.status == 201, await response.text()
            demo = await response.json()
    due = fake.issue(sp["idReadable"])
    # A day is sent as midday UTC, so it is the same day in every time zone.
    assert due.values[due.project.custom_field("Due Date").id] == 1748779200000
    reviewed = fake.issue(demo["idReadable"])
    assert reviewed.values[reviewed.project.custom_field("Reviewed at").id] == 1748764800000


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"project": "SP", "summary": "x", "fields": {"Priorty": "Critical"}}, 422, "Priorty"),
        ({"project": "SP", "summary": "x", "fields": {"Priority": "Urgent!"}}, 422, "Urgent!"),
        ({"project": "SP", "summary": "x", "fields": {"Due Date": "1 June"}}, 422, "2025-06-01"),
        (
            {"project": "DEMO", "summary": "x", "fields": {"Reviewed at": "2025-06-01T10:00"}},
            422,
            "has no offset",
        ),
        ({"project": "NOPE", "summary": "x"}, 404, "NOPE"),
        ({"project": "SP"}, 400, "summary"),
        (["SP", "x"], 400, "JSON object"),
        ("not json", 400, "must be JSON"),
    ],
)
async def test_service_refuses_bad_requests(load_example, monkeypatch, body, status, error):
    example = load_example("async_service")
    async with FakeYouTrack(seed="demo") as fake:
        monkeypatch.setenv("YOUTRACK_URL", fake.url)
        monkeypatch.setenv("YOUTRACK_TOKEN", fake.token)
        before = len(fake.store.issues)
        async with TestClient(TestServer(example.create_app())) as client:
            if isinstance(body, str):
                response = await client.post("/issues", data=body)
            else:
                response = await client.post("/issues", json=body)
            assert response.status == status
            assert error in (await response.json())["error"]
        assert len(fake.store.issues) == before


async def test_service_reports_a_failing_youtrack(load_example, monkeypatch):
    example = load_example("async_service")
    async with FakeYouTrack(seed="demo") as fake:
        monkeypatch.setenv("YOUTRACK_URL", fake.url)
        monkeypatch.setenv("YOUTRACK_TOKEN", fake.token)
        fake.faults.add("api/issues", method="POST", status=500, when="after")
        async with TestClient(TestServer(example.create_app())) as client:
            response = await client.post("/issues", json={"project": "SP", "summary": "x"})
            assert response.status == 502
            body = await response.json()
        assert body["mayHaveBeenCreated"] is True  # a 500 on a create: it may exist


def test_service_script_serves_on_loopback(threaded_fake):
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "async_service.py"), "--port", "0"],
        env=threaded_fake.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("serving on http://127.0.0.1:"), first
        url = first.split()[2]
        request = urllib.request.Request(
            url + "issues",
            data=json.dumps({"project": "MOB", "summary": "From the script"}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 201
            body = json.load(response)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert threaded_fake.fake.issue(body["idReadable"]).summary == "From the script"


# --- custom_projection --------------------------------------------------------------


async def test_custom_projection_sends_the_class_projection(load_example, capsys):
    example = load_example("custom_projection")
    async with FakeYouTrack(seed="demo") as fake, YouTrack(fake.url, token=fake.token) as yt:
        cards = await example.show_cards(yt, "#Unresolved", limit=5)
        root = fake.user("root")
        expected = fake.store.search("#Unresolved", root)[:5]
    out = capsys.readouterr().out.splitlines()
    projection = fields_for(example.IssueCard)
    assert out[0] == f"fields={projection}"
    assert "comments(text,author(" in projection
    assert "description" not in projection
    searches = [r for r in fake.stats.log if r.path == "api/issues"]
    assert searches
    assert all(r.query["fields"] == projection for r in searches)
    assert [c.id_readable for c in cards] == [i.id_readable for i in expected]
    for card, issue in zip(cards, expected, strict=True):
        assert [c.text for c in card.comments] == [c.text for c in issue.comments]
        assert {f.name for f in card.custom_fields} <= {"Assignee", "State"}
        assert f"{card.id_readable}  [{card.value('State')}]" in "\n".join(out)


def test_custom_projection_script_runs(run_python):
    completed = run_python(str(EXAMPLES / "custom_projection.py"), "project: MOB")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("fields=idReadable,summary,customFields(")
    assert "MOB-" in completed.stdout


def test_examples_import_no_private_names():
    # The examples are documentation: they use only the public API.
    for path in EXAMPLES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "aioyoutrack._" not in text, path


# --- bot --------------------------------------------------------------------------------


def _bot_comments(fake: FakeYouTrack, key: str, marker: str) -> list[str]:
    return [c.text for c in fake.issue(key).comments if c.text.startswith(marker)]


@pytest.mark.parametrize(
    ("comment_status", "when"),
    [(503, "before"), (500, "after")],  # refused; or applied, then the answer failed
)
async def test_bot_comments_once_across_errors_and_restarts(
    load_example, tmp_path, comment_status, when
):
    bot = load_example("bot")
    state = tmp_path / "bot.cursor"
    async with FakeYouTrack(seed="demo") as fake:
        # The client does not retry: every injected failure reaches the bot itself.
        async with YouTrack(fake.url, token=fake.token, retry=RetryPolicy(max_retries=0)) as yt:
            old_critical = fake.store.search(bot.QUERY, fake.user("root"))
            assert old_critical  # the demo has Critical issues: they must be left alone
            assert await bot.run(yt, state, once=True, backoff=0) == []
            start = state.read_text()

            new = fake.add_issue("SP", "Crash on start", fields={"Priority": "Critical"})
            fake.add_issue("SP", "Typo", fields={"Priority": "Minor"})
            normal = next(
                i for i in fake.store.search("Priority: Normal #Unresolved", fake.user("root"))
            )
            fake.update_issue(normal.id_readable, Priority="Critical")
            failing_poll = fake.faults.add("api/activitiesPage", status=503, times=1)
            failing_comment = fake.faults.add(
                "api/issues/*/comments", method="POST", status=comment_status, when=when, times=1
            )

            commented = await bot.run(yt, state, once=True, backoff=0)

            assert failing_poll.hits == failing_comment.hits == 1
            assert set(commented) <= {new.id, normal.id}
            assert len(commented) == (2 if when == "before" else 1)
            # A restart from the old cursor (as if the bot died before saving) sees the
            # same activities again, and comments on nothing twice.
            state.write_text(start)
            assert await bot.run(yt, state, once=True, backoff=0) == []
            assert await bot.run(yt, state, once=True, backoff=0) == []

        for key in (new.id_readable, normal.id_readable):
            assert _bot_comments(fake, key, bot.MARKER) == [bot.COMMENT]
        for issue in old_critical:
            assert _bot_comments(fake, issue.id_readable, bot.MARKER) == []


async def test_bot_stops_on_a_rejected_token(load_example, tmp_path):
    bot = load_example("bot")
    async with FakeYouTrack(seed="demo") as fake, YouTrack(fake.url, token="perm:wrong") as yt:
        with pytest.raises(AuthenticationError):
            await bot.run(yt, tmp_path / "bot.cursor", once=True, backoff=0)


async def test_bot_gives_up_after_max_failures(load_example, tmp_path):
    bot = load_example("bot")
    async with FakeYouTrack(seed="demo") as fake:
        fault = fake.faults.add("api/activitiesPage", status=500)
        async with YouTrack(fake.url, token=fake.token, retry=RetryPolicy(max_retries=0)) as yt:
            with pytest.raises(ServerError):
                await bot.run(yt, tmp_path / "bot.cursor", backoff=0, max_failures=3)
    assert fault.hits == 3


async def test_bot_stops_when_the_event_is_set(load_example, tmp_path):
    bot = load_example("bot")
    async with FakeYouTrack(seed="demo") as fake, YouTrack(fake.url, token=fake.token) as yt:
        stop = asyncio.Event()
        task = asyncio.create_task(bot.run(yt, tmp_path / "bot.cursor", stop=stop, interval=0.01))
        # The start cursor is taken (two requests) and a first poll has run.
        await fake.stats.wait_for(lambda s: s.by_path["api/activitiesPage"] >= 3)
        new = fake.add_issue("MOB", "Battery drain", fields={"Priority": "Critical"})
        await fake.stats.wait_for(lambda s: _bot_comments(fake, new.id_readable, bot.MARKER))
        stop.set()
        commented = await asyncio.wait_for(task, 60)
    assert commented == [new.id]


def test_bot_script_restarts_from_its_cursor(run_python, threaded_fake, tmp_path):
    state = tmp_path / "bot.cursor"
    script = str(EXAMPLES / "bot.py")
    fake = threaded_fake.fake
    first = run_python(script, "--once", "--state", str(state), env=threaded_fake.env())
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "commented on 0 issues"  # starts from now
    assert state.read_text()

    async def escalate() -> str:
        return fake.add_issue("DEMO", "Outage", fields={"Priority": "Critical"}).id_readable

    key = threaded_fake.call(escalate)
    second = run_python(script, "--once", "--state", str(state), env=threaded_fake.env())
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "commented on 1 issues"
    assert f"commented on {key}" in second.stderr  # the log line
    comments = [c.text for c in fake.issue(key).comments if c.text.startswith("[triage-bot]")]
    assert len(comments) == 1
