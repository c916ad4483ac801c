import { DescribeConfigurationRevisionCommand, type KafkaClient } from '@aws-sdk/client-kafka';
import { parse } from 'dot-properties';
import pLimit from 'p-limit';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import {
  available,
  configurationKey,
  unavailable,
  type ConfigurationRevision,
  type Fact,
  type MskCluster,
} from '../inventory/index.js';
import { compact, isoDate } from './json.js';

/** Concurrent DescribeConfigurationRevision calls per account-region. */
export const DEFAULT_CONFIGURATION_CONCURRENCY = 8;

export interface ConfigurationReference {
  arn: string;
  revision: number;
}

/** The distinct (configuration ARN, revision) pairs the provisioned clusters run with, in first-seen order. */
export function configurationReferences(clusters: readonly MskCluster[]): ConfigurationReference[] {
  const references = new Map<string, ConfigurationReference>();
  for (const cluster of clusters) {
    const software = cluster.Provisioned?.CurrentBrokerSoftwareInfo;
    const arn = software?.ConfigurationArn;
    const revision = software?.ConfigurationRevision;
    if (typeof arn !== 'string' || arn === '' || typeof revision !== 'number') continue;
    const key = configurationKey(arn, revision);
    if (!references.has(key)) references.set(key, { arn, revision });
  }
  return [...references.values()];
}

/**
 * DescribeConfigurationRevision once per distinct (arn, revision) the clusters use. Keyed by
 * `configurationKey`; a failing revision makes only its own entry unavailable.
 */
export async function collectConfigurations(
  kafka: KafkaClient,
  clusters: readonly MskCluster[],
  account: string,
  region: string,
  concurrency = DEFAULT_CONFIGURATION_CONCURRENCY,
): Promise<Record<string, Fact<ConfigurationRevision>>> {
  const limit = pLimit(concurrency);
  const entries = await Promise.all(
    configurationReferences(clusters).map((reference) =>
      limit(async () => [configurationKey(reference.arn, reference.revision), await describeRevision(kafka, reference, account, region)] as const),
    ),
  );
  return Object.fromEntries(entries);
}

async function describeRevision(
  kafka: KafkaClient,
  { arn, revision }: ConfigurationReference,
  account: string,
  region: string,
): Promise<Fact<ConfigurationRevision>> {
  const context = { service: 'kafka', operation: 'DescribeConfigurationRevision', account, region, resource: configurationKey(arn, revision) };
  try {
    const response = await kafka.send(new DescribeConfigurationRevisionCommand({ Arn: arn, Revision: revision }));
    const raw: unknown = response.ServerProperties;
    let text: string;
    if (raw instanceof Uint8Array) text = new TextDecoder('utf-8').decode(raw);
    else if (typeof raw === 'string') text = raw;
    else return unavailable(malformedResponse('DescribeConfigurationRevision returned no ServerProperties.', context));
    return available(
      compact<ConfigurationRevision>({
        arn,
        revision,
        creationTime: isoDate(response.CreationTime),
        description: response.Description,
        serverPropertiesText: text,
        serverProperties: parseServerProperties(text),
      }),
    );
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
}

/** Java .properties text → key/value (comments, `key: value`, `key value`, continuation lines, escapes). */
export function parseServerProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(parse(text))) {
    // Without the `path` option every value is a string.
    if (typeof value === 'string') properties[key] = value;
  }
  return properties;
}
