/**
 * Schema-driven JSON (de)serialisation. `toWire` turns a model-shaped value (the SDK's PascalCase member
 * names, timestamps as ISO strings or Dates, blobs as text or bytes) into the JSON document the service
 * sends; `fromWire` turns a request body back into the model shape (timestamps → Date, blobs → Buffer).
 *
 * REST-JSON services use each member's jsonName trait (kafka: camelCase; securityhub: PascalCase);
 * JSON 1.0/1.1 services use the member names. Default timestamps are epoch seconds in both.
 */
import { formatTimestamp, isRecord, toDate, type Member, type Shape } from './shapes.js';

export interface JsonWireOptions {
  /** Honour jsonName traits (REST-JSON) instead of member names (JSON 1.1). */
  jsonName: boolean;
}

const isBodyMember = (m: Member): boolean =>
  !m.traits.httpHeader && !m.traits.httpQuery && !m.traits.httpLabel && !m.traits.httpResponseCode && !m.traits.httpQueryParams;

export function wireName(member: Member, opts: JsonWireOptions): string {
  return opts.jsonName && member.traits.jsonName ? member.traits.jsonName : member.name;
}

export function toWire(shape: Shape, value: unknown, opts: JsonWireOptions, bodyOnly = false): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.kind) {
    case 'struct': {
      if (!isRecord(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const m of shape.members) {
        if (bodyOnly && !isBodyMember(m)) continue;
        const v = toWire(m.shape, value[m.name], opts);
        if (v !== undefined) out[wireName(m, opts)] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => toWire(shape.member.shape, v, opts) ?? null) : undefined;
    case 'map': {
      if (!isRecord(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const w = toWire(shape.value.shape, v, opts);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    case 'timestamp':
      return formatTimestamp(value, shape.format === 'default' ? 'epoch-seconds' : shape.format);
    case 'blob':
      if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return undefined;
    case 'unit':
      return undefined;
    default:
      return value;
  }
}

export function fromWire(shape: Shape, value: unknown, opts: JsonWireOptions): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.kind) {
    case 'struct': {
      if (!isRecord(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const m of shape.members) {
        const v = fromWire(m.shape, value[wireName(m, opts)], opts);
        if (v !== undefined) out[m.name] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => fromWire(shape.member.shape, v, opts)) : undefined;
    case 'map': {
      if (!isRecord(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = fromWire(shape.value.shape, v, opts);
      return out;
    }
    case 'timestamp':
      return typeof value === 'number' ? new Date(value * 1000) : toDate(value);
    case 'blob':
      return typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
    default:
      return value;
  }
}

/** Parses a scalar that arrived as text (URI label, query string, header, form field). */
export function scalarFromText(shape: Shape, text: string): unknown {
  switch (shape.kind) {
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp': {
      const n = Number(text);
      return Number.isFinite(n) && /^\d+(\.\d+)?$/.test(text) ? new Date(n * 1000) : toDate(text);
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}
