import { defineCheck, failed, notAvailable, passed, type Evidence, type JsonValue, type Verdict } from '../src/check/index.js';
import type { AccountRegionInventory, Baseline, MskCluster } from '../src/inventory/index.js';
import { attributeAddition, attributeChanges, eventEvidence, summarizeAttribution } from '../src/drift/attribute.js';
import { coversAccountRegion, diffStates } from '../src/drift/diff.js';
import { formatValue } from '../src/drift/format.js';
import { extractClusterState } from '../src/drift/state.js';
import { evaluateCluster } from './support/cluster.js';

/** Drift / change detection in the compliance mapping. */
export const DRIFT_FRAMEWORKS = {
  'pci-dss-4.0.1': ['1.2.2', '2.2.1', '6.5.1', '11.5.2'],
  soc2: ['CC7.1', 'CC8.1'],
  'nist-800-53-r5': ['CM-2', 'CM-3', 'CM-6', 'CM-8'],
  'iso-27001-2022': ['8.9', '8.32'],
};

const json = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

export default defineCheck({
  requires: 'baseline',
  meta: {
    id: 'msk-drift-from-baseline',
    title: 'MSK cluster security settings match the approved baseline',
    severity: 'MEDIUM',
    resourceType: 'AwsMskCluster',
    rationale:
      'An approved baseline is the configuration that was reviewed; any change to encryption, authentication, ' +
      'connectivity, monitoring, logging, version or configuration since then must be traceable to an authorised ' +
      'change, and a change no CloudTrail event explains may be tampering or an unmanaged change.',
    remediation: {
      text:
        'Review each changed field with its explaining event: revert changes that were not approved, and approve a new ' +
        'baseline (`msk-audit baseline approve`) once the current state is the intended one.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/logging-using-cloudtrail.html',
    },
    frameworks: DRIFT_FRAMEWORKS,
  },
  evaluate(cluster, { inventory, baseline }) {
    return evaluateCluster(cluster, {
      provisioned: () => compare(cluster, inventory, baseline),
      serverless: () => compare(cluster, inventory, baseline),
    });
  },
});

function compare(cluster: MskCluster, inventory: AccountRegionInventory, baseline: Baseline | undefined): Verdict {
  if (!baseline) return notAvailable('No approved baseline was given, so drift cannot be judged.', { 'Baseline.approvedAt': null });
  const base: Evidence = { 'Baseline.approvedAt': baseline.approvedAt };
  const events = eventEvidence(inventory.kafkaEvents);
  const period = { since: baseline.approvedAt };
  const approved = baseline.clusters[cluster.ClusterArn];
  if (!approved) {
    const attribution = attributeAddition(cluster.ClusterArn, events, period);
    const covered = coversAccountRegion(baseline, inventory.account, inventory.region);
    const where = covered ? '' : ' (the baseline did not cover this account-region)';
    return failed(
      `The cluster is not in the approved baseline${where}: it was added, ${summarizeAttribution(undefined, attribution)}.`,
      { ...base, drift: 'added', 'Baseline.coversAccountRegion': covered, attribution: json(attribution) },
      'MEDIUM',
    );
  }
  const { state, unavailable } = extractClusterState(cluster, inventory);
  const diff = diffStates(approved.state, state);
  const unknown = diff.unknown.map((field) => ({ ...field, ...(unavailable[field.field] ? { why: unavailable[field.field] } : {}) }));
  if (diff.changes.length === 0) {
    if (unknown.length > 0) {
      const fields = unknown.map((field) => field.field).join(', ');
      return notAvailable(
        `No approved field has changed, but ${unknown.length} field(s) could not be compared because a fact is unavailable: ${fields}.`,
        { ...base, unknownFields: json(unknown) },
      );
    }
    return passed(`The cluster's ${Object.keys(state).length} security fields match the baseline approved at ${baseline.approvedAt}.`, {
      ...base,
      fieldsCompared: Object.keys(state).length,
    });
  }
  const changes = attributeChanges(cluster.ClusterArn, diff.changes, events, period);
  const unexplained = changes.filter((change) => change.attribution.status !== 'explained');
  const listing = changes
    .map((change) => `${change.field} ${formatValue(change.before)} → ${formatValue(change.after)} (${summarizeAttribution(change.field, change.attribution)})`)
    .join('; ');
  const tally = unexplained.length === 0 ? 'all explained by CloudTrail events' : `${unexplained.length} not explained by any CloudTrail event`;
  const notCompared = unknown.length > 0 ? ` ${unknown.length} more field(s) could not be compared.` : '';
  return failed(
    `Since the baseline was approved at ${baseline.approvedAt}, ${changes.length} security field(s) changed, ${tally}: ${listing}.${notCompared}`,
    {
      ...base,
      drift: 'changed',
      changes: json(changes),
      ...(unknown.length > 0 ? { unknownFields: json(unknown) } : {}),
    },
    unexplained.length > 0 ? 'HIGH' : 'MEDIUM',
  );
}
