import { z } from 'zod';
import { CHECK_RESOURCE_TYPES, FRAMEWORK_IDS, SEVERITIES, type Check } from '../check/index.js';

const requirementIds = z.array(z.string().min(1));

/** The shape every check must have; plugins are validated against it before they are registered. */
export const checkShape = z
  .object({
  scope: z.enum(['cluster', 'account-region']).optional(),
  requires: z.enum(['baseline', 'cloudtrail']).optional(),
  meta: z.object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)'),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    resourceType: z.enum(CHECK_RESOURCE_TYPES),
    rationale: z.string().min(1),
    remediation: z.object({ text: z.string().min(1), url: z.url({ protocol: /^https$/ }) }),
    frameworks: z.partialRecord(z.enum(FRAMEWORK_IDS), requirementIds),
    securityHubControl: z.string().min(1).optional(),
  }),
  evaluate: z.custom<Check['evaluate']>((value) => typeof value === 'function', 'must be a function'),
  })
  .refine((check) => (check.scope === 'account-region') === (check.meta.resourceType === 'AwsAccountRegion'), {
    message: 'an account-region check (scope "account-region") has resourceType AwsAccountRegion, a cluster check AwsMskCluster',
    path: ['meta', 'resourceType'],
  });

/** Describes the first problem with a candidate check in one line, or returns the check. */
export function parseCheck(candidate: unknown): { ok: true; check: Check } | { ok: false; problem: string } {
  const result = checkShape.safeParse(candidate);
  if (result.success) return { ok: true, check: candidate as Check };
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(module export)';
  return { ok: false, problem: `${path}: ${issue?.message ?? 'invalid check'}` };
}
