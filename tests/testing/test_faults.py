"""Fault injection and request statistics."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from aioyoutrack import ConfigurationError
from aioyoutrack.testing import FakeYouTrack

CREATE = {"project": {"id": "0-0"}, "summary": "under fault"}


async def test_status_fault_answers_before_the_handler(api: Any, fake: FakeYouTrack) -> None:
    fault = fake.faults.add("api/issues*", status=503, retry_after=7, times=1)
    count = len(fake.store.issues)
    refused = await api.post("api/issues", CREATE)
    assert refused.status == 503
    assert refused.headers["Retry-After"] == "7"
    assert refused.content_type == "application/json;charset=utf-8"
    assert refused.body["error"] == "Service Unavailable"
    assert len(fake.store.issues) == count, "a 503 fault must not apply the write"
    assert fault.hits == 1
    assert len(fake.faults) == 0
    assert (await api.post("api/issues", CREATE)).status == 200


async def test_fault_matches_method_and_glob(api: Any, fake: FakeYouTrack) -> None:
    fake.faults.add("api/issues/*/comments", method="post", status=429, retry_after="1")
    assert (await api.get("api/issues/SP-1/comments")).status == 200
    assert (await api.post("api/issues/SP-1/comments", {"text": "x"})).status == 429
    assert (await api.get("api/issues/SP-1")).status == 200
    fake.faults.clear()
    assert (await api.post("api/issues/SP-1/comments", {"text": "x"})).status == 200


async def test_status_fault_after_the_handler_applies_the_write(
    api: Any, fake: FakeYouTrack
) -> None:
    fake.faults.add("api/issues", method="POST", status=500, when="after", times=1)
    count = len(fake.store.issues)
    reply = await api.post("api/issues", CREATE)
    assert reply.status == 500
    assert len(fake.store.issues) == count + 1


async def test_custom_bodies(api: Any, fake: FakeYouTrack) -> None:
    fake.faults.add(
        "api/users/me", status=200, body="<html>login</html>", content_type="text/html", times=1
    )
    html = await api.get("api/users/me")
    assert html.status == 200
    assert html.content_type == "text/html"
    assert html.raw == b"<html>login</html>"
    fake.faults.add(
        "api/users/me", status=200, body=b'{"id": ', times=1, content_type="application/json"
    )
    assert (await api.get("api/users/me")).raw == b'{"id": '
    fake.faults.add(
        "api/users/me", status=502, body={"error": "proxy"}, times=1, headers={"X-Proxy": "yes"}
    )
    proxied = await api.get("api/users/me")
    assert proxied.body == {"error": "proxy"}
    assert proxied.headers["X-Proxy"] == "yes"


@pytest.mark.parametrize(("mode", "applied"), [(True, False), ("before", False), ("after", True)])
async def test_dropped_connection(api: Any, fake: FakeYouTrack, mode: Any, applied: bool) -> None:
    fake.faults.add("api/issues", method="POST", drop_connection=mode, times=1)
    count = len(fake.store.issues)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.post("api/issues", CREATE)
    assert len(fake.store.issues) == count + (1 if applied else 0)
    assert fake.stats.log[-1].status is None
    assert (await api.post("api/issues", CREATE)).status == 200


async def test_redirect(api: Any, fake: FakeYouTrack) -> None:
    fake.faults.add("api/users/me", redirect_to="api/users/root", times=1)
    fake.faults.add("api/issues", redirect_to="https://elsewhere.example/api/issues", status=302)
    url = fake.url + "api/users/me"
    async with api.session.get(url, allow_redirects=False) as response:
        assert response.status == 307
        assert response.headers["Location"] == fake.url + "api/users/root"
    async with api.session.get(fake.url + "api/issues", allow_redirects=False) as response:
        assert response.status == 302
        assert response.headers["Location"] == "https://elsewhere.example/api/issues"


async def test_probability_is_reproducible(api: Any, fake: FakeYouTrack) -> None:
    async def pattern() -> list[int]:
        fake.faults.clear()
        fake.faults.seed(42)
        fake.faults.add("api/users/me", status=503, probability=0.5)
        return [(await api.get("api/users/me")).status for _ in range(16)]

    first = await pattern()
    assert first == await pattern()
    assert {200, 503} == set(first)


async def test_hold_keeps_requests_in_flight(api: Any, fake: FakeYouTrack) -> None:
    gate = asyncio.Event()
    fake.faults.add("api/issues/*", hold=gate)
    tasks = [asyncio.create_task(api.get(f"api/issues/SP-{n}")) for n in range(1, 6)]
    await fake.stats.wait_in_flight(5)
    assert fake.stats.in_flight == 5
    assert not any(t.done() for t in tasks)
    gate.set()
    replies = await asyncio.gather(*tasks)
    assert [r.status for r in replies] == [200] * 5
    assert fake.stats.max_in_flight >= 5
    assert fake.stats.in_flight == 0


async def test_delay_and_latency_slow_requests_down(session: Any) -> None:
    async with FakeYouTrack(seed=None, latency=0.05) as fake:
        loop = asyncio.get_running_loop()
        headers = {"Authorization": f"Bearer {fake.token}"}
        started = loop.time()
        async with session.get(fake.url + "api/users/me", headers=headers) as response:
            assert response.status == 200
        assert loop.time() - started >= 0.04
        fake.latency = 0.0
        fake.faults.add("api/users/me", delay=0.05, times=1)
        started = loop.time()
        async with session.get(fake.url + "api/users/me", headers=headers) as response:
            assert response.status == 200
        assert loop.time() - started >= 0.04


def test_fault_arguments_are_checked(fake: FakeYouTrack) -> None:
    with pytest.raises(ConfigurationError, match="status"):
        fake.faults.add(status=99)
    with pytest.raises(ConfigurationError, match="probability"):
        fake.faults.add(status=503, probability=2)
    with pytest.raises(ConfigurationError, match="times"):
        fake.faults.add(status=503, times=0)
    with pytest.raises(ConfigurationError, match="drop_connection"):
        fake.faults.add(drop_connection="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="delay must be a finite number"):
        fake.faults.add(delay=-1)
    with pytest.raises(ConfigurationError, match="headers must map str names to str values"):
        fake.faults.add(status=503, headers={"Retry-After": 5})  # type: ignore[dict-item]
    assert len(fake.faults) == 0


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("path", None),
        ("method", 1),
        ("status", "500"),
        ("status", True),
        ("retry_after", object()),
        ("times", 1.5),
        ("probability", "0.5"),
        ("body", 3),
        ("content_type", b"text/plain"),
        ("delay", "1"),
        ("redirect_to", 5),
        ("headers", [("X", "1")]),
        ("hold", True),
    ],
)
def test_fault_arguments_of_the_wrong_type_are_named(
    fake: FakeYouTrack, argument: str, value: Any
) -> None:
    with pytest.raises(ConfigurationError, match=f"^{argument} takes no {type(value).__name__}"):
        fake.faults.add(**{argument: value})
    assert len(fake.faults) == 0
    fault = fake.faults.add(status=500)
    fake.faults.remove(fault)
    fake.faults.remove(fault)
    assert list(fake.faults) == []


async def test_stats_count_and_log_without_the_token(api: Any, fake: FakeYouTrack) -> None:
    fake.stats.reset()
    await api.get("api/issues", fields="id", query="in: SP")
    await api.get("api/issues/SP-1")
    await api.as_user(None).get("api/users/me")
    await api.get("api/nope")
    stats = fake.stats
    assert stats.requests == 4
    assert stats.completed == 4
    assert stats.by_path["api/issues"] == 1
    assert stats.by_path["api/issues/SP-1"] == 1
    assert stats.by_status[200] == 2
    assert stats.by_status[401] == 1
    assert stats.by_status[404] == 1
    first, _, anonymous, _ = stats.log
    assert (first.method, first.path, first.status) == ("GET", "api/issues", 200)
    assert first.query == {"fields": "id", "query": "in: SP"}
    assert first.authorized is True
    assert first.user == "root"
    assert first.fault is False
    assert anonymous.authorized is False
    assert anonymous.user is None
    assert fake.token not in repr(list(stats.log))
    stats.reset()
    assert stats.requests == 0
    assert not stats.log
    assert not stats.by_path


async def test_request_log_keeps_repeated_query_parameters(api: Any, fake: FakeYouTrack) -> None:
    fake.stats.reset()
    params = [("customFields", "Priority"), ("fields", "id"), ("customFields", "State")]
    await api.call("GET", "api/issues", params=params)
    (record,) = fake.stats.log
    # ``query`` stays a plain dict with the first value of each name (as before) ...
    assert record.query == {"customFields": "Priority", "fields": "id"}
    # ... and every value, in the order sent, is kept as well.
    assert record.query_items == tuple(params)
    assert record.query_all("customFields") == ["Priority", "State"]
    assert record.query_all("fields") == ["id"]
    assert record.query_all("absent") == []


async def test_wait_for_returns_on_state_or_times_out(api: Any, fake: FakeYouTrack) -> None:
    fake.stats.reset()
    waiter = asyncio.create_task(fake.stats.wait_requests(3))
    for _ in range(3):
        await api.get("api/users/me")
    await waiter
    await fake.stats.wait_completed(3)
    await fake.stats.wait_for(lambda s: s.by_status[200] >= 3)
    with pytest.raises(asyncio.TimeoutError):
        await fake.stats.wait_for(lambda s: s.requests > 100, timeout=0.01)


async def test_fault_defaults(api: Any, fake: FakeYouTrack) -> None:
    refuse = fake.faults.add("api/users/me", times=1)
    assert refuse.status == 503
    assert (await api.get("api/users/me")).status == 503
    page = fake.faults.add("api/users/me", body="<p>maintenance</p>", content_type="text/html")
    assert page.status == 200
    reply = await api.get("api/users/me")
    assert (reply.status, reply.raw) == (200, b"<p>maintenance</p>")
    fake.faults.remove(page)
    slow = fake.faults.add("api/users/me", delay=0.001, times=1)
    assert slow.status is None
    assert (await api.get("api/users/me")).status == 200


async def test_close_does_not_wait_for_held_requests(session: Any) -> None:
    fake = FakeYouTrack(seed=None)
    await fake.start()
    gate = asyncio.Event()
    fake.faults.add("api/users/me", hold=gate)

    async def held() -> None:
        headers = {"Authorization": f"Bearer {fake.token}"}
        async with session.get(fake.url + "api/users/me", headers=headers) as response:
            await response.read()

    request = asyncio.create_task(held())
    await fake.stats.wait_in_flight(1)
    await fake.close()
    with pytest.raises(aiohttp.ClientError):
        await request
    assert fake.stats.in_flight == 0
