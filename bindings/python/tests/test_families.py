"""At least one real call per API family against the mock, through the resource methods."""

from __future__ import annotations

import warnings
from typing import Any, List

import pytest

import atlassian_admin as aa
from conftest import Mock


def first_users(m: Mock, n: int = 3) -> List[Any]:
    return list(m.admin().org(m.org_id).users().list().limit(n))


def test_organization(shared_mock: Mock) -> None:
    c = shared_mock.admin()
    org = c.org(shared_mock.org_id).get()
    assert org["data"]["id"] == shared_mock.org_id
    orgs = c.orgs().list().to_list()
    assert any(o["id"] == shared_mock.org_id for o in orgs)
    domains = c.org(shared_mock.org_id).domains().list().to_list()
    assert domains
    one = c.org(shared_mock.org_id).domain(domains[0]["id"]).get()
    assert one["data"]["id"] == domains[0]["id"]
    stats = c.org(shared_mock.org_id).directory(shared_mock.directory_id).users().stats()
    assert isinstance(stats, dict)


def test_organization_directory_user_lifecycle(mock: Mock) -> None:
    c = mock.admin()
    users = c.org(mock.org_id).directory(mock.directory_id).users().search({"limit": 5})
    account = next(iter(users))["accountId"]
    handle = c.org(mock.org_id).directory(mock.directory_id).user(account)
    handle.suspend()
    detail = handle.get()["data"]
    assert detail["accountId"] == account
    assert detail["membershipStatus"] == "suspended"
    handle.restore()
    assert handle.get()["data"]["membershipStatus"] == "active"


def test_user_management(shared_mock: Mock) -> None:
    c = shared_mock.admin()
    account = first_users(shared_mock)[0]["account_id"]
    manageability = c.user(account).manageability()
    assert isinstance(manageability, dict)
    profile = c.user(account).profile().get()
    assert isinstance(profile, dict)


def test_user_provisioning_scim(mock: Mock) -> None:
    scim = mock.scim()
    config = scim.service_provider_config()
    assert isinstance(config, dict)
    first = next(iter(scim.users().list(count=5)))
    again = scim.users().get(first["id"])
    assert again["id"] == first["id"]
    created = scim.users().create({"userName": "py.new@acme.example.com", "emails": [{"value": "py.new@acme.example.com", "primary": True}]})
    assert created["userName"] == "py.new@acme.example.com"
    patched = scim.users().patch(created["id"], {"Operations": [{"op": "replace", "path": "title", "value": "Boss"}]})
    assert patched["title"] == "Boss"
    assert scim.users().delete(created["id"]) is None
    with pytest.raises(aa.NotFoundError):
        scim.users().get(created["id"])
    groups = scim.groups().list().to_list()
    assert isinstance(groups, list)


def test_scim_conflict(mock: Mock) -> None:
    scim = mock.scim()
    existing = next(iter(scim.users().list()))
    with pytest.raises(aa.ConflictError) as e:
        scim.users().create({"userName": existing["userName"]})
    assert e.value.status == 409
    assert isinstance(e.value, aa.ApiError)


def test_user_provisioning_scim_links(shared_mock: Mock) -> None:
    c = shared_mock.admin()
    scim_user = next(iter(shared_mock.scim().users().list()))
    links = c.org(shared_mock.org_id).scim_links().for_email({"email": scim_user["userName"]})
    assert links is not None


def test_control(mock: Mock) -> None:
    c = mock.admin()
    control = c.org(mock.org_id).control()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        policies = control.policies().list().to_list()
    assert policies
    policy_id = policies[0]["id"]
    resources = control.policy(policy_id).resources().to_list()
    assert isinstance(resources, list)
    users = first_users(mock, 1)
    task = control.policy(policy_id).add_users({"users": [users[0]["account_id"]]})
    assert control.task(task["taskId"]).get() is not None


def test_api_access(shared_mock: Mock) -> None:
    api = shared_mock.admin().org(shared_mock.org_id).api_access()
    tokens = api.tokens().list().limit(5).to_list()
    assert isinstance(tokens, list)
    assert api.tokens().count() is not None
    accounts = api.service_accounts().list().to_list()
    assert isinstance(accounts, list)
    assert api.oauth_clients().count() is not None


def test_dlp(mock: Mock) -> None:
    dlp = mock.admin().org(mock.org_id).dlp()
    levels = dlp.levels().list().to_list()
    assert levels
    created = dlp.levels().create({"name": "Top secret", "color": "RED"})
    assert created["status"] == "DRAFT"
    level = dlp.level(created["levelId"])
    assert level.get()["name"] == "Top secret"
    assert level.edit({"name": "Edited"})["name"] == "Edited"


def test_call_by_name(shared_mock: Mock) -> None:
    c = shared_mock.admin()
    by_spec = c.call("organization", "getOrgById", orgId=shared_mock.org_id)
    by_snake = c.call("organization", "getOrgById", org_id=shared_mock.org_id)
    assert by_spec == by_snake
    users = c.paginate("organization", "getUsers", orgId=shared_mock.org_id).limit(3).to_list()
    assert len(users) == 3
    scim_users = shared_mock.scim().call("listScimUsers", count=2)
    assert scim_users["Resources"]
