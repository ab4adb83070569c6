// Property tests of the calls by name (issue 13, item 2): whatever the arguments, `call`,
// `paginate`, `page` and `bulk` resolve or reject with an AtlassianAdminError (an AbortError only
// when the signal they were given has fired); never a TypeError or RangeError, an uncaught
// exception, an unhandled rejection, a crash or a hang.
//
// fast-check draws an operation from the full list (resources.json), sometimes under the wrong
// family, or a made-up or ill-typed name; arguments with the operation's own parameter names,
// other operations' and made-up ones, holding any JSON value (huge numbers, NaN, `/`, `..`, `%`,
// NUL, lone surrogates, long strings, nesting) or things JSON cannot hold (BigInt, symbols,
// functions, cycles, throwing toJSON, hostile proxies, nesting past every stack); arguments that
// are not objects at all; and any options. One mock per file, a client with a 2 s timeout and no
// retries, a guard against hangs, fixed seeds and bounded runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ROOT, startMock, adminClient, scimClient, lib } from './helpers.mjs';

const OPS = JSON.parse(fs.readFileSync(path.join(ROOT, 'crates/atlassian-admin/src/generated/resources.json'), 'utf8')).operations;
const SCIM = 'user-provisioning';
const FAMILIES = [...new Set(OPS.map((op) => op.family))];
const SCIM_OPS = OPS.filter((op) => op.family === SCIM);
// Listings draw each list operation nine times as often as any other.
const listOps = (ops) => [...Array(8).fill(ops.filter((op) => op.page)).flat(), ...ops];
const HANG_MS = 20_000; // the client times out after 2 s and never retries
const SEED = 20261203;

/** Every parameter name of an operation: spec names and snake_case, and `body`. */
function names(op) {
  const out = new Set();
  for (const link of op.chain) if (link.binds) for (const n of [link.binds.name, ...link.binds.params]) out.add(n);
  for (const a of [...op.args, ...op.query]) out.add(a.name).add(a.param);
  return [...out];
}
/** The spec names of the path parameters. */
const pathParams = (op) => [...op.chain.filter((l) => l.binds).map((l) => l.binds.params[0]), ...op.args.filter((a) => a.name !== 'body').map((a) => a.param)];
const ALL_NAMES = [...new Set([...OPS.flatMap(names), 'body', 'signal', 'limit', 'startingAt', 'cursor', 'concurrency', '__proto__', 'constructor', 'toJSON'])];

/** A value with a short description in counterexamples (fast-check prints it instead). */
const labelled = (value, label) => Object.defineProperty(value, fc.toStringMethod, { value: () => label });
function deep(depth) {
  let v = [];
  for (let i = 1; i < depth; i++) v = [v];
  return labelled([v], `deep(${depth})`);
}
function cycle() {
  const o = { a: 1 };
  o.self = o;
  return labelled(o, 'cycle()');
}
const hostileProxy = () =>
  new Proxy(
    {},
    {
      get: (_, k) => (k === fc.toStringMethod ? () => 'hostileProxy()' : undefined),
      ownKeys: () => {
        throw new Error('ownKeys trap');
      },
    },
  );

const SPECIAL_STRINGS = [
  '', ' ', '/', '//', '.', '..', '../..', 'a/../b', '%', '%2F', '%00', '%zz', '?x=1&y=2', '#frag', 'a b', '\0', 'a\0b',
  '\r\nX-Injected: 1', '\ud800', '\udfff', 'a\udc00b', '\ufeff', 'é', '😀', '{orgId}', 'null', 'x'.repeat(1025),
];
const LONG = labelled(new String('x'.repeat(100_000)), "'x'.repeat(100000)"); // a String object: JSON writes it as a string
const SPECIAL_NUMBERS = [0, -0, -1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 1e308, 5e-324, NaN, Infinity, -Infinity, Number.MAX_VALUE];

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), fc.string({ maxLength: 24 }), fc.constantFrom(...SPECIAL_STRINGS, LONG));
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(...SPECIAL_NUMBERS),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom(...ALL_NAMES)), tie('value'), { maxKeys: 4 }),
  ),
})).value;
// Values JSON cannot hold as they are (each call builds fresh ones: some are mutable).
const notJson = fc.oneof(
  fc.constant(undefined),
  fc.bigInt(),
  fc.constantFrom(
    () => Symbol('s'),
    () => () => 1,
    () => cycle(),
    () => hostileProxy(),
    () => labelled({ toJSON: () => { throw new TypeError('toJSON throws'); } }, 'throwingToJSON'),
    () => labelled({ get orgId() { throw new RangeError('getter throws'); } }, 'throwingGetter'),
    () => deep(127),
    () => deep(129),
    () => deep(5_000),
    () => deep(200_000),
    () => new Map([['a', 1]]),
    () => new Set([1]),
    () => new Date(NaN),
    () => new Uint8Array(3),
    () => Object.create(null),
    () => new Array(5),
  ).map((make) => make()),
  fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true, maxDepth: 2 }),
);
const value = fc.oneof({ arbitrary: jsonish, weight: 9 }, { arbitrary: notJson, weight: 1 });

