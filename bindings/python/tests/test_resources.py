"""Every operation of resources.json is reachable as a resource method (offline checks)."""

from __future__ import annotations

import asyncio
import json
import keyword
import re
import warnings
from typing import Any, Dict, List, Tuple

import pytest

from atlassian_admin import _native
from atlassian_admin._generated.resources import AdminResources, AsyncAdminResources, AsyncScimResources, ScimResources

OPS: List[Dict[str, Any]] = json.loads(_native.RESOURCES_JSON)["operations"]


def pyname(name: str) -> str:
    n = re.sub(r"[^0-9a-zA-Z_]", "_", name)
    return n + "_" if keyword.iskeyword(n) else n


class Recorder:
    """Stands in for the transport and records what the handles would send."""

    def __init__(self) -> None:
        self.calls: List[Tuple[str, str, str, Dict[str, Any]]] = []

    def call(self, family: str, op: str, args: Dict[str, Any]) -> Any:
        self.calls.append(("call", family, op, dict(args)))
        return {"ok": True}

    def pager(self, family: str, op: str, args: Dict[str, Any]) -> Any:
        self.calls.append(("pager", family, op, dict(args)))
        return "pager"


class AsyncRecorder(Recorder):
    async def call(self, family: str, op: str, args: Dict[str, Any]) -> Any:  # type: ignore[override]
        return Recorder.call(self, family, op, args)


class Placeholders(dict):  # type: ignore[type-arg]
    """Names in a Rust call expression: `body` is a dict, any other name a string."""

    def __missing__(self, key: str) -> Any:
        return {"placeholder": True} if key == "body" else f"<{key}>"


def expected_args(op: Dict[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    path_params = set(re.findall(r"\{([^}]+)\}", op["path"]))
    for link in op["chain"]:
        if link["binds"]:
            spec = next(p for p in link["binds"]["params"] if p in path_params)
            out[spec] = f"<{link['binds']['name']}>"
    for a in op["args"]:
        out[a["param"]] = {"placeholder": True} if a["param"] == "body" else f"<{a['name']}>"
    return out


def test_resources_json_has_all_operations() -> None:
    assert len(OPS) == 132
    assert {op["family"] for op in OPS} == {"organization", "user-management", "user-provisioning", "control", "api-access", "dlp"}


@pytest.mark.parametrize("op", OPS, ids=[f"{o['family']}/{o['operation_id']}" for o in OPS])
def test_operation_is_reachable_by_its_rust_call_expression(op: Dict[str, Any]) -> None:
    rec = Recorder()
    names = Placeholders(client=AdminResources(rec, {}), scim=ScimResources(rec, {}))  # type: ignore[arg-type]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # The Rust call expression (`client.org(org_id).users().list()`) is valid Python as is.
        result = eval(op["call"], {"__builtins__": {}}, names)
    assert len(rec.calls) == 1
    kind, family, op_id, args = rec.calls[0]
    assert (family, op_id) == (op["family"], op["operation_id"])
    assert kind == ("pager" if op["page"] else "call")
    assert result == ("pager" if op["page"] else {"ok": True})
    assert args == expected_args(op)
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    if op["deprecated"]:
        assert len(deprecations) == 1
        if op["replaced_by"]:
            assert op["replaced_by"] in str(deprecations[0].message)
    else:
        assert not deprecations


@pytest.mark.parametrize("op", OPS, ids=[f"{o['family']}/{o['operation_id']}" for o in OPS])
def test_operation_is_reachable_on_async_handles(op: Dict[str, Any]) -> None:
    rec = AsyncRecorder()
    names = Placeholders(client=AsyncAdminResources(rec, {}), scim=AsyncScimResources(rec, {}))  # type: ignore[arg-type]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        result = eval(op["call"], {"__builtins__": {}}, names)
        if not op["page"]:
            result = asyncio.run(result)
    assert rec.calls and rec.calls[0][2] == op["operation_id"]
    assert rec.calls[0][3] == expected_args(op)


def test_query_parameters_are_keywords_and_none_is_left_out() -> None:
    rec = Recorder()
    root = AdminResources(rec, {})  # type: ignore[arg-type]
    root.org("o").events().list(from_="2024-01-01T00:00:00Z", product=["jira"], limit=5, q=None)
    assert rec.calls[0][3] == {"orgId": "o", "from": "2024-01-01T00:00:00Z", "product": ["jira"], "limit": 5}
    with pytest.raises(TypeError):
        root.org("o").events().list("positional")  # type: ignore[misc]


def test_walk_of_handle_chains() -> None:
    """Follows each chain attribute by attribute (the spelled-out form of the test above)."""
    for op in OPS:
        rec = Recorder()
        chain = op["chain"]
        obj: Any = ScimResources(rec, {}) if op["call"].startswith("scim.") else AdminResources(rec, {})  # type: ignore[arg-type]
        if op["call"].startswith("scim."):
            chain = chain[1:]
        for link in chain:
            accessor = getattr(obj, link["name"])
            obj = accessor("x") if link["binds"] else accessor()
        assert callable(getattr(obj, pyname(op["method"]))), op["call"]
