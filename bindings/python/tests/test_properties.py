"""Property tests of the calls by name (issue 13, item 2): whatever the arguments, a call
succeeds or raises an :class:`AtlassianAdminError`; never another exception type (``TypeError``,
``RecursionError``, ``OverflowError``, a pyo3 ``PanicException`` ...), a crash or a hang.

Hypothesis draws an operation from the full list (``_native.RESOURCES_JSON``), sometimes under
the wrong family, or a made-up or ill-typed name; and arguments: the operation's own parameter
names (spec and snake_case), names of other operations and arbitrary ones, with values of every
JSON shape (huge integers, NaN, ``/``, ``..``, ``%``, NUL, lone surrogates, long strings, nested
lists and objects) and some that are not JSON at all (bytes, sets, cycles, nesting far deeper than
any parser allows). Every call goes to one mock per module, with a short timeout and no retries,
under a wall-clock guard. The runs are derandomized: the same examples on every run.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import atlassian_admin as aa
from atlassian_admin import _native
from conftest import Mock, start_mock

OPS: List[Dict[str, Any]] = json.loads(_native.RESOURCES_JSON)["operations"]
BY_KEY = {(op["family"], op["operation_id"]): op for op in OPS}
SCIM_FAMILY = "user-provisioning"
# The operations to draw from, as (family, operationId) keys of BY_KEY (short reprs).
ALL_OPS = sorted(BY_KEY)
SCIM_OPS = [k for k in ALL_OPS if k[0] == SCIM_FAMILY]
# For listings: each list operation nine times as often as any other.
LIST_OPS = [k for k in ALL_OPS if BY_KEY[k]["page"]] * 8 + ALL_OPS
SCIM_LIST_OPS = [k for k in SCIM_OPS if BY_KEY[k]["page"]] * 8 + SCIM_OPS
FAMILIES = sorted({op["family"] for op in OPS})

# Seconds a call may take before it counts as a hang: the clients below time out after 2 s and
# never retry, so a listing of a few pages ends well within this.
HANG = 20.0

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def names(op: Dict[str, Any]) -> List[str]:
    """Every parameter name an operation takes: spec names and snake_case, and ``body``."""
    out: List[str] = []
    for link in op["chain"]:
        if link["binds"]:
            out += [link["binds"]["name"], *link["binds"]["params"]]
    for a in op["args"] + op["query"]:
        out += [a["name"], a["param"]]
    return sorted(set(out))


def path_params(op: Dict[str, Any]) -> List[Tuple[str, str]]:
    """The (spec name, snake_case name) of each path parameter."""
    out = [(link["binds"]["params"][0], link["binds"]["name"]) for link in op["chain"] if link["binds"]]
    return out + [(a["param"], a["name"]) for a in op["args"] if a["name"] != "body"]


ALL_NAMES = sorted({n for op in OPS for n in names(op)} | {"body", "family", "operation_id", "directoryId", "signal"})


@dataclass(frozen=True)
class Real:
    """Stands for a real identifier of the running mock (``org_id``, ``directory_id``, ...),
    filled in when the call is made, so that some calls reach the operation itself."""

    attr: str


class Deep(list):  # type: ignore[type-arg]
    """A list nested ``depth`` levels deep (its repr stays short)."""

    def __init__(self, depth: int) -> None:
        inner: List[Any] = []
        for _ in range(depth - 1):
            inner = [inner]
        super().__init__([inner])
        self.depth = depth

    def __repr__(self) -> str:
        return f"Deep({self.depth})"


class Long(str):
    """A string of ``n`` x's (its repr stays short)."""

    def __new__(cls, n: int) -> "Long":
        return super().__new__(cls, "x" * n)

    def __repr__(self) -> str:
        return f"Long({len(self)})"


class Huge(int):
    """An integer of more digits than ``int`` turns into text by default (and a short repr)."""

    def __repr__(self) -> str:
        return f"Huge(10**{len(str(self // 10**4000)) + 3999})"


def cycle() -> List[Any]:
    c: List[Any] = []
    c.append(c)
    return c