/** Arguments for `op` (or for no known operation): usually its path parameters with real
 * identifiers, then its own names and others' with any values; sometimes not an object at all. */
function argsFor(op, real) {
  const realId = fc.constantFrom(real.orgId, real.directoryId, real.accountId);
  const path = op ? fc.record(Object.fromEntries(pathParams(op).map((p) => [p, fc.oneof({ arbitrary: realId, weight: 2 }, { arbitrary: text, weight: 1 })]))) : fc.constant({});
  const own = op && names(op).length ? fc.dictionary(fc.constantFrom(...names(op)), fc.oneof(realId, value), { maxKeys: 3 }) : fc.constant({});
  const other = fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...ALL_NAMES), text), value, { maxKeys: 3 }), weight: 1 });
  const object = fc
    .tuple(fc.oneof({ arbitrary: path, weight: 4 }, { arbitrary: fc.constant({}), weight: 1 }), own, other)
    .map(([a, b, c]) => ({ ...a, ...b, ...c }));
  const notObject = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant([]), fc.array(value, { maxLength: 2 }), text, fc.integer(), fc.boolean(), notJson);
  return fc.oneof({ arbitrary: object, weight: 9 }, { arbitrary: notObject, weight: 1 });
}

// A family or an operationId that does not exist, or is not a string.
const badName = fc.oneof(text, fc.constantFrom(undefined, null, 0, 1.5, true, Symbol.iterator, ['organization'], { a: 1 }, 10n));

/** `[family, operationId, args]`: mostly a real operation (sometimes under another family),
 * sometimes made-up names. */
function byName(ops, real) {
  const known = fc
    .tuple(fc.constantFrom(...ops), fc.integer({ min: 0, max: 7 }), fc.constantFrom(...FAMILIES))
    .chain(([op, pick, other]) => argsFor(op, real).map((args) => [pick < 7 ? op.family : other, op.operation_id, args]));
  const made = fc.tuple(badName, badName, argsFor(null, real));
  return fc.oneof({ arbitrary: known, weight: 4 }, { arbitrary: made, weight: 1 });
}

// Options: none, the documented ones with any values (and made-up ones), sometimes a signal
// (live, already aborted, aborting after 1 ms, or not a signal), or not an object at all.
// A fresh AbortSignal is made per run.
const signal = fc.constantFrom(
  () => new AbortController().signal,
  () => AbortSignal.abort(),
  () => AbortSignal.timeout(1),
  () => ({ aborted: 'no' }),
  () => 5,
);
const optionValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -1, max: 5 }), fc.constantFrom(2 ** 32, 2 ** 53, 1e20, 1.5, NaN, -0), text, value);
const optionsArb = (keys) => {
  const dict = keys.length ? fc.dictionary(fc.oneof({ arbitrary: fc.constantFrom(...keys), weight: 3 }, { arbitrary: text, weight: 1 }), optionValue, { maxKeys: 3 }) : fc.dictionary(text, optionValue, { maxKeys: 2 });
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 5 },
    { arbitrary: dict, weight: 3 },
    { arbitrary: fc.tuple(dict, signal).map(([o, s]) => ({ ...o, signal: s() })), weight: 1 },
    { arbitrary: fc.oneof(fc.constant(null), fc.integer(), text, fc.constant([])), weight: 1 },
  );
};

/** Settles `start()` (which may also throw at once) within HANG_MS; fails on anything but a
 * success or a typed error. */
async function typedOrSuccess(start, options) {
  let timer;
  const hang = new Promise((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  const settled = (async () => {
    try {
      await start();
      return 'ok';
    } catch (e) {
      return { error: e };
    }
  })();
  const outcome = await Promise.race([settled, hang]);
  clearTimeout(timer);
  assert.notEqual(outcome, 'hang', `the call did not settle within ${HANG_MS} ms`);
  if (outcome === 'ok') return 'success';
  const e = outcome.error;
  if (e instanceof lib.AtlassianAdminError) return e.kind;
  const sig = options && typeof options === 'object' ? options.signal : undefined;
  if (e instanceof lib.AbortError && sig instanceof AbortSignal && sig.aborted) return 'aborted';
  throw new assert.AssertionError({ message: `not a typed error: ${e && e.constructor && e.constructor.name}: ${e && e.message}\n${e && e.stack}` });
}

async function consume(listing, mode) {
  if (mode === 'first') return listing.first();
  let n = 0;
  if (mode === 'items') {
    for await (const _ of listing) if (++n === 25) break;
  } else {
    for await (const _ of listing.pages()) if (++n === 2) break;
  }
}

let m, admin, scim, real;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(e);
const tally = {};

before(async () => {
  m = await startMock();
  const opts = { timeoutMs: 2000, connectTimeoutMs: 1000, retry: false };
  admin = adminClient(m, opts);
  scim = scimClient(m, opts);
  const first = await admin.call('organization', 'getUsers', { orgId: m.org_id });
  real = { orgId: m.org_id, directoryId: m.directory_id, accountId: first.data[0].account_id };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  if (process.env.ATLASSIAN_ADMIN_PROPERTY_STATS) console.log(tally);
  await m.stop();
});

/** Runs a property with a fixed seed, then checks nothing escaped and the client still works. */
async function check(name, arbitrary, numRuns, run) {
  const counts = (tally[name] = {});
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      const kind = await run(input);
      counts[kind] = (counts[kind] || 0) + 1;
    }),
    { seed: SEED, numRuns, includeErrorInReport: true },
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(unhandled, [], 'no unhandled rejection or uncaught exception');
  const org = await admin.call('organization', 'getOrgById', { orgId: m.org_id });
  assert.equal(org.data.id, m.org_id, 'the client still works');
}

