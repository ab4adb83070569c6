"""Each exception class, from real answers of the mock."""

from __future__ import annotations

import builtins
import pickle
from typing import Any
import time

import pytest

import atlassian_admin as aa
from conftest import Mock


def test_401_wrong_key(shared_mock: Mock) -> None:
    with pytest.raises(aa.AuthenticationError) as e:
        shared_mock.admin(api_key="wrong-key").org(shared_mock.org_id).get()
    err = e.value
    assert err.status == 401 and err.kind == "unauthorized"
    assert err.operation == "getOrgById"
    assert isinstance(err, aa.ApiError) and isinstance(err, aa.AtlassianAdminError)
    assert "wrong-key" not in str(err) and "wrong-key" not in repr(err)


def test_403_other_org_key(shared_mock: Mock) -> None:
    with pytest.raises(aa.PermissionDeniedError) as e:
        shared_mock.admin(api_key="mock-other-org-api-key").org(shared_mock.org_id).get()
    assert e.value.status == 403


def test_404(shared_mock: Mock) -> None:
    with pytest.raises(aa.NotFoundError) as e:
        shared_mock.admin().org(shared_mock.org_id).domain("no-such-domain").get()
    assert e.value.status == 404
    assert e.value.body


def test_400(shared_mock: Mock) -> None:
    with pytest.raises(aa.BadRequestError) as e:
        shared_mock.admin().org(shared_mock.org_id).events().list(from_="not a time").first_page()
    assert e.value.status == 400
    assert e.value.message


def test_429_rate_limited_with_retry_after(mock_with) -> None:  # type: ignore[no-untyped-def]
    m = mock_with("--rate-limit", "1")
    c = m.admin(retry=aa.RetryPolicy.disabled())
    with pytest.raises(aa.RateLimitedError) as e:
        for _ in range(10):
            c.org(m.org_id).get()
    err = e.value
    assert err.status == 429
    assert err.retry_after is not None and err.retry_after > 0
    assert err.retryable


def test_timeout(mock_with) -> None:  # type: ignore[no-untyped-def]
    m = mock_with("--latency-ms", "2000")
    c = m.admin(timeout=0.2, retry=None)
    started = time.monotonic()
    with pytest.raises(aa.TimeoutError) as e:
        c.org(m.org_id).get()
    assert time.monotonic() - started < 1.5
    assert isinstance(e.value, builtins.TimeoutError)
    assert isinstance(e.value, aa.TransportError)


def test_malformed_body_decode_error(mock_with) -> None:  # type: ignore[no-untyped-def]
    m = mock_with("--malformed", "1.0")
    with pytest.raises(aa.DecodeError) as e:
        m.admin(retry=None).org(m.org_id).get()
    # The parser's own complaint is chained, as `raise ... from` would.
    assert isinstance(e.value.__cause__, ValueError)
    assert str(e.value.__cause__)


def test_response_too_large(shared_mock: Mock) -> None:
    c = shared_mock.admin(max_response_bytes=64)
    with pytest.raises(aa.ResponseTooLargeError) as e:
        c.org(shared_mock.org_id).users().list().first_page()
    assert e.value.kind == "response_too_large" and e.value.status == 200
    assert not isinstance(e.value, aa.DecodeError)  # nothing was decoded


def test_class_tree_follows_the_core_kinds() -> None:
    # The same tree as in Node. ResponseTooLarge is a kind of its own in the core, beside
    # Decode, not a kind of decode error.
    tree = {
        aa.ApiError: (aa.AtlassianAdminError,),
        aa.BadRequestError: (aa.ApiError,),
        aa.AuthenticationError: (aa.ApiError,),
        aa.PermissionDeniedError: (aa.ApiError,),
        aa.NotFoundError: (aa.ApiError,),
        aa.ConflictError: (aa.ApiError,),
        aa.RateLimitedError: (aa.ApiError,),
        aa.ServerError: (aa.ApiError,),
        aa.UnexpectedStatusError: (aa.ApiError,),
        aa.TransportError: (aa.AtlassianAdminError,),
        aa.TimeoutError: (aa.TransportError, builtins.TimeoutError),
        aa.DecodeError: (aa.AtlassianAdminError,),
        aa.ResponseTooLargeError: (aa.AtlassianAdminError,),
        aa.InvalidArgumentError: (aa.AtlassianAdminError, ValueError),
    }
    for cls, bases in tree.items():
        assert cls.__bases__ == bases, cls
    assert aa.AtlassianAdminError.__bases__ == (Exception,)


