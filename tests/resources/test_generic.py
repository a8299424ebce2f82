"""The generic endpoint building blocks: path arity, id encoding, bodies, models, routes."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.models import UserGroup
from aioyoutrack.resources import ROUTES
from aioyoutrack.resources._generic import (  # deprecated in the package
    GetOp,
    ListOp,
    ReadOp,
    UpdateOp,
    json_body,
    spec_template,
)
from aioyoutrack.resources.settings import OwnedSettings
from aioyoutrack.testing import FakeYouTrack


def test_spec_template() -> None:
    assert spec_template("/articles/{id}/comments/{articleCommentId}") == "articles/{}/comments/{}"
    assert spec_template("/groups") == "groups"


def test_declaring_an_endpoint_records_its_routes() -> None:
    class Probe(ListOp[UserGroup], GetOp[UserGroup]):
        """A probe endpoint."""

        path = "/groups"
        item = "id"
        model = UserGroup

    prefix = Probe.__qualname__ + "."
    try:
        mine = [(r.method, r.path) for r in ROUTES if r.qualname.startswith(prefix)]
        assert sorted(mine) == [("GET", "/groups"), ("GET", "/groups/{id}")]
    finally:
        ROUTES[:] = [r for r in ROUTES if not r.qualname.startswith(prefix)]


def test_an_item_operation_needs_an_item_placeholder() -> None:
    with pytest.raises(TypeError, match="needs item"):

        class Broken(GetOp[UserGroup]):
            """No item placeholder."""

            path = "/groups"
            model = UserGroup


def test_json_body() -> None:
    assert json_body({"name": "x"}) == {"name": "x"}
    assert json_body(UserGroup(name="QA")) == {"name": "QA", "$type": "UserGroup"}
    with pytest.raises(InvalidRequestError, match="mapping"):
        json_body(["x"])
    with pytest.raises(InvalidRequestError, match="keys must be str"):
        json_body({1: "x"})


async def test_arity_and_ids_are_checked_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(TypeError):  # and a mypy error: tests/resources/test_agiles.py
        await yt.groups.get("3-1", "extra")  # type: ignore[call-arg, arg-type]
    # Reactions name their path ids: a missing one is a mypy error, and Python's TypeError.
    with pytest.raises(TypeError, match="comment_id"):
        yt.articles.comments.reactions.list("171-0")  # type: ignore[call-arg]
    with pytest.raises(InvalidRequestError, match="must not be empty"):
        await yt.groups.get("")
    with pytest.raises(InvalidRequestError, match="must be an id, a name or an object with one"):
        await yt.groups.get(7)  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # named ids: a missing one is a mypy error too
        await yt.admin.projects.work_item_types.add()  # type: ignore[call-arg]
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        yt.groups.list(model=dict)  # type: ignore[type-var]
    with pytest.raises(InvalidRequestError, match="body"):
        await yt.link_types.update("9-0", body="name=x")
    assert fake.stats.requests == 0


async def test_ids_are_encoded_as_one_segment(yt: YouTrack, fake: FakeYouTrack) -> None:
    backups = yt.admin.database_backup.backups  # a plain generic get: ids only, no names
    for hostile in ("../admin", "a/b", "x?y=1", "#frag", "ünï code", "%2F"):
        with pytest.raises(NotFoundError):
            await backups.get(hostile)
        assert fake.stats.log[-1].path == f"api/admin/databaseBackup/backups/{hostile}"
    with pytest.raises(NotFoundError):
        await yt.articles.comments.reactions.get("171-0", "..", "r")
    assert fake.stats.log[-1].raw_path == "api/articles/171-0/comments/%2E%2E/reactions/r"


async def test_own_model_params_and_limit(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define(kw_only=True)
    class Name:
        name: str | None = None

    names = await yt.groups.list(model=Name, page_size=2, limit=3)
    assert len(names) == 3
    assert all(isinstance(n, Name) for n in names)
    first_page = fake.stats.log[0].query
    assert first_page["fields"] == "name"
    assert first_page["$top"] == "2"
    qa = next(g for g in fake.store.groups.values() if g.name == "QA")
    got = await yt.groups.get(qa.id, params={"fields": "name"})
    assert got.name == "QA"
    assert got.id is None
    assert fake.stats.log[-1].query["fields"] == "name"


async def test_read_and_write_ops(yt: YouTrack, fake: FakeYouTrack) -> None:
    assert isinstance(yt.user_profiles.general, OwnedSettings)  # the settings-like shape
    before = await yt.user_profiles.general.get("me")
    assert before.locale is not None
    after = await yt.user_profiles.general.update("me", body={"locale": {"language": "de"}})
    assert after.locale is not None
    assert after.locale.language == "de"
    assert fake.stats.log[-1].method == "POST"


def test_repr_names_the_path(fake: FakeYouTrack) -> None:
    client = YouTrack(fake.url, token=fake.token)
    assert repr(client.groups) == "<GroupsResource /groups>"
    assert repr(client.bundles.enum) == "<ElementBundles enum>"
    assert "token" not in repr(client.admin).lower()
    assert repr(client.admin.database_backup) == "<DatabaseBackupResource>"


async def test_issue_reactions_require_both_ids(yt: YouTrack) -> None:
    args: Any = ("SP-1",)
    with pytest.raises(TypeError, match="comment_id"):
        await yt.issues.reactions.add(*args, reaction="heart")


async def test_a_name_is_looked_up_and_again_after_a_404(yt: YouTrack, fake: FakeYouTrack) -> None:
    qa = next(g for g in fake.store.groups.values() if g.name == "QA")
    assert qa.id is not None
    seen: list[tuple[str, bool]] = []

    async def by_name(client: YouTrack, value: str, *, fresh: bool = False) -> str:
        seen.append((value, fresh))
        return qa.id if fresh else "9-99"  # the remembered id is stale

    class Named(GetOp[UserGroup]):
        """Groups by name."""

        path = "/groups"
        item = "id"
        model = UserGroup
        resolvers = {"id": by_name}

    try:
        got = await Named(yt).get("QA")
        assert got.name == "QA"
        assert seen == [("QA", False), ("QA", True)]
        assert [r.path for r in fake.stats.log] == ["api/groups/9-99", f"api/groups/{qa.id}"]
        with pytest.raises(NotFoundError):  # ids only: a 404 is final, not looked up again
            await Named(yt).get(qa.id)
        assert seen[2:] == [(qa.id, False)]
    finally:
        ROUTES[:] = [r for r in ROUTES if not r.qualname.startswith(Named.__qualname__ + ".")]


def _forget_routes(cls: type) -> None:
    ROUTES[:] = [r for r in ROUTES if not r.qualname.startswith(cls.__qualname__ + ".")]


async def test_a_class_listing_both_get_kinds_runs_the_first_it_lists(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    class ObjectFirst(ReadOp[UserGroup], GetOp[UserGroup]):
        """The single object first."""

        path = "/groups"
        item = "id"
        model = UserGroup

    class EntityFirst(GetOp[UserGroup], ReadOp[UserGroup]):
        """The entity first."""

        path = "/groups"
        item = "id"
        model = UserGroup

    try:
        with pytest.raises(InvalidRequestError, match="takes 0 id"):
            await ObjectFirst(yt).get("1-1")
        with pytest.raises(InvalidRequestError, match="takes 1 id"):
            await EntityFirst(yt).get()
        assert fake.stats.requests == 0
        with pytest.raises(NotFoundError):
            await EntityFirst(yt).get("9-99")
        assert fake.stats.log[-1].path == "api/groups/9-99"
    finally:
        _forget_routes(ObjectFirst)
        _forget_routes(EntityFirst)


async def test_a_bad_body_is_refused_before_a_resolver_is_asked(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    asked: list[str] = []

    async def by_name(client: YouTrack, value: str, *, fresh: bool = False) -> str:
        asked.append(value)
        return value

    class Named(UpdateOp[UserGroup]):
        """Groups by name, updated."""

        path = "/groups"
        item = "id"
        model = UserGroup
        resolvers = {"id": by_name}

    try:
        with pytest.raises(InvalidRequestError, match="body"):
            await Named(yt).update("1-1", body="name=x")  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="model"):
            await Named(yt).update("1-1", body={"name": "x"}, model=dict)  # type: ignore[type-var]
        assert asked == []
        assert fake.stats.requests == 0
    finally:
        _forget_routes(Named)