SPECIAL_STRINGS = [
    "", " ", "/", "//", ".", "..", "../..", "a/../b", "%", "%2F", "%00", "%zz", "?x=1&y=2", "#frag", "a b",
    "\x00", "a\x00b", "\r\nX-Injected: 1", "\ud800", "\udfff", "\ufeff", "é", "😀", "{orgId}", "null",
    Long(1025), Long(100_000),
]
SPECIAL_NUMBERS: List[Any] = [
    0, -1, 1, 2**31, 2**32, 2**53 + 1, 2**63, 2**64, -(2**63) - 1, 10**30, 10**400, Huge(10**5000),
    float("nan"), float("inf"), float("-inf"), -0.0, 1e308, 5e-324, 1.5,
]
NOT_JSON: List[Any] = [
    object(), b"bytes", bytearray(b"x"), {1, 2}, frozenset(), complex(1, 2), (1, "x"), range(3), Ellipsis,
    {(1, 2): 3}, {None: 1, 1.5: 2, True: 3}, Deep(127), Deep(128), Deep(129), Deep(2000), Deep(50_000),
]
REAL = [Real("org_id"), Real("directory_id"), Real("account_id")]

chars = st.one_of(st.characters(), st.sampled_from(["\ud800", "\udc00", "\x00", "/", "%", ".", "?", "#", "\n", "{"]))
text = st.one_of(st.text(chars, max_size=24), st.sampled_from(SPECIAL_STRINGS))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(SPECIAL_NUMBERS),
    st.floats(),
    text,
)
json_values = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.dictionaries(st.one_of(text, st.sampled_from(ALL_NAMES)), kids, max_size=4),
    ),
    max_leaves=12,
)


@st.composite
def values(draw: st.DrawFn) -> Any:
    """Mostly a JSON value; one time in ten something that is not JSON at all."""
    if draw(st.integers(0, 9)) < 9:
        return draw(json_values)
    return draw(st.one_of(st.sampled_from(NOT_JSON), st.builds(cycle)))


# A family or an operationId that is not a real one, or not a string at all.
bad_names = st.one_of(text, st.none(), st.integers(), st.sampled_from([b"getOrgs", ["organization"], {"a": 1}, 1.5, True]))


