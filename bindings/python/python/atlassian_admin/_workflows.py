"""The admin workflows of the Rust core (``atlassian_admin::workflows``), with the same steps,
stop rules and records as the command line: offboarding, the inactive-users report, exports
and the audit-log tail. Reached as ``client.workflows`` on an :class:`AdminClient` (blocking) or
an :class:`AsyncAdminClient` (asyncio)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Generic, Iterable, Iterator, List, Literal, Optional, Sequence, TypedDict, TypeVar, Union


from ._native import NativeClient, NativeItems
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from ._client import AsyncScimClient, ScimClient

__all__ = ["AuditRecord", "AuditStep", "InactiveUser", "ExportKind", "Workflows", "AsyncWorkflows", "Items", "AsyncItems"]

StepOutcome = Literal["done", "unchanged", "planned", "skipped", "failed"]
OffboardOutcome = Literal["done", "unchanged", "planned", "not_found", "blocked", "failed"]
ExportKind = Literal["users", "groups", "api-tokens", "api-keys", "events"]


class _AuditStepRequired(TypedDict):
    step: Union[Literal["resolve", "scim_deactivate", "suspend", "remove_group", "revoke_token"], str]
    target: str
    outcome: Union[StepOutcome, str]


class AuditStep(_AuditStepRequired, total=False):
    """One step of an offboarding: what it acted on and how it ended (``detail`` says why)."""

    detail: str


class AuditRecord(TypedDict):
    """The record of offboarding one e-mail address."""

    email: str
    account_id: Optional[str]
    dry_run: bool
    started_at: str
    outcome: Union[OffboardOutcome, str]
    steps: List[AuditStep]


class InactiveUser(TypedDict):
    """One row of the inactive-users report."""

    account_id: str
    email: Optional[str]
    name: Optional[str]
    last_active: Optional[str]
    days_inactive: Optional[int]
    products: List[str]


T = TypeVar("T")


class Items(Iterator[T], Generic[T]):
    """A lazy stream of workflow items; iteration fetches batches from the core."""

    def __init__(self, native: NativeItems) -> None:
        self._native = native
        self._buf: List[T] = []

    def __iter__(self) -> "Items[T]":
        return self

    def __next__(self) -> T:
        while not self._buf:
            text = self._native.next_batch(100)
            if text is None:
                raise StopIteration
            self._buf = list(reversed(json.loads(text)))
        return self._buf.pop()

    def close(self) -> None:
        """Stops the stream (no further requests)."""
        self._native.close()


class AsyncItems(AsyncIterator[T], Generic[T]):
    """The asyncio flavour of :class:`Items`."""

    def __init__(self, native: NativeItems) -> None:
        self._native = native
        self._buf: List[T] = []

    def __aiter__(self) -> "AsyncItems[T]":
        return self

    async def __anext__(self) -> T:
        while not self._buf:
            text = await self._native.next_batch_async(100)
            if text is None:
                raise StopAsyncIteration
            self._buf = list(reversed(json.loads(text)))
        return self._buf.pop()

    def close(self) -> None:
        """Stops the stream (no further requests)."""
        self._native.close()


def _emails(emails: Union[str, Iterable[str]]) -> List[str]:
    if isinstance(emails, str):
        return [emails]
    out = list(emails)
    if not all(isinstance(e, str) for e in out):
        raise InvalidArgumentError("offboard: every e-mail must be a str", kind="invalid_argument")
    return out


class Workflows:
    """The workflows of a blocking :class:`AdminClient`."""

    __slots__ = ("_native",)

    def __init__(self, native: NativeClient) -> None:
        self._native = native

    def offboard(
        self,
        org_id: str,
        emails: Union[str, Iterable[str]],
        *,
        dry_run: bool = False,
        scim: Optional["ScimClient"] = None,
        concurrency: int = 4,
    ) -> List[AuditRecord]:
        """Offboards each address: finds the account in every directory, deactivates a
        SCIM-managed user through ``scim`` (without it such a user is left alone and reported
        ``blocked``), suspends the user in each directory, removes the group memberships and
        revokes the API tokens. One :class:`AuditRecord` per address; ``dry_run`` sends no
        write; a second run on an offboarded user changes nothing."""
        text = self._native.offboard(org_id, _emails(emails), dry_run, scim._native if scim is not None else None, concurrency)
        records: List[AuditRecord] = json.loads(text)
        return records

    def inactive_users(self, org_id: str, *, days: int, concurrency: int = 8) -> Items[InactiveUser]:
        """Users whose latest activity in any product is older than ``days`` days (or who were
        never active), from the last-active-dates endpoint."""
        return Items(self._native.inactive_users(org_id, days, concurrency))

    def export(self, org_id: str, what: ExportKind) -> Items[Dict[str, Any]]:
        """Every item of one listing of the organization, streamed."""
        return Items(self._native.export(org_id, what))

    def tail_events(
        self, org_id: str, *, follow: bool = False, actions: Sequence[str] = (), from_: Optional[str] = None, interval: float = 6.0
    ) -> Items[Dict[str, Any]]:
        """The audit log in time order from ``from_`` (RFC 3339 or epoch milliseconds; default
        an hour ago), only ``actions`` if given; one poll every ``interval`` seconds (6 keeps
        within the events API's limit). With ``follow`` it never ends."""
        return Items(self._native.tail_events(org_id, from_, list(actions), follow, interval))


class AsyncWorkflows:
    """The workflows of an :class:`AsyncAdminClient` (the same as :class:`Workflows`)."""

    __slots__ = ("_native",)

    def __init__(self, native: NativeClient) -> None:
        self._native = native

    async def offboard(
        self,
        org_id: str,
        emails: Union[str, Iterable[str]],
        *,
        dry_run: bool = False,
        scim: Optional["AsyncScimClient"] = None,
        concurrency: int = 4,
    ) -> List[AuditRecord]:
        """See :meth:`Workflows.offboard`."""
        text = await self._native.offboard_async(org_id, _emails(emails), dry_run, scim._native if scim is not None else None, concurrency)
        records: List[AuditRecord] = json.loads(text)
        return records

    def inactive_users(self, org_id: str, *, days: int, concurrency: int = 8) -> AsyncItems[InactiveUser]:
        """See :meth:`Workflows.inactive_users`."""
        return AsyncItems(self._native.inactive_users(org_id, days, concurrency))

    def export(self, org_id: str, what: ExportKind) -> AsyncItems[Dict[str, Any]]:
        """See :meth:`Workflows.export`."""
        return AsyncItems(self._native.export(org_id, what))

    def tail_events(
        self, org_id: str, *, follow: bool = False, actions: Sequence[str] = (), from_: Optional[str] = None, interval: float = 6.0
    ) -> AsyncItems[Dict[str, Any]]:
        """See :meth:`Workflows.tail_events`."""
        return AsyncItems(self._native.tail_events(org_id, from_, list(actions), follow, interval))
