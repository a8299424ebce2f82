"""Hostile argument values: every one is refused with an ``InvalidRequestError`` before
anything is sent, and the message stays short and buildable -- an int too large for
``repr`` (over 4 300 digits), one beyond float's range, or a 5 000-character str never
turns into a ``ValueError``, an ``OverflowError`` or a message of kilobytes.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from aioyoutrack import InvalidRequestError, Issue, YouTrack
from aioyoutrack._values import shown
from aioyoutrack.testing import FakeYouTrack

#: More digits than ``repr`` of an int gives by default, and beyond float's range.
HUGE = 10**5000
#: A caller's value far longer than a message should show.
LONG = "x" * 5000

Call = Callable[[YouTrack], Any]

_HUGE_CASES: list[tuple[str, Call]] = [
    ("notify", lambda yt: yt.issues.update("SP-1", summary="s", notify=HUGE)),
    ("caret", lambda yt: yt.search.assist("in:SP", caret=HUGE)),
    ("page_size negative", lambda yt: yt.issues.search("in:SP", page_size=-HUGE)),
    ("limit negative", lambda yt: yt.issues.search("in:SP", limit=-HUGE)),
    ("categories", lambda yt: yt.activities.list(HUGE)),
    ("count deadline", lambda yt: yt.issues.count("in:SP", deadline=HUGE)),
    ("count poll_interval", lambda yt: yt.issues.count("in:SP", poll_interval=HUGE)),
    ("get_many missing", lambda yt: yt.issues.get_many(["SP-1"], missing=HUGE)),
    (
        "follow poll_interval",
        lambda yt: yt.activities.follow("CommentsCategory", poll_interval=HUGE),
    ),
    ("follow on_cursor", lambda yt: yt.activities.follow("CommentsCategory", on_cursor=HUGE)),
    ("work item duration", lambda yt: yt.issues.work_items.add("SP-1", duration=HUGE)),
    ("work item duration negative", lambda yt: yt.issues.work_items.add("SP-1", duration=-HUGE)),
    ("fields period", lambda yt: yt.issues.create("SP", "s", fields={"Estimation": HUGE})),
    ("fields value", lambda yt: yt.issues.create("SP", "s", fields={"Priority": HUGE})),
]


async def _run(yt: YouTrack, call: Call) -> None:
    result = call(yt)
    if inspect.isawaitable(result):
        await result


async def _refused(
    yt: YouTrack, fake: FakeYouTrack, call: Call, *, reads_first: bool = False
) -> InvalidRequestError:
    """The error ``call`` raises; nothing sent (but reads when ``reads_first``: a custom
    field value is checked against the project's schema, which is read first)."""
    sent = len(fake.stats.log)
    with pytest.raises(InvalidRequestError) as raised:
        await _run(yt, call)
    assert len(raised.value.args[0]) < 1000, raised.value.args[0][:200]
    writes = [r for r in list(fake.stats.log)[sent:] if r.method != "GET"]
    assert writes == [] if reads_first else len(fake.stats.log) == sent
    return raised.value


@pytest.mark.parametrize(("name", "call"), _HUGE_CASES, ids=[c[0] for c in _HUGE_CASES])
async def test_a_huge_int_is_refused_with_a_short_message(
    yt: YouTrack, fake: FakeYouTrack, name: str, call: Call
) -> None:
    await _refused(yt, fake, call, reads_first=name.startswith("fields"))


async def test_a_huge_int_custom_field_value_is_refused(yt: YouTrack, fake: FakeYouTrack) -> None:
    error = await _refused(
        yt, fake, lambda yt: yt.issues.custom_fields.set("SP-1", "Priority", HUGE), reads_first=True
    )
    assert "digits" in str(error)


async def test_a_long_id_is_shortened_in_the_message(yt: YouTrack, fake: FakeYouTrack) -> None:
    error = await _refused(yt, fake, lambda yt: yt.issues.get_many([LONG, 5]))
    assert "5" in str(error)
    error = await _refused(yt, fake, lambda yt: yt.issues.count(LONG, deadline=LONG))
    assert len(str(error)) < 200


def test_shown_never_raises_and_stays_short() -> None:
    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    assert shown(HUGE) == "an int of about 5001 digits"
    assert shown(-(10**16609)) == "an int of about 16610 digits"
    assert shown(Broken()) == "a Broken (its repr failed)"
    assert len(shown(LONG)) == 80
    assert shown(LONG).endswith("\u2026")
    assert shown("short") == "'short'"


_MODEL_CASES: list[tuple[str, Callable[[YouTrack, Any], Any]]] = [
    ("issues.get", lambda yt, m: yt.issues.get("SP-1", model=m)),
    ("issues.search", lambda yt, m: yt.issues.search("in:SP", model=m)),
    ("issues.create", lambda yt, m: yt.issues.create("SP", "s", model=m)),
    ("issues.update", lambda yt, m: yt.issues.update("SP-1", summary="s", model=m)),
    ("links.issues", lambda yt, m: yt.issues.links.issues("SP-1", "Relates", model=m)),
    ("links.add", lambda yt, m: yt.issues.links.add("SP-1", "Relates", "SP-2", model=m)),
    ("admin list", lambda yt, m: yt.admin.projects.issues.list("0-0", model=m)),
    ("admin get", lambda yt, m: yt.admin.projects.issues.get("0-0", "SP-1", model=m)),
    ("admin create", lambda yt, m: yt.admin.projects.issues.create("0-0", body={}, model=m)),
    (
        "admin update",
        lambda yt, m: yt.admin.projects.issues.update("0-0", "SP-1", body={}, model=m),
    ),
    ("saved_queries.issues", lambda yt, m: yt.saved_queries.issues("1-1", model=m)),
    ("tags.issues", lambda yt, m: yt.tags.issues("6-0", model=m)),
]


@attrs.define
class _Hashless:
    """An attrs class with eq: its instances are unhashable."""

    x: int = 0


@pytest.mark.parametrize("model", [{}, [Issue], _Hashless()], ids=["dict", "list", "instance"])
@pytest.mark.parametrize(("name", "call"), _MODEL_CASES, ids=[c[0] for c in _MODEL_CASES])
async def test_an_unhashable_model_is_refused(
    yt: YouTrack, fake: FakeYouTrack, name: str, call: Callable[[YouTrack, Any], Any], model: Any
) -> None:
    error = await _refused(yt, fake, lambda yt: call(yt, model))
    assert "model must be an attrs class" in str(error)


_BAD_PARAMS: list[Any] = [{1: "a"}, [("a", "b")], {"a": object()}, {"a": math.nan}]

_LOOKUP_CASES: list[tuple[str, Callable[[YouTrack, Any], Any]]] = [
    ("agiles.get", lambda yt, p: yt.agiles.get("Some Board", params=p)),
    ("sprints.get", lambda yt, p: yt.agiles.sprints.get("Some Board", "S 1", params=p)),
    ("sprints.list", lambda yt, p: yt.agiles.sprints.list("Some Board", params=p)),
    ("saved_queries.get", lambda yt, p: yt.saved_queries.get("Some query", params=p)),
    ("project.move", lambda yt, p: yt.issues.project.move("SP-1", "SP", params=p)),
    ("bundles add_value", lambda yt, p: yt.bundles.enum.add_value("Some bundle", "v", params=p)),
    ("articles.create", lambda yt, p: yt.articles.create("SP", "s", params=p)),
    (
        "agiles.create",
        lambda yt, p: yt.agiles.create("B", projects=["SP"], template="scrum", body=p),
    ),
]


@pytest.mark.parametrize("params", _BAD_PARAMS, ids=["int key", "pairs", "object", "nan"])
@pytest.mark.parametrize(("name", "call"), _LOOKUP_CASES, ids=[c[0] for c in _LOOKUP_CASES])
async def test_bad_params_are_refused_before_any_lookup(
    yt: YouTrack, fake: FakeYouTrack, name: str, call: Callable[[YouTrack, Any], Any], params: Any
) -> None:
    await _refused(yt, fake, lambda yt: call(yt, params))


_BAD_BODIES: list[tuple[str, Call]] = [
    ("agiles.create nan", lambda yt: yt.agiles.create("B", projects=["SP"], body={"a": math.nan})),
    (
        "agiles.create object",
        lambda yt: yt.agiles.create("B", projects=["SP"], body={"a": object()}),
    ),
    ("agiles.create surrogate", lambda yt: yt.agiles.create("\ud800", projects=["SP"])),
    ("sprints.create surrogate", lambda yt: yt.agiles.sprints.create("Some Board", "\ud800")),
    ("sprints.create nan", lambda yt: yt.agiles.sprints.create("Board", "S", body={"a": math.nan})),
    ("sprints.update surrogate", lambda yt: yt.agiles.sprints.update("B", "S", name="\ud800")),
    ("articles.create body", lambda yt: yt.articles.create("SP", "s", body={"a": object()})),
    ("articles.create parent", lambda yt: yt.articles.create("SP", "s", parent=7)),
    ("articles.create no summary", lambda yt: yt.articles.create("SP", None)),
    ("surrogate id", lambda yt: yt.agiles.get("\ud800")),
    ("bundles get model", lambda yt: yt.bundles.enum.get("Some bundle", model=7)),
    ("bundles update model", lambda yt: yt.bundles.enum.update("Some bundle", name="n", model=7)),
    ("bundles update body", lambda yt: yt.bundles.enum.update("B", body={"a": object()})),
    ("get_value model", lambda yt: yt.bundles.enum.get_value("B", "v", model=7)),
    ("update_value model", lambda yt: yt.bundles.enum.update_value("B", "v", name="n", model=7)),
    ("get_value None", lambda yt: yt.bundles.enum.get_value("Some bundle", None)),
    ("get_value 7", lambda yt: yt.bundles.enum.get_value("Some bundle", 7)),
    ("remove_value empty", lambda yt: yt.bundles.enum.remove_value("Some bundle", "")),
]


@pytest.mark.parametrize(("name", "call"), _BAD_BODIES, ids=[c[0] for c in _BAD_BODIES])
async def test_bad_values_are_refused_before_any_lookup(
    yt: YouTrack, fake: FakeYouTrack, name: str, call: Call
) -> None:
    await _refused(yt, fake, call)


async def test_a_bundle_value_of_the_wrong_type_is_named_in_the_message(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    error = await _refused(yt, fake, lambda yt: yt.bundles.enum.get_value("B", 7))
    assert "got 7" in str(error)
    assert "NoneType" not in str(error)


_TOO_MANY = [2**31, 10**30]
_COUNT_CASES: list[tuple[str, Callable[[YouTrack, int], Any]]] = [
    ("search page_size", lambda yt, n: yt.issues.search("in:SP", page_size=n)),
    ("search limit", lambda yt, n: yt.issues.search("in:SP", limit=n)),
    ("activities page_size", lambda yt, n: yt.activities.list("CommentsCategory", page_size=n)),
    ("projects page_size", lambda yt, n: yt.projects.list(page_size=n)),
]


@pytest.mark.parametrize("count", _TOO_MANY, ids=["2**31", "10**30"])
@pytest.mark.parametrize(("name", "call"), _COUNT_CASES, ids=[c[0] for c in _COUNT_CASES])
async def test_a_count_beyond_int32_is_refused(
    yt: YouTrack, fake: FakeYouTrack, name: str, call: Callable[[YouTrack, int], Any], count: int
) -> None:
    error = await _refused(yt, fake, lambda yt: call(yt, count))
    assert "2147483647" in str(error)


async def test_the_largest_int32_page_size_is_accepted(yt: YouTrack, fake: FakeYouTrack) -> None:
    await yt.issues.search("in:SP", page_size=2**31 - 1, limit=3)
    assert fake.stats.log[-1].query["$top"] == "3"


@pytest.mark.parametrize(
    "body",
    [{"x": {1: "a", "1": "b"}}, {"x": [{"y": {2: "z"}}]}, {"x": ({None: 1},)}],
    ids=["nested dict", "in a list", "in a tuple"],
)
async def test_nested_non_str_keys_are_refused(
    yt: YouTrack, fake: FakeYouTrack, body: dict[str, Any]
) -> None:
    error = await _refused(
        yt, fake, lambda yt: yt.admin.projects.issues.update("0-0", "SP-1", body=body)
    )
    assert "body keys must be str" in str(error)


async def test_a_body_holding_itself_is_refused_not_looped_on(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    body: dict[str, Any] = {"summary": "s"}
    body["again"] = body
    await _refused(yt, fake, lambda yt: yt.admin.projects.issues.update("0-0", "SP-1", body=body))