@st.composite
def arguments(draw: st.DrawFn, op: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """An argument dict: usually every path parameter with a plausible value; then a few of the
    operation's own names, and sometimes names of other operations or made-up ones, with any
    values."""
    args: Dict[str, Any] = {}
    if op is not None and draw(st.integers(0, 2)) < 2:
        for spec, snake in path_params(op):
            args[draw(st.sampled_from([spec, snake]))] = draw(st.sampled_from(REAL) if draw(st.integers(0, 2)) < 2 else text)
    own = names(op) if op is not None else []
    if own:
        args.update(draw(st.dictionaries(st.sampled_from(own), st.one_of(st.sampled_from(REAL), values()), max_size=3)))
    if not own or draw(st.integers(0, 3)) == 3:
        args.update(draw(st.dictionaries(st.one_of(st.sampled_from(ALL_NAMES), text), values(), max_size=3)))
    return args


@st.composite
def by_name(draw: st.DrawFn, ops: List[Tuple[str, str]]) -> Tuple[Any, Any, Dict[str, Any]]:
    """``(family, operation_id, arguments)``: mostly a real operation, sometimes under another
    family, sometimes a name that does not exist or is not a string."""
    pick = draw(st.integers(0, 9))
    if pick < 8:
        key = draw(st.sampled_from(ops))
        family = key[0] if pick < 7 else draw(st.sampled_from(FAMILIES))
        return family, key[1], draw(arguments(BY_KEY[key]))
    return draw(bad_names), draw(bad_names), draw(arguments(None))


@dataclass(repr=False)
class Env:
    """The module's mock and its clients (timeout 2 s, no retries)."""

    mock: Mock
    account_id: str
    admin: aa.AdminClient
    scim: aa.ScimClient
    async_admin: aa.AsyncAdminClient
    async_scim: aa.AsyncScimClient

    def fill(self, args: Dict[str, Any]) -> Dict[str, Any]:
        def real(v: Any) -> Any:
            if isinstance(v, Real):
                return self.account_id if v.attr == "account_id" else getattr(self.mock, v.attr)
            return v

        return {k: real(v) for k, v in args.items()}

    def __repr__(self) -> str:
        return f"Env(mock at {self.mock.base_url})"


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    m = start_mock()
    opts: Dict[str, Any] = dict(timeout=2.0, connect_timeout=1.0, retry=None)
    admin = m.admin(**opts)
    account_id = admin.org(m.org_id).users().list().first_page().items[0]["account_id"]
    yield Env(m, account_id, admin, m.scim(**opts), m.async_admin(**opts), m.async_scim(**opts))
    m.stop()


def outcome(e: Optional[aa.AtlassianAdminError]) -> None:
    """Counts outcomes by kind (``pytest --hypothesis-show-statistics`` shows them)."""
    event("success" if e is None else f"{e.kind}{' (sent)' if e.attempts else ''}")


def typed_or_success(fn: Callable[[], Any]) -> None:
    """Runs ``fn`` in a thread of its own; fails if it takes longer than :data:`HANG`, and
    re-raises whatever it raised that is not an :class:`AtlassianAdminError`."""
    raised: List[BaseException] = []
    typed: List[aa.AtlassianAdminError] = []

    def run() -> None:
        try:
            fn()
        except aa.AtlassianAdminError as e:
            typed.append(e)
        except BaseException as e:  # reported below
            raised.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(HANG)
    if t.is_alive():
        pytest.fail(f"the call did not return within {HANG} s")
    if raised:
        raise raised[0]
    outcome(typed[0] if typed else None)


def typed_or_success_async(make: Callable[[], Awaitable[Any]]) -> None:
    """:func:`typed_or_success` for a coroutine, on an event loop of its own."""

    async def settle() -> Optional[aa.AtlassianAdminError]:
        try:
            await make()
        except aa.AtlassianAdminError as e:
            return e
        return None

    async def main() -> None:
        task = asyncio.ensure_future(settle())
        done, _ = await asyncio.wait({task}, timeout=HANG)
        if not done:
            task.cancel()
            pytest.fail(f"the call did not return within {HANG} s")
        outcome(task.result())  # re-raises anything but an AtlassianAdminError

    asyncio.run(main())


# What a listing is asked for: the first page, a limited run of items, or a few whole pages,
# with an arbitrary limit and starting cursor.
limits = st.one_of(st.none(), st.integers(0, 5), st.sampled_from([-1, 2**32, 2**64, 2**70, 1.5, "3", True]))
cursors = st.one_of(st.none(), text, st.sampled_from([5, b"c", ["c"]]))
listing_modes = st.tuples(st.sampled_from(["first_page", "items", "pages"]), limits, cursors)


def pager_of(pager: Any, limit: Any, cursor: Any) -> Any:
    if limit is not None:
        pager = pager.limit(limit)
    if cursor is not None:
        pager = pager.starting_at(cursor)
    return pager


def read(pager: Any, mode: str) -> None:
    if mode == "first_page":
        pager.first_page()
    elif mode == "items":
        for n, _ in enumerate(pager):
            if n == 25:
                break
    else:
        for n, _ in enumerate(pager.pages()):
            if n == 2:
                break


async def read_async(pager: Any, mode: str) -> None:
    if mode == "first_page":
        await pager.first_page()
    elif mode == "items":
        n = 0
        async for _ in pager:
            n += 1
            if n == 25:
                break
    else:
        n = 0
        async for _ in pager.pages():
            n += 1
            if n == 2:
                break


@SETTINGS
@given(call=by_name(ALL_OPS))
def test_admin_call_by_name(env: Env, call: Tuple[Any, Any, Dict[str, Any]]) -> None:
    family, operation_id, args = call
    typed_or_success(lambda: env.admin.call(family, operation_id, **env.fill(args)))


@settings(SETTINGS, max_examples=200)
@given(call=by_name(SCIM_OPS))
def test_scim_call_by_name(env: Env, call: Tuple[Any, Any, Dict[str, Any]]) -> None:
    _, operation_id, args = call
    typed_or_success(lambda: env.scim.call(operation_id, **env.fill(args)))


@settings(SETTINGS, max_examples=150)
@given(call=by_name(ALL_OPS))
def test_async_admin_call_by_name(env: Env, call: Tuple[Any, Any, Dict[str, Any]]) -> None:
    family, operation_id, args = call
    typed_or_success_async(lambda: env.async_admin.call(family, operation_id, **env.fill(args)))


@settings(SETTINGS, max_examples=100)
@given(call=by_name(SCIM_OPS))
def test_async_scim_call_by_name(env: Env, call: Tuple[Any, Any, Dict[str, Any]]) -> None:
    _, operation_id, args = call
    typed_or_success_async(lambda: env.async_scim.call(operation_id, **env.fill(args)))


@SETTINGS
@given(call=by_name(LIST_OPS), listing=listing_modes)
def test_paginate_by_name(env: Env, call: Tuple[Any, Any, Dict[str, Any]], listing: Tuple[str, Any, Any]) -> None:
    family, operation_id, args = call
    mode, limit, cursor = listing
    typed_or_success(lambda: read(pager_of(env.admin.paginate(family, operation_id, **env.fill(args)), limit, cursor), mode))


@settings(SETTINGS, max_examples=100)
@given(call=by_name(SCIM_LIST_OPS), listing=listing_modes)
def test_scim_paginate_by_name(env: Env, call: Tuple[Any, Any, Dict[str, Any]], listing: Tuple[str, Any, Any]) -> None:
    _, operation_id, args = call
    mode, limit, cursor = listing
    typed_or_success(lambda: read(pager_of(env.scim.paginate(operation_id, **env.fill(args)), limit, cursor), mode))


@settings(SETTINGS, max_examples=150)
@given(call=by_name(LIST_OPS), listing=listing_modes)
def test_async_paginate_by_name(env: Env, call: Tuple[Any, Any, Dict[str, Any]], listing: Tuple[str, Any, Any]) -> None:
    family, operation_id, args = call
    mode, limit, cursor = listing

    async def go() -> None:
        await read_async(pager_of(env.async_admin.paginate(family, operation_id, **env.fill(args)), limit, cursor), mode)

    typed_or_success_async(go)


@st.composite
def bulk_runs(draw: st.DrawFn, ops: List[Tuple[str, str]]) -> Tuple[Any, Any, Any, Any]:
    """``(family, operation_id, items, concurrency)``: items are mostly argument dicts of the
    operation, sometimes values that are not mappings, and sometimes not a list at all; the
    concurrency is any number or none."""
    family, operation_id, _ = draw(by_name(ops))
    op = BY_KEY.get((family, operation_id)) if isinstance(family, str) and isinstance(operation_id, str) else None

    @st.composite
    def item(draw: st.DrawFn) -> Any:
        return draw(arguments(op)) if draw(st.integers(0, 4)) < 4 else draw(values())

    items = draw(st.lists(item(), max_size=4)) if draw(st.integers(0, 4)) < 4 else draw(values())
    concurrency = draw(st.sampled_from([16, 1, 2, 0, -1, 10_000, 10_001, 2**64, 1.5, "4", None]))
    return family, operation_id, items, concurrency


def fill_items(env: Env, items: Any) -> Any:
    return [env.fill(i) if isinstance(i, dict) else i for i in items] if isinstance(items, list) else items


@settings(SETTINGS, max_examples=100)
@given(run=bulk_runs(ALL_OPS))
def test_bulk_by_name(env: Env, run: Tuple[Any, Any, Any, Any]) -> None:
    family, operation_id, items, concurrency = run

    def go() -> None:
        for o in env.admin.bulk(family, operation_id, fill_items(env, items), concurrency):
            assert o.ok or isinstance(o.error, aa.AtlassianAdminError), o

    typed_or_success(go)


@settings(SETTINGS, max_examples=50)
@given(run=bulk_runs(ALL_OPS))
def test_async_bulk_by_name(env: Env, run: Tuple[Any, Any, Any, Any]) -> None:
    family, operation_id, items, concurrency = run

    async def go() -> None:
        for o in await env.async_admin.bulk(family, operation_id, fill_items(env, items), concurrency):
            assert o.ok or isinstance(o.error, aa.AtlassianAdminError), o

    typed_or_success_async(go)


@settings(SETTINGS, max_examples=50)
@given(run=bulk_runs(SCIM_OPS))
def test_scim_bulk_by_name(env: Env, run: Tuple[Any, Any, Any, Any]) -> None:
    _, operation_id, items, concurrency = run

    def go() -> None:
        for o in env.scim.bulk(operation_id, fill_items(env, items), concurrency):
            assert o.ok or isinstance(o.error, aa.AtlassianAdminError), o

    typed_or_success(go)


def nested(depth: int) -> List[Any]:
    v: List[Any] = []
    for _ in range(depth):
        v = [v]
    return v


def users(c: aa.AdminClient, org: str) -> aa.Pager[Any]:
    return c.paginate("organization", "getUsers", orgId=org)


# The inputs these properties found escaping as another exception type (the one in brackets),
# each an InvalidArgumentError now.
FOUND: Dict[str, Callable[[aa.AdminClient, str], Any]] = {
    "nested 5000 deep (RecursionError)": lambda c, org: c.call("organization", "getOrgById", orgId=org, x=nested(5000)),
    "family None (TypeError)": lambda c, org: c.call(None, "getOrgById", orgId=org),  # type: ignore[arg-type]
    "lone surrogate operationId (UnicodeEncodeError)": lambda c, org: c.call("organization", "\ud800"),
    "limit -1 (ValueError)": lambda c, org: users(c, org).limit(-1),
    "limit 1.5 (TypeError)": lambda c, org: users(c, org).limit(1.5).first_page(),  # type: ignore[arg-type]
    "cursor 5 (TypeError)": lambda c, org: users(c, org).starting_at(5).first_page(),  # type: ignore[arg-type]
    "lone surrogate cursor (UnicodeEncodeError)": lambda c, org: users(c, org).starting_at("\udc00").first_page(),
    "bulk item 1 (TypeError)": lambda c, org: c.bulk("organization", "getOrgById", [1]),  # type: ignore[list-item]
    "bulk items 5 (TypeError)": lambda c, org: c.bulk("organization", "getOrgById", 5),  # type: ignore[arg-type]
    "bulk item 'ab' (ValueError)": lambda c, org: c.bulk("organization", "getOrgById", ["ab"]),  # type: ignore[list-item]
    "concurrency -1 (OverflowError)": lambda c, org: c.bulk("organization", "getOrgById", [{}], concurrency=-1),
    "concurrency 1.5 (TypeError)": lambda c, org: c.bulk("organization", "getOrgById", [{}], concurrency=1.5),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_found_inputs_are_invalid_argument_errors(env: Env, case: str) -> None:
    with pytest.raises(aa.InvalidArgumentError) as e:
        FOUND[case](env.admin, env.mock.org_id)
    assert e.value.kind == "invalid_argument" and e.value.attempts == 0


def test_a_limit_past_the_machine_word_lists_everything(env: Env) -> None:
    # It raised OverflowError: the native pager takes a usize.
    pager = env.admin.paginate("organization", "getUsers", orgId=env.mock.org_id)
    assert len(pager.limit(2**70).to_list()) == len(pager.to_list()) > 0


def test_clients_still_work_after_the_runs(env: Env) -> None:
    assert env.admin.call("organization", "getOrgById", orgId=env.mock.org_id)["data"]["id"] == env.mock.org_id
    assert env.scim.paginate("listScimUsers").first_page().items
    assert asyncio.run(env.async_admin.call("organization", "getOrgById", orgId=env.mock.org_id))["data"]["id"] == env.mock.org_id
