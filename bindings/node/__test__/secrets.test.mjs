// Keys never reach any output: a failing run at the most verbose log level, every byte captured.
// A child process talks to a mock that knows two secret keys and injects 500s, 503s, 429s and
// truncated bodies, logs at ATLASSIAN_ADMIN_LOG=trace, prints util.inspect and String() of clients,
// errors, outcomes and listings, tries a wrong key and a malformed one, runs a bulk call and a
// dry-run offboarding, and ends with an unhandled rejection. Its stdout and stderr are searched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, mockBinary } from './helpers.mjs';

const ORG_KEY = 'org-secret-4f1c9a7e2b';
const SCIM_KEY = 'scim-secret-8d03b6e51a';
const WRONG_KEY = 'wrong-secret-1e7f2c9d04';

const CHILD = String.raw`
const util = require('node:util');
const { spawn } = require('node:child_process');
const { createInterface } = require('node:readline');
const lib = require(process.argv[1]);
const [ORG_KEY, SCIM_KEY, WRONG_KEY, MOCK] = process.argv.slice(2);
const show = (label, v) => console.log(label, util.inspect(v, { depth: 10, showHidden: true, getters: true }), String(v));
(async () => {
  const child = spawn(MOCK, ['--port', '0', '--exit-on-stdin-close', '--org-api-key', ORG_KEY, '--scim-api-key', SCIM_KEY,
    '--error-500', '0.15', '--error-503', '0.1', '--truncated', '0.05', '--rate-limit', '40', '--seed', '7'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const info = JSON.parse(await new Promise((r) => createInterface({ input: child.stdout }).once('line', r)));
  process.on('exit', () => child.kill());
  const retry = { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 100 };
  const client = new lib.AdminClient({ apiKey: ORG_KEY, baseUrl: info.base_url, retry });
  const scim = new lib.ScimClient({ apiKey: SCIM_KEY, baseUrl: info.base_url, directoryId: info.directory_id, retry });
  show('client', client); show('scim', scim); console.log(JSON.stringify(client), Object.entries(client));
  const org = client.org(info.org_id);
  const listing = org.users().list();
  show('listing', listing);
  for await (const u of listing) { show('user', u); break; }
  const calls = [
    () => org.domain('nope').get(),
    () => new lib.AdminClient({ apiKey: WRONG_KEY, baseUrl: info.base_url }).org(info.org_id).get(),
    () => new lib.AdminClient({ apiKey: ORG_KEY + '\n', baseUrl: info.base_url }),
    () => scim.users().get('nope'),
    () => client.call('organization', 'getOrgById', { orgId: '' }),
    () => org.directory(info.directory_id).user('nope').suspend(),
  ];
  for (const call of calls) {
    try { show('ok', await call()); } catch (e) { show('error', e); console.error(e); console.log(e.stack, JSON.stringify(e)); }
  }
  show('outcomes', await client.bulk('organization', 'getOrgById', Array(8).fill(0).map((_, i) => ({ orgId: i % 2 ? info.org_id : 'x' })), { concurrency: 4 }));
  show('offboard', await client.workflows.offboard(info.org_id, ['nobody@example.com'], { dryRun: true }));
  await new lib.AdminClient({ apiKey: WRONG_KEY, baseUrl: info.base_url }).org(info.org_id).get(); // unhandled
})();
`;

test('no key in any output of a failing, fully logged run', () => {
  const run = spawnSync(process.execPath, ['-e', CHILD, path.join(ROOT, 'bindings', 'node', 'index.js'), ORG_KEY, SCIM_KEY, WRONG_KEY, mockBinary()], {
    env: { ...process.env, ATLASSIAN_ADMIN_LOG: 'trace' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = run.stdout + run.stderr;
  // The run really failed, really logged, really hit the faults: otherwise the search proves little.
  assert.notEqual(run.status, 0, out.slice(-3000));
  assert.match(out, /AuthenticationError/, out.slice(-3000));
  assert.match(out, /getOrgById/);
  assert.match(out, /attempt/);
  assert.match(out, /retrying/, 'the injected faults were retried');
  for (const key of [ORG_KEY, SCIM_KEY, WRONG_KEY]) {
    const at = out.indexOf(key);
    assert.equal(at, -1, `${key} leaked: ...${out.slice(Math.max(0, at - 300), at + 100)}...`);
  }
});
