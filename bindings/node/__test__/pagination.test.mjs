// Listings: page sizes, filters kept across pages, SCIM startIndex paging, early exit, limit/resume.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMock, adminClient, scimClient } from './helpers.mjs';

let m;
before(async () => {
  m = await startMock();
});
after(() => m && m.stop());

test('v1 users: 230 items over three pages', async () => {
  const admin = adminClient(m);
  const sizes = [];
  for await (const page of admin.org(m.org_id).users().list().pages()) sizes.push(page.items.length);
  assert.deepEqual(sizes, [100, 100, 30]);
  const ids = new Set();
  for await (const u of admin.org(m.org_id).users().list()) ids.add(u.account_id);
  assert.equal(ids.size, 230);
});

test('events: the filter is sent with every page', async () => {
  const admin = adminClient(m);
  const all = await admin.org(m.org_id).events().list({ pageSize: 50 }).toArray();
  const byAction = new Map();
  for (const e of all) byAction.set(e.attributes.action, (byAction.get(e.attributes.action) || 0) + 1);
  const [action, expected] = [...byAction.entries()].sort((a, b) => b[1] - a[1])[0];
  assert.ok(expected >= 3, `most frequent action has ${expected} events`);
  const pageSize = Math.max(1, Math.floor(expected / 3));
  let pages = 0;
  const filtered = [];
  for await (const p of admin.org(m.org_id).events().list({ action, pageSize }).pages()) {
    pages++;
    filtered.push(...p.items);
  }
  assert.equal(filtered.length, expected);
  assert.ok(filtered.every((e) => e.attributes.action === action));
  assert.ok(pages >= 3, `fetched ${pages} pages`);
});

test('SCIM users: startIndex paging with count', async () => {
  const scim = scimClient(m);
  const pages = [];
  for await (const p of scim.users().list({ count: 20 }).pages()) pages.push(p);
  const total = pages[0].total;
  assert.ok(total > 20);
  assert.equal(pages.length, Math.ceil(total / 20));
  assert.deepEqual(pages.slice(0, -1).map((p) => p.items.length), pages.slice(0, -1).map(() => 20));
  const ids = new Set(pages.flatMap((p) => p.items.map((u) => u.id)));
  assert.equal(ids.size, total);
  // Resuming from a page's cursor continues right after it.
  const rest = await scim.users().list({ count: 20, startingAt: pages[0].nextCursor }).toArray();
  assert.equal(rest.length, total - 20);
  assert.equal(rest[0].id, pages[1].items[0].id);
});

test('breaking out of for-await ends the listing (the page fetched ahead is cancelled)', async () => {
  const admin = adminClient(m);
  let seen = 0;
  for await (const u of admin.org(m.org_id).users().list()) {
    assert.ok(u.account_id);
    if (++seen === 5) break;
  }
  assert.equal(seen, 5);
  assert.equal((await admin.org(m.org_id).users().list().toArray()).length, 230);
});

test('limit caps items and pages; startingAt resumes', async () => {
  const admin = adminClient(m);
  const first = await admin.org(m.org_id).users().list({ limit: 150 }).toArray();
  assert.equal(first.length, 150);
  const sizes = [];
  for await (const p of admin.org(m.org_id).users().list({ limit: 150 }).pages()) sizes.push(p.items.length);
  assert.deepEqual(sizes, [100, 50]);
  const pages = admin.org(m.org_id).users().list().pages();
  const p1 = (await pages[Symbol.asyncIterator]().next()).value;
  const rest = await admin.org(m.org_id).users().list({ startingAt: p1.nextCursor }).toArray();
  assert.equal(rest.length, 130);
  assert.equal(rest[0].account_id, first[100].account_id);
  assert.equal((await admin.org(m.org_id).users().list({ limit: 0 }).toArray()).length, 0);
});

test('single-page listings and a POST search listing', async () => {
  const admin = adminClient(m);
  const levels = await admin.org(m.org_id).dlp().levels().list().toArray();
  assert.ok(levels.length >= 3);
  const found = await admin.org(m.org_id).directory(m.directory_id).users().search({ limit: 50 }).toArray();
  assert.equal(found.length, 230);
});

// The same stop rules as crates/atlassian-admin/tests/paging.rs, through the same core paginator.
test('stop rules: empty pages mid-listing are followed, a repeated cursor ends it', async () => {
  const q = await startMock(['--paging-quirks']);
  try {
    const admin = adminClient(q);
    const sizes = [];
    for await (const p of admin.org(q.org_id).users().list().pages()) sizes.push(p.items.length);
    assert.deepEqual(sizes, [100, 0, 100, 0, 30]);
    const ids = new Set((await admin.org(q.org_id).users().list().toArray()).map((u) => u.account_id));
    assert.equal(ids.size, 230);
  } finally {
    await q.stop();
  }
});

test('a poll listing ends when caught up and keeps its cursor', async () => {
  const admin = adminClient(m);
  const pages = [];
  for await (const p of admin.org(m.org_id).events().poll().pages()) pages.push(p);
  assert.ok(pages.reduce((n, p) => n + p.items.length, 0) > 0);
  const resume = pages[pages.length - 1].nextCursor;
  assert.ok(resume, 'the caught-up page keeps where to poll from');
  assert.equal((await admin.org(m.org_id).events().poll({ startingAt: resume }).toArray()).length, 0);
});
