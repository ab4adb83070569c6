// Every error class from real mock answers, plus argument errors raised before sending.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMock, adminClient, scimClient, lib } from './helpers.mjs';

const mocks = [];
let m;
before(async () => {
  m = await startMock();
  mocks.push(m);
});
after(() => Promise.all(mocks.map((x) => x.stop())));

function check(e, Cls, fields) {
  assert.ok(e instanceof Cls, `${e && e.name} is not a ${Cls.name}: ${e && e.message}`);
  assert.ok(e instanceof lib.AtlassianAdminError);
  for (const [k, v] of Object.entries(fields)) assert.equal(e[k], v, `${k}`);
  return true;
}

test('401 with a wrong key: AuthenticationError', async () => {
  const c = adminClient(m, { apiKey: 'wrong-key' });
  await assert.rejects(c.org(m.org_id).get(), (e) => check(e, lib.AuthenticationError, { status: 401, kind: 'Unauthorized', operation: 'getOrgById' }));
  const s = scimClient(m, { apiKey: 'wrong-key' });
  await assert.rejects(s.users().list().toArray(), (e) => check(e, lib.AuthenticationError, { status: 401 }));
});

test('403 with another organization\'s key: PermissionDeniedError', async () => {
  const c = adminClient(m, { apiKey: 'mock-other-org-api-key' });
  await assert.rejects(c.org(m.org_id).get(), (e) => check(e, lib.PermissionDeniedError, { status: 403, kind: 'Forbidden' }));
});

test('404: NotFoundError with code and body', async () => {
  const c = adminClient(m);
  await assert.rejects(c.org(m.org_id).domain('no-such-domain').get(), (e) => {
    check(e, lib.NotFoundError, { status: 404, operation: 'getDomainById' });
    assert.ok(e.code);
    assert.ok(e.body.includes('errors'));
    assert.ok(e instanceof lib.ApiError);
    return true;
  });
});

test('400: BadRequestError for a bad page cursor', async () => {
  const c = adminClient(m);
  await assert.rejects(c.org(m.org_id).users().list({ startingAt: 'not-a-cursor' }).toArray(), (e) =>
    check(e, lib.BadRequestError, { status: 400, kind: 'BadRequest' }),
  );
});

test('409: ConflictError for a duplicate SCIM userName', async () => {
  const s = scimClient(m);
  const [existing] = await s.users().list({ count: 1, limit: 1 }).toArray();
  await assert.rejects(s.users().create({ userName: existing.userName }), (e) => {
    check(e, lib.ConflictError, { status: 409, kind: 'Conflict', operation: 'createScimUser' });
    assert.ok(e.code);
    return true;
  });
});

test('429 with --rate-limit 1 and retries off: RateLimitedError with retryAfter', async () => {
  const limited = await startMock(['--rate-limit', '1']);
  mocks.push(limited);
  const c = adminClient(limited, { retry: false });
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => c.org(limited.org_id).get()));
  const failures = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
  assert.ok(failures.length >= 1, 'at least one call is rate limited');
  for (const e of failures) {
    check(e, lib.RateLimitedError, { status: 429, kind: 'RateLimited', retryable: true });
    assert.equal(typeof e.retryAfter, 'number');
    assert.ok(e.retryAfter >= 0);
  }
});

test('timeout: TimeoutError (a TransportError)', async () => {
  const slow = await startMock(['--latency-ms', '1500']);
  mocks.push(slow);
  const c = adminClient(slow, { timeoutMs: 200, retry: false });
  await assert.rejects(c.org(slow.org_id).get(), (e) => {
    check(e, lib.TimeoutError, { kind: 'Timeout', status: null });
    assert.ok(e instanceof lib.TransportError);
    return true;
  });
});

test('transport: connection refused is a TransportError', async () => {
  const c = new lib.AdminClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1', retry: false });
  await assert.rejects(c.org('o').get(), (e) => check(e, lib.TransportError, { kind: 'Transport' }));
});

test('invalid arguments are rejected before sending', async () => {
  const c = adminClient(m);
  await assert.rejects(c.org(undefined).get(), (e) => check(e, lib.InvalidArgumentError, { kind: 'InvalidArgument' }));
  await assert.rejects(c.org(m.org_id).get({ nope: 1 }), lib.InvalidArgumentError);
  await assert.rejects(c.org(m.org_id).users().list({ bogus: true }).toArray(), lib.InvalidArgumentError);
  await assert.rejects(c.org(m.org_id).users().list({ limit: -1 }).toArray(), lib.InvalidArgumentError);
  await assert.rejects(c.call('organization', 'noSuchOperation', {}), lib.InvalidArgumentError);
  await assert.rejects(c.call('organization', 'getOrgById', { orgId: m.org_id, extra: 1 }), lib.InvalidArgumentError);
  await assert.rejects(c.org(m.org_id).policies().create(), lib.InvalidArgumentError);
  await assert.rejects(c.org(m.org_id).events().list({ pageSize: 'many' }).toArray(), lib.InvalidArgumentError);
  assert.throws(() => new lib.AdminClient({}), lib.InvalidArgumentError);
  assert.throws(() => new lib.AdminClient({ apiKey: 'k', baseUrl: 'http://example.com' }), lib.InvalidArgumentError);
  assert.throws(() => new lib.AdminClient({ apiKey: 'k', timeout: 5 }), lib.InvalidArgumentError);
  assert.throws(() => new lib.ScimClient({ apiKey: 'k' }), lib.InvalidArgumentError);
  assert.throws(() => new lib.AdminClient({ apiKey: 'k\nx' }), lib.InvalidArgumentError);
});

