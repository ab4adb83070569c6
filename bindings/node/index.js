'use strict';
// The `atlassian-admin` package: the JS layer over the native addon.
//
// The addon (native.js, built by `napi build`) exposes one class, NativeClient, whose three
// promise-returning methods take and return JSON text. Everything else lives here: option
// handling, the generated resource classes (resources.js), listings as async iterables,
// AbortSignal support, error classes and deprecation warnings. Retries, rate limits, timeouts
// and the HTTP itself all happen in Rust.

const util = require('util');
const { NativeClient, nativeVersion, errorKinds } = require('./native.js');
const R = require('./generated/resources.js');

const { INVOKE, OPERATIONS } = R;
const VERSION = require('./package.json').version;
const MARKER = 'ATLASSIAN_ADMIN_ERROR:';
const SCIM_FAMILY = 'user-provisioning';

// ---------------------------------------------------------------------------------------------
// Errors

/** Base class of every error this package raises for a failed operation. */
class AtlassianAdminError extends Error {
  constructor(info = {}) {
    super(info.display || info.message || 'atlassian-admin error');
    this.name = new.target.name;
    /** Coarse category from the Rust core: `NotFound`, `RateLimited`, `Timeout`, ... */
    this.kind = info.kind || 'Unknown';
    /** HTTP status, when the service answered. */
    this.status = info.status ?? null;
    /** Atlassian's error code (`ADMIN-404-2`, a SCIM `scimType`, ...). */
    this.code = info.code ?? null;
    /** The request or trace ID the service returned. */
    this.requestId = info.requestId ?? null;
    /** Seconds the service asked to wait before trying again. */
    this.retryAfter = info.retryAfter ?? null;
    /** The operationId that failed. */
    this.operation = info.operation ?? null;
    /** The start of the response body (at most 2 KiB). */
    this.body = info.body ?? null;
    /** Whether trying again later may succeed. */
    this.retryable = !!info.retryable;
    /** How many times the request was sent (0: it never left the process). */
    this.attempts = info.attempts ?? 0;
    /** Whether the request may have reached the server (so a write may have been applied). */
    this.maybeSent = !!info.maybeSent;
    /** The service's own message, without the prefix of `message`. */
    this.detail = info.message ?? null;
  }
}
/** The service answered with an error status. */
class ApiError extends AtlassianAdminError {}
/** 400 (or 422): the service rejected the request. */
class BadRequestError extends ApiError {}
/** 401: missing, wrong or expired key. */
class AuthenticationError extends ApiError {}
/** 402/403: the key may not do this. */
class PermissionDeniedError extends ApiError {}
/** 404 (or 410). */
class NotFoundError extends ApiError {}
/** 409: conflicts with the resource's state (a duplicate SCIM userName, ...). */
class ConflictError extends ApiError {}
/** 429 after every retry the policy allowed; see `retryAfter`. */
class RateLimitedError extends ApiError {}
/** 5xx after every retry the policy allowed. */
class ServerError extends ApiError {}
/** Any other unexpected status (a 3xx, an unlisted 4xx). */
class UnexpectedStatusError extends ApiError {}
/** The connection failed or broke off. */
class TransportError extends AtlassianAdminError {}
/** An attempt took longer than `timeoutMs`. */
class TimeoutError extends TransportError {}
/** The answer was not what the operation returns. */
class DecodeError extends AtlassianAdminError {}
/**
 * The answer was larger than `maxResponseBytes` (refused without reading it whole). Its own kind
 * in the core (`ResponseTooLarge`, beside `Decode`): nothing was decoded, so not a DecodeError.
 */
class ResponseTooLargeError extends AtlassianAdminError {}
/** An argument or option was rejected before anything was sent. */
class InvalidArgumentError extends AtlassianAdminError {}

/** Raised when an `AbortSignal` cancels a call or a listing. */
class AbortError extends Error {
  constructor(message = 'The operation was aborted', options) {
    super(message, options);
    this.name = 'AbortError';
    this.code = 'ABORT_ERR';
  }
}

