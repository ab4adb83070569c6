// One or more calls into every family, concurrency, bulk, inspect, deprecation warnings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { startMock, adminClient, scimClient, lib } from './helpers.mjs';

let m, admin, scim, orgId, dirId;
before(async () => {
  m = await startMock();
  admin = adminClient(m);
  scim = scimClient(m);
  orgId = m.org_id;
  dirId = m.directory_id;
});
after(() => m && m.stop());

test('organization: org, domains, users, directory search', async () => {
  const org = await admin.org(orgId).get();
  assert.equal(org.data.id, orgId);
  const domains = await admin.org(orgId).domains().list().toArray();
  assert.ok(domains.length > 0);
  const d = await admin.org(orgId).domain(domains[0].id).get();
  assert.equal(d.data.id, domains[0].id);
  const found = await admin.org(orgId).directory(dirId).users().search({ limit: 3 }, { limit: 3 }).toArray();
  assert.equal(found.length, 3);
  const count = await admin.org(orgId).directory(dirId).users().count();
  assert.equal(typeof count.count, 'number');
});

test('user-management: profile of a managed account', async () => {
  const [u] = await admin.org(orgId).users().list({ limit: 1 }).toArray();
  const profile = await admin.user(u.account_id).profile().get();
  assert.equal(profile.account.account_id, u.account_id);
  const manage = await admin.user(u.account_id).manageability();
  assert.equal(typeof manage, 'object');
});

test('control: v2 policies', async () => {
  const policies = await admin.org(orgId).control().policies().list().toArray();
  assert.ok(Array.isArray(policies));
});

test('api-access: service accounts and token count', async () => {
  const sas = await admin.org(orgId).apiAccess().serviceAccounts().list().toArray();
  assert.ok(sas.length > 0);
  const n = await admin.org(orgId).apiAccess().tokens().count();
  assert.equal(typeof n, 'number');
});

test('dlp: levels', async () => {
  const levels = await admin.org(orgId).dlp().levels().list().toArray();
  assert.ok(levels.length > 0);
  const one = await admin.org(orgId).dlp().level(levels[0].levelId).get();
  assert.equal(one.levelId, levels[0].levelId);
});

test('user-provisioning: SCIM client CRUD and SCIM links', async () => {
  const created = await scim.users().create({
    userName: 'node.binding@acme.example.com',
    emails: [{ value: 'node.binding@acme.example.com', primary: true }],
  });
  assert.ok(created.id);
  const got = await scim.users().get(created.id);
  assert.equal(got.userName, 'node.binding@acme.example.com');
  const patched = await scim.users().patch(created.id, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'title', value: 'Binder' }],
  });
  assert.equal(patched.title, 'Binder');
  assert.equal(await scim.users().delete(created.id), null);
  await assert.rejects(scim.users().get(created.id), lib.NotFoundError);
  const config = await scim.serviceProviderConfig();
  assert.ok(Array.isArray(config.schemas));
  const [first] = await scim.users().list({ limit: 1 }).toArray();
  const links = await admin.org(orgId).scimLinks().forEmail({ email: first.userName });
  assert.equal(links.scimLinks[0].scimUserId, first.id);
  assert.equal(links.scimLinks[0].directoryId, dirId);
});

test('client.call and client.page by name', async () => {
  const org = await admin.call('organization', 'getOrgById', { orgId });
  assert.equal(org.data.id, orgId);
  const page = await admin.page('organization', 'getUsers', { orgId });
  assert.equal(page.items.length, 100);
  assert.equal(typeof page.nextCursor, 'string');
  const scimPage = await scim.page('listScimUsers', { count: 5 });
  assert.equal(scimPage.items.length, 5);
  const viaPaginate = await admin.paginate('organization', 'getUsers', { orgId }, { limit: 120 }).toArray();
  assert.equal(viaPaginate.length, 120);
});

test('200 concurrent calls on one client', async () => {
  const t0 = Date.now();
  const all = await Promise.all(Array.from({ length: 200 }, () => admin.org(orgId).get()));
  assert.equal(all.length, 200);
  assert.ok(all.every((o) => o.data.id === orgId));
  assert.ok(Date.now() - t0 < 30_000);
});

test('bulk: one outcome per item, in input order', async () => {
  const items = [{ orgId }, { orgId: 'no-such-org' }, { orgId }, {}];
  const out = await admin.bulk('organization', 'getOrgById', items, { concurrency: 2 });
  assert.equal(out.length, 4);
  assert.deepEqual(out.map((o) => o.ok), [true, false, true, false]);
  assert.equal(out[0].value.data.id, orgId);
  assert.ok(out[1].error instanceof lib.NotFoundError);
  assert.equal(out[1].error.status, 404);
  assert.ok(out[3].error instanceof lib.InvalidArgumentError);
  const scimOut = await scim.bulk('getScimUser', [{ userId: 'nope' }]);
  assert.ok(scimOut[0].error instanceof lib.NotFoundError);
});

test('util.inspect never shows the key', () => {
  for (const c of [admin, scim, adminClient(m, { apiKey: 'super-secret-key-123' })]) {
    const shown = util.inspect(c, { showHidden: true, depth: 10 });
    assert.ok(!shown.includes(m.org_api_key) && !shown.includes(m.scim_api_key) && !shown.includes('super-secret-key-123'), shown);
    assert.ok(!JSON.stringify(c).includes('secret'));
    assert.ok(!Object.values(c).some((v) => typeof v === 'string' && v.includes('mock-')));
  }
  const handle = admin.org(orgId).directory(dirId);
  assert.ok(!util.inspect(handle, { showHidden: true, depth: 10 }).includes(m.org_api_key));
});

test('deprecated methods warn once, naming the replacement', async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    await admin.org(orgId).directory(dirId).users().list({ limit: 1 }).toArray();
    await admin.org(orgId).directory(dirId).users().list({ limit: 1 }).toArray();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  const mine = warnings.filter((w) => w.code === 'ATLASSIAN_ADMIN_DEPRECATED' && w.message.includes('getDirectoryUsers'));
  assert.equal(mine.length, 1);
  assert.equal(mine[0].name, 'DeprecationWarning');
  assert.match(mine[0].message, /users\(\)\.search\(body\)/);
});