def test_invalid_arguments_without_a_request(mock_with) -> None:  # type: ignore[no-untyped-def]
    m = mock_with("--rate-limit", "1")
    c = m.admin(retry=None)
    for _ in range(5):  # would hit the rate limit if anything were sent
        with pytest.raises(aa.InvalidArgumentError) as e:
            c.call("organization", "getOrgById")  # missing orgId
        assert isinstance(e.value, ValueError)
        assert e.value.status is None
    with pytest.raises(aa.InvalidArgumentError):
        c.call("organization", "getOrgById", orgId=m.org_id, bogus=1)
    with pytest.raises(aa.InvalidArgumentError):
        c.call("organization", "noSuchOperation")
    with pytest.raises(aa.InvalidArgumentError):
        c.org(m.org_id).events().list(limit="many").first_page()  # type: ignore[arg-type]
    with pytest.raises(aa.InvalidArgumentError):
        c.call("organization", "getOrgById", orgId=object())
    c.org(m.org_id).get()  # the budget was untouched


def test_invalid_client_settings() -> None:
    with pytest.raises(aa.InvalidArgumentError):
        aa.AdminClient("", base_url="http://127.0.0.1:1")
    with pytest.raises(aa.InvalidArgumentError):
        aa.AdminClient("k", base_url="http://example.com")  # plain http off loopback
    with pytest.raises(aa.InvalidArgumentError):
        aa.AdminClient("k", timeout=-1)
    with pytest.raises(aa.InvalidArgumentError):
        aa.ScimClient("dir", "k", base_url="http://127.0.0.1:1").call("listScimUsers", nonsense=True)


def test_transport_error_on_closed_port() -> None:
    c = aa.AdminClient("k", base_url="http://127.0.0.1:9", retry=None, connect_timeout=1.0)
    with pytest.raises(aa.TransportError) as e:
        c.org("o").get()
    cause = e.value.__cause__
    assert isinstance(cause, ConnectionError), repr(cause)


def test_api_errors_chain_nothing(shared_mock: Mock) -> None:
    # The server's answer is the whole story: no underlying failure to chain.
    with pytest.raises(aa.NotFoundError) as e:
        shared_mock.admin(retry=None).org(shared_mock.org_id).domain("no-such-domain").get()
    assert e.value.__cause__ is None


ALL = [
    aa.AtlassianAdminError, aa.ApiError, aa.BadRequestError, aa.AuthenticationError, aa.PermissionDeniedError,
    aa.NotFoundError, aa.ConflictError, aa.RateLimitedError, aa.ServerError, aa.UnexpectedStatusError,
    aa.TransportError, aa.TimeoutError, aa.DecodeError, aa.ResponseTooLargeError, aa.InvalidArgumentError,
]


@pytest.mark.parametrize("cls", ALL)
def test_exceptions_pickle_with_attributes(cls: type) -> None:
    err = cls("op: NotFound (HTTP 404): gone", message="gone", kind="not_found", status=404, code="ADMIN-404-1",
              request_id="r-1", retry_after=1.5, body='{"x":1}', operation="getOrgById", retryable=False)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert str(back) == str(err)
    for a in ("message", "kind", "status", "code", "request_id", "retry_after", "body", "operation", "retryable"):
        assert getattr(back, a) == getattr(err, a), a


def test_real_exception_pickles(shared_mock: Mock) -> None:
    with pytest.raises(aa.NotFoundError) as e:
        shared_mock.admin().org(shared_mock.org_id).domain("nope").get()
    back = pickle.loads(pickle.dumps(e.value))
    assert (back.status, back.message, back.operation, back.body) == (404, e.value.message, "getDomainById", e.value.body)


def test_repr_hides_key(shared_mock: Mock) -> None:
    key = "super-secret-key-123"
    for c in (shared_mock.admin(api_key=key), shared_mock.scim(api_key=key),
              shared_mock.async_admin(api_key=key), shared_mock.async_scim(api_key=key)):
        assert key not in repr(c) and key not in str(c)
        assert key not in repr(c._native)
        assert shared_mock.base_url in repr(c)
    with pytest.raises(TypeError):
        pickle.dumps(shared_mock.admin(api_key=key))


def test_every_core_error_kind_has_a_class_of_its_own() -> None:
    from atlassian_admin import _native
    from atlassian_admin.errors import _BY_KIND

    kinds = list(_native.ERROR_KINDS)
    assert "not_found" in kinds and "response_too_large" in kinds
    missing = [k for k in kinds if k not in _BY_KIND]
    assert missing == [], f"core kinds without a Python class: {missing}"
    classes = [_BY_KIND[k] for k in kinds]
    assert len(set(classes)) == len(classes), "each kind has a distinct class"


def test_errors_report_attempts_and_whether_sent(mock_with: Any) -> None:
    m = mock_with("--error-503", "1")
    c = m.admin()
    with pytest.raises(aa.ServerError) as e:
        c.org(m.org_id).get()
    assert (e.value.attempts, e.value.maybe_sent) == (3, True)
    with pytest.raises(aa.InvalidArgumentError) as e2:
        c.org("x" * (1 << 20)).get()
    assert (e2.value.attempts, e2.value.maybe_sent) == (0, False)
