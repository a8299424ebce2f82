"""yt.users: me, get, list."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import InvalidRequestError, Me, NotFoundError, Tag, User, YouTrack
from aioyoutrack.testing import FakeYouTrack


async def test_me_is_the_token_owner(yt: YouTrack, fake: FakeYouTrack) -> None:
    me = await yt.users.me()
    assert isinstance(me, Me)
    assert me.login == "root"
    assert me.full_name == "John Smith"
    record = fake.stats.log[-1]
    assert record.path == "api/users/me"
    assert "login" in record.query["fields"]


async def test_me_as_another_user(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token_for("jane.doe")) as yt:
        assert (await yt.users.me()).login == "jane.doe"


async def test_get_by_login_and_by_id(yt: YouTrack) -> None:
    jane = await yt.users.get("jane.doe")
    assert jane.full_name == "Jane Doe"
    assert jane.id is not None
    again = await yt.users.get(jane.id)
    assert again.login == "jane.doe"


async def test_get_unknown_user(yt: YouTrack) -> None:
    with pytest.raises(NotFoundError):
        await yt.users.get("nobody.here")


async def test_list_pages_through_every_user(yt: YouTrack, fake: FakeYouTrack) -> None:
    for index in range(60):
        fake.add_user(f"extra.{index:02}")
    users = await yt.users.list(page_size=25)
    assert len(users) == len(fake.store.users)
    assert len({u.login for u in users}) == len(users)
    tops = [r.query["$top"] for r in fake.stats.log if r.path == "api/users"]
    assert tops
    assert set(tops) == {"25"}


async def test_list_query_and_limit(yt: YouTrack, fake: FakeYouTrack) -> None:
    found = await yt.users.list("doe")
    assert sorted(u.login for u in found) == ["jane.doe", "john.doe"]
    assert fake.stats.log[-1].query["query"] == "doe"
    assert len(await yt.users.list(limit=3)) == 3


async def test_users_with_a_custom_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define
    class Login:
        login: str | None = None

    me = await yt.users.me(model=Login)
    assert me == Login(login="root")
    assert fake.stats.log[-1].query["fields"] == "login"
    logins = await yt.users.list(model=Login, limit=2)
    assert all(isinstance(u, Login) for u in logins)
    assert isinstance(await yt.users.get("jane.doe", model=User), User)


async def test_bad_arguments_are_refused_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError):
        await yt.users.get("")
    with pytest.raises(InvalidRequestError):
        await yt.users.me(model=dict)  # type: ignore[call-overload]
    with pytest.raises(InvalidRequestError):
        yt.users.list(page_size=0)
    assert fake.stats.requests == 0


async def test_tags_a_user_owns(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.add_tag("Jane's", owner="jane.doe")
    fake.add_tag("Also Jane's", owner="jane.doe")
    jane = fake.user("jane.doe")
    owned = sorted(t.name for t in fake.store.tags.values() if t.owner is jane)
    assert {"Also Jane's", "Jane's"} <= set(owned)
    by_login = await yt.users.tags("jane.doe")
    assert sorted(t.name for t in by_login) == owned
    assert all(isinstance(t, Tag) for t in by_login)
    assert fake.stats.log[-1].path == "api/users/jane.doe/tags"
    assert await yt.users.tags(jane.id) == by_login
    mine = await yt.users.tags("me")
    assert {t.name for t in mine} == {
        t.name for t in fake.store.tags.values() if t.owner is fake.user("root")
    }

    @attrs.define(kw_only=True)
    class Named:
        name: str | None = None

    assert len(await yt.users.tags("jane.doe", model=Named, limit=1)) == 1
    assert fake.stats.log[-1].query["fields"] == "name"
    with pytest.raises(NotFoundError):
        await yt.users.tags("nobody")
    with pytest.raises(InvalidRequestError):
        yt.users.tags("")
