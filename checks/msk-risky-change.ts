import { defineAccountRegionCheck, failed, notApplicable, notAvailable, passed, type Severity, type SubjectVerdict } from '../src/check/index.js';
import { describeError, type KafkaEvent } from '../src/inventory/index.js';

/** The security-relevant writes, by event source, with the severity of an unexpected one. */
const RISKY: Record<string, Record<string, Severity>> = {
  'kafka.amazonaws.com': {
    UpdateSecurity: 'HIGH',
    UpdateConnectivity: 'HIGH',
    UpdateClusterConfiguration: 'MEDIUM',
    PutClusterPolicy: 'HIGH',
    DeleteClusterPolicy: 'MEDIUM',
    BatchDisassociateScramSecret: 'MEDIUM',
    UpdateMonitoring: 'MEDIUM',
    DeleteCluster: 'HIGH',
    CreateVpcConnection: 'HIGH',
  },
  'kafka-cluster.amazonaws.com': {
    DeleteTopic: 'HIGH',
    AlterClusterDynamicConfiguration: 'HIGH',
    AlterTopicDynamicConfiguration: 'MEDIUM',
  },
};

const PUBLIC_ACCESS_ON = 'SERVICE_PROVIDED_EIPS';

export function isRiskyEvent(event: KafkaEvent): boolean {
  return RISKY[event.source]?.[event.name] !== undefined;
}

/** `*` matches any run of characters; everything else literally. */
export function principalMatches(arn: string | undefined, patterns: readonly string[]): string | undefined {
  if (!arn) return undefined;
  return patterns.find((pattern) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(arn));
}

function describe(event: KafkaEvent): string {
  const who = event.principal.arn ?? 'an unknown principal';
  const where = event.sourceIp ? ` from ${event.sourceIp}` : '';
  const what = event.topic ? `${event.name} on topic ${event.topic}` : event.name;
  const target = event.clusterArn ? ` of ${event.clusterArn}` : '';
  return `${what}${target} by ${who}${where} at ${event.time}`;
}

export default defineAccountRegionCheck({
  scope: 'account-region',
  requires: 'cloudtrail',
  meta: {
    id: 'msk-risky-change',
    title: 'No unexpected security-relevant MSK change in the CloudTrail window',
    severity: 'HIGH',
    resourceType: 'AwsAccountRegion',
    rationale:
      'Changes to a cluster’s security, connectivity, policy, configuration or topics can open it or destroy data; ' +
      'each one must be attributable to a person or pipeline that was expected to make it.',
    remediation: {
      text:
        'Confirm each reported change with its owner; revert unapproved ones; add pipeline roles that are meant to ' +
        'make such changes to thresholds.expectedChangePrincipals.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/logging-using-cloudtrail.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['10.2.1.2', '10.2.2', '11.5.2'],
      soc2: ['CC7.2', 'CC8.1'],
      'nist-800-53-r5': ['AU-6', 'AU-12', 'CM-3'],
      'iso-27001-2022': ['8.15', '8.32'],
    },
  },
  evaluate({ inventory, thresholds, account, region }) {
    const events = inventory.kafkaEvents;
    if (events === undefined) return notAvailable('MSK CloudTrail events were not collected in this inventory.', { kafkaEvents: null });
    if (!events.ok) return notAvailable(`The MSK CloudTrail events could not be looked up: ${describeError(events.error)}.`, { error: describeError(events.error) });
    const { start, end } = events.value;
    const risky = events.value.events.filter(isRiskyEvent);
    const clusters = inventory.clusters.ok ? inventory.clusters.value.length : 0;
    if (risky.length === 0 && clusters === 0) {
      return notApplicable(`There is no MSK cluster in ${account} ${region} and no security-relevant MSK change was recorded there.`, {
        window: { start, end },
        clusters,
      });
    }
    if (risky.length === 0) {
      return passed(`No security-relevant MSK change was recorded in ${account} ${region} between ${start} and ${end}.`, {
        window: { start, end },
        eventsExamined: events.value.events.length,
      });
    }
    return risky.map((event): SubjectVerdict => {
      const evidence = {
        eventId: event.eventId,
        eventTime: event.time,
        eventName: event.name,
        eventSource: event.source,
        principalArn: event.principal.arn ?? null,
        principalType: event.principal.type ?? null,
        sourceIp: event.sourceIp ?? null,
        userAgent: event.userAgent ?? null,
        errorCode: event.errorCode ?? null,
        clusterArn: event.clusterArn ?? null,
        topic: event.topic ?? null,
        publicAccessType: event.publicAccessType ?? null,
      };
      const subject = { key: `event/${event.eventId}`, ...(event.clusterArn ? { clusterArn: event.clusterArn } : {}) };
      const allowedBy = principalMatches(event.principal.arn, thresholds.expectedChangePrincipals);
      if (allowedBy) {
        return { ...passed(`Expected change: ${describe(event)} (principal allowed by ${allowedBy}).`, { ...evidence, allowedBy }), subject };
      }
      if (event.errorCode) {
        return { ...failed(`Refused attempt: ${describe(event)} failed with ${event.errorCode}.`, evidence, 'MEDIUM'), subject };
      }
      const opensPublicAccess = event.name === 'UpdateConnectivity' && event.publicAccessType === PUBLIC_ACCESS_ON;
      const severity = opensPublicAccess ? 'CRITICAL' : (RISKY[event.source]?.[event.name] ?? 'HIGH');
      const detail = opensPublicAccess ? ' It turned public access on.' : '';
      return { ...failed(`Unexpected change: ${describe(event)}.${detail}`, evidence, severity), subject };
    });
  },
});
