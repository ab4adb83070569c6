// Type declarations of the `atlassian-admin` package (hand-written). The resource classes and
// their option types come from resources.d.ts and the API shapes from types.d.ts, both generated
// (see tools/gen-resources.js and tools/gen-types.js).

import { AdminClientResources, ScimClientResources, Family } from './generated/resources';

export * from './generated/resources';
export * from './generated/types';
export type * as Types from './generated/types';

/** Retry policy of a client (every field optional; defaults: 5 attempts, 500 ms, 30 s, 120 s). */
export interface RetryOptions {
  /** Total attempts, the first included (1 = never retry). */
  maxAttempts?: number;
  /** Base of the exponential backoff. */
  baseDelayMs?: number;
  /** Longest single wait. */
  maxDelayMs?: number;
  /** No attempt starts after this much time since the first. */
  maxElapsedMs?: number;
}

/** A client-side request budget: `requests` per `perMs` (default 1000), bursts of `burst`. */
export interface RateLimitOptions {
  requests: number;
  perMs?: number;
  burst?: number;
}

export interface ClientOptions {
  /** The API key (kept in native memory only; never shown by `util.inspect`). */
  apiKey: string;
  /** Replaces `https://api.atlassian.com` (plain http only for loopback hosts). */
  baseUrl?: string;
  /** Timeout of each attempt (default 60 000). */
  timeoutMs?: number;
  /** Connect timeout (default 10 000). */
  connectTimeoutMs?: number;
  /** `false` disables retries. */
  retry?: RetryOptions | false;
  rateLimit?: RateLimitOptions;
  userAgent?: string;
  /** Largest response body accepted (default 64 MiB). */
  maxResponseBytes?: number;
}

export interface ScimClientOptions extends ClientOptions {
  /** The SCIM directory this client provisions. */
  directoryId: string;
}

/** Options every operation takes. */
export interface CallOptions {
  /** Cancels the call: the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** Options of list operations. */
export interface ListOptions extends CallOptions {
  /** Stop after this many items. */
  limit?: number;
  /** Resume from a `nextCursor` of an earlier page. */
  startingAt?: string;
}

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  /** Where the next page starts (`null` on the last page). */
  nextCursor: string | null;
  /** The total the service reported, when it does. */
  total: number | null;
}

/** The items of a list operation, fetched a page at a time as they are iterated. */
export declare class Listing<T> implements AsyncIterable<T> {
  private constructor();
  [Symbol.asyncIterator](): AsyncIterator<T>;
  pages(): AsyncIterable<Page<T>>;
  toArray(): Promise<T[]>;
  first(): Promise<T | undefined>;
}

export type BulkOutcome<T = unknown> =
  | { ok: true; value: T; error: undefined }
  | { ok: false; value: undefined; error: AtlassianAdminError };

export interface BulkOptions extends CallOptions {
  /** Calls in flight at once (default 16, the core's `BULK_CONCURRENCY`). */
  concurrency?: number;
}

export interface PageOptions extends CallOptions {
  cursor?: string | null;
}


/** Arguments by spec name (`orgId`) or snake_case, and the request body under `body`. */
export type OperationArgs = Record<string, unknown>;

declare class ClientBase {
  /** The base URL in use. */
  readonly baseUrl: string;
  toJSON(): Record<string, unknown>;
}

/** A client for every admin API that takes an organization API key. */
export declare class AdminClient extends ClientBase {
  constructor(options: ClientOptions);
  call<T = unknown>(family: Family, operationId: string, args?: OperationArgs, options?: CallOptions): Promise<T>;
  paginate<T = unknown>(family: Family, operationId: string, args?: OperationArgs, options?: ListOptions): Listing<T>;
  page<T = unknown>(family: Family, operationId: string, args?: OperationArgs, options?: PageOptions): Promise<Page<T>>;
  bulk<T = unknown>(family: Family, operationId: string, items: OperationArgs[], options?: BulkOptions): Promise<BulkOutcome<T>[]>;
}
export interface AdminClient extends AdminClientResources {}

/** A client for one SCIM directory, with that directory's own key. */
export declare class ScimClient extends ClientBase {
  constructor(options: ScimClientOptions);
  readonly directoryId: string;
  call<T = unknown>(operationId: string, args?: OperationArgs, options?: CallOptions): Promise<T>;
  paginate<T = unknown>(operationId: string, args?: OperationArgs, options?: ListOptions): Listing<T>;
  page<T = unknown>(operationId: string, args?: OperationArgs, options?: PageOptions): Promise<Page<T>>;
  bulk<T = unknown>(operationId: string, items: OperationArgs[], options?: BulkOptions): Promise<BulkOutcome<T>[]>;
}
export interface ScimClient extends ScimClientResources {}

export type ErrorKind =
  | 'InvalidArgument'
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'RateLimited'
  | 'Server'
  | 'UnexpectedStatus'
  | 'Transport'
  | 'Timeout'
  | 'Decode'
  | 'ResponseTooLarge';

