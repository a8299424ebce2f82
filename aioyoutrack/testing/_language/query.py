"""A useful subset of YouTrack's search query language.

Supported (terms are ANDed, ``or`` between terms and parentheses group them; ``a, b``
after a key means either, and so does the same key given twice, ``tag: A tag: B``; a
``-value`` among them excludes, so ``State: -Open, -Fixed`` is neither):
``project: SP`` / ``in: {Sample Project}``, ``for: jane.doe`` / ``for: me``,
``#Unresolved`` / ``#Resolved``, ``<Field>: <value>`` for any custom field
(``Unassigned`` / ``{No value}`` for empty), ``tag: X``,
``has: attachments|comments|links|<Field>``, ``reporter: login``, ``summary: word``,
``description: word``, ``issue id: SP-1``, ``#{tag, value or project}``, ``#login``
(reported by or assigned to the user), ``-value`` / ``-{value}`` (the opposite of
``#value``), free text (words or ``"phrases"``, matched case-insensitively in summary
and description, or an issue id; ``-"phrase"`` excludes), and ``sort by: created desc,
{Due Date} asc`` (``created``, ``updated``, ``resolved``, ``summary``, ``issue id``,
``votes`` or a field). Without ``sort by`` issues come in creation order. A field's
aliases are keys too (``assigned to:``), and name the same attribute as the field. The
rules for a repeated key and for negated lists are those of JetBrains' *Search Query
Grammar* page ("tag: A tag: B", "state: -open, -submitted", "#mazine", "sort by:
priority, issue id asc").
Unknown keys match nothing, and so does a query the fake cannot read whole (an
unclosed ``{``, ``"`` or ``(``, a dangling ``or``, an unknown ``sort by`` attribute),
rather than a part of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final

from .._state.custom_fields import BundleElement
from .._state.issues import Issue
from .._state.settings import schedule_of
from .._state.store import Store
from .._state.users import Group, User
from .._wire.kinds import Schedule, parse_period

__all__ = ["run_query"]

Predicate = Callable[[Issue], bool]
#: One value of an attribute's list: its check, and whether it is negated (``-value``).
Check = tuple[Predicate, bool]
_KEYWORDS: Final = frozenset(
    {
        "project",
        "in",
        "for",
        "tag",
        "has",
        "reporter",
        "by",
        "created by",
        "summary",
        "description",
        "issue id",
        "issue",
        "sort by",
        "updater",
        "updated by",
    }
)
_EMPTY: Final = frozenset({"unassigned", "null", "no value", "none"})
_READABLE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]*-\d+$")
_TOKEN: Final = re.compile(r'\s*(?:\{([^}]*)\}|"([^"]*)"|(#)|(:)|(,)|([()])|([^\s:,{}"#()]+))')


def run_query(store: Store, text: str, user: User) -> list[Issue]:
    """The issues matching ``text`` that ``user`` may read, sorted."""
    issues = (
        list(store.issues.values())
        if user.admin
        else [i for i in store.issues.values() if store.can_read(user, i.project)]
    )
    if not text.strip():
        return issues
    try:
        predicate, sorting = _Parser(store, user, text).parse()
    except _Unreadable:
        return []
    issues = [i for i in issues if predicate(i)]
    for key, descending in reversed(sorting):
        issues.sort(key=key, reverse=descending)
    return issues


class _Unreadable(Exception):
    """A query the fake cannot read whole: it matches nothing (see the module)."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            if text[pos:].strip():
                raise _Unreadable  # an unclosed { or "
            break
        pos = match.end()
        brace, phrase, hash_, colon, comma, paren, word = match.groups()
        if brace is not None:
            out.append(("lit", brace.strip()))
        elif phrase is not None:
            out.append(("phrase", phrase))
        elif hash_:
            out.append(("hash", ""))
        elif colon:
            out.append(("colon", ":"))
        elif comma:
            out.append(("comma", ","))
        elif paren:
            out.append(("paren", paren))
        elif word is not None:
            out.append(("word", word))
    return out


