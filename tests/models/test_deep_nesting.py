"""Models nested hundreds of levels deep (as a server may send them) answer ``repr``,
``==``, ``!=`` and ``copy.deepcopy`` rather than raise ``RecursionError``
(``aioyoutrack/models/_deep.py``), and answer them as the generated methods do at
ordinary depth."""

from __future__ import annotations

import copy
import operator
from typing import Any

import attrs
import pytest
from stack_depth import recursion_limit

from aioyoutrack import Article, Issue, Project, Sprint, Tag, User, structure
from aioyoutrack.models._deep import equal


def _articles(depth: int, bottom_summary: str = "bottom") -> Article:
    """``article.parentArticle.parentArticle...`` ``depth`` levels, structured."""
    body: dict[str, Any] = {"$type": "Article", "summary": bottom_summary}
    for level in range(depth):
        body = {"$type": "Article", "id": f"A-{level}", "parentArticle": body}
    article: Article = structure(body, Article)
    return article


def _bottom(article: Article) -> Article:
    while article.parent_article is not None:
        article = article.parent_article
    return article


# Under this limit the generated methods run out of stack well before the bottom of the
# 700-level chains below, whatever the Python version.
LIMIT = 300


@pytest.mark.parametrize("limit", [LIMIT, None], ids=["low-limit", "default-limit"])
def test_deep_models_compare_by_walking(limit: int | None) -> None:
    same, also_same, other = _articles(700), _articles(700), _articles(700, "changed")
    shorter = _articles(699)
    with recursion_limit(limit):
        assert same == also_same
        assert operator.ne(same, also_same) is False
        assert same != other
        assert operator.eq(same, other) is False
        assert same != shorter  # one level fewer: a None where an Article was


@pytest.mark.parametrize("limit", [LIMIT, None], ids=["low-limit", "default-limit"])
def test_deep_models_are_deep_copied_by_walking(limit: int | None) -> None:
    original = _articles(700)
    with recursion_limit(limit):
        duplicate = copy.deepcopy(original)
    assert type(duplicate) is Article
    assert duplicate is not original
    assert equal(duplicate, original)
    _bottom(duplicate).summary = "edited"
    assert _bottom(original).summary == "bottom"  # nothing shared


def test_deep_models_are_printed_shallowly() -> None:
    # project.team.teamForProject.team... 200 times (400 JSON levels, within what JSON
    # readers take): structuring takes it; repr() (print, logging) must show it however
    # little stack is left where it is called.
    body: dict[str, Any] = {"$type": "Project", "id": "0-0", "shortName": "P"}
    inner = body
    for level in range(200):
        project = {"$type": "Project", "id": f"0-{level + 1}"}
        inner["team"] = {"$type": "UserGroup", "id": f"3-{level}", "teamForProject": project}
        inner = project
    deep = structure(body, Project)
    with recursion_limit(LIMIT):
        shown = repr(deep)
    # Where it got too deep it says "Project(...)": on Pythons whose repr recursion
    # the limit stops (3.10, 3.11; 3.12+ may show it all).
    assert shown.startswith("Project(id='0-0', name=None, short_name='P'")
    assert repr(Project(id="1")).startswith("Project(id='1', name=None")  # as attrs shows


def test_deepcopy_keeps_shared_objects_shared_and_cycles_cycles() -> None:
    author = User(login="jane")
    sprint = Sprint(name="loop", goal="g")
    sprint.previous_sprint = sprint
    pair = Issue(id_readable="P-1", reporter=author, updater=author)
    copied_pair, copied_sprint = copy.deepcopy((pair, sprint))
    assert copied_pair == pair
    assert copied_pair is not pair
    assert copied_pair.reporter is copied_pair.updater is not author
    assert copied_sprint.previous_sprint is copied_sprint is not sprint


def test_deepcopy_of_ordinary_models_matches_the_generated_copy() -> None:
    issue = structure(
        {
            "$type": "Issue",
            "idReadable": "P-1",
            "created": 1_700_000_000_000,
            "tags": [{"$type": "Tag", "name": "t"}],
            "customFields": [
                {
                    "$type": "SingleEnumIssueCustomField",
                    "name": "Priority",
                    "value": {"$type": "EnumBundleElement", "name": "Major"},
                },
                {"$type": "FutureIssueCustomField", "name": "F", "value": {"raw": [1, {"a": 2}]}},
            ],
        },
        Issue,
    )
    duplicate = copy.deepcopy(issue)
    assert duplicate == issue
    assert duplicate.tags is not issue.tags
    assert duplicate.tags[0] is not issue.tags[0]  # type: ignore[index]
    assert duplicate.fields == issue.fields
    # Nothing is shared that could be changed in place.
    duplicate.tags[0].name = "other"  # type: ignore[index]
    assert issue.tags[0].name == "t"  # type: ignore[index]

    @attrs.define(kw_only=True, slots=True)
    class IssueWithNote(Issue):  # a caller's subclass inherits the copy
        note: list[str] | None = None

    mine = IssueWithNote(id_readable="P-2", note=["x"])
    theirs = copy.deepcopy(mine)
    assert theirs == mine
    assert theirs.note is not mine.note


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (User(login="a"), User(login="a")),
        (User(login="a"), User(login="b")),
        (User(login="a"), Project(id="a")),
        ([User(login="a")], [User(login="a"), User(login="a")]),
        ([User(login="a")], (User(login="a"),)),
        ({"k": [1, 2]}, {"k": [1, 2]}),
        ({"k": [1, 2]}, {"j": [1, 2]}),
        ({"k": 1.0}, {"k": 1}),
        (Issue(tags=[Tag(name="t")]), Issue(tags=[Tag(name="t")])),
        (Issue(tags=[Tag(name="t")]), Issue(tags=[Tag(name="u")])),
    ],
)
def test_the_walk_answers_as_the_generated_comparison(left: Any, right: Any) -> None:
    assert equal(left, right) is (left == right)


