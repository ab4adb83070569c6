'use strict';
// The Node side of bench/run.py: one scenario, one client, one JSON line of results.
//
//   node bench/node/clients.js CLIENT SCENARIO INFO [PARAMS]
//
// CLIENT: `ours` (the atlassian-admin package) or `fetch` (a plain fetch loop, the floor).
// SCENARIO: `list-v2`, `list-v1`, `latency` or `bulk`. INFO is the mock's first output line,
// PARAMS a JSON object. Wall and CPU time cover the measured part only.

const fs = require('node:fs');
const path = require('node:path');

/** Light per-item work, the same in every language: read two members. */
const touch = (u, idKey) => (u[idKey] || '').length + (u.email || '').length;

async function latencies(call, n) {
  for (let i = 0; i < 20; i++) await call();
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await call();
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  xs.sort((a, b) => a - b);
  return { items: n, p50_ms: xs[Math.floor(n / 2)], p99_ms: xs[Math.min(Math.floor((n * 99) / 100), n - 1)] };
}

const ids = (params) => JSON.parse(fs.readFileSync(params.ids_file, 'utf8'));

async function ours(info, scenario, params) {
  const { AdminClient } = require(path.join(__dirname, '..', '..', 'bindings', 'node'));
  const c = new AdminClient({ apiKey: info.org_api_key, baseUrl: info.base_url, retry: { maxAttempts: 50, maxElapsedMs: 600000 } });
  const org = c.org(info.org_id);
  if (scenario === 'list-v2' || scenario === 'list-v1') {
    const [items, key] =
      scenario === 'list-v2' ? [org.directory(info.directory_id).users().search({ limit: 100 }), 'accountId'] : [org.users().list(), 'account_id'];
    let n = 0;
    let t = 0;
    for await (const u of items) {
      n++;
      t += touch(u, key);
    }
    return { items: n, touched: t };
  }
  if (scenario === 'latency') return latencies(() => org.get(), params.n || 500);
  if (scenario === 'bulk') {
    const rows = ids(params).map((accountId) => ({ orgId: info.org_id, directoryId: info.directory_id, accountId }));
    const out = await c.bulk('organization', 'suspendUser', rows, { concurrency: params.concurrency || 16 });
    const ok = out.filter((o) => o.ok).length;
    return { items: out.length, ok, failed: out.length - ok };
  }
  throw new Error(`unknown scenario ${scenario}`);
}

async function plain(info, scenario, params) {
  const headers = { authorization: `Bearer ${info.org_api_key}`, 'content-type': 'application/json' };
  const { base_url: base, org_id: org, directory_id: d } = info;
  let n = 0;
  let t = 0;
  if (scenario === 'list-v2') {
    const url = `${base}/admin/v2/orgs/${org}/directories/${d}/users/search`;
    let body = { limit: 100 };
    for (;;) {
      const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const page = await r.json();
      for (const u of page.data) {
        n++;
        t += touch(u, 'accountId');
      }
      const next = page.links && page.links.next;
      if (!next) return { items: n, touched: t };
      body = { cursor: next };
    }
  }
  if (scenario === 'list-v1') {
    let url = `${base}/admin/v1/orgs/${org}/users`;
    while (url) {
      const r = await fetch(url, { headers });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const page = await r.json();
      for (const u of page.data) {
        n++;
        t += touch(u, 'account_id');
      }
      url = page.links && page.links.next;
    }
    return { items: n, touched: t };
  }
  if (scenario === 'latency') {
    const url = `${base}/admin/v1/orgs/${org}`;
    return latencies(async () => {
      const r = await fetch(url, { headers });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    }, params.n || 500);
  }
  throw new Error(`fetch has no ${scenario} scenario`);
}

const CLIENTS = { ours, fetch: plain };

async function main() {
  const [client, scenario, infoText, paramsText] = process.argv.slice(2);
  if (!CLIENTS[client] || !infoText) {
    console.error(`usage: clients.js ${Object.keys(CLIENTS).join('|')} SCENARIO INFO [PARAMS]`);
    process.exit(2);
  }
  const info = JSON.parse(infoText);
  const params = paramsText ? JSON.parse(paramsText) : {};
  if (client === 'ours') require(path.join(__dirname, '..', '..', 'bindings', 'node'));
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const out = await CLIENTS[client](info, scenario, params);
  const used = process.cpuUsage(cpu);
  out.wall_s = Number(process.hrtime.bigint() - t) / 1e9;
  out.cpu_s = (used.user + used.system) / 1e6;
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(`clients.js: ${e && e.message}`);
  process.exit(1);
});
