import { ListEventSourceMappingsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, type EventSourceMappingFacts, type Fact } from '../inventory/index.js';
import { compact } from './json.js';

/** Lambda's largest ListEventSourceMappings page. */
export const LIST_EVENT_SOURCE_MAPPINGS_PAGE_SIZE = 100;

/** An MSK cluster ARN or an MSK multi-VPC (managed VPC) connection ARN, the two sources of an MSK event source mapping. */
export const MSK_SOURCE_ARN = /^arn:aws[\w-]*:kafka:[a-z0-9-]+:\d{12}:(cluster|vpc-connection)\//;

/**
 * The account-region's Lambda event source mappings whose source is MSK (ListEventSourceMappings, every page).
 * Mappings of other sources (SQS, Kinesis, DynamoDB, self-managed Kafka) are read but not kept.
 */
export async function collectEventSourceMappings(client: LambdaClient, account: string, region: string): Promise<Fact<EventSourceMappingFacts[]>> {
  const context = { service: 'lambda', operation: 'ListEventSourceMappings', account, region };
  const mappings: EventSourceMappingFacts[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  try {
    do {
      const page = await client.send(new ListEventSourceMappingsCommand({ MaxItems: LIST_EVENT_SOURCE_MAPPINGS_PAGE_SIZE, ...(marker ? { Marker: marker } : {}) }));
      for (const mapping of page.EventSourceMappings ?? []) {
        if (!mapping.EventSourceArn || !MSK_SOURCE_ARN.test(mapping.EventSourceArn)) continue;
        if (!mapping.UUID) return unavailable(malformedResponse('ListEventSourceMappings returned an MSK mapping without UUID.', context));
        mappings.push(
          compact<EventSourceMappingFacts>({
            uuid: mapping.UUID,
            arn: mapping.EventSourceMappingArn,
            functionArn: mapping.FunctionArn,
            eventSourceArn: mapping.EventSourceArn,
            state: mapping.State,
            sourceAccessConfigurations: (mapping.SourceAccessConfigurations ?? []).map((entry) => compact({ type: entry.Type, uri: entry.URI })),
          }),
        );
      }
      marker = page.NextMarker || undefined;
      if (marker && seen.has(marker)) return unavailable(malformedResponse('ListEventSourceMappings returned the same NextMarker twice.', context));
      if (marker) seen.add(marker);
    } while (marker);
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
  return available(mappings);
}
