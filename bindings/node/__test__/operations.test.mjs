// Every operation of resources.json is reachable as a resource method that dispatches to it,
// and a sample of them round-trips through the native layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, lib } from './helpers.mjs';

const resources = JSON.parse(fs.readFileSync(path.join(ROOT, 'crates/atlassian-admin/src/generated/resources.json'), 'utf8')).operations;
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

test('132 operations, all in OPERATIONS', () => {
  assert.equal(resources.length, 132);
  assert.equal(Object.keys(lib.OPERATIONS).length, 132);
  for (const op of resources) assert.ok(lib.OPERATIONS[`${op.family}/${op.operation_id}`], op.operation_id);
});

test('every operation is reachable through its handle chain', async () => {
  const admin = new lib.AdminClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
  const scim = new lib.ScimClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', directoryId: 'dir-1' });
  const seen = [];
  const record = (op, bound, positional, options) => {
    seen.push({ op, bound, positional, options });
    return 'dispatched';
  };
  admin[lib.INVOKE] = record;
  scim[lib.INVOKE] = record;
  for (const op of resources) {
    const isScim = op.chain[0].name === 'scim';
    let target = isScim ? scim : admin;
    const chain = isScim ? op.chain.slice(1) : op.chain;
    const bound = [];
    for (const link of chain) {
      const name = camel(link.name);
      assert.equal(typeof target[name], 'function', `${op.operation_id}: handle ${name}`);
      const args = link.binds ? [`${link.binds.name}-value`] : [];
      bound.push(...args);
      target = target[name](...args);
    }
    const method = camel(op.method);
    assert.equal(typeof target[method], 'function', `${op.operation_id}: method ${method} on ${target.constructor.name}`);
    const positional = op.args.map((a) => (a.name === 'body' ? { some: 'body' } : `${a.name}-arg`));
    const opts = { signal: undefined };
    assert.equal(target[method](...positional, opts), 'dispatched');
    const call = seen.pop();
    assert.equal(call.op.operationId, op.operation_id);
    assert.equal(call.op.family, op.family);
    assert.deepEqual(call.bound, bound);
    assert.deepEqual(call.positional, positional);
    assert.equal(call.options, opts);
  }
});

test('resource methods build the right JSON arguments', async () => {
  const admin = new lib.AdminClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
  const calls = [];
  admin._call = async (family, operationId, args) => calls.push({ family, operationId, args });
  admin._listing = (family, operationId, args, options) => calls.push({ family, operationId, args, options });
  await admin.org('o1').directory('d1').group('g1').removeMember('a1');
  admin.org('o1').events().list({ action: 'x', pageSize: 5, limit: 7 });
  await admin.user('acc').apiTokens().delete('t1');
  await admin.org('o1').user('u1').assignRole({ role: 'r' });
  admin.org('o1').directory('d1').users().search({ body: { limit: 3 }, limit: 10 });
  assert.deepEqual(calls[0], { family: 'organization', operationId: 'removeUserFromGroup', args: { orgId: 'o1', directoryId: 'd1', groupId: 'g1', accountId: 'a1' } });
  assert.deepEqual(calls[1].args, { orgId: 'o1', action: 'x', limit: 5 });
  assert.equal(calls[1].options.limit, 7);
  assert.deepEqual(calls[2].args, { account_id: 'acc', tokenId: 't1' });
  assert.deepEqual(calls[3].args, { orgId: 'o1', userId: 'u1', body: { role: 'r' } });
  assert.deepEqual(calls[4].args, { orgId: 'o1', directoryId: 'd1', body: { limit: 3 } });
});
