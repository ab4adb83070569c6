"""Client settings reach the core; deprecated methods warn; handles print their arguments."""

from __future__ import annotations

import time

import pytest

import atlassian_admin as aa
from conftest import Mock


def test_client_side_rate_limit(shared_mock: Mock) -> None:
    c = shared_mock.admin(rate_limit=aa.RateLimit(requests=4, per=1.0, burst=1))
    started = time.monotonic()
    for _ in range(3):
        c.org(shared_mock.org_id).get()
    assert time.monotonic() - started >= 0.4  # 3 requests at 4/s, no burst


def test_retry_policy_dataclasses() -> None:
    assert aa.RetryPolicy.disabled().max_attempts == 1
    assert aa.RetryPolicy() == aa.RetryPolicy(max_attempts=5, base_delay=0.5, max_delay=30.0, max_elapsed=120.0)
    assert aa.RateLimit.per_second(5) == aa.RateLimit(5, 1.0, 5)
    with pytest.raises(aa.InvalidArgumentError):
        aa.AdminClient("k", rate_limit=aa.RateLimit(requests=0))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rate_limit": aa.RateLimit(requests=5, burst=0)},
        {"rate_limit": aa.RateLimit(requests=5, per=0.0)},
        {"rate_limit": aa.RateLimit(requests=5, per=float("nan"))},
        {"retry": aa.RetryPolicy(max_attempts=0)},
        {"retry": aa.RetryPolicy(base_delay=-1.0)},
        {"retry": aa.RetryPolicy(max_elapsed=float("inf"))},
        {"timeout": 0.0},
        {"timeout": -3.0},
        {"max_response_bytes": 0},
    ],
)
def test_absurd_settings_are_invalid_arguments_from_the_core(kwargs: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(aa.InvalidArgumentError):
        aa.AdminClient("k", **kwargs)


def test_defaults_are_the_cores() -> None:
    from atlassian_admin import _native

    assert aa.RetryPolicy().max_attempts == _native.DEFAULTS["max_attempts"]
    assert aa.RetryPolicy().max_elapsed == _native.DEFAULTS["max_elapsed"]


def test_retries_hide_transient_503s(mock_with) -> None:  # type: ignore[no-untyped-def]
    m = mock_with("--error-503", "0.3", "--seed", "7")
    c = m.admin(retry=aa.RetryPolicy(max_attempts=8, base_delay=0.01, max_delay=0.05))
    for _ in range(5):
        assert c.org(m.org_id).get()["data"]["id"] == m.org_id


def test_deprecated_method_warns_with_replacement(shared_mock: Mock) -> None:
    users = shared_mock.admin().org(shared_mock.org_id).directory(shared_mock.directory_id).users()
    with pytest.warns(DeprecationWarning, match="searchDirectoryUsers"):
        pager = users.list(limit=5)
    assert len(pager.limit(5).to_list()) == 5


def test_handle_repr_shows_bound_arguments(shared_mock: Mock) -> None:
    h = shared_mock.admin().org("o-1").directory("d-2").user("u-3")
    assert repr(h) == "OrgDirectoryUser(org_id='o-1', directory_id='d-2', account_id='u-3')"
    assert shared_mock.scim().directory_id == shared_mock.directory_id
