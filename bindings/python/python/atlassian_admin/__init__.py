"""Python client for the Atlassian Cloud admin REST APIs.

Six API families (organization, user management, user provisioning/SCIM, admin control,
API access, data loss prevention), 132 operations, served by the Rust crate
``atlassian-admin``: retries, rate limits, pagination and error decoding happen there.

>>> from atlassian_admin import AdminClient
>>> client = AdminClient("API_KEY")                                   # doctest: +SKIP
>>> for user in client.org(org_id).users().list().limit(10):        # doctest: +SKIP
...     print(user["account_id"])
"""

from ._client import AdminClient, AsyncAdminClient, AsyncScimClient, ScimClient
from ._config import RateLimit, RetryPolicy
from ._native import __version__
from ._pager import AsyncPager, Page, Pager
from ._generated.resources import JsonBody
from ._transport import Outcome
from ._workflows import AsyncItems, AsyncWorkflows, AuditRecord, AuditStep, ExportKind, InactiveUser, Items, Workflows
from .errors import (
    ApiError,
    AtlassianAdminError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DecodeError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ResponseTooLargeError,
    ServerError,
    TimeoutError,
    TransportError,
    UnexpectedStatusError,
)

__all__ = [
    "Workflows",
    "AsyncWorkflows",
    "Items",
    "AsyncItems",
    "AuditRecord",
    "AuditStep",
    "InactiveUser",
    "ExportKind",
    "AdminClient",
    "ScimClient",
    "AsyncAdminClient",
    "AsyncScimClient",
    "RetryPolicy",
    "RateLimit",
    "Page",
    "Pager",
    "AsyncPager",
    "Outcome",
    "JsonBody",
    "AtlassianAdminError",
    "ApiError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitedError",
    "ServerError",
    "UnexpectedStatusError",
    "TransportError",
    "TimeoutError",
    "DecodeError",
    "ResponseTooLargeError",
    "InvalidArgumentError",
    "__version__",
]
