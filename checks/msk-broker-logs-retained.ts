import { defineCheck, failed, notApplicable, notAvailable, passed, type JsonValue } from '../src/check/index.js';
import {
  brokerLogDestinations,
  describeError,
  type AccountRegionInventory,
  type LogBucketFacts,
} from '../src/inventory/index.js';
import { evaluateCluster } from './support/cluster.js';

type Outcome = 'kept' | 'not-kept' | 'unknown';

interface Destination {
  type: 'CloudWatchLogs' | 'S3' | 'Firehose';
  target: string | null;
  outcome: Outcome;
  /** Why, in a phrase that follows the destination's name. */
  detail: string;
}

function cloudWatch(logGroup: string | undefined, inventory: AccountRegionInventory, minDays: number): Destination {
  const base = { type: 'CloudWatchLogs' as const, target: logGroup ?? null };
  if (!logGroup) return { ...base, outcome: 'unknown', detail: 'is enabled but names no log group' };
  const groups = inventory.brokerLogGroups;
  if (groups === undefined) return { ...base, outcome: 'unknown', detail: 'was not inspected (log groups were not collected in this inventory)' };
  const fact = Object.hasOwn(groups, logGroup) ? groups[logGroup] : undefined;
  if (fact === undefined) return { ...base, outcome: 'unknown', detail: 'was not collected' };
  if (!fact.ok) return { ...base, outcome: 'unknown', detail: `could not be read (${describeError(fact.error)})` };
  const group = fact.value;
  if (!group.exists) return { ...base, outcome: 'not-kept', detail: 'does not exist in the account-region, so the logs are not kept' };
  const problems: string[] = [];
  if (group.retentionInDays !== undefined && group.retentionInDays < minDays) problems.push(`keeps events ${group.retentionInDays} days (fewer than ${minDays})`);
  if (!group.kmsKeyId) problems.push('is not encrypted with a KMS key');
  if (problems.length > 0) return { ...base, outcome: 'not-kept', detail: problems.join(' and ') };
  const retention = group.retentionInDays === undefined ? 'never expires its events' : `keeps events ${group.retentionInDays} days`;
  return { ...base, outcome: 'kept', detail: `${retention} and is encrypted with ${group.kmsKeyId}` };
}

function s3(bucket: string | undefined, prefix: string, inventory: AccountRegionInventory, minDays: number): Destination {
  const base = { type: 'S3' as const, target: bucket ? `s3://${bucket}/${prefix}` : null };
  if (!bucket) return { ...base, outcome: 'unknown', detail: 'is enabled but names no bucket' };
  const buckets = inventory.brokerLogBuckets;
  if (buckets === undefined) return { ...base, outcome: 'unknown', detail: 'was not inspected (buckets were not collected in this inventory)' };
  const facts: LogBucketFacts | undefined = Object.hasOwn(buckets, bucket) ? buckets[bucket] : undefined;
  if (facts === undefined) return { ...base, outcome: 'unknown', detail: 'was not collected' };
  const problems: string[] = [];
  const unknowns: string[] = [];
  if (!facts.lifecycle.ok) unknowns.push(`its lifecycle could not be read (${describeError(facts.lifecycle.error)})`);
  else {
    for (const rule of facts.lifecycle.value.rules) {
      if (rule.status === 'Disabled') continue;
      // An unrecognised status may or may not delete objects: only a rule that would keep them is harmless.
      const unknownStatus = rule.status !== undefined && rule.status !== 'Enabled';
      // Broker log objects carry no tags, so a rule filtered by tag never deletes them.
      if (rule.tagFilter) continue;
      const overlaps = rule.prefix.startsWith(prefix) || prefix.startsWith(rule.prefix);
      if (!overlaps) continue;
      const name = rule.id ? `lifecycle rule ${rule.id}` : 'a lifecycle rule';
      const deletes = (rule.expirationDays !== undefined && rule.expirationDays < minDays) || rule.expirationDate !== undefined;
      if (deletes && unknownStatus) {
        unknowns.push(`${name} has the unrecognised status ${JSON.stringify(rule.status)} and would delete log objects early`);
        continue;
      }
      if (rule.expirationDays !== undefined && rule.expirationDays < minDays) problems.push(`${name} deletes log objects after ${rule.expirationDays} days (fewer than ${minDays})`);
      if (rule.expirationDate !== undefined) problems.push(`${name} deletes log objects on ${rule.expirationDate}`);
    }
  }
  if (!facts.encryption.ok) unknowns.push(`its default encryption could not be read (${describeError(facts.encryption.error)})`);
  else if (!facts.encryption.value.configured || !facts.encryption.value.rules.some((rule) => rule.sseAlgorithm)) problems.push('has no default encryption');
  if (problems.length > 0) return { ...base, outcome: 'not-kept', detail: problems.join(' and ') };
  if (unknowns.length > 0) return { ...base, outcome: 'unknown', detail: unknowns.join(' and ') };
  const lifecycle = facts.lifecycle.ok && facts.lifecycle.value.configured ? `no lifecycle rule deletes log objects within ${minDays} days` : 'has no lifecycle configuration, so objects are kept';
  const algorithms = facts.encryption.ok ? [...new Set(facts.encryption.value.rules.map((rule) => rule.sseAlgorithm).filter(Boolean))].join(', ') : '';
  return { ...base, outcome: 'kept', detail: `${lifecycle}, and the bucket encrypts by default (${algorithms})` };
}