class _Parser:
    def __init__(self, store: Store, user: User, text: str) -> None:
        self.store = store
        self.user = user
        self.tokens = _tokens(text)
        self.pos = 0
        #: Every key naming a field (its name or an alias), lower case -> the field's name.
        self.field_names: dict[str, str] = {}
        for field in store.fields.values():
            for alias in (field.aliases or "").split(","):
                if alias.strip():
                    self.field_names[alias.strip().lower()] = field.name.lower()
        for field in store.fields.values():
            self.field_names[field.name.lower()] = field.name.lower()
        self.predicates: list[Predicate] = []
        #: The values of each attribute given in the current group of terms.
        self.attributes: dict[str, list[Check]] = {}
        self.sorting: list[tuple[Callable[[Issue], Any], bool]] = []

    def parse(self) -> tuple[Predicate, list[tuple[Callable[[Issue], Any], bool]]]:
        """The query's predicate and sort keys; raises :class:`_Unreadable`."""
        predicate = self._any_of()
        if self.pos < len(self.tokens):  # a ")" with no "(" before it
            raise _Unreadable
        return predicate, self.sorting

    def _any_of(self) -> Predicate:
        """Terms joined by ``or``."""
        alternatives = [self._all_of()]
        while self._at_word("or"):
            self.pos += 1
            alternatives.append(self._all_of())
        if len(alternatives) == 1:
            return alternatives[0]
        return lambda issue: any(p(issue) for p in alternatives)

    def _at_word(self, word: str) -> bool:
        if self.pos >= len(self.tokens):
            return False
        kind, value = self.tokens[self.pos]
        return kind == "word" and value.lower() == word

    def _all_of(self) -> Predicate:
        """Terms up to an ``or``, a ``)`` or the end, all of which must match."""
        outer = self.predicates, self.attributes
        self.predicates, self.attributes = [], {}
        empty = self._terms()
        found = self.predicates + [_one_attribute(c) for c in self.attributes.values()]
        self.predicates, self.attributes = outer
        if empty:
            raise _Unreadable  # nothing before or after an "or", or in "()"
        return lambda issue: all(p(issue) for p in found)

    def _terms(self) -> bool:
        """Read terms into ``self.predicates``; True when there were none at all."""
        pending: list[str] = []
        tokens = self.tokens
        start = self.pos
        while self.pos < len(tokens):
            kind, value = tokens[self.pos]
            if (kind == "word" and value.lower() == "or") or (kind, value) == ("paren", ")"):
                break
            self.pos += 1
            if (kind, value) == ("paren", "("):
                self._flush_text(pending)
                group = self._any_of()
                if self.pos >= len(tokens) or tokens[self.pos] != ("paren", ")"):
                    raise _Unreadable  # an unclosed (
                self.pos += 1
                self.predicates.append(group)
            elif kind == "colon":
                key = self._split_key(pending)
                if key == "sort by":
                    self._sort_terms()
                else:
                    self._key_term(key, self._values())
            elif kind == "hash":
                if self.pos < len(tokens) and tokens[self.pos][0] in ("word", "lit"):
                    self.predicates.append(self._hash_term(tokens[self.pos][1]))
                    self.pos += 1
            elif kind == "phrase":
                self._flush_text(pending)
                self.predicates.append(_text_predicate(value))
            elif (kind, value) == ("word", "-") and self._at_kind("lit", "phrase"):
                # -{value} and -"phrase": the opposite of #{value} and of "phrase"
                self._flush_text(pending)
                next_kind, text = tokens[self.pos]
                self.pos += 1
                if next_kind == "phrase":
                    self.predicates.append(_negated(_text_predicate(text)))
                elif self._names_a_value(text):
                    self.predicates.append(_negated(self._hash_term(text)))
                else:
                    self.predicates.append(lambda issue: False)  # as an unknown key
            elif kind in ("word", "lit"):
                pending.append(value)
        self._flush_text(pending)
        return self.pos == start

    def _at_kind(self, *kinds: str) -> bool:
        return self.pos < len(self.tokens) and self.tokens[self.pos][0] in kinds

    def _split_key(self, pending: list[str]) -> str:
        # "crash Fix versions: 1.0" -> text "crash", key "fix versions": the longest
        # suffix of the pending words that names a keyword or a field.
        for start in range(len(pending)):
            candidate = " ".join(pending[start:]).lower()
            if candidate in _KEYWORDS or candidate in self.field_names:
                self._flush_text(pending[:start])
                pending.clear()
                return candidate
        key = pending[-1].lower() if pending else ""
        self._flush_text(pending[:-1])
        pending.clear()
        return key

    def _flush_text(self, words: list[str]) -> None:
        for word in words:
            if len(word) > 1 and word.startswith("-") and self._names_a_value(word[1:]):
                test = self._hash_term(word[1:])
                self.predicates.append(_negated(test))
            elif word.lower() == "and":
                self._close_attributes()  # "tag: A and tag: B" asks for both
            else:
                self.predicates.append(self._word_predicate(word))
        words.clear()

    def _close_attributes(self) -> None:
        """End the attributes gathered so far: a key given after this is a term of its
        own, ANDed, not another value of the same list."""
        self.predicates.extend(_one_attribute(checks) for checks in self.attributes.values())
        self.attributes = {}

    def _names_a_value(self, value: str) -> bool:
        """Whether ``#value`` would name something: ``-value`` is then its opposite."""
        low = value.lower()
        store = self.store
        return (
            low in ("resolved", "unresolved", "me")
            or low in store.users_by_login
            or any(p.short_name.lower() == low for p in store.projects.values())
            or any(t.name.lower() == low for t in store.tags.values())
            or any(e.name.lower() == low for b in store.bundles.values() for e in b.values)
        )

    def _values(self) -> list[str]:
        values: list[str] = []
        tokens = self.tokens
        while self.pos < len(tokens):
            kind, value = tokens[self.pos]
            if kind not in ("word", "lit"):
                break
            self.pos += 1
            if (kind, value) == ("word", "-") and self._at_kind("lit"):
                value = "-" + tokens[self.pos][1]  # -{In Progress}
                self.pos += 1
            values.append(value)
            if self.pos < len(tokens) and tokens[self.pos][0] == "comma":
                self.pos += 1
                continue
            break
        return values

    def _sort_terms(self) -> None:
        tokens = self.tokens
        while self.pos < len(tokens) and tokens[self.pos][0] in ("word", "lit"):
            key = self._sort_attribute()
            descending = False
            if self.pos < len(tokens) and tokens[self.pos][1].lower() in ("asc", "desc"):
                descending = tokens[self.pos][1].lower() == "desc"
                self.pos += 1
            self.sorting.append((key, descending))
            if self.pos < len(tokens) and tokens[self.pos][0] == "comma":
                self.pos += 1
            else:
                break

    def _sort_attribute(self) -> Callable[[Issue], Any]:
        """The sort key of the attribute at the current token: a ``{name}``, or the
        longest run of words that names one (``issue id``), the rest left as text."""
        tokens = self.tokens
        if tokens[self.pos][0] == "lit":
            key = self._sort_key(tokens[self.pos][1])
            width = 1
        else:
            words: list[str] = []
            for kind, value in tokens[self.pos :]:
                if kind != "word" or value.lower() in ("asc", "desc"):
                    break
                words.append(value)
            width = len(words)
            while (key := self._sort_key(" ".join(words[:width]))) is None and width > 1:
                width -= 1
        if key is None:
            raise _Unreadable  # sorting by what the fake does not know
        self.pos += width
        return key

    def _sort_key(self, name: str) -> Callable[[Issue], Any] | None:
        low = name.lower()
        simple: dict[str, Callable[[Issue], Any]] = {
            "created": lambda i: i.created,
            "updated": lambda i: i.updated,
            "resolved": lambda i: i.resolved or 0,
            "resolved date": lambda i: i.resolved or 0,
            "summary": lambda i: i.summary.lower(),
            "issue id": lambda i: (i.project.short_name, i.number),
            "votes": lambda i: 0,
        }
        if low in simple:
            return simple[low]
        if low not in self.field_names:
            return None
        field = self.field_names[low]

        def by_field(issue: Issue) -> Any:
            pcf = issue.project.custom_field(field)
            value = None if pcf is None else issue.values.get(pcf.id)
            if isinstance(value, list):
                value = value[0] if value else None
            if value is None:
                return (1, 0, "")
            if isinstance(value, BundleElement):
                return (0, value.ordinal, value.name)
            if isinstance(value, User):
                return (0, 0, value.full_name.lower())
            if isinstance(value, Group):
                return (0, 0, value.name.lower())
            if isinstance(value, str):
                return (0, 0, value.lower())
            return (0, value, "")

        return by_field

    def _key_term(self, key: str, values: list[str]) -> None:
        if not values:
            return
        checks = [(self._value_check(key, v.lstrip("-")), v.startswith("-")) for v in values]
        if key == "has":  # has: a has: b asks for both
            self.predicates.append(_one_attribute(checks))
        else:  # tag: A tag: B is tag: A, B
            self.attributes.setdefault(self._attribute(key), []).extend(checks)

    def _attribute(self, key: str) -> str:
        """The attribute ``key`` names (a field's aliases and a key's synonyms name the
        same one as the field or key)."""
        synonyms = {"in": "project", "by": "reporter", "created by": "reporter"}
        synonyms |= {"updated by": "updater", "issue": "issue id", "for": "field assignee"}
        if key in synonyms:
            return synonyms[key]
        if key in self.field_names:
            return "field " + self.field_names[key]
        return key

    def _value_check(self, key: str, value: str) -> Predicate:
        low = value.lower()
        if key in ("project", "in"):
            return lambda i: low in (i.project.short_name.lower(), i.project.name.lower())
        if key == "for":
            return self._field_check("assignee", value)
        if key in ("reporter", "by", "created by"):
            return self._user_check(low, lambda i: i.reporter)
        if key in ("updater", "updated by"):
            return self._user_check(low, lambda i: i.updater)
        if key == "tag":
            return lambda i: any(t.name.lower() == low for t in i.tags)
        if key == "has":
            return self._has_check(low)
        if key == "summary":
            return lambda i: low in i.summary.lower()
        if key == "description":
            return lambda i: low in (i.description or "").lower()
        if key in ("issue id", "issue"):
            return lambda i: i.id_readable.lower() == low or i.id == value
        if key in self.field_names:
            return self._field_check(self.field_names[key], value)
        return lambda i: False

    def _user_check(self, low: str, get: Callable[[Issue], User]) -> Predicate:
        target = self.user.login.lower() if low == "me" else low
        return lambda i: get(i).login.lower() == target

    def _has_check(self, what: str) -> Predicate:
        if what == "attachments":
            return lambda i: bool(i.attachments)
        if what == "comments":
            return lambda i: bool(i.comments)
        if what == "links":
            return lambda i: any(i.links.values())
        if what == "work":
            return lambda i: bool(i.work_items)

        def has_value(issue: Issue) -> bool:
            pcf = issue.project.custom_field(what)
            return pcf is not None and issue.values.get(pcf.id) not in (None, [])

        return has_value

    def _field_check(self, name: str, value: str) -> Predicate:
        low = value.lower()
        empty = low in _EMPTY or (low.startswith("no ") and len(low) > 3)
        schedule = schedule_of(self.store)
        me = self.user.login.lower() if low == "me" else None

        def check(issue: Issue) -> bool:
            pcf = issue.project.custom_field(name)
            if pcf is None:
                return False
            stored = issue.values.get(pcf.id)
            items = stored if isinstance(stored, list) else ([] if stored is None else [stored])
            if empty:
                return not items
            kind = pcf.kind.value_type
            return any(_matches(item, low, me, kind, schedule) for item in items)

        return check

    def _hash_term(self, value: str) -> Predicate:
        low = value.lower()
        if low == "unresolved":
            return lambda i: i.resolved is None
        if low == "resolved":
            return lambda i: i.resolved is not None
        if low == "me":
            return self._field_check("assignee", "me")
        user = self.store.users_by_login.get(low)
        assigned = self._field_check("assignee", low)

        def check(issue: Issue) -> bool:
            if issue.project.short_name.lower() == low:
                return True
            if user is not None and (issue.reporter is user or assigned(issue)):
                return True
            if any(t.name.lower() == low for t in issue.tags):
                return True
            for stored in issue.values.values():
                items = stored if isinstance(stored, list) else [stored]
                if any(isinstance(v, BundleElement) and v.name.lower() == low for v in items):
                    return True
            return False

        return check

    def _word_predicate(self, word: str) -> Predicate:
        text_check = _text_predicate(word)
        if _READABLE.match(word) and word.upper() in self.store.issues_by_readable:
            readable = word.upper()
            return lambda i: i.id_readable == readable or text_check(i)
        return text_check


