"""FakeYouTrack: an in-memory YouTrack served by aiohttp on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
import socket
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from aiohttp import web

from ..errors import ConfigurationError
from ._faults import Faults
from ._http.app import build_app
from ._http.errors import ApiError
from ._seed import make_store
from ._state import builders as _builders
from ._state import schema as _schema
from ._state.agiles import Agile, Sprint
from ._state.articles import Article
from ._state.custom_fields import ProjectCustomField
from ._state.descriptors import midnight_of
from ._state.issues import Attachment, Comment, Issue, Tag, WorkItem
from ._state.operations.attachments import add_attachment
from ._state.operations.comments import add_comment
from ._state.operations.issues import create_issue, update_issue
from ._state.operations.links import link_issues
from ._state.operations.sprints import add_to_sprint
from ._state.operations.tags import tag_issue
from ._state.operations.work_items import add_work_item
from ._state.projects import Project
from ._state.saved_queries import SavedQuery
from ._state.schema import FieldSpec
from ._state.settings import GLOBAL, schedule_of, setting_of, time_zone_of
from ._state.users import Group, User
from ._stats import Stats
from ._wire.field_values import parse_plain
from ._wire.kinds import minutes_of

__all__ = ["SHUTDOWN_TIMEOUT", "FakeYouTrack"]

#: Seconds ``close()`` waits for requests still being handled before cancelling them.
SHUTDOWN_TIMEOUT: Final = 0.5


async def _stop_accepting(listener: socket.socket) -> None:
    """Stop a selector loop's accepting on ``listener`` while its server is still open.

    Such a loop accepts a connection at once but makes its transport a loop step later,
    in a task of its own; were the server closed in between, asyncio's ``Server._attach``
    would assert that it is open after the transport took the socket, and nothing would
    close that socket but the garbage collector (CPython gh-109564), whose
    ResourceWarning then lands in whatever runs next. A client that gave up with many
    requests in flight leaves such connections to accept just as the fake closes.
    """
    loop = asyncio.get_running_loop()
    if not isinstance(loop, asyncio.SelectorEventLoop):
        return
    # No connection is accepted after this; the tasks of those accepted before were
    # scheduled before this coroutine resumes, so each has its transport by then, and
    # the server's cleanup closes them as it does every other connection.
    loop.remove_reader(listener)
    await asyncio.sleep(0)


def _root_path(context_path: str) -> str:
    inner = context_path.strip("/")
    return f"/{inner}/" if inner else "/"


def _check_settings(
    host: object, port: object, latency: object, issues: object, context_path: object
) -> None:
    """Refuse a host, port, latency, issue count or context path the fake could not
    serve with (a bind error or a hang later), saying what it takes."""
    for name, text in (("host", host), ("context_path", context_path)):
        if not isinstance(text, str):
            raise ConfigurationError(f"{name} must be a str, got {type(text).__name__}")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ConfigurationError(
            f"port must be a whole number from 0 to 65535 (0: any free one), got {port!r}"
        )
    if (
        isinstance(latency, bool)
        or not isinstance(latency, (int, float))
        or not math.isfinite(latency)
        or latency < 0
    ):
        raise ConfigurationError(
            f"latency must be a finite number of seconds >= 0, got {latency!r}"
        )
    if issues is not None and (
        isinstance(issues, bool) or not isinstance(issues, int) or issues < 0
    ):
        raise ConfigurationError(f"issues must be a whole number >= 0 (or None), got {issues!r}")


class FakeYouTrack:
    """An in-memory YouTrack on a real loopback HTTP server.

    ``async with FakeYouTrack(seed="demo") as fake:`` serves until the block ends;
    point a client at ``fake.url`` with ``fake.token`` (the ``root`` admin). Seeds:
    ``"demo"`` (3 projects, 10 users, 300 issues, see :mod:`._seed`), ``None`` (only
    ``root``), ``"bulk:N"`` (N plain issues in one project, for benchmarks); ``issues=N``
    overrides the demo's issue count. ``latency`` (seconds) is added to every request;
    ``context_path`` serves under e.g. ``/youtrack/``. ``fake.faults`` injects faults,
    ``fake.stats`` counts requests, ``fake.store`` holds the data.
    """

    def __init__(
        self,
        seed: str | None = "demo",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        context_path: str = "",
        issues: int | None = None,
    ) -> None:
        _check_settings(host, port, latency, issues, context_path)
        self.host = host
        self.latency = latency
        self.root_path = _root_path(context_path)
        #: All data: ``store.issues``, ``store.users``, ``store.projects``, ...
        self.store = make_store(seed, issues=issues)
        self.faults = Faults()
        self.stats = Stats()
        #: Exceptions the handlers raised (each answered as a 500); empty when all is well.
        self.internal_errors: list[BaseException] = []
        self._root = self.store.users_by_login["root"]
        self._port = port
        self._runner: web.AppRunner | None = None
        self._listener: socket.socket | None = None

    # --- lifecycle ----------------------------------------------------------------------
    async def start(self) -> None:
        """Start serving (idempotent)."""
        if self._runner is not None:
            return
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.create_server((self.host, self._port), family=family)
        self._port = sock.getsockname()[1]
        # Requests still in flight at close (a held fault, say) get SHUTDOWN_TIMEOUT.
        runner = web.AppRunner(
            build_app(self),
            access_log=None,
            handle_signals=False,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
        )
        try:
            await runner.setup()
            await web.SockSite(runner, sock).start()
        except BaseException:
            await runner.cleanup()
            sock.close()
            raise
        self._runner = runner
        self._listener = sock
        system = setting_of(self.store, f"{GLOBAL}/systemSettings").data
        if system.get("baseUrl") is None:  # unless a test has set one
            system["baseUrl"] = self.url

    async def close(self) -> None:
        """Stop serving and close every connection (idempotent)."""
        runner, self._runner = self._runner, None
        listener, self._listener = self._listener, None
        if runner is not None:
            if listener is not None:
                await _stop_accepting(listener)
            await runner.cleanup()

    async def __aenter__(self) -> FakeYouTrack:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        where = self.url if self._runner is not None else "not started"
        return f"<FakeYouTrack {where} issues={len(self.store.issues)}>"

    # --- connection data ----------------------------------------------------------------
    @property
    def port(self) -> int:
        """The TCP port (known once started, or when given)."""
        return self._port

    @property
    def url(self) -> str:
        """The service root, e.g. ``http://127.0.0.1:PORT/`` (API under ``url + "api/"``)."""
        if self._port == 0:
            raise RuntimeError("FakeYouTrack is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}{self.root_path}"

    @property
    def token(self) -> str:
        """The permanent token of ``root``, the administrator."""
        return self._root.token

    @property
    def count_pending(self) -> int:
        """How many of the next ``issuesGetter/count`` calls answer -1 ("not ready")."""
        return self.store.count_pending

    @count_pending.setter
    def count_pending(self, value: int) -> None:
        self.store.count_pending = value

    def token_for(self, login: str) -> str:
        """The permanent token of a user."""
        return self.user(login).token

    # --- lookups for assertions -----------------------------------------------------------
    def user(self, login: str) -> User:
        """A user by login or id (KeyError if unknown)."""
        found = self.store.users_by_login.get(login.lower()) or self.store.users.get(login)
        if found is None:
            raise KeyError(login)
        return found

    def project(self, key: str) -> Project:
        """A project by short name or id (KeyError if unknown)."""
        low = key.lower()
        for project in self.store.projects.values():
            if project.id == key or project.short_name.lower() == low:
                return project
        raise KeyError(key)

    def issue(self, key: str) -> Issue:
        """An issue by readable or database id (KeyError if unknown)."""
        found = self.store.issues_by_readable.get(key.upper()) or self.store.issues.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def tag(self, name: str) -> Tag:
        """A tag by name or id (KeyError if unknown)."""
        for tag in self.store.tags.values():
            if tag.id == name or tag.name.lower() == name.lower():
                return tag
        raise KeyError(name)

    # --- setup helpers ------------------------------------------------------------------
    def add_user(
        self,
        login: str,
        *,
        name: str | None = None,
        email: str | None = None,
        admin: bool = False,
        projects: Iterable[str] | None = None,
        banned: bool = False,
    ) -> str:
        """Create a user and return its permanent token.

        ``projects`` names (short names) the projects the user may read and update;
        None gives none (an admin sees everything anyway).
        """
        user = _schema.add_user(
            self.store, login, full_name=name, email=email, admin=admin, banned=banned
        )
        for key in projects or ():
            self.project(key).team.members[user] = None
        return user.token

    def add_group(self, name: str, members: Iterable[str] = ()) -> Group:
        """Create a user group of the given logins."""
        return _schema.add_group(self.store, name, [self.user(m) for m in members])

    def add_project(
        self,
        short_name: str,
        name: str,
        *,
        leader: str = "root",
        fields: Sequence[FieldSpec | str] | None = None,
        description: str | None = None,
    ) -> Project:
        """Create a project with custom fields.

        ``fields`` lists :class:`FieldSpec` objects or names of standard fields
        (``Priority``, ``Type``, ``State``, ``Assignee``, ``Subsystem``, ``Fix versions``,
        ``Affected versions``, ``Fixed in build``, ``Estimation``, ``Spent time``,
        ``Due Date``) or of existing global fields; None gives Priority, Type, State and
        Assignee.
        """
        project = _schema.add_project(
            self.store, short_name, name, leader=self.user(leader), description=description
        )
        specs = ["Priority", "Type", "State", "Assignee"] if fields is None else fields
        for spec in specs:
            _schema.attach_spec(self.store, project, spec)
        return project

    def add_field(self, project: str, spec: FieldSpec | str) -> ProjectCustomField:
        """Attach one more custom field to a project."""
        return _schema.attach_spec(self.store, self.project(project), spec)

    def add_issue(
        self,
        project: str,
        summary: str,
        *,
        description: str | None = None,
        reporter: str = "root",
        fields: Mapping[str, Any] | None = None,
        tags: Iterable[str] = (),
        created: int | dt.datetime | None = None,
    ) -> Issue:
        """Create an issue; ``fields`` maps field names to plain values.

        Plain values: names for enum/state/version/build/owned fields, logins for user
        fields, minutes / ``"2h"`` / timedelta for periods, str for text and string,
        numbers, ``date`` / ``datetime`` / epoch ms for dates, lists for multi-value.
        """
        target = self.project(project)
        stamp = int(created.timestamp() * 1000) if isinstance(created, dt.datetime) else created
        author = self.user(reporter)
        with _refused_as_configuration():
            values = self._plain_values(target, fields or {})
            issue = create_issue(
                self.store, author, target, summary, description, values, created=stamp
            )
        for tag_name in tags:
            tag_issue(self.store, author, issue, _builders.ensure_tag(self.store, tag_name, author))
        return issue

    def update_issue(
        self,
        key: str,
        fields: Mapping[str, Any] | None = None,
        *,
        author: str = "root",
        **named: Any,
    ) -> Issue:
        """Set fields of an issue by name, with plain values (see :meth:`add_issue`).

        ``fields`` maps names to values; keyword arguments work too, with ``_`` for
        spaces: ``fake.update_issue("SP-1", State="Fixed", Fix_versions=["2.0"])``.
        """
        issue = self.issue(key)
        wanted = dict(fields or {})
        wanted.update({name.replace("_", " "): value for name, value in named.items()})
        user = self.user(author)
        with _refused_as_configuration():
            update_issue(self.store, user, issue, values=self._plain_values(issue.project, wanted))
        return issue

    def _plain_values(self, project: Project, fields: Mapping[str, Any]) -> dict[str, Any]:
        """``{pcf id: stored value}`` of plain values by field name (KeyError for a name
        the project does not have)."""
        values = {}
        for name, value in fields.items():
            pcf = project.custom_field(name)
            if pcf is None:
                raise KeyError(f"{project.short_name} has no field {name!r}")
            values[pcf.id] = parse_plain(self.store, pcf, value)
        return values

    def add_comment(self, issue: str, text: str, *, author: str = "root") -> Comment:
        """Comment on an issue."""
        return add_comment(self.store, self.user(author), self.issue(issue), text)

    def add_tag(self, name: str, *, owner: str = "root", untag_on_resolve: bool = False) -> Tag:
        """Create a tag."""
        return _builders.add_tag(
            self.store, name, self.user(owner), untag_on_resolve=untag_on_resolve
        )

    def tag_issue(self, issue: str, tag: str, *, author: str = "root") -> None:
        """Tag an issue (the tag is created if needed)."""
        user = self.user(author)
        tag_issue(self.store, user, self.issue(issue), _builders.ensure_tag(self.store, tag, user))

    def link(self, source: str, phrase: str, target: str, *, author: str = "root") -> None:
        """Link two issues by a link phrase: ``fake.link("SP-1", "depends on", "SP-2")``."""
        low = phrase.lower()
        for link_type in self.store.link_types.values():
            direction = link_type.phrases().get(low)
            if direction is None:
                continue
            link_issues(
                self.store,
                self.user(author),
                self.issue(source),
                link_type,
                direction,
                self.issue(target),
            )
            return
        raise KeyError(f"no link type with phrase {phrase!r}")

    def add_attachment(
        self,
        issue: str,
        name: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        *,
        author: str = "root",
    ) -> Attachment:
        """Attach a file to an issue."""
        return add_attachment(
            self.store, self.user(author), self.issue(issue), name, data, mime_type
        )

    def add_work_item(
        self,
        issue: str,
        duration: int | str | dt.timedelta,
        *,
        author: str = "root",
        text: str | None = None,
        type: str | None = None,
        date: dt.date | None = None,
    ) -> WorkItem:
        """Log time (minutes, ``"1h 30m"`` or timedelta) on an issue, dated ``date``
        (default: today) at midnight in ``author``'s time zone, as a real server dates
        the work items a user logs."""
        minutes = minutes_of(duration, schedule_of(self.store))
        item_type = None
        if type is not None:
            item_type = next(
                t for t in self.store.work_item_types.values() if t.name.lower() == type.lower()
            )
        who = self.user(author)
        stamp = None if date is None else midnight_of(date, time_zone_of(self.store, who))
        return add_work_item(
            self.store,
            who,
            self.issue(issue),
            minutes,
            date=stamp,
            text=text,
            item_type=item_type,
        )

    def add_saved_query(self, name: str, query: str, *, owner: str = "root") -> SavedQuery:
        """Save a search."""
        return _builders.add_saved_query(self.store, name, query, self.user(owner))

    def add_agile(self, name: str, projects: Iterable[str], *, owner: str = "root") -> Agile:
        """Create an agile board over projects (short names)."""
        return _builders.add_agile(
            self.store, name, self.user(owner), [self.project(p) for p in projects]
        )

    def add_sprint(self, agile: Agile, name: str, *, issues: Iterable[str] = ()) -> Sprint:
        """Add a sprint to a board, with issues on it."""
        sprint = _builders.add_sprint(self.store, agile, name)
        for key in issues:
            add_to_sprint(self.store, self._root, sprint, self.issue(key))
        return sprint

    def add_article(
        self, project: str, summary: str, content: str | None = None, *, author: str = "root"
    ) -> Article:
        """Create a knowledge base article."""
        return _builders.add_article(
            self.store, self.project(project), summary, content, self.user(author)
        )


@contextlib.contextmanager
def _refused_as_configuration() -> Iterator[None]:
    """A value or a write the fake refuses in a set-up method (an unknown value, a
    required field left empty, a field its condition hides) as the
    :class:`~aioyoutrack.ConfigurationError` set-up methods raise, with the message a
    request would get."""
    try:
        yield
    except ConfigurationError:
        raise
    except ApiError as error:
        raise ConfigurationError(error.description) from None
    except ValueError as error:
        raise ConfigurationError(str(error)) from None