export default defineCheck({
  meta: {
    id: 'msk-broker-logs-retained',
    title: 'MSK broker logs are delivered, kept at least a year and encrypted',
    severity: 'MEDIUM',
    resourceType: 'AwsMskCluster',
    rationale:
      'Broker logs record client connections, authentication failures and authorization decisions; without them, or ' +
      'when they expire within the audit period or are stored unencrypted, incidents on the cluster cannot be ' +
      'investigated and the audit trail that PCI DSS requires for a year is missing.',
    remediation: {
      text:
        'Deliver broker logs (UpdateMonitoring LoggingInfo.BrokerLogs) to a CloudWatch Logs log group encrypted with a ' +
        'KMS key whose retention is at least the required days (or never expires), or to an S3 bucket with default ' +
        'encryption whose lifecycle rules keep the log objects at least as long.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-logging.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['10.2.1', '10.2.2', '10.5.1'],
      soc2: ['CC7.2', 'CC7.3'],
      'nist-800-53-r5': ['AU-2', 'AU-3', 'AU-9', 'AU-11', 'AU-12'],
      'iso-27001-2022': ['8.15'],
    },
  },
  evaluate(cluster, { inventory, thresholds }) {
    return evaluateCluster(cluster, {
      serverless: () => notApplicable('MSK Serverless does not deliver broker logs.', { LoggingInfo: null }),
      provisioned() {
        const minDays = thresholds.brokerLogRetentionMinDays;
        const logging = brokerLogDestinations(cluster);
        if (!logging.configured) {
          return failed('The cluster delivers no broker logs (LoggingInfo.BrokerLogs is not configured).', {
            'Provisioned.LoggingInfo.BrokerLogs': null,
            brokerLogRetentionMinDays: minDays,
          });
        }
        const destinations: Destination[] = [];
        if (logging.cloudWatchLogs?.enabled) destinations.push(cloudWatch(logging.cloudWatchLogs.logGroup, inventory, minDays));
        if (logging.s3?.enabled) destinations.push(s3(logging.s3.bucket, logging.s3.prefix ?? '', inventory, minDays));
        if (logging.firehose?.enabled) {
          destinations.push({
            type: 'Firehose',
            target: logging.firehose.deliveryStream ?? null,
            outcome: 'unknown',
            detail: 'is not inspected (where the delivery stream keeps the logs, and for how long, is not read)',
          });
        }
        const evidence = {
          brokerLogRetentionMinDays: minDays,
          destinations: destinations.map((d) => ({ type: d.type, target: d.target, outcome: d.outcome, detail: d.detail })) as JsonValue,
        };
        const describe = (list: Destination[]) => list.map((d) => `${d.type}${d.target ? ` ${d.target}` : ''} ${d.detail}`).join('; ');
        if (destinations.length === 0) {
          return failed('Every broker log destination of the cluster (CloudWatch Logs, S3, Firehose) is turned off.', evidence);
        }
        const kept = destinations.filter((d) => d.outcome === 'kept');
        const others = destinations.filter((d) => d.outcome !== 'kept');
        if (kept.length > 0) {
          const also = others.length > 0 ? ` (also: ${describe(others)})` : '';
          return passed(`Broker logs are kept at least ${minDays} days, encrypted: ${describe(kept)}${also}.`, evidence);
        }
        const unknown = destinations.filter((d) => d.outcome === 'unknown');
        if (unknown.length > 0) {
          return notAvailable(`Whether the broker logs are kept at least ${minDays} days, encrypted, is not known: ${describe(destinations)}.`, evidence);
        }
        return failed(`No broker log destination keeps the logs at least ${minDays} days, encrypted: ${describe(destinations)}.`, evidence);
      },
    });
  },
});