const KIND_CLASS = {
  InvalidArgument: InvalidArgumentError,
  BadRequest: BadRequestError,
  Unauthorized: AuthenticationError,
  Forbidden: PermissionDeniedError,
  NotFound: NotFoundError,
  Conflict: ConflictError,
  RateLimited: RateLimitedError,
  Server: ServerError,
  UnexpectedStatus: UnexpectedStatusError,
  Transport: TransportError,
  Timeout: TimeoutError,
  Decode: DecodeError,
  ResponseTooLarge: ResponseTooLargeError,
};

function errorFromInfo(info) {
  const Cls = KIND_CLASS[info.kind] || (info.status ? ApiError : AtlassianAdminError);
  return new Cls(info);
}

/** Turns a rejection of the addon into the matching error class. */
function fromNative(e) {
  const msg = e && typeof e.message === 'string' ? e.message : '';
  const at = msg.indexOf(MARKER);
  if (at >= 0) {
    try {
      return errorFromInfo(JSON.parse(msg.slice(at + MARKER.length)));
    } catch {
      /* fall through */
    }
  }
  if (e && (e.code === 'InvalidArg' || e.code === 'NumberExpected' || e.code === 'StringExpected' || e.code === 'ObjectExpected')) {
    return invalidArgument(msg);
  }
  return e;
}

/**
 * Starts a call of the addon and settles with its outcome, every failure as the matching error
 * class: a rejection, and also an argument the addon could not convert (a family that is not a
 * string, ...), which it throws synchronously instead.
 */
function nativeCall(start) {
  let pending;
  try {
    pending = start();
  } catch (e) {
    return Promise.reject(fromNative(e));
  }
  return pending.catch((e) => Promise.reject(fromNative(e)));
}

/** The addon takes item limits and concurrencies as u32 (it would wrap larger numbers). */
const U32_MAX = 4294967295;

function invalidArgument(message, operation) {
  if (typeof operation !== 'string') operation = undefined; // a by-name call may pass anything
  return new InvalidArgumentError({ kind: 'InvalidArgument', message, display: operation ? `${operation}: ${message}` : message, operation });
}

// ---------------------------------------------------------------------------------------------
// Cancellation

function abortError(signal) {
  const reason = signal.reason;
  if (reason instanceof AbortError) return reason;
  return new AbortError('The operation was aborted', reason === undefined ? undefined : { cause: reason });
}

function checkSignal(signal) {
  if (signal == null) return;
  if (typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function') {
    throw invalidArgument('`signal` must be an AbortSignal');
  }
}

/**
 * Settles with `start()`'s promise, or rejects with an AbortError as soon as `signal` fires.
 * The native call keeps running in the background after an abort; its outcome is dropped.
 */
