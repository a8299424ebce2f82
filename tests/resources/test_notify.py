"""Quiet writes: ``notify=False`` on every write whose operation takes
``muteUpdateNotifications``, sent as that query parameter and recorded by the fake."""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from fnmatch import fnmatchcase
from typing import Any

import pytest
from shared_data import ground_truth

import aioyoutrack.resources as resources_package
from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.resources import ROUTES
from aioyoutrack.resources._base import MUTABLE_ROUTES, Resource
from aioyoutrack.testing import FakeYouTrack


def _spec_mutable() -> set[tuple[str, str]]:
    spec = json.loads((ground_truth() / "openapi.json").read_text("utf-8"))
    found = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue  # path-level keys such as "summary"
            names = {p.get("name") for p in operation.get("parameters", [])}
            if "muteUpdateNotifications" in names:
                found.add((method.upper(), path))
    return found


def test_the_table_of_quiet_writes_is_the_specs() -> None:
    assert _spec_mutable() == set(MUTABLE_ROUTES)
    assert len(MUTABLE_ROUTES) == 23


def _resource_classes() -> dict[str, type]:
    classes: dict[str, type] = {}
    for module in vars(resources_package).values():
        if inspect.ismodule(module) and module.__name__.startswith("aioyoutrack.resources"):
            for value in vars(module).values():
                if inspect.isclass(value):
                    classes[value.__qualname__] = value
    return classes


def test_every_method_calling_a_quiet_write_takes_notify() -> None:
    classes = _resource_classes()
    calling = {r.qualname for r in ROUTES if (r.method, r.path) in MUTABLE_ROUTES}
    assert len(calling) >= 23
    for qualname in sorted(calling):
        owner, name = qualname.rsplit(".", 1)
        method = getattr(classes[owner], name)
        parameter = inspect.signature(method).parameters.get("notify")
        assert parameter is not None, f"{qualname} has no notify="
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.default is True


Call = Callable[[YouTrack], Awaitable[Any]]

QUIET_CALLS: list[tuple[str, str, Call]] = [
    ("POST", "api/issues", lambda yt: yt.issues.create("SP", "quiet", notify=False)),
    (
        "POST",
        "api/issues/SP-1",
        lambda yt: yt.issues.update("SP-1", summary="quiet", notify=False),
    ),
    (
        "POST",
        "api/issues/SP-1/comments",
        lambda yt: yt.issues.comments.add("SP-1", "quiet", notify=False),
    ),
    (
        "POST",
        "api/issues/SP-1/customFields/*",
        lambda yt: yt.issues.custom_fields.set("SP-1", "Priority", "Major", notify=False),
    ),
    ("POST", "api/commands", lambda yt: yt.commands.apply("tag Q", issues=["SP-1"], notify=False)),
    (
        "POST",
        "api/issues/SP-1/links/*",
        lambda yt: yt.issues.links.add("SP-1", "relates to", "SP-2", notify=False),
    ),
    (
        "POST",
        "api/issues/SP-1/timeTracking/workItems",
        lambda yt: yt.issues.work_items.add("SP-1", "1h", notify=False),
    ),
    (
        "POST",
        "api/issues/SP-1/attachments",
        lambda yt: yt.issues.attachments.upload("SP-1", b"x", name="q.txt", notify=False),
    ),
]


@pytest.mark.parametrize(("method", "path", "call"), QUIET_CALLS, ids=[c[1] for c in QUIET_CALLS])
async def test_notify_false_sends_mute_update_notifications(
    yt: YouTrack, fake: FakeYouTrack, method: str, path: str, call: Call
) -> None:
    await call(yt)
    writes = [r for r in fake.stats.log if r.method == method and fnmatchcase(r.path, path)]
    assert writes, [(r.method, r.path) for r in fake.stats.log]
    assert writes[-1].query.get("muteUpdateNotifications") == "true"


async def test_notify_true_sends_nothing(yt: YouTrack, fake: FakeYouTrack) -> None:
    await yt.issues.comments.add("SP-1", "loud")
    (write,) = [r for r in fake.stats.log if r.method == "POST"]
    assert "muteUpdateNotifications" not in write.query


async def test_generic_writes_take_notify_only_where_the_spec_does(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    with pytest.raises(InvalidRequestError, match="cannot mute notifications"):
        await yt.articles.attachments.update("KB-A-1", "1-1", body={"name": "q"}, notify=False)
    assert fake.stats.requests == 0


async def test_notify_must_be_a_bool_and_is_checked_before_sending(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.issues.create("SP", "x", fields={"Priority": "Major"}, notify="no")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.issues.links.add("SP-1", "relates to", "SP-2", notify=0)  # type: ignore[arg-type]
    assert fake.stats.requests == 0


def test_only_methods_calling_a_quiet_write_take_notify() -> None:
    # The other direction: a notify= that no quiet write reads would do nothing, unless
    # the method refuses notify=False (cannot_mute: an update beside muted ones).
    calling = {r.qualname for r in ROUTES if (r.method, r.path) in MUTABLE_ROUTES}
    taking = set()
    for qualname, cls in _resource_classes().items():
        if not issubclass(cls, Resource) or cls.__module__.endswith("._generic"):
            continue  # the deprecated operation classes take notify= for any route
        for name, member in vars(cls).items():
            public = not name.startswith("_") and inspect.isfunction(member)
            takes = public and "notify" in inspect.signature(member).parameters
            if takes and "cannot_mute=" not in inspect.getsource(member):
                taking.add(f"{qualname}.{name}")
    assert taking, "no method takes notify="
    assert taking <= calling, sorted(taking - calling)
