"""Resource._call: what it passes to ``YouTrack.request`` (bodies, timeouts, retries of a
read-only POST), its one early check step, and the shared name and comment helpers."""

from __future__ import annotations

from typing import Any, cast

import attrs
import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.models.users import UserGroup
from aioyoutrack.models.visibility import LimitedVisibility
from aioyoutrack.resources._base import NamedPath, Resource
from aioyoutrack.resources._names import Name, comment_body
from aioyoutrack.testing import FakeYouTrack


@attrs.define
class Thing:
    id: str | None = None


class Recorder:
    """Stands in for the client: records what each request would have sent."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    async def request(self, method: str, path: str, **sent: Any) -> Any:
        self.calls.append((method, path, sent))
        return []


def _resource() -> tuple[Resource, Recorder]:
    recorder = Recorder()
    return Resource(cast(YouTrack, recorder)), recorder


async def test_call_passes_a_multipart_body_a_timeout_and_a_list_model() -> None:
    resource, recorder = _resource()
    body = object()
    await resource._call("POST", "api/x", data=body, model=list[Thing], timeout=7.5)
    ((method, path, sent),) = recorder.calls
    assert (method, path) == ("POST", "api/x")
    assert sent["data"] is body
    assert sent["json"] is None
    assert sent["timeout"] == 7.5
    assert sent["model"] == list[Thing]
    assert sent["idempotent"] is None


async def test_call_lets_a_read_only_post_be_retried() -> None:
    resource, recorder = _resource()
    await resource._call("POST", "api/assist", json={"query": ""}, idempotent=True)
    assert recorder.calls[0][2]["idempotent"] is True


async def test_the_checks_come_before_any_name_is_looked_up() -> None:
    resource, recorder = _resource()
    looked_up: list[object] = []

    async def resolve(client: object, value: object, *, fresh: bool = False) -> str:
        looked_up.append(value)
        return "1-1"

    path = NamedPath("things/{}", (Name(resolve, "board"),))
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await resource._call("GET", path, model=dict)  # type: ignore[type-var]
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await resource._call("POST", path, notify="no")  # type: ignore[arg-type]
    assert looked_up == []
    assert recorder.calls == []
    await resource._call("GET", path, model=Thing)
    assert looked_up == ["board"]
    assert recorder.calls[0][1] == "api/things/1-1"


async def test_a_write_that_cannot_mute_refuses_notify_false_only() -> None:
    resource, recorder = _resource()
    with pytest.raises(InvalidRequestError, match=r"POST /x/\{id\} cannot mute notifications"):
        await resource._call("POST", "api/x/1", notify=False, cannot_mute="POST /x/{id}")
    assert recorder.calls == []
    await resource._call("POST", "api/x/1", notify=True, cannot_mute="POST /x/{id}")
    assert "muteUpdateNotifications" not in (recorder.calls[0][2]["params"] or {})
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        Resource._check(notify=None, cannot_mute="POST /x/{id}")


async def test_comment_body_resolves_groups_and_checks_the_text(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    qa = fake.store.find_group("QA")
    assert await comment_body(yt, "plain", None) == {"text": "plain"}
    assert fake.stats.requests == 0
    with pytest.raises(InvalidRequestError, match="text must not be empty"):
        await comment_body(yt, " ", None)
    shown = LimitedVisibility(permitted_groups=[UserGroup(name="QA")])
    body = await comment_body(yt, "hidden", shown)
    assert body["visibility"]["permittedGroups"] == [{"id": qa.id}]


async def test_an_article_comment_with_a_bad_model_looks_nothing_up(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    shown = LimitedVisibility(permitted_groups=[UserGroup(name="QA")])
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.articles.comments.add("KB-A-1", "x", visibility=shown, model=dict)  # type: ignore[type-var]
    assert fake.stats.requests == 0


async def test_body_is_sent_as_json_and_a_bad_one_sends_nothing() -> None:
    resource, recorder = _resource()
    with pytest.raises(InvalidRequestError, match="body must be a model instance"):
        await resource._call("POST", "api/x", body=None)
    assert recorder.calls == []
    await resource._call("POST", "api/x", body=Thing(id="1-2"))
    await resource._call("POST", "api/x", body={"name": "n"})
    assert [sent["json"] for _, _, sent in recorder.calls] == [{"id": "1-2"}, {"name": "n"}]


async def test_call_runs_its_then_step_on_the_result_only_when_there_is_one() -> None:
    resource, recorder = _resource()
    seen: list[object] = []

    async def step(result: object) -> None:
        seen.append(result)

    assert await resource._call("GET", "api/x", model=list[Thing], then=step) == []
    assert seen == [[]]
    with pytest.raises(InvalidRequestError):
        await resource._call("GET", "api/x", model=dict, then=step)  # refused: nothing sent
    assert seen == [[]]
    assert len(recorder.calls) == 1


async def test_pager_runs_its_then_step_on_each_page_it_builds() -> None:
    async with (
        FakeYouTrack(seed="demo") as fake,
        YouTrack(fake.url, token=fake.token) as yt,
    ):
        pages: list[int] = []

        async def step(items: list[Any]) -> None:
            pages.append(len(items))

        resource = Resource(yt)
        users = await resource._pager("api/users", Thing, page_size=2, limit=5, then=step)
    assert len(users) == 5
    assert pages == [2, 2, 1]
