// AbortSignal: cancelling a slow call, a listing between pages, and an already aborted signal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMock, adminClient, lib } from './helpers.mjs';

let m;
before(async () => {
  m = await startMock(['--latency-ms', '400']);
});
after(() => m && m.stop());

const isAbort = (e) => e instanceof lib.AbortError && e.name === 'AbortError' && e.code === 'ABORT_ERR';

test('aborting an in-flight call rejects at once with AbortError', async () => {
  const c = adminClient(m);
  const ac = new AbortController();
  const t0 = Date.now();
  const p = c.org(m.org_id).get({ signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(p, isAbort);
  assert.ok(Date.now() - t0 < 350, `took ${Date.now() - t0} ms`);
  // The client stays usable.
  const org = await c.org(m.org_id).get();
  assert.equal(org.data.id, m.org_id);
});

test('AbortSignal.timeout works too, and the reason is kept as the cause', async () => {
  const c = adminClient(m);
  await assert.rejects(c.call('organization', 'getOrgById', { orgId: m.org_id }, { signal: AbortSignal.timeout(50) }), (e) => {
    assert.ok(isAbort(e));
    assert.equal(e.cause && e.cause.name, 'TimeoutError');
    return true;
  });
});

test('an already aborted signal sends nothing', async () => {
  const c = adminClient(m);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(c.org(m.org_id).get({ signal: ac.signal }), isAbort);
  await assert.rejects(c.org(m.org_id).users().list({ signal: ac.signal }).toArray(), isAbort);
});

test('aborting a listing stops it between or during pages', async () => {
  const c = adminClient(m);
  const ac = new AbortController();
  const seen = [];
  await assert.rejects(
    (async () => {
      for await (const u of c.org(m.org_id).users().list({ signal: ac.signal })) {
        seen.push(u);
        if (seen.length === 100) ac.abort();
      }
    })(),
    isAbort,
  );
  assert.equal(seen.length, 100);
  // Abort while the second page is in flight.
  const ac2 = new AbortController();
  const pages = c.org(m.org_id).users().list({ signal: ac2.signal }).pages()[Symbol.asyncIterator]();
  await pages.next();
  setTimeout(() => ac2.abort(), 50);
  const t0 = Date.now();
  await assert.rejects(pages.next(), isAbort);
  assert.ok(Date.now() - t0 < 350);
});

test('bulk honours the signal', async () => {
  const c = adminClient(m);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(c.bulk('organization', 'getOrgById', [{ orgId: m.org_id }, { orgId: m.org_id }], { signal: ac.signal }), isAbort);
});
