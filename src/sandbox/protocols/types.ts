import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from '../errors.js';

/** The parts of an HTTP request a protocol needs. `path` is the raw (still percent-encoded) path. */
export interface IncomingCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Text is sent as UTF-8; bytes as they are (S3 object bodies). */
  body: string | Buffer;
}

export type ProtocolKind = 'rest-json' | 'json' | 'query' | 'ec2' | 'rest-xml';

/** Output handed to a protocol: model-shaped (PascalCase member names, ISO/Date timestamps). */
export type ModelObject = Record<string, unknown>;

export interface Protocol {
  readonly kind: ProtocolKind;
  /** Which operation the request calls and its input in model shape. Throws AwsError for unknown operations. */
  resolve(call: IncomingCall): { operation: string; input: ModelObject };
  success(operation: string, output: ModelObject, requestId: string): WireResponse;
  error(err: AwsError, requestId: string): WireResponse;
  /** A body that the SDK cannot parse, for the malformed-response fault. */
  malformedBody(): string;
}

/** Operation name → the SDK's static operation schema (e.g. `ListClustersV2$`). */
export type OperationSchemas = Readonly<Record<string, unknown>>;
