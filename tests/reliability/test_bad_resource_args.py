"""Bad argument types to resource methods: an ``InvalidRequestError`` that says what was
expected, raised before anything is sent -- never a ``TypeError`` from inside the
library, and never a request the server has to refuse.

Found by fuzzing every resource method with values of the wrong type: ``limit="5"``
compared with an int, ``tags=5`` iterated, ``values=None`` iterated, ``save(a, None)``
given to ``os.fspath``, and values that reached the server unchecked (a sprint without
its required name, ``aggregation="no"`` sent as true, 10**30 minutes of work).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aioyoutrack import InvalidRequestError, RetryPolicy, YouTrack
from aioyoutrack.models.tags import Tag
from aioyoutrack.testing import FakeYouTrack

ClientFactory = Callable[..., YouTrack]

#: An attachment url as the listed attachments carry it (never fetched by these tests).
_URL = "/api/files/1-1?sign=abc"
_KINDS = ["enum", "state", "version", "build", "owned"]


class _BadPath:
    """An os.PathLike whose ``__fspath__`` gives neither str nor bytes."""

    def __fspath__(self) -> Any:
        return 123

    def __repr__(self) -> str:
        return "BadPath()"


#: ``yt`` (root conftest): a client of the demo fake that never retries.
pytestmark = pytest.mark.yt(retry=RetryPolicy(max_retries=0))


async def _run(call: Callable[[YouTrack], Any], yt: YouTrack) -> None:
    """Call, await what is awaitable and consume a Pager (some calls raise at once)."""
    result = call(yt)
    if inspect.isawaitable(result):
        await result


def _bundle_create(kind: str, bad: object) -> Callable[[YouTrack], Any]:
    return lambda yt: getattr(yt.bundles, kind).create("B", values=bad)


def _save(area: str, bad: object) -> Callable[[YouTrack], Any]:
    return lambda yt: getattr(yt, area).attachments.save(_URL, bad)


_CASES: list[tuple[str, Callable[[YouTrack], Any], str]] = [
    # limit compared with page_size before the Pager checked it
    ("search limit str", lambda yt: yt.issues.search("in:SP", limit="5"), "limit"),
    ("search limit list", lambda yt: yt.issues.search("in:SP", limit=[5]), "limit"),
    # tags= must be a tag, or an iterable of tags; checked before the schema lookup
    ("create tags int", lambda yt: yt.issues.create("SP", "x", tags=5), "tags must be a list"),
    ("create tags float", lambda yt: yt.issues.create("SP", "x", tags=1.5), "tags must be"),
    ("create tags bytes", lambda yt: yt.issues.create("SP", "x", tags=b"Star"), "tags must be"),
    ("create tags dict", lambda yt: yt.issues.create("SP", "x", tags={"Star": 1}), "tags must"),
    ("create tags [int]", lambda yt: yt.issues.create("SP", "x", tags=[5]), "a tag is an id"),
    ("create tags [None]", lambda yt: yt.issues.create("SP", "x", tags=[None]), "a tag is"),
    ("create tags ['']", lambda yt: yt.issues.create("SP", "x", tags=["Star", " "]), "tag"),
    ("create tags [Tag()]", lambda yt: yt.issues.create("SP", "x", tags=[Tag()]), "id or a name"),
    # bundle values
    *(
        (f"{kind} values {bad!r}", _bundle_create(kind, bad), "values must be a list")
        for kind in _KINDS
        for bad in (None, 5, b"x")
    ),
    ("enum values dict", lambda yt: yt.bundles.enum.create("B", values={"a": 1}), "values must"),
    # attachment paths
    *(
        (f"{area} save path {bad!r}", _save(area, bad), "path must be a non-empty str")
        for area in ("issues", "articles")
        for bad in (None, 123, b"/tmp/x", "", _BadPath())
    ),
    # values that used to reach the server unchecked
    ("sprint without name", lambda yt: yt.agiles.sprints.create("108-0", None), "name must be"),
    ("sprint name int", lambda yt: yt.agiles.sprints.create("108-0", 5), "name must be a str"),
    (
        "link type aggregation str",
        lambda yt: yt.link_types.create("n", outward="o", aggregation="no"),
        "aggregation must be a bool",
    ),
    (
        "custom_fields refresh str",
        lambda yt: yt.projects.custom_fields("SP", refresh="yes"),
        "refresh must be a bool",
    ),
    # a mapping is not a list of ids (its keys would be taken silently)
    ("get_many dict", lambda yt: yt.projects.get_many({"SP": 1}), "iterable of ids"),
    ("agile projects dict", lambda yt: yt.agiles.create("A", projects={"0-0": 1}), "iterable"),
    (
        "work minutes int32",
        lambda yt: yt.issues.work_items.add("SP-8", 2**31),
        "at most 2147483647 minutes",
    ),
    (
        "work minutes huge",
        lambda yt: yt.issues.work_items.add("SP-8", 10**30),
        "at most 2147483647 minutes",
    ),
    (
        "work timedelta huge",
        lambda yt: yt.issues.work_items.add("SP-8", dt.timedelta(minutes=2**31)),
        "at most 2147483647 minutes",
    ),
    (
        "work float huge",
        lambda yt: yt.issues.work_items.add("SP-8", 1e20),
        "at most 2147483647 minutes",
    ),
    (
        "work update huge",
        lambda yt: yt.issues.work_items.update("SP-8", "11-0", duration=10**30),
        "at most 2147483647 minutes",
    ),
    (
        "activities blank cursor",
        lambda yt: yt.activities.page(["CommentsCategory"], cursor="  "),
        "cursor must not be empty",
    ),
    (
        "issue activities blank cursor",
        lambda yt: yt.issues.activities.page("SP-8", ["CommentsCategory"], cursor=""),
        "cursor must not be empty",
    ),
    (
        "activities blank activity_id",
        lambda yt: yt.activities.page(["CommentsCategory"], activity_id=" "),
        "activity_id must not be empty",
    ),
]


@pytest.mark.parametrize(
    ("call", "message"),
    [pytest.param(call, message, id=name) for name, call, message in _CASES],
)
async def test_bad_argument_types_are_refused_before_sending(
    fake: FakeYouTrack, yt: YouTrack, call: Callable[[YouTrack], Any], message: str
) -> None:
    before = fake.stats.requests
    with pytest.raises(InvalidRequestError, match=message):
        await _run(call, yt)
    assert fake.stats.requests == before


async def test_a_bad_attachment_leaves_no_partial_file(yt: YouTrack, tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with pytest.raises(InvalidRequestError, match="url"):
        await yt.issues.attachments.save("", target)
    assert _files(tmp_path) == []


def _files(folder: Path) -> list[Path]:
    return list(folder.iterdir())


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        pytest.param("Star", ["Star"], id="one name"),
        pytest.param(Tag(name="Star"), ["Star"], id="one Tag"),
        pytest.param(("Star", "later"), ["Star", "later"], id="tuple"),
        pytest.param(iter(["later"]), ["later"], id="iterator"),
        pytest.param([], [], id="empty"),
    ],
)
async def test_tags_still_accept_a_tag_or_any_iterable_of_tags(
    yt: YouTrack, tags: Any, expected: list[str]
) -> None:
    issue = await yt.issues.create("SP", "tagged", tags=tags)
    fetched = await yt.issues.get(issue.id_readable)
    assert sorted(tag.name or "" for tag in fetched.tags or []) == expected


@pytest.mark.parametrize("kind", _KINDS)
async def test_bundle_values_still_accept_any_iterable(yt: YouTrack, kind: str) -> None:
    resource = getattr(yt.bundles, kind)
    bundle = await resource.create(f"B-{kind}", values=(name for name in ("a", "b")))
    assert sorted(v.name for v in bundle.values or []) == ["a", "b"]
