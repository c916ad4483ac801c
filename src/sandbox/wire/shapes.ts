/**
 * A compact, cached view of the AWS SDK's own static schemas (the `Xxx$` exports of every
 * `@aws-sdk/client-*` package). Every wire format the sandbox speaks is derived from these, so the
 * member names, jsonName / xmlName / ec2QueryName / http binding traits and timestamp formats are
 * exactly the ones the SDK's deserialisers expect — nothing is hand-written per field.
 */
import { NormalizedSchema } from '@smithy/core/schema';

export type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

/** The SDK's static operation schema: [9, namespace, name, traits, input, output]. */
export type OperationSchema = readonly [number, string, string, unknown, unknown, unknown];

export type TimestampFormat = 'default' | 'date-time' | 'http-date' | 'epoch-seconds';

export interface MemberTraits {
  jsonName?: string;
  xmlName?: string;
  ec2QueryName?: string;
  xmlFlattened?: boolean;
  xmlAttribute?: boolean;
  httpLabel?: boolean;
  httpQuery?: string;
  httpHeader?: string;
  httpPayload?: boolean;
  httpResponseCode?: boolean;
  httpQueryParams?: boolean;
}

export interface Member {
  name: string;
  shape: Shape;
  traits: MemberTraits;
}

export type Shape =
  | { kind: 'struct'; name: string; members: Member[]; byName: Map<string, Member> }
  | { kind: 'list'; member: Member }
  | { kind: 'map'; key: Member; value: Member }
  | { kind: 'timestamp'; format: TimestampFormat }
  | { kind: 'string' | 'number' | 'boolean' | 'blob' | 'document' | 'unit' };

const cache = new Map<unknown, Shape>();

function traitsOf(ns: NormalizedSchema): MemberTraits {
  const t = ns.getMergedTraits() as Record<string, unknown>;
  const out: MemberTraits = {};
  if (typeof t.jsonName === 'string') out.jsonName = t.jsonName;
  if (typeof t.xmlName === 'string') out.xmlName = t.xmlName;
  if (typeof t.ec2QueryName === 'string') out.ec2QueryName = t.ec2QueryName;
  if (t.xmlFlattened) out.xmlFlattened = true;
  if (t.xmlAttribute) out.xmlAttribute = true;
  if (t.httpLabel) out.httpLabel = true;
  if (typeof t.httpQuery === 'string') out.httpQuery = t.httpQuery;
  if (typeof t.httpHeader === 'string') out.httpHeader = t.httpHeader;
  if (t.httpPayload) out.httpPayload = true;
  if (t.httpResponseCode) out.httpResponseCode = true;
  if (t.httpQueryParams) out.httpQueryParams = true;
  return out;
}

function memberOf(name: string, ns: NormalizedSchema): Member {
  return { name, shape: shapeOfNormalized(ns), traits: traitsOf(ns) };
}

function shapeOfNormalized(ns: NormalizedSchema): Shape {
  const raw = ns.getSchema();
  if (ns.isUnitSchema()) return { kind: 'unit' };
  if (ns.isStructSchema()) {
    const hit = cache.get(raw);
    if (hit) return hit;
    const shape: Shape = { kind: 'struct', name: ns.getName() ?? 'Struct', members: [], byName: new Map() };
    cache.set(raw, shape); // before recursing: schemas can be recursive
    for (const [name, m] of ns.structIterator()) {
      const member = memberOf(name, m);
      shape.members.push(member);
      shape.byName.set(name, member);
    }
    return shape;
  }
  if (ns.isListSchema()) return { kind: 'list', member: memberOf('member', ns.getValueSchema()) };
  if (ns.isMapSchema()) return { kind: 'map', key: memberOf('key', ns.getKeySchema()), value: memberOf('value', ns.getValueSchema()) };
  if (ns.isTimestampSchema()) {
    const code = raw as number;
    const format: TimestampFormat = code === 5 ? 'date-time' : code === 6 ? 'http-date' : code === 7 ? 'epoch-seconds' : 'default';
    return { kind: 'timestamp', format };
  }
  if (ns.isBlobSchema()) return { kind: 'blob' };
  if (ns.isBooleanSchema()) return { kind: 'boolean' };
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) return { kind: 'number' };
  if (ns.isDocumentSchema()) return { kind: 'document' };
  return { kind: 'string' };
}

/** The shape tree of an SDK schema (e.g. `Cluster$` from @aws-sdk/client-kafka). */
export function shapeOf(schema: unknown): Shape {
  return shapeOfNormalized(NormalizedSchema.of(schema as SchemaRef));
}

export interface OperationShapes {
  name: string;
  input: Shape;
  output: Shape;
  /** REST http trait: [method, uri, code]. */
  http?: { method: string; uri: string; code: number };
}

const opCache = new Map<unknown, OperationShapes>();

export function operationShapes(op: unknown): OperationShapes {
  const hit = opCache.get(op);
  if (hit) return hit;
  const tuple = op as OperationSchema;
  const traits = (typeof tuple[3] === 'object' && tuple[3] !== null ? tuple[3] : {}) as { http?: [string, string, number] };
  const shapes: OperationShapes = {
    name: tuple[2],
    input: shapeOf(tuple[4]),
    output: shapeOf(tuple[5]),
    ...(traits.http ? { http: { method: traits.http[0], uri: traits.http[1], code: traits.http[2] } } : {}),
  };
  opCache.set(op, shapes);
  return shapes;
}

/** Converts an estate timestamp (ISO string, epoch milliseconds or Date) to a Date. */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  if (typeof value === 'number') return new Date(value);
  return undefined;
}

export function formatTimestamp(value: unknown, format: Exclude<TimestampFormat, 'default'>): string | number | undefined {
  const d = toDate(value);
  if (!d) return undefined;
  if (format === 'epoch-seconds') return d.getTime() / 1000;
  if (format === 'http-date') return d.toUTCString();
  return d.toISOString();
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}
