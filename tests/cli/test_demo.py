"""``aioyoutrack demo``: the table and the figures line, in-process and as a process."""

from __future__ import annotations

import re
import sys

from demo_figures import FIGURES

from aioyoutrack._constants import DEFAULT_MAX_CONCURRENCY
from aioyoutrack.testing import FakeYouTrack


def _expected_rows(issues: int | None = None) -> dict[str, tuple[int, int]]:
    """Project label -> (issues, unresolved), from the seed the demo uses."""
    store = FakeYouTrack(seed="demo", issues=issues).store
    rows: dict[str, tuple[int, int]] = {}
    for project in store.projects.values():
        mine = [i for i in store.issues.values() if i.project is project]
        unresolved = sum(1 for i in mine if i.resolved is None)
        rows[f"{project.name} ({project.short_name})"] = (len(mine), unresolved)
    return rows


def test_demo_prints_the_table_and_the_figures(run_cli):
    result = run_cli("demo")
    assert result.status == 0, result.err
    assert result.err == ""
    for label, (issues, unresolved) in _expected_rows().items():
        row = next(line for line in result.out.splitlines() if label in line)
        assert re.search(rf"\b{issues}\s+{unresolved}\s+\S", row), row
    assert "All projects" in result.out
    figures = FIGURES.search(result.out)
    assert figures is not None, result.out
    assert figures["fetched"] == figures["expected"] == "300"
    assert figures["projects"] == "3"
    # projects list + per project: the count and n // 25 + 1 pages (150, 90, 60 issues):
    # a count that is a multiple of the page size also asks for the page after it,
    # since the count never ends a list.
    assert int(figures["requests"]) == 1 + 3 + (7 + 4 + 3)
    assert 1 <= int(figures["peak"]) <= int(figures["limit"]) == DEFAULT_MAX_CONCURRENCY


def test_demo_respects_the_concurrency_limit_and_sizes(run_cli):
    result = run_cli("demo", "--issues", "40", "--concurrency", "2", "--page-size", "5")
    assert result.status == 0, result.err
    figures = FIGURES.search(result.out)
    assert figures is not None, result.out
    assert figures["fetched"] == figures["expected"] == "40"
    assert int(figures["peak"]) <= 2
    assert figures["limit"] == "2"


def test_demo_top_assignee_counts_assigned_issues(run_cli):
    result = run_cli("demo", "--plain")
    store = FakeYouTrack(seed="demo").store
    counts: dict[str, int] = {}
    for issue in store.issues.values():
        if issue.project.short_name != "SP":
            continue
        pcf = issue.project.custom_field("Assignee")
        user = issue.values.get(pcf.id)
        if user is not None:
            counts[user.full_name] = counts.get(user.full_name, 0) + 1
    top = max(counts.values())
    row = next(line for line in result.out.splitlines() if "(SP)" in line)
    name = re.search(r"(\D+) \((\d+)\)$", row.split("  ")[-1].strip())
    assert name is not None, row
    assert counts[name.group(1).strip()] == int(name.group(2)) == top


def test_demo_refuses_a_url(run_cli):
    result = run_cli("demo", "--url", "https://example.com", "--token", "perm:x")
    assert result.status == 2
    assert "leave out --url" in result.err


def test_python_dash_m_runs_the_demo(run_python):
    completed = run_python("-m", "aioyoutrack", "demo")
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    assert "Sample Project (SP)" in completed.stdout
    assert FIGURES.search(completed.stdout), completed.stdout


def test_console_script_entry_point_is_main():
    from importlib.metadata import entry_points

    from aioyoutrack.cli import main

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "aioyoutrack"]
    assert script.value == "aioyoutrack.cli:main"
    assert script.load() is main
    assert sys.modules["aioyoutrack.cli"].main is main


def test_demo_refuses_a_token_naming_both_options(run_cli):
    result = run_cli("demo", "--token", "abc")
    assert result.status == 2
    assert "leave out --url and --token" in result.err
