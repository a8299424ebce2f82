"""The sync peer: ``youtrack-sdk`` fetching projects by id and issues page by page.

Runs in ``benchmarks/.venv-peer`` (youtrack-sdk needs Python >= 3.12), one request at a
time, with the SDK's own HTTP client (``requests``) and its own pydantic models.
Prints one JSON line: ``{"projects": {...}, "issues": {...}}`` with wall seconds,
process CPU seconds and counts, timed from creating the client to the last object.

Two adaptations, each a call the SDK's own methods make (``Client._get`` and
``Client._build_url``, then ``model_validate_json`` / ``TypeAdapter.validate_json``):

- the SDK has no "project by id" method (only ``get_projects``), so projects are read
  from ``/admin/projects/{id}`` exactly as its ``get_agile`` reads ``/agiles/{id}``;
- pages of issues are read as its ``get_issues`` reads them (``/api/issues/``, trailing
  slash included, with ``$skip``/``$top``), except that the ``TypeAdapter`` its method
  builds on every call is built once here: a saving in the SDK's favour.

Like the SDK's methods, each request derives its ``fields`` projection from the model
(``model_to_field_names``) again, unless ``--cache-fields`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from pydantic import TypeAdapter
from youtrack_sdk import Client
from youtrack_sdk.entities import Issue, Project
from youtrack_sdk.helpers import model_to_field_names


def fields_function(cache: bool) -> Any:
    if not cache:
        return model_to_field_names
    known: dict[Any, Any] = {}

    def cached(model: Any) -> Any:
        if model not in known:
            known[model] = model_to_field_names(model)
        return known[model]

    return cached


def projects(url: str, token: str, ids: list[str], fields_of: Any) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    client = Client(base_url=url, token=token)
    found = []
    for project_id in ids:
        body = client._get(
            url=client._build_url(path=f"/admin/projects/{project_id}", fields=fields_of(Project))
        )
        found.append(Project.model_validate_json(body))  # type: ignore[arg-type]
    assert [p.id for p in found] == ids, "wrong projects"
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "count": len(found),
    }


def issues(url: str, token: str, expected: int, page: int, fields_of: Any) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    client = Client(base_url=url, token=token)
    adapter = TypeAdapter(tuple[Issue, ...])
    found: list[Issue] = []
    while True:
        body = client._get(
            url=client._build_url(
                path="/issues/", fields=fields_of(Issue), offset=len(found), count=page
            )
        )
        batch = adapter.validate_json(body)  # type: ignore[arg-type]
        found.extend(batch)
        if len(batch) < page:
            break
    assert len(found) == expected, f"got {len(found)} issues, expected {expected}"
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "count": len(found),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="service root of the fake")
    parser.add_argument("--token", required=True)
    parser.add_argument("--ids", required=True, help="file with one project id per line")
    parser.add_argument("--issues", type=int, required=True, help="issues the fake holds")
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--cache-fields", action="store_true")
    args = parser.parse_args()
    with open(args.ids) as handle:
        ids = handle.read().split()
    url = args.url.rstrip("/")  # the SDK appends "/api/..."
    fields_of = fields_function(args.cache_fields)
    result = {
        "projects": projects(url, args.token, ids, fields_of),
        "issues": issues(url, args.token, args.issues, args.page_size, fields_of),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
