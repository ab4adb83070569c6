// Offboarding a leaver, typed end to end: find the person in the directory, suspend their
// membership, take them out of every group, and deactivate their SCIM record.
//
//   ATLASSIAN_ADMIN_KEY=... SCIM_KEY=... ORG_ID=... DIRECTORY_ID=... \
//     npx tsx examples/offboard.ts leaver@example.com

import {
  AdminClient,
  ScimClient,
  NotFoundError,
  RateLimitedError,
  AtlassianAdminError,
  Types,
} from 'atlassian-admin';

interface Report {
  accountId: string;
  suspended: boolean;
  groupsLeft: string[];
  scimDeactivated: boolean;
}

export async function offboard(email: string, signal?: AbortSignal): Promise<Report | null> {
  const orgId = process.env.ORG_ID ?? '';
  const directoryId = process.env.DIRECTORY_ID ?? '';
  const admin = new AdminClient({
    apiKey: process.env.ATLASSIAN_ADMIN_KEY ?? '',
    baseUrl: process.env.ATLASSIAN_BASE_URL,
    timeoutMs: 30_000,
    retry: { maxAttempts: 4, baseDelayMs: 250 },
    rateLimit: { requests: 10, perMs: 1_000 },
  });
  const directory = admin.org(orgId).directory(directoryId);

  // Search is a listing: iterate it, stop at the first match.
  let person: Types.Organization.MultiDirectoryUser | undefined;
  for await (const user of directory.users().search({ searchTerm: email }, { signal })) {
    if (user.email === email) {
      person = user;
      break;
    }
  }
  if (!person || !person.accountId) return null;
  const accountId: string = person.accountId;

  const report: Report = { accountId, suspended: false, groupsLeft: [], scimDeactivated: false };
  try {
    await directory.user(accountId).suspend({ signal });
    report.suspended = true;
  } catch (e) {
    if (e instanceof RateLimitedError) console.warn(`rate limited, retry after ${e.retryAfter ?? '?'} s`);
    else throw e;
  }

  const groups = directory.groups().search({ accountIds: [accountId] }, { signal, limit: 500 });
  const ids: string[] = [];
  for await (const g of groups) if (g.id) ids.push(g.id);
  const outcomes = await admin.bulk(
    'organization',
    'removeUserFromGroup',
    ids.map((groupId) => ({ orgId, directoryId, groupId, accountId })),
    { concurrency: 4, signal },
  );
  outcomes.forEach((o, i) => {
    if (o.ok) report.groupsLeft.push(ids[i]);
    else console.warn(`group ${ids[i]}: ${o.error.kind} ${o.error.status ?? ''}`);
  });

  const scim = new ScimClient({ directoryId, apiKey: process.env.SCIM_KEY ?? '', baseUrl: process.env.ATLASSIAN_BASE_URL });
  const matches = await scim.users().list({ filter: `userName eq "${email}"`, limit: 1 }).toArray();
  const scimUser: Types.UserProvisioning.ScimUser | undefined = matches[0];
  if (scimUser?.id) {
    try {
      await scim.users().patch(scimUser.id, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      });
      report.scimDeactivated = true;
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
  }
  return report;
}

if (require.main === module) {
  offboard(process.argv[2] ?? '').then(
    (r) => console.log(r ?? 'no such user'),
    (e: unknown) => {
      if (e instanceof AtlassianAdminError) console.error(e.kind, e.status, e.code, e.requestId, e.message);
      else console.error(e);
      process.exitCode = 1;
    },
  );
}
