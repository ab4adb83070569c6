// The core's workflows from Node: the same steps, records and stop rules as the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMock, adminClient, lib } from './helpers.mjs';

let m;
before(async () => {
  m = await startMock(['--users', '120']);
});
after(() => m && m.stop());

async function collect(items) {
  const out = [];
  for await (const x of items) out.push(x);
  return out;
}

async function searchUsers(c) {
  return c.org(m.org_id).directory(m.directory_id).users().search({}).toArray();
}

test('offboarding plans, acts once, then changes nothing', async () => {
  const c = adminClient(m);
  const users = await searchUsers(c);
  let email = null;
  for (const u of users) {
    if (u.managementSource === 'synced' || u.membershipStatus !== 'active') continue;
    const tokens = await c.user(u.accountId).apiTokens().list().toArray();
    if (tokens.length > 0) {
      email = u.email;
      break;
    }
  }
  assert.ok(email, 'an active, unsynced user with an API token');
  const [plan] = await c.workflows.offboard(m.org_id, email, { dryRun: true });
  assert.equal(plan.outcome, 'planned');
  assert.ok(plan.steps.some((s) => s.step === 'revoke_token' && s.outcome === 'planned'));
  const [done] = await c.workflows.offboard(m.org_id, [email]);
  assert.equal(done.outcome, 'done', JSON.stringify(done));
  const [again] = await c.workflows.offboard(m.org_id, [email]);
  assert.equal(again.outcome, 'unchanged', JSON.stringify(again));
  const [missing] = await c.workflows.offboard(m.org_id, ['nobody@nowhere.example']);
  assert.equal(missing.outcome, 'not_found');
});

test('SCIM-managed users are blocked without a SCIM client and deactivated with one', async () => {
  const c = adminClient(m);
  const synced = (await searchUsers(c)).find((u) => u.managementSource === 'synced' && u.membershipStatus === 'active');
  assert.ok(synced);
  const [blocked] = await c.workflows.offboard(m.org_id, synced.email);
  assert.equal(blocked.outcome, 'blocked');
  const scim = new lib.ScimClient({ directoryId: m.directory_id, apiKey: m.scim_api_key, baseUrl: m.base_url });
  const [done] = await c.workflows.offboard(m.org_id, synced.email, { scim });
  assert.ok(done.steps.some((s) => s.step === 'scim_deactivate' && s.outcome === 'done'), JSON.stringify(done));
  await assert.rejects(c.workflows.offboard(m.org_id, [42]), lib.InvalidArgumentError);
  await assert.rejects(c.workflows.offboard(m.org_id, 'a@b.example', { scim: c }), lib.InvalidArgumentError);
});

test('exports, the inactive report and the event tail stream', async () => {
  const c = adminClient(m);
  assert.equal((await collect(c.workflows.export(m.org_id, 'users'))).length, 120);
  assert.ok((await collect(c.workflows.export(m.org_id, 'groups'))).length > 0);
  await assert.rejects(collect(c.workflows.export(m.org_id, 'nonsense')), lib.InvalidArgumentError);
  const inactive = await collect(c.workflows.inactiveUsers(m.org_id, { days: 30 }));
  assert.ok(inactive.every((u) => u.days_inactive === null || u.days_inactive > 30));
  assert.ok(inactive.length > 0);
  await assert.rejects(collect(c.workflows.inactiveUsers(m.org_id, { days: -1 })), lib.InvalidArgumentError);
  const events = await collect(c.workflows.tailEvents(m.org_id, { from: '0', intervalMs: 20 }));
  assert.ok(events.length > 0);
  const times = events.map((e) => e.attributes.time);
  assert.deepEqual([...times].sort(), times, 'oldest first');
  // Breaking out stops a followed tail.
  let n = 0;
  for await (const _ of c.workflows.tailEvents(m.org_id, { from: '0', follow: true, intervalMs: 20 })) {
    if (++n === 3) break;
  }
  assert.equal(n, 3);
});
