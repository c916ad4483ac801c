/** AWS JSON 1.0 / 1.1 (kms, cloudtrail, organizations): POST /, X-Amz-Target: Prefix.Operation, member-name JSON. */
import { AwsError } from '../errors.js';
import { fromWire, toWire } from '../wire/json.js';
import { operationShapes } from '../wire/shapes.js';
import type { IncomingCall, ModelObject, OperationSchemas, Protocol, WireResponse } from './types.js';

export class JsonRpcProtocol implements Protocol {
  readonly kind = 'json' as const;
  private readonly contentType: string;

  constructor(
    private readonly targetPrefix: string,
    private readonly operations: OperationSchemas,
    version: '1.0' | '1.1' = '1.1',
    private readonly messageKey: 'message' | 'Message' = 'message',
  ) {
    this.contentType = `application/x-amz-json-${version}`;
  }

  resolve(call: IncomingCall): { operation: string; input: ModelObject } {
    // The SDKs send `TrentService.DescribeKey`; botocore sends some fully qualified
    // (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails`): AWS accepts both.
    const target = String(call.headers['x-amz-target'] ?? '');
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, Math.max(0, dot));
    const operation = target.slice(dot + 1);
    const prefixOk = prefix === this.targetPrefix || prefix.endsWith(`.${this.targetPrefix}`);
    if (call.method !== 'POST' || !prefixOk || !operation || !(operation in this.operations)) {
      throw new AwsError('UnknownOperationException', '', 400);
    }
    let body: unknown = {};
    const text = call.body.toString('utf8').trim();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AwsError('SerializationException', 'Could not parse the request body as JSON', 400);
      }
    }
    const input = fromWire(operationShapes(this.operations[operation]).input, body, { jsonName: false });
    return { operation, input: (input ?? {}) as ModelObject };
  }

  success(operation: string, output: ModelObject, requestId: string): WireResponse {
    const shape = operationShapes(this.operations[operation]).output;
    const body = toWire(shape, output, { jsonName: false }) ?? {};
    return { status: 200, headers: { 'content-type': this.contentType, 'x-amzn-requestid': requestId }, body: JSON.stringify(body) };
  }

  error(err: AwsError, requestId: string): WireResponse {
    const body: Record<string, string> = { __type: err.code, [this.messageKey]: err.message, ...err.extra };
    return { status: err.status, headers: { 'content-type': this.contentType, 'x-amzn-requestid': requestId }, body: JSON.stringify(body) };
  }

  malformedBody(): string {
    return '{"KeyMetadata": {"KeyId": "trunc';
  }
}