test('every error kind of the core has a class of its own', () => {
  assert.ok(lib.ERROR_KINDS.includes('UnexpectedStatus') && lib.ERROR_KINDS.includes('ResponseTooLarge'));
  const classes = lib.ERROR_KINDS.map((k) => lib.errorClassFor(k));
  assert.ok(classes.every((c) => typeof c === 'function'), 'a class for every kind');
  assert.equal(new Set(classes).size, classes.length, 'distinct classes');
});

test('errors say how many attempts were made and whether the request may have arrived', async () => {
  const f = await startMock(['--error-503', '1']);
  try {
    const c = adminClient(f);
    const e = await c.org(f.org_id).get().catch((x) => x);
    assert.ok(e instanceof lib.ServerError);
    assert.ok(e.attempts > 1 && e.maybeSent, `${e.attempts} ${e.maybeSent}`);
    const big = await c.org('x'.repeat(1 << 20)).get().catch((x) => x);
    assert.ok(big instanceof lib.InvalidArgumentError, String(big));
    assert.deepEqual([big.attempts, big.maybeSent], [0, false]);
  } finally {
    await f.stop();
  }
});

test('a body over maxResponseBytes is a ResponseTooLargeError with the real status', async () => {
  const c = new lib.AdminClient({ apiKey: m.org_api_key, baseUrl: m.base_url, maxResponseBytes: 64 });
  const e = await c.org(m.org_id).users().list().toArray().catch((x) => x);
  assert.ok(e instanceof lib.ResponseTooLargeError, String(e));
  assert.equal(e.status, 200);
  assert.equal(e.kind, 'ResponseTooLarge');
  assert.ok(!(e instanceof lib.DecodeError), 'nothing was decoded: not a DecodeError');
});

test('the class tree follows the core\'s kinds (and is the same as in Python)', () => {
  // ResponseTooLarge is a kind of its own in the core, beside Decode, not a kind of decode error.
  const tree = {
    ApiError: 'AtlassianAdminError',
    BadRequestError: 'ApiError',
    AuthenticationError: 'ApiError',
    PermissionDeniedError: 'ApiError',
    NotFoundError: 'ApiError',
    ConflictError: 'ApiError',
    RateLimitedError: 'ApiError',
    ServerError: 'ApiError',
    UnexpectedStatusError: 'ApiError',
    TransportError: 'AtlassianAdminError',
    TimeoutError: 'TransportError',
    DecodeError: 'AtlassianAdminError',
    ResponseTooLargeError: 'AtlassianAdminError',
    InvalidArgumentError: 'AtlassianAdminError',
  };
  for (const [name, parent] of Object.entries(tree)) assert.equal(Object.getPrototypeOf(lib[name]), lib[parent], `${name} extends ${parent}`);
  assert.equal(Object.getPrototypeOf(lib.AtlassianAdminError), Error);
  assert.deepEqual(
    lib.ERROR_KINDS.map((k) => lib.errorClassFor(k).name).sort(),
    Object.keys(tree).filter((n) => n !== 'ApiError').sort(),
    'every class but ApiError is the class of one kind',
  );
});

test('absurd settings are InvalidArgumentErrors from the core', () => {
  const bad = [
    { rateLimit: { requests: 0 } },
    { rateLimit: { requests: 5, burst: 0 } },
    { rateLimit: { requests: 5, perMs: 0 } },
    { rateLimit: { requests: 2.5 } },
    { retry: { maxAttempts: 0 } },
    { retry: { baseDelayMs: -1 } },
    { retry: { maxElapsedMs: Infinity } },
    { timeoutMs: 0 },
    { timeoutMs: NaN },
    { maxResponseBytes: 0 },
  ];
  for (const extra of bad) {
    assert.throws(() => new lib.AdminClient({ apiKey: 'k', ...extra }), lib.InvalidArgumentError, JSON.stringify(extra));
  }
  assert.ok(new lib.AdminClient({ apiKey: 'k', rateLimit: { requests: 10, perMs: 60_000 } }));
});