test('admin call by name: a success or a typed error', () =>
  check('admin.call', fc.tuple(byName(OPS, real), optionsArb([])), 1000, ([[family, operationId, args], options]) =>
    typedOrSuccess(() => admin.call(family, operationId, args, options), options),
  ));

test('SCIM call by name: a success or a typed error', () =>
  check('scim.call', fc.tuple(byName(SCIM_OPS, real), optionsArb([])), 500, ([[, operationId, args], options]) =>
    typedOrSuccess(() => scim.call(operationId, args, options), options),
  ));

const listing = fc.constantFrom('first', 'items', 'pages');

test('paginate by name: every listing ends with a success or a typed error', () =>
  check('admin.paginate', fc.tuple(byName(listOps(OPS), real), optionsArb(['limit', 'startingAt']), listing), 500, ([[family, operationId, args], options, mode]) =>
    typedOrSuccess(() => consume(admin.paginate(family, operationId, args, options), mode), options),
  ));

test('SCIM paginate by name', () =>
  check('scim.paginate', fc.tuple(byName(listOps(SCIM_OPS), real), optionsArb(['limit', 'startingAt']), listing), 200, ([[, operationId, args], options, mode]) =>
    typedOrSuccess(() => consume(scim.paginate(operationId, args, options), mode), options),
  ));

test('page by name: one page or a typed error', () =>
  check('admin.page', fc.tuple(byName(listOps(OPS), real), optionsArb(['cursor'])), 300, ([[family, operationId, args], options]) =>
    typedOrSuccess(() => admin.page(family, operationId, args, options), options),
  ));

test('SCIM page by name', () =>
  check('scim.page', fc.tuple(byName(listOps(SCIM_OPS), real), optionsArb(['cursor'])), 200, ([[, operationId, args], options]) =>
    typedOrSuccess(() => scim.page(operationId, args, options), options),
  ));

/** `[family, operationId, items]`: items mostly argument objects of the operation. */
const bulkRun = (ops) =>
  byName(ops, real).chain(([family, operationId, args]) => {
    const op = ops.find((o) => o.family === family && o.operation_id === operationId) || null;
    const items = fc.oneof({ arbitrary: fc.array(argsFor(op, real), { maxLength: 4 }), weight: 4 }, { arbitrary: fc.oneof(value, fc.constant(args)), weight: 1 });
    return items.map((i) => [family, operationId, i]);
  });

test('bulk by name: outcomes in order, each a value or a typed error', () =>
  check('admin.bulk', fc.tuple(bulkRun(OPS), optionsArb(['concurrency'])), 200, ([[family, operationId, items], options]) =>
    typedOrSuccess(async () => {
      const outcomes = await admin.bulk(family, operationId, items, options);
      assert.equal(outcomes.length, items.length);
      for (const o of outcomes) assert.ok(o.ok || o.error instanceof lib.AtlassianAdminError, `${o.error}`);
    }, options),
  ));

test('SCIM bulk by name', () =>
  check('scim.bulk', fc.tuple(bulkRun(SCIM_OPS), optionsArb(['concurrency'])), 100, ([[, operationId, items], options]) =>
    typedOrSuccess(async () => {
      const outcomes = await scim.bulk(operationId, items, options);
      for (const o of outcomes) assert.ok(o.ok || o.error instanceof lib.AtlassianAdminError, `${o.error}`);
    }, options),
  ));

test('limits and concurrencies past u32 are not wrapped around by the addon', async () => {
  const users = () => admin.paginate('organization', 'getUsers', { orgId: m.org_id }, { limit: 2 ** 32 });
  const everyone = await admin.paginate('organization', 'getUsers', { orgId: m.org_id }).toArray();
  assert.ok(everyone.length > 0);
  assert.equal((await users().toArray()).length, everyone.length); // 2 ** 32 arrived as a limit of 0
  // 2 ** 32 + 1 arrived as a concurrency of 1; now the core's range check answers.
  await assert.rejects(admin.bulk('organization', 'getOrgById', [{ orgId: m.org_id }], { concurrency: 2 ** 32 + 1 }), lib.InvalidArgumentError);
});