function abortable(signal, start) {
  if (!signal) return start();
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    start().then(
      (v) => {
        done();
        resolve(v);
      },
      (e) => {
        done();
        reject(e);
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Listings

/**
 * The items of a list operation: an async iterable that fetches one page at a time, only as
 * far as it is iterated. `pages()` iterates whole pages; `toArray()` gathers every item.
 */
class Listing {
  #open;
  #limit;
  #start;
  #signal;
  #error;

  /**
   * `open(startingAt, limit)` returns the core's native pager: every stop rule (last page,
   * repeated cursor, empty pages mid-listing, limit, a caught-up poll) and the prefetch of the
   * next page are the core's. This class only speaks the async-iteration protocol.
   */
  constructor(open, { limit, startingAt, signal } = {}, error) {
    this.#open = open;
    this.#limit = limit;
    this.#start = startingAt;
    this.#signal = signal;
    this.#error = error;
  }

  /** Pages of `{ items, nextCursor, total }`; pass `nextCursor` as `startingAt` to resume. */
  async *pages() {
    if (this.#error) throw this.#error;
    const signal = this.#signal;
    checkSignal(signal);
    const native = this.#open(this.#start == null ? null : this.#start, this.#limit == null ? null : Math.min(this.#limit, U32_MAX));
    try {
      for (;;) {
        if (signal && signal.aborted) throw abortError(signal);
        const text = await abortable(signal, () => nativeCall(() => native.nextPage()));
        if (text == null) return;
        yield JSON.parse(text);
      }
    } finally {
      native.close(); // leaving the loop early cancels the page fetched ahead
    }
  }

  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every item (up to `limit`), in order. */
  async toArray() {
    const out = [];
    for await (const item of this) out.push(item);
    return out;
  }

  /** The first item, or `undefined`. */
  async first() {
    for await (const item of this) return item;
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Clients

const CLIENT_OPTIONS = new Set(['apiKey', 'baseUrl', 'timeoutMs', 'connectTimeoutMs', 'retry', 'rateLimit', 'userAgent', 'maxResponseBytes']);

function nativeOptions(options, scim) {
  if (options == null || typeof options !== 'object') throw invalidArgument('client options must be an object');
  for (const k of Object.keys(options)) {
    if (!CLIENT_OPTIONS.has(k) && !(scim && k === 'directoryId')) throw invalidArgument(`unknown client option \`${k}\``);
  }
  if (typeof options.apiKey !== 'string' || !options.apiKey) throw invalidArgument('`apiKey` is required');
  const o = { apiKey: options.apiKey, userAgent: `atlassian-admin-node/${VERSION}` };
  if (scim) {
    if (typeof options.directoryId !== 'string' || !options.directoryId) throw invalidArgument('`directoryId` is required');
    o.directoryId = options.directoryId;
  }
  const copy = (from, to, type) => {
    if (options[from] === undefined) return;
    if (typeof options[from] !== type) throw invalidArgument(`\`${from}\` must be a ${type}`);
    o[to] = options[from];
  };
  copy('baseUrl', 'baseUrl', 'string');
  copy('userAgent', 'userAgent', 'string');
  copy('timeoutMs', 'timeoutMs', 'number');
  copy('connectTimeoutMs', 'connectTimeoutMs', 'number');
  copy('maxResponseBytes', 'maxResponseBytes', 'number');
  // Nested option objects pass through as they are; the core checks their values.
  const nested = (name, value, keys, required = []) => {
    if (typeof value !== 'object') throw invalidArgument(`\`${name}\` must be an object`);
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (!keys.includes(k)) throw invalidArgument(`unknown ${name} option \`${k}\``);
      if (v === undefined) continue;
      if (typeof v !== 'number') throw invalidArgument(`\`${name}.${k}\` must be a number`);
      out[k] = v;
    }
    for (const k of required) if (out[k] == null) throw invalidArgument(`\`${name}.${k}\` is required`);
    return out;
  };
  if (options.retry === false) o.retry = { maxAttempts: 1 };
  else if (options.retry != null) o.retry = nested('retry', options.retry, ['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'maxElapsedMs']);
  if (options.rateLimit != null) o.rateLimit = nested('rateLimit', options.rateLimit, ['requests', 'perMs', 'burst'], ['requests']);
  return o;
}

function buildNative(factory, options) {
  try {
    return factory(options);
  } catch (e) {
    throw fromNative(e);
  }
}

const warned = new Set();
function warnDeprecated(op) {
  const key = `${op.family}/${op.operationId}`;
  if (warned.has(key)) return;
  warned.add(key);
  const instead = op.replacedBy ? `; use ${op.replacedBy} instead` : '';
  process.emitWarning(`${op.call} (${op.family} ${op.operationId}) is deprecated${instead}`, {
    type: 'DeprecationWarning',
    code: 'ATLASSIAN_ADMIN_DEPRECATED',
  });
}

const isPlainObject = (v) => v != null && typeof v === 'object' && !Array.isArray(v);
const CALL_KEYS = new Set(['signal', 'body']);
const LIST_KEYS = new Set(['signal', 'body', 'limit', 'startingAt']);

/** A stream of workflow items (async iterable); breaking out of `for await` stops it. */
class Items {
  #native = null;
  #error = null;

  constructor(open) {
    try {
      this.#native = open();
    } catch (e) {
      this.#error = e;
    }
  }

  async *[Symbol.asyncIterator]() {
    if (this.#error) throw this.#error;
    try {
      for (;;) {
        const text = await this.#native.nextBatch(100).catch((e) => Promise.reject(fromNative(e)));
        if (text === null) return;
        for (const item of JSON.parse(text)) yield item;
      }
    } finally {
      this.#native.close();
    }
  }

  /** Stops the stream (no further requests). */
  close() {
    if (this.#native) this.#native.close();
  }
}

const whole = (name, v, min = 0) => {
  if (v == null) return null;
  if (!Number.isInteger(v) || v < min || v > 4294967295) throw invalidArgument(`\`${name}\` must be a whole number from ${min}`, name);
  return v;
};

/**
 * The admin workflows of the Rust core, with the same steps and records as the command line:
 * `client.workflows.offboard(...)`, `.inactiveUsers(...)`, `.export(...)`, `.tailEvents(...)`.
 */
class Workflows {
  #client;

  constructor(client) {
    this.#client = client;
  }

  /** Offboards each address; resolves with one audit record per address. */
  offboard(orgId, emails, options) {
    return this.#client._offboard(orgId, emails, options);
  }

  /** Users whose latest activity in any product is older than `days` days (or never active). */
  inactiveUsers(orgId, { days, concurrency } = {}) {
    return this.#client._items((n) => {
      if (days == null) throw invalidArgument('`days` is required', 'inactiveUsers');
      return n.inactiveUsers(String(orgId), whole('days', days), whole('concurrency', concurrency, 1));
    });
  }

  /** Every item of one listing: `users`, `groups`, `api-tokens`, `api-keys` or `events`. */
  export(orgId, what) {
    return this.#client._items((n) => n.export(String(orgId), String(what)));
  }

  /** The audit log in time order, one poll every `intervalMs` (default 6000, the API's limit). */
  tailEvents(orgId, { follow = false, actions, from, intervalMs } = {}) {
    return this.#client._items((n) =>
      n.tailEvents(String(orgId), from == null ? null : String(from), actions == null ? null : Array.from(actions, String), !!follow, intervalMs == null ? null : Number(intervalMs)),
    );
  }
}

/** Shared by both clients; the native client is held in a private field, never the key. */
class ClientCore {
  #native;
  #baseUrl;

  constructor(native, baseUrl) {
    this.#native = native;
    this.#baseUrl = baseUrl;
  }

  get baseUrl() {
    return this.#baseUrl;
  }

  async _offboard(orgId, emails, options = {}) {
    const { dryRun = false, scim = null, concurrency = 4 } = options || {};
    const list = typeof emails === 'string' ? [emails] : Array.from(emails == null ? [] : emails);
    if (!list.every((e) => typeof e === 'string')) throw invalidArgument('every e-mail must be a string', 'offboard');
    if (scim != null && !(scim instanceof ClientCore && scim.#native.kind === 'scim')) throw invalidArgument('`scim` must be a ScimClient', 'offboard');
    let job;
    try {
      job = this.#native.offboardJob(String(orgId), !!dryRun, scim ? scim.#native : null);
    } catch (e) {
      throw fromNative(e);
    }
    const text = await job.run(JSON.stringify(list), whole('concurrency', concurrency, 1)).catch((e) => Promise.reject(fromNative(e)));
    return JSON.parse(text);
  }

  _items(open) {
    return new Items(() => {
      try {
        return open(this.#native);
      } catch (e) {
        throw e instanceof AtlassianAdminError ? e : fromNative(e);
      }
    });
  }

  async _call(family, operationId, args, options = {}) {
    const signal = options && options.signal;
    checkSignal(signal);
    const json = encodeArgs(args, operationId);
    const text = await abortable(signal, () => nativeCall(() => this.#native.call(family, operationId, json)));
    return JSON.parse(text);
  }

  /** One page, from `options.cursor` (none: the first page), through a one-page core paginator. */
  async _page(family, operationId, args, options) {
    if (options == null) options = {};
    if (typeof options !== 'object') throw invalidArgument('options must be an object', operationId);
    const { cursor, signal } = options;
    checkSignal(signal);
    if (cursor != null && typeof cursor !== 'string') throw invalidArgument('`cursor` must be a cursor string', operationId);
    let native;
    try {
      native = this.#native.pager(family, operationId, encodeArgs(args, operationId), cursor ?? null, null, false);
    } catch (e) {
      throw fromNative(e);
    }
    try {
      const text = await abortable(signal, () => nativeCall(() => native.nextPage()));
      return text == null ? { items: [], nextCursor: null, total: null } : JSON.parse(text);
    } finally {
      native.close();
    }
  }

  _listing(family, operationId, args, options = {}) {
    let error;
    try {
      if (!isPlainObject(options)) throw invalidArgument('options must be an object', operationId);
      checkSignal(options.signal);
      if (options.limit != null && !(Number.isInteger(options.limit) && options.limit >= 0)) {
        throw invalidArgument('`limit` must be a non-negative integer', operationId);
      }
      if (options.startingAt != null && typeof options.startingAt !== 'string') {
        throw invalidArgument('`startingAt` must be a cursor string', operationId);
      }
      encodeArgs(args, operationId);
    } catch (e) {
      error = e;
    }
    const open = (startingAt, limit) => {
      try {
        return this.#native.pager(family, operationId, encodeArgs(args, operationId), startingAt, limit, true);
      } catch (e) {
        throw fromNative(e);
      }
    };
    return new Listing(open, error ? {} : options, error);
  }

  async _bulk(family, operationId, items, options = {}) {
    if (!Array.isArray(items)) throw invalidArgument('bulk items must be an array', operationId);
    const signal = options && options.signal;
    checkSignal(signal);
    const c = options && options.concurrency;
    if (c != null && !(Number.isInteger(c) && c >= 1)) throw invalidArgument('`concurrency` must be a positive integer', operationId);
    let json;
    try {
      json = JSON.stringify(items.map((a) => (a === undefined ? null : a)));
    } catch (e) {
      throw invalidArgument(`bulk items do not serialize to JSON: ${e.message}`, operationId);
    }
    // Beyond u32, the core's own range check (1 to 10,000) still answers.
    const text = await abortable(signal, () => nativeCall(() => this.#native.bulk(family, operationId, json, c == null ? null : Math.min(c, U32_MAX))));
    return JSON.parse(text).map((o) =>
      o.ok ? { ok: true, value: o.value, error: undefined } : { ok: false, value: undefined, error: errorFromInfo(o.error) },
    );
  }

  /** Runs a generated resource method: binds path parameters, positional arguments and options. */
  _invoke(op, bound, positional, options) {
    const fail = (e) => (op.page ? new Listing(null, {}, e) : Promise.reject(e));
    // `method(body?)` called with only an options object `{ body, signal, ... }` also works.
    const bodyAt = op.args.indexOf('body');
    if (bodyAt >= 0 && options === undefined && bodyAt === op.args.length - 1 && looksLikeOptions(positional[bodyAt], op)) {
      options = positional[bodyAt];
      positional = positional.slice(0, bodyAt);
    }
    if (options == null) options = {};
    if (!isPlainObject(options)) return fail(invalidArgument('options must be an object', op.operationId));
    const args = {};
    for (const [param, i] of op.bind) args[param] = bound[i];
    op.args.forEach((param, i) => {
      const v = positional[i];
      if (param === 'body') {
        if (v !== undefined) args.body = v;
        else if (options.body !== undefined) args.body = options.body;
      } else {
        args[param] = v;
      }
    });
    const allowed = op.page ? LIST_KEYS : CALL_KEYS;
    for (const [k, v] of Object.entries(options)) {
      if (allowed.has(k)) continue;
      const param = op.query[k];
      if (!param) return fail(invalidArgument(`unknown option \`${k}\` (options: ${[...allowed, ...Object.keys(op.query)].join(', ')})`, op.operationId));
      if (v !== undefined) args[param] = v;
    }
    if (op.deprecated) warnDeprecated(op);
    if (op.page) return this._listing(op.family, op.operationId, args, options);
    return this._call(op.family, op.operationId, args, { signal: options.signal });
  }

  [util.inspect.custom](depth, opts) {
    const fields = { baseUrl: this.#baseUrl, ...this._inspectFields(), apiKey: '[redacted]' };
    return `${this.constructor.name} ${util.inspect(fields, opts)}`;
  }

  toJSON() {
    return { baseUrl: this.#baseUrl, ...this._inspectFields() };
  }

  _inspectFields() {
    return {};
  }
}

function looksLikeOptions(v, op) {
  if (!isPlainObject(v) || !('body' in v)) return false;
  return Object.keys(v).every((k) => LIST_KEYS.has(k) || k in op.query);
}

function encodeArgs(args, operationId) {
  if (args == null) return '';
  if (!isPlainObject(args)) throw invalidArgument('arguments must be an object', operationId);
  try {
    return JSON.stringify(args);
  } catch (e) {
    throw invalidArgument(`arguments do not serialize to JSON: ${e.message}`, operationId);
  }
}

function mixin(target, source) {
  for (const key of Reflect.ownKeys(source.prototype)) {
    if (key === 'constructor') continue;
    Object.defineProperty(target.prototype, key, Object.getOwnPropertyDescriptor(source.prototype, key));
  }
}

/**
 * A client for every admin API that takes an organization API key.
 *
 *   const client = new AdminClient({ apiKey: process.env.ATLASSIAN_ADMIN_KEY });
 *   for await (const user of client.org(orgId).users().list()) console.log(user.email);
 */
class AdminClient extends ClientCore {
  constructor(options) {
    const o = nativeOptions(options, false);
    super(buildNative((x) => NativeClient.admin(x), o), o.baseUrl || 'https://api.atlassian.com');
  }

  /** Any operation by family and operationId, with JSON arguments (`{ orgId, body, ... }`). */
  call(family, operationId, args, options) {
    return this._call(family, operationId, args, options);
  }

  /** A listing over any list operation. */
  paginate(family, operationId, args, options) {
    return this._listing(family, operationId, args, options);
  }

  /** One page of any list operation from `options.cursor` (default: the first page). */
  page(family, operationId, args, options) {
    return this._page(family, operationId, args, options);
  }

  /** One operation over many argument objects: `[{ ok, value, error }]` in input order. */
  bulk(family, operationId, items, options) {
    return this._bulk(family, operationId, items, options);
  }

  /** The admin workflows: offboarding, the inactive-users report, exports, the event tail. */
  get workflows() {
    return new Workflows(this);
  }

  [INVOKE](op, bound, positional, options) {
    return this._invoke(op, bound, positional, options);
  }
}
mixin(AdminClient, R.AdminClientResources);

/**
 * A client for one SCIM directory, with that directory's own API key.
 *
 *   const scim = new ScimClient({ directoryId, apiKey: process.env.SCIM_KEY });
 *   const user = await scim.users().get(userId);
 */
class ScimClient extends ClientCore {
  #directoryId;

  constructor(options) {
    const o = nativeOptions(options, true);
    super(buildNative((x) => NativeClient.scim(x), o), o.baseUrl || 'https://api.atlassian.com');
    this.#directoryId = o.directoryId;
  }

  get directoryId() {
    return this.#directoryId;
  }

  _inspectFields() {
    return { directoryId: this.#directoryId };
  }

  /** Any SCIM operation by operationId; `directoryId` defaults to this client's. */
  call(operationId, args, options) {
    return this._call(SCIM_FAMILY, operationId, args, options);
  }

  paginate(operationId, args, options) {
    return this._listing(SCIM_FAMILY, operationId, args, options);
  }

  page(operationId, args, options) {
    return this._page(SCIM_FAMILY, operationId, args, options);
  }

  bulk(operationId, items, options) {
    return this._bulk(SCIM_FAMILY, operationId, items, options);
  }

  [INVOKE](op, bound, positional, options) {
    return this._invoke(op, bound, positional, options);
  }
}
mixin(ScimClient, R.ScimClientResources);

const resourceClasses = {};
for (const [k, v] of Object.entries(R)) {
  if (typeof v === 'function' && v.prototype instanceof R.Resource) resourceClasses[k] = v;
}

module.exports = {
  AdminClient,
  ScimClient,
  Listing,
  Items,
  Workflows,
  AtlassianAdminError,
  ApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitedError,
  ServerError,
  UnexpectedStatusError,
  TransportError,
  TimeoutError,
  DecodeError,
  ResponseTooLargeError,
  InvalidArgumentError,
  /** The core's error kinds (stable names); each has its own class in `errorClassFor`. */
  ERROR_KINDS: Object.freeze(errorKinds()),
  /** The class raised for an error kind of the core. */
  errorClassFor: (kind) => KIND_CLASS[kind],
  AbortError,
  /** Every operation the package knows, keyed `family/operationId`. */
  OPERATIONS,
  INVOKE,
  VERSION,
  nativeVersion,
  ...resourceClasses,
};
