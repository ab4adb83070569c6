"""``atlassian_admin.types`` against real answers of the mock.

The policy checked here: every key of the mock's answers (recursively) is declared in the
matching ``TypedDict`` and every value has the declared type, so the generated types are
usable as they are. Real Atlassian answers may carry more keys than the spec: a ``TypedDict``
does not reject them at runtime (answers are plain dicts; extra keys are just untyped), and
enums are plain ``str`` so that new values type-check too.
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import atlassian_admin as aa
from atlassian_admin import types as T
from conftest import ROOT, Mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import gen_types  # noqa: E402


def is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__total__")


def problems(value: Any, tp: Any, path: str = "$") -> List[str]:
    """Where ``value`` does not fit ``tp`` (undeclared keys, wrong types); [] when it fits."""
    if tp is Any:
        return []
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        if value is None and type(None) in typing.get_args(tp):
            return []
        options = [problems(value, alt, path) for alt in typing.get_args(tp) if alt is not type(None)]
        return [] if any(not p for p in options) else min(options, key=len)
    if origin is typing.Literal:
        # An enum: any string fits at run time (answers may carry values the spec does not list).
        return [] if isinstance(value, str) else [f"{path}: expected a string (one of {typing.get_args(tp)}), got {value!r:.60}"]
    if is_typeddict(tp):
        if not isinstance(value, dict):
            return [f"{path}: expected an object ({tp.__name__}), got {type(value).__name__}"]
        hints = typing.get_type_hints(tp)
        out: List[str] = []
        for key, item in value.items():
            if key not in hints:
                out.append(f"{path}: key {key!r} is not declared in {tp.__name__}")
            else:
                out.extend(problems(item, hints[key], f"{path}.{key}"))
        return out
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {type(value).__name__}"]
        (item_tp,) = typing.get_args(tp)
        return [p for i, v in enumerate(value) for p in problems(v, item_tp, f"{path}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {type(value).__name__}"]
        value_tp = typing.get_args(tp)[1]
        return [p for k, v in value.items() for p in problems(v, value_tp, f"{path}.{k}")]
    if tp is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, tp)
    return [] if ok else [f"{path}: expected {tp.__name__}, got {type(value).__name__} {value!r:.60}"]


def response_type(family: str, operation_id: str) -> Any:
    """The TypedDict (or alias) of an operation's JSON success answer, from the spec."""
    spec = json.loads((ROOT / "specs" / f"{family}.json").read_text())
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                for status in ("200", "201", "202"):
                    content = op.get("responses", {}).get(status, {}).get("content", {})
                    for media in content.values():
                        ref = media.get("schema", {}).get("$ref", "")
                        if ref:
                            return getattr(T, gen_types.type_name(family, ref.rsplit("/", 1)[1]))
    raise AssertionError(f"{family} {operation_id}: no $ref success schema")


def test_every_name_resolves() -> None:
    """Every exported name exists and every TypedDict's annotations resolve at runtime."""
    assert len(T.__all__) == len(set(T.__all__)) > 250
    for name in T.__all__:
        tp = getattr(T, name)
        if is_typeddict(tp):
            assert tp.__total__ is False, name
            typing.get_type_hints(tp)


def test_names_are_per_family() -> None:
    assert "accountId" in typing.get_type_hints(T.OrganizationMultiDirectoryUser)
    assert "account_id" in typing.get_type_hints(T.UserManagementUser)
    # Both families define AccountStatus: one name each, each a Literal of its own known values.
    assert typing.get_origin(T.OrganizationAccountStatus) is typing.Literal
    assert typing.get_origin(T.UserManagementAccountStatus) is typing.Literal
    assert "active" in typing.get_args(T.OrganizationAccountStatus)
    assert "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" in typing.get_type_hints(T.UserProvisioningScimUser)
    assert typing.get_origin(T.ControlPolicy) is typing.Union


# (family, operationId, path arguments by placeholder); the answer is checked whole.
OPERATIONS: List[Tuple[str, str, Dict[str, str]]] = [
    ("organization", "getOrgById", {"orgId": "org"}),
    ("organization", "getUsers", {"orgId": "org"}),
    ("organization", "getDomains", {"orgId": "org"}),
    ("organization", "getEvents", {"orgId": "org"}),
    ("organization", "getDirectoryUsers", {"orgId": "org", "directoryId": "directory"}),
    ("organization", "getDirectoryUserDetails", {"orgId": "org", "directoryId": "directory", "accountId": "account"}),
    ("organization", "getGroupsStats", {"orgId": "org", "directoryId": "directory"}),
    ("control", "getPoliciesV2", {"orgId": "org"}),
    ("api-access", "listServiceAccounts", {"orgId": "org"}),
    ("api-access", "getAllApiTokensByOrgId", {"orgId": "org"}),
    ("dlp", "getLevelList", {"orgId": "org"}),
]


@pytest.mark.parametrize("family,operation_id,placeholders", OPERATIONS, ids=[f"{f}.{o}" for f, o, _ in OPERATIONS])
def test_mock_answers_fit_their_typeddict(shared_mock: Mock, family: str, operation_id: str, placeholders: Dict[str, str]) -> None:
    c = shared_mock.admin()
    account = next(iter(c.org(shared_mock.org_id).users().list()))["account_id"]
    values = {"org": shared_mock.org_id, "directory": shared_mock.directory_id, "account": account}
    answer = c.call(family, operation_id, **{k: values[v] for k, v in placeholders.items()})
    assert answer, f"{operation_id} answered nothing"
    # Members the spec does not declare are kept by the core (real answers carry them too), so
    # they are allowed here; every declared member must have its declared type.
    found = problems(answer, response_type(family, operation_id))
    assert [p for p in found if "is not declared" not in p] == []


def test_user_management_answers_fit_their_typeddict(shared_mock: Mock) -> None:
    c = shared_mock.admin()
    account = next(iter(c.org(shared_mock.org_id).users().list()))["account_id"]
    profile = c.user(account).profile().get()  # the spec declares this answer inline
    assert set(profile) == {"account"}
    assert problems(profile["account"], T.UserManagementAtlassianAccountUser) == []


def test_scim_answers_fit_their_typeddict(shared_mock: Mock) -> None:
    scim = shared_mock.scim()
    users = scim.call("listScimUsers", count=5)
    assert users["Resources"]
    assert problems(users, T.UserProvisioningScimUserListResponse) == []
    one = scim.users().get(users["Resources"][0]["id"])
    assert problems(one, T.UserProvisioningScimUser) == []
    assert problems(scim.call("listScimGroups"), T.UserProvisioningScimGroupListResponse) == []


def test_checker_reports_extras_and_mismatches() -> None:
    """The check above is strict; a TypedDict itself tolerates extra keys at runtime."""
    user: T.OrganizationMultiDirectoryUser = {"accountId": "a", "accountStatus": "some-new-status"}
    assert problems(user, T.OrganizationMultiDirectoryUser) == []
    extra: Any = {"accountId": "a", "brandNewField": 1}
    assert problems(extra, T.OrganizationMultiDirectoryUser) == ["$: key 'brandNewField' is not declared in OrganizationMultiDirectoryUser"]
    assert problems({"accountId": 5}, T.OrganizationMultiDirectoryUser) == ["$.accountId: expected str, got int 5"]
    assert problems({"errors": [{"code": "x", "detail": None}]}, T.OrganizationApiErrorResponse) == []  # nullable
    assert problems(None, Optional[T.OrganizationOrg]) == []