def test_models_referring_to_themselves_compare_without_end() -> None:
    # Review: the walk went round a cycle forever (the generated == raised instead).
    def looped(name: str) -> Sprint:
        sprint = Sprint(name=name)
        sprint.previous_sprint = sprint
        return sprint

    assert equal(looped("a"), looped("a"))
    assert not equal(looped("a"), looped("b"))
    issue, other = Issue(id="1"), Issue(id="1")
    issue.custom_fields = [issue]  # type: ignore[list-item]
    other.custom_fields = [other]  # type: ignore[list-item]
    assert equal(issue, other)
    other.id = "2"
    assert not equal(issue, other)


def test_a_nested_object_that_copies_itself_otherwise_is_left_to_that() -> None:
    # Review: the walk copied every attrs object itself, over a caller's __deepcopy__.
    @attrs.define(kw_only=True, slots=True)
    class Shared(Tag):
        def __deepcopy__(self, memo: dict[int, Any]) -> Shared:
            return self  # shared by every copy, on purpose

    @attrs.define
    class Theirs:
        n: int = 0

        def __deepcopy__(self, memo: dict[int, Any]) -> Theirs:
            return Theirs(n=self.n + 1)

    shared = Shared(name="s")
    duplicate = copy.deepcopy(Issue(tags=[shared, Tag(name="t")]))
    assert duplicate.tags is not None
    assert duplicate.tags[0] is shared
    assert duplicate.tags[1] == Tag(name="t")

    holder = Project(id="1")
    holder.team = Theirs(n=1)  # type: ignore[assignment]
    assert copy.deepcopy(holder).team == Theirs(n=2)


def test_the_walk_runs_once_for_an_object_listed_twice_in_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Review: every level caught the overflow and went on, so each field after a deep
    # one dived to the limit again: 2**depth dives, never ending at the default limit.
    import inspect

    import aioyoutrack.models._deep as deep

    walks: list[object] = []
    real = deep.equal

    def counting(left: Any, right: Any) -> bool:
        walks.append(left)
        return real(left, right)

    monkeypatch.setattr(deep, "equal", counting)
    a, b = Issue(id="1"), Issue(id="1")
    a.custom_fields = [a, a]  # type: ignore[list-item]
    b.custom_fields = [b, b]  # type: ignore[list-item]
    with recursion_limit(len(inspect.stack()) + 60):
        assert a == b
    assert len(walks) == 1


def test_a_subclass_copying_itself_through_super_is_copied() -> None:
    # Review: the library's __deepcopy__ handed `self` back to copy.deepcopy, which
    # called the subclass's, which called super() again: RecursionError.
    @attrs.define(kw_only=True, slots=True)
    class Mine(Tag):
        def __deepcopy__(self, memo: dict[int, Any]) -> Mine:
            return super().__deepcopy__(memo)  # type: ignore[no-any-return,misc]

    mine = Mine(name="x")
    assert copy.deepcopy(mine) == mine
    issue = copy.deepcopy(Issue(tags=[mine]))
    assert issue.tags == [mine]
    assert issue.tags[0] is not mine


def test_issue_fields_with_a_value_nested_too_deep_print_shallowly() -> None:
    # A custom field of a type the library does not know keeps its JSON value: 990
    # nested lists (within what JSON readers take) made str(issue.fields) raise
    # RecursionError, a foreign exception from a read of the model (hostile review).
    value: Any = 1
    for _ in range(990):
        value = [value]
    body = {
        "$type": "Issue",
        "customFields": [
            {"$type": "FancyIssueCustomField", "name": "Deep", "value": value},
            {"$type": "SimpleIssueCustomField", "name": "Plain", "value": "text"},
        ],
    }
    issue = structure(body, Issue)
    with recursion_limit(LIMIT):
        shown = str(issue.fields)
    assert shown == "{'Deep': list(...), 'Plain': 'text'}"
    assert (
        repr(structure({"$type": "Issue", "customFields": body["customFields"][1:]}, Issue).fields)
        == "{'Plain': 'text'}"
    )
