import { paginateListKafkaVersions, type KafkaClient } from '@aws-sdk/client-kafka';
import { toCollectionError } from '../aws/errors.js';
import { available, unavailable, type Fact, type KafkaVersionFacts } from '../inventory/index.js';

/** ListKafkaVersions, every page: the versions MSK offers in the region and whether each is ACTIVE or DEPRECATED. */
export async function collectKafkaVersions(kafka: KafkaClient, account: string, region: string): Promise<Fact<KafkaVersionFacts[]>> {
  const versions: KafkaVersionFacts[] = [];
  try {
    // The largest page MSK allows: one call in almost every region.
    for await (const page of paginateListKafkaVersions({ client: kafka, stopOnSameToken: true, pageSize: 100 }, {})) {
      for (const entry of page.KafkaVersions ?? []) {
        // An entry without a version says nothing a check could use.
        if (typeof entry.Version !== 'string' || entry.Version === '') continue;
        versions.push(entry.Status === undefined ? { version: entry.Version } : { version: entry.Version, status: entry.Status });
      }
    }
  } catch (error) {
    return unavailable(toCollectionError(error, { service: 'kafka', operation: 'ListKafkaVersions', account, region }));
  }
  return available(versions);
}
