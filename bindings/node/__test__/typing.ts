// Compile-time checks of the generated types (run by `tsc --noEmit --strict` in test.sh).
// Each `@ts-expect-error` line must fail to type-check, or tsc reports the directive unused:
// so this file fails the build if the types stop catching these mistakes.

import { AdminClient, ScimClient, Types } from 'atlassian-admin';

export async function typing(admin: AdminClient, scim: ScimClient): Promise<void> {
  const groups = admin.org('o').directory('d').groups();
  await groups.create({ name: 'leavers', description: 'offboarding' });
  // @ts-expect-error a required member of a request body is missing
  await groups.create({ description: 'no name' });
  // @ts-expect-error a misspelled member of a request body
  await groups.create({ name: 'x', descripton: 'typo' });
  // @ts-expect-error a member of the wrong type
  await groups.create({ name: 7 });

  // Enums are open: known values complete in editors, other strings still type-check.
  const known: Types.Organization.AccountStatus = 'active';
  const later: Types.Organization.AccountStatus = 'a-value-added-later';
  // @ts-expect-error an enum is still a string, not a number
  const wrong: Types.Organization.AccountStatus = 3;
  void [known, later, wrong];

  // Answers: every member optional, because the service omits some the spec requires.
  const link: Types.UserProvisioning.ScimUserLink = {};
  // @ts-expect-error a possibly missing member must be checked before use
  const n: number = link.orgId.length;
  void n;

  // A schema both sent and received requires its members only where it is sent.
  const rule: Types.Organization.AllowIfContainedRule = {};
  // @ts-expect-error the request copy requires what the spec requires
  const sent: Types.Organization.AllowIfContainedRuleInput = {};
  void [rule, sent, scim];
}
