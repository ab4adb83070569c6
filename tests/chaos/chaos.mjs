// The Node side of tests/chaos/run.py: the same mixed workload and caller rules as chaos.py
// (reads, full listings, SCIM creations checked before they are sent again), through our
// client. Prints one JSON line.
import { createRequire } from 'node:module';

const lib = createRequire(import.meta.url)(process.argv[2]);
const info = JSON.parse(process.argv[3]);
const p = JSON.parse(process.argv[4]);
const ROUNDS = 10;
const retry = { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 200 };
const client = new lib.AdminClient({ apiKey: info.org_api_key, baseUrl: info.base_url, retry });
const scim = new lib.ScimClient({ apiKey: info.scim_api_key, baseUrl: info.base_url, directoryId: info.directory_id, retry });
const org = client.org(info.org_id);
const c = { ops: 0, reads: 0, listings: 0, writes: 0, typed_errors: 0, caller_retries: 0, unrecovered: 0,
  writes_confirmed: 0, writes_sent_twice: 0, writes_lost: 0 };
// Each completed listing: "distinct ids - users expected/repeated ids" -> how many listings.
const sizes = {};

async function again(op) {
  for (let r = 0; ; r++) {
    try {
      return await op();
    } catch (e) {
      if (!(e instanceof lib.AtlassianAdminError)) throw e;
      c.typed_errors++;
      if (r + 1 === ROUNDS) { c.unrecovered++; throw e; }
      c.caller_retries++;
    }
  }
}

async function collect(listing) {
  const out = [];
  for await (const x of listing) out.push(x);
  return out;
}

async function create(userName) {
  const body = { userName, emails: [{ value: userName, primary: true }], name: { givenName: 'Chaos', familyName: userName.split('@')[0] } };
  for (let r = 0; r < ROUNDS; r++) {
    try {
      await scim.users().create(body);
      c.writes_confirmed++;
      return;
    } catch (e) {
      if (e instanceof lib.ConflictError) {
        if (r === 0) c.writes_sent_twice++; // the client repeated a write that had applied
        c.writes_confirmed++;
        return;
      }
      if (!(e instanceof lib.AtlassianAdminError)) throw e;
      c.typed_errors++;
      if (e.maybeSent) {
        const found = await again(() => collect(scim.users().list({ filter: `userName eq "${userName}"` })));
        if (found.length > 0) { c.writes_confirmed++; return; }
      }
      c.caller_retries++;
    }
  }
  c.writes_lost++;
}

// `concurrency` lanes share the operations (lane k takes i = k, k + n, ...). A listing counts
// against the creations confirmed before it started; with concurrent lanes, creations confirmed
// while it runs may or may not appear, so only missing and repeated ids are faults then.
async function lane(k, n) {
  for (let i = k; i < p.ops; i += n) {
    c.ops++;
    const kind = i % 20;
    try {
      if (kind < 16) {
        c.reads++;
        await again(() => org.get());
      } else if (kind < 18) {
        c.listings++;
        const before = c.writes_confirmed;
        const ids = await again(async () => (await collect(org.users().list())).map((u) => u.account_id));
        const distinct = new Set(ids).size;
        const k = `${distinct - (p.expected_users + before)}/${ids.length - distinct}`;
        sizes[k] = (sizes[k] || 0) + 1;
      } else {
        c.writes++;
        await create(`chaos-node-${i}@example.com`);
      }
    } catch (e) {
      if (!(e instanceof lib.AtlassianAdminError)) throw e; // anything else is a crash of the run
    }
  }
}

const start = performance.now();
const n = p.concurrency || 1;
await Promise.all(Array.from({ length: n }, (_, k) => lane(k, n)));
console.log(JSON.stringify({ ...c, listing_sizes: sizes, wall_s: (performance.now() - start) / 1000 }));
