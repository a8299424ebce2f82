"""Replay JetBrains' documented request/response samples against the fake.

Each sample's method, path, query and body go to the demo fake (ids that only exist in
the documentation's instance are mapped to demo ids); the response must have the
sample's shape: every key the sample shows, the same ``$type`` wherever the sample
shows one, the same JSON kinds, and nothing but ``$type`` besides.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from shared_data import ground_truth

from aioyoutrack.testing import FakeYouTrack

# JetBrains' documented samples, from the ground truth beside the checkout
# (../shared/youtrack); AIOYOUTRACK_GROUND_TRUTH overrides the location.
SAMPLES = ground_truth() / "samples"

# Ids of the documentation's instance -> ids of the demo seed.
ID_MAP = {
    "NP-113": "SP-1",
    "NP-92": "SP-2",
    "SP-3967": "SP-3",
    "SP-4032": "SP-4",
    "SP-3990": "SP-5",
    "0-121": "0-0",
    "{issueID}": "SP-1",
    "2-17": "2-0",
    "2-15": "2-1",
}
SP_DB_IDS = [f"2-{n}" for n in range(300) if n % 10 < 5]
for index, doc_id in enumerate(
    [
        "2-8456",
        "2-8475",
        "2-8476",
        "2-8477",
        "2-8480",
        "2-8481",
        "2-8482",
        "2-8485",
        "2-8486",
        "2-8489",
        "2-8490",
        "2-9000",
        "2-9010",
        "2-9011",
    ]
):
    ID_MAP[doc_id] = SP_DB_IDS[index + 2]

# Keys a sample's response leaves out although its request asked for them.
DOC_OMITS = {"014": {"id", "summary", "description"}}
# Not YouTrack 2025.3 REST API: a Hub endpoint.
EXCLUDED = {"035"}


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(SAMPLES.glob("*.json")):
        number = path.name[:3]
        if number not in EXCLUDED:
            out.append((number, json.loads(path.read_text())))
    return out


def _map_ids(text: str) -> str:
    for doc_id in sorted(ID_MAP, key=len, reverse=True):
        text = text.replace(f'"{doc_id}"', f'"{ID_MAP[doc_id]}"')
        text = text.replace(f"/{doc_id}/", f"/{ID_MAP[doc_id]}/")
        if text.endswith(f"/{doc_id}"):
            text = text[: -len(doc_id)] + ID_MAP[doc_id]
        text = text.replace(f" {doc_id}", f" {ID_MAP[doc_id]}")
    return text


def _prepare(fake: FakeYouTrack) -> None:
    """Give SP-1/SP-2 the values the samples show, and the versions they set."""
    fake.update_issue("SP-1", Priority="Major", Assignee="jane.doe", State="Open")
    fake.link("SP-1", "relates to", "SP-2")
    fake.add_issue("SP", "New summary", fields={"Assignee": "john.doe", "State": "Open"})
    sp_versions = fake.project("SP").custom_field("Fix versions")
    assert sp_versions is not None
    assert sp_versions.bundle is not None
    from aioyoutrack.testing._state.schema import add_element

    for name in ("2019.1", "2021.1"):
        add_element(fake.store, sp_versions.bundle, name)


def assert_shape(sample: Any, actual: Any, where: str, omits: set[str]) -> None:
    """``actual`` has ``sample``'s shape (see module docstring)."""
    if sample is None:
        return
    if isinstance(sample, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        missing = set(sample) - set(actual)
        assert not missing, f"{where}: missing keys {missing} in {actual!r}"
        extra = set(actual) - set(sample) - {"$type"} - omits
        assert not extra, f"{where}: unexpected keys {extra}"
        if "$type" in sample:
            assert actual["$type"] == sample["$type"], f"{where}: $type"
        for key, value in sample.items():
            assert_shape(value, actual[key], f"{where}.{key}", set())
        return
    if isinstance(sample, list):
        assert isinstance(actual, list), f"{where}: expected an array, got {actual!r}"
        for index, item in enumerate(sample):
            assert actual, f"{where}: empty array where the sample has elements"
            assert_shape(item, _counterpart(item, actual), f"{where}[{index}]", omits)
        return
    if isinstance(sample, bool):
        assert isinstance(actual, bool), f"{where}: expected a boolean, got {actual!r}"
    elif isinstance(sample, int | float):
        assert isinstance(actual, int | float), f"{where}: expected a number, got {actual!r}"
    else:
        assert isinstance(actual, str), f"{where}: expected a string, got {actual!r}"


def _counterpart(item: Any, actual: list[Any]) -> Any:
    # Match a sample element to the response element of the same name, else $type.
    if isinstance(item, dict):
        for key in ("name", "shortName"):
            if key in item:
                same = [a for a in actual if isinstance(a, dict) and a.get(key) == item[key]]
                if same:
                    return same[0]
        if "$type" in item:
            same = [a for a in actual if isinstance(a, dict) and a.get("$type") == item["$type"]]
            if same:
                return same[0]
    return actual[0]


@pytest.mark.parametrize(("number", "sample"), _load(), ids=[n for n, _ in _load()])
async def test_sample_replays_with_the_documented_shape(
    fake: FakeYouTrack, api: Any, number: str, sample: dict[str, Any]
) -> None:
    _prepare(fake)
    path = _map_ids(sample["path"]).lstrip("/")
    params = {k: _map_ids(v) for k, v in sample["query"].items()}
    body = sample["request_body"]
    kwargs: dict[str, Any] = {"params": params, "encoded": "%" in path}
    if body is not None:
        kwargs["json_body"] = json.loads(_map_ids(json.dumps(body)))
    reply = await api.call(sample["method"], path, **kwargs)

    expected_status = sample["status"] or 200
    assert reply.status == expected_status, reply.raw
    if path == "api/commands" and "fields" not in params:
        assert reply.raw == b"", "a command without fields answers an empty body"
        return
    assert reply.content_type == "application/json;charset=utf-8"
    assert reply.body is not None
    if sample["status"] and sample["status"] >= 400:
        assert reply.body == sample["response"]
    if sample["response"] is not None:
        assert_shape(sample["response"], reply.body, number, DOC_OMITS.get(number, set()))


def test_the_samples_are_all_replayed() -> None:
    numbers = {n for n, _ in _load()}
    assert len(numbers) >= 25
    assert EXCLUDED.isdisjoint(numbers)