def _negated(test: Predicate) -> Predicate:
    return lambda issue: not test(issue)


def _one_attribute(checks: list[Check]) -> Predicate:
    """An attribute's values: any of the plain ones (when there are any), and none of
    the negated ones (``State: -Open, -Fixed`` is neither)."""
    wanted = [check for check, negated in checks if not negated]
    unwanted = [check for check, negated in checks if negated]

    def predicate(issue: Issue) -> bool:
        if wanted and not any(check(issue) for check in wanted):
            return False
        return not any(check(issue) for check in unwanted)

    return predicate


def _text_predicate(text: str) -> Predicate:
    low = text.lower()

    def check(issue: Issue) -> bool:
        return low in issue.summary.lower() or low in (issue.description or "").lower()

    return check


def _matches(item: Any, low: str, me: str | None, kind: str, schedule: Schedule) -> bool:
    if isinstance(item, BundleElement):
        return item.name.lower() == low
    if isinstance(item, User):
        return item.login.lower() == (me or low) or item.full_name.lower() == low
    if isinstance(item, Group):
        return item.name.lower() == low
    if kind == "period":
        return bool(item == parse_period(low, schedule))
    if kind == "date" and isinstance(item, int):
        day = dt.datetime.fromtimestamp(item / 1000, tz=dt.timezone.utc).date().isoformat()
        return day == low
    if isinstance(item, float):
        try:
            return item == float(low)
        except ValueError:
            return False
    return str(item).lower() == low
