"""Your own attrs class as ``model=``: it is both the result type and the ``fields=``
projection, so YouTrack sends exactly what the class holds.

    python examples/custom_projection.py [QUERY]

The library's ``Issue`` asks for everything a reader typically needs. A board view
needs less (no description, no dates) and something ``Issue`` leaves out (the comments,
which have their own resource): one request per page brings both.
"""

from __future__ import annotations

import asyncio
import sys

import attrs
from _connect import open_youtrack

from aioyoutrack import IssueCustomField, User, YouTrack, field_metadata, fields_for


@attrs.define(kw_only=True, slots=True)
class CommentView:
    """A comment: who and what, nothing else."""

    text: str | None = None
    # field_metadata(fields=...) narrows a nested class: only the login of the author.
    author: User | None = attrs.field(default=None, metadata=field_metadata(fields="login"))


@attrs.define(kw_only=True, slots=True)
class IssueCard:
    """What a board card shows."""

    id_readable: str | None = None
    summary: str | None = None
    custom_fields: list[IssueCustomField] | None = None
    comments: list[CommentView] | None = None

    def value(self, name: str) -> object:
        """A custom field's plain value (``None`` when the issue lacks the field)."""
        for field in self.custom_fields or ():
            if field.name == name:
                return field.plain_value
        return None


async def show_cards(yt: YouTrack, query: str, limit: int = 5) -> list[IssueCard]:
    """Print the projection, then up to ``limit`` cards of issues matching ``query``."""
    print(f"fields={fields_for(IssueCard)}")
    cards = await yt.issues.search(
        query, model=IssueCard, limit=limit, custom_fields=["Assignee", "State"]
    )
    for card in cards:
        assignee = card.value("Assignee")
        who = assignee.login if isinstance(assignee, User) else "unassigned"
        print(f"{card.id_readable}  [{card.value('State')}]  {who}  {card.summary}")
        for comment in card.comments or ():
            author = comment.author.login if comment.author else "?"
            first_line = (comment.text or "").partition("\n")[0]
            print(f"    {author}: {first_line[:60]}")
    return cards


async def main(query: str = "#Unresolved") -> list[IssueCard]:
    """Connect and show the cards."""
    async with open_youtrack() as yt:
        return await show_cards(yt, query)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "#Unresolved"))
