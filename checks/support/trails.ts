import { describeError, type TrailFacts } from '../../src/inventory/index.js';
import { failed, notApplicable, notAvailable, passed, type AccountRegionContext, type Evidence, type Verdict } from '../../src/check/index.js';
import { extend } from './evidence.js';

/** true / false / unknown (a fact that could not be collected). */
type Truth = boolean | undefined;

/** One condition a trail must meet, in three-valued logic, and how to say it. */
export interface TrailCondition {
  test(trail: TrailFacts): Truth;
}

export const recordsManagementWrites: TrailCondition = {
  test: (trail) => (trail.managementEvents.ok ? trail.managementEvents.value === 'all' || trail.managementEvents.value === 'write-only' : undefined),
};

export const isLogging: TrailCondition = {
  test: (trail) => (trail.logging.ok ? trail.logging.value : undefined),
};

export const validatesLogFiles: TrailCondition = {
  test: (trail) => trail.logFileValidation,
};

export const encryptsWithKms: TrailCondition = {
  // DescribeTrails omits KmsKeyId when the trail uses SSE-S3 only.
  test: (trail) => typeof trail.kmsKeyId === 'string' && trail.kmsKeyId !== '',
};

function all(conditions: readonly TrailCondition[], trail: TrailFacts): Truth {
  let unknown = false;
  for (const condition of conditions) {
    const truth = condition.test(trail);
    if (truth === false) return false;
    if (truth === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

function trailEvidence(trail: TrailFacts): Evidence {
  return {
    arn: trail.arn,
    homeRegion: trail.homeRegion ?? null,
    multiRegion: trail.multiRegion ?? null,
    organizationTrail: trail.organizationTrail ?? null,
    managementEvents: trail.managementEvents.ok ? trail.managementEvents.value : `unavailable: ${describeError(trail.managementEvents.error)}`,
    logging: trail.logging.ok ? trail.logging.value : `unavailable: ${describeError(trail.logging.error)}`,
    logFileValidation: trail.logFileValidation ?? null,
    kmsKeyId: trail.kmsKeyId ?? null,
  };
}

/**
 * The verdict for "some trail covering this account-region meets every condition": PASSED when one does,
 * NOT_AVAILABLE when none does but one might (a fact is missing), FAILED when none can. Regions without MSK
 * clusters are not judged.
 */
export function someTrail(
  context: AccountRegionContext,
  conditions: readonly TrailCondition[],
  wording: { passed: (trail: TrailFacts) => string; failed: string },
): Verdict {
  const { inventory, account, region } = context;
  const clusters = inventory.clusters.ok ? inventory.clusters.value.length : 0;
  if (clusters === 0) return notApplicable(`There is no MSK cluster in ${account} ${region}, so its CloudTrail coverage is not judged here.`, { clusters });
  const trails = inventory.trails;
  if (trails === undefined) return notAvailable('CloudTrail trails were not collected in this inventory.', { trails: null });
  if (!trails.ok) return notAvailable(`The CloudTrail trails could not be listed: ${describeError(trails.error)}.`, { error: describeError(trails.error) });
  const evidence: Evidence = { region, trails: trails.value.map(trailEvidence) };
  const verdicts = trails.value.map((trail) => ({ trail, truth: all(conditions, trail) }));
  const meeting = verdicts.find((entry) => entry.truth === true);
  if (meeting) return passed(wording.passed(meeting.trail), extend(evidence, { trail: meeting.trail.arn }));
  const uncertain = verdicts.filter((entry) => entry.truth === undefined);
  if (uncertain.length > 0) {
    return notAvailable(
      `No trail is known to meet the requirement, and ${uncertain.length} trail(s) could not be fully read (${uncertain.map((entry) => entry.trail.arn).join(', ')}).`,
      evidence,
    );
  }
  return failed(wording.failed, evidence);
}