/** Base class of every error raised for a failed operation. */
export declare class AtlassianAdminError extends Error {
  readonly kind: ErrorKind | string;
  readonly status: number | null;
  readonly code: string | null;
  readonly requestId: string | null;
  /** Seconds the service asked to wait. */
  readonly retryAfter: number | null;
  readonly operation: string | null;
  readonly body: string | null;
  readonly retryable: boolean;
  /** How many times the request was sent (0: it never left the process). */
  readonly attempts: number;
  /** Whether the request may have reached the server (so a write may have been applied). */
  readonly maybeSent: boolean;
  /** The service's message without the operation/kind prefix. */
  readonly detail: string | null;
}
export declare class ApiError extends AtlassianAdminError {}
export declare class BadRequestError extends ApiError {}
export declare class AuthenticationError extends ApiError {}
export declare class PermissionDeniedError extends ApiError {}
export declare class NotFoundError extends ApiError {}
export declare class ConflictError extends ApiError {}
export declare class RateLimitedError extends ApiError {}
export declare class ServerError extends ApiError {}
export declare class UnexpectedStatusError extends ApiError {}
export declare class TransportError extends AtlassianAdminError {}
export declare class TimeoutError extends TransportError {}
/** The answer was not what the operation returns. */
export declare class DecodeError extends AtlassianAdminError {}
/** The answer was larger than `maxResponseBytes` (its own kind, not a `DecodeError`). */
export declare class ResponseTooLargeError extends AtlassianAdminError {}
/** The core's error kinds, by stable name. */
export declare const ERROR_KINDS: readonly ErrorKind[];
/** The class raised for an error kind of the core. */
export declare function errorClassFor(kind: ErrorKind): typeof AtlassianAdminError;
export declare class InvalidArgumentError extends AtlassianAdminError {}
export declare class AbortError extends Error {
  readonly code: 'ABORT_ERR';
}

export interface OperationInfo {
  family: Family;
  operationId: string;
  method: string;
  httpMethod: string;
  path: string;
  /** How to reach it, e.g. `client.org(orgId).users().list()`. */
  call: string;
  page: 'cursor' | 'poll' | 'scim' | 'single' | null;
  deprecated: boolean;
  replacedBy: string | null;
}
/** Every operation, keyed `family/operationId`. */
export declare const OPERATIONS: Readonly<Record<string, OperationInfo>>;
export declare const VERSION: string;
export declare function nativeVersion(): string;

/** One step of an offboarding: what it acted on and how it ended (`detail` says why). */
export interface AuditStep {
  step: 'resolve' | 'scim_deactivate' | 'suspend' | 'remove_group' | 'revoke_token' | (string & {});
  target: string;
  outcome: 'done' | 'unchanged' | 'planned' | 'skipped' | 'failed' | (string & {});
  detail?: string;
}

/** The record of offboarding one e-mail address. */
export interface AuditRecord {
  email: string;
  account_id: string | null;
  dry_run: boolean;
  started_at: string;
  outcome: 'done' | 'unchanged' | 'planned' | 'not_found' | 'blocked' | 'failed' | (string & {});
  steps: AuditStep[];
}

/** One row of the inactive-users report. */
export interface InactiveUser {
  account_id: string;
  email: string | null;
  name: string | null;
  last_active: string | null;
  days_inactive: number | null;
  products: string[];
}

export type ExportKind = 'users' | 'groups' | 'api-tokens' | 'api-keys' | 'events';

export interface OffboardOptions {
  /** Plan only: send no write. */
  dryRun?: boolean;
  /** Deactivates SCIM-managed users through their directory (without it they are `blocked`). */
  scim?: ScimClient;
  /** Addresses offboarded at once (default 4). */
  concurrency?: number;
}

export interface TailOptions {
  /** Keep waiting for new events (never ends). */
  follow?: boolean;
  /** Only events with one of these actions. */
  actions?: Iterable<string>;
  /** Start here (RFC 3339 or epoch milliseconds; default an hour ago). */
  from?: string;
  /** Time between polls (default 6000, within the events API's limit). */
  intervalMs?: number;
}

/** A stream of workflow items; breaking out of `for await` stops it. */
export declare class Items<T> implements AsyncIterable<T> {
  [Symbol.asyncIterator](): AsyncIterator<T>;
  close(): void;
}

/** The admin workflows of the core, as on the command line. */
export declare class Workflows {
  /** Offboards each address: suspends it in every directory, removes its groups and API tokens. */
  offboard(orgId: string, emails: string | Iterable<string>, options?: OffboardOptions): Promise<AuditRecord[]>;
  inactiveUsers(orgId: string, options: { days: number; concurrency?: number }): Items<InactiveUser>;
  export(orgId: string, what: ExportKind): Items<Record<string, unknown>>;
  tailEvents(orgId: string, options?: TailOptions): Items<Record<string, unknown>>;
}

export interface AdminClient {
  /** The admin workflows: offboarding, the inactive-users report, exports, the event tail. */
  readonly workflows: Workflows;
}
