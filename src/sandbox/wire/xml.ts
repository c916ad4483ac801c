/**
 * Schema-driven XML output and form-encoded input for the two query protocols:
 * - awsQuery (STS): member element = xmlName ?? member name; lists wrapped in <member> unless flattened;
 *   input keys `Name.member.N`.
 * - ec2Query (EC2): member element = xmlName (EC2 models carry lowerCamel xmlName traits); lists wrapped
 *   in <item>; input keys = ec2QueryName ?? capitalised xmlName ?? member name, lists always `Name.N`.
 * Timestamps default to ISO-8601 in both.
 */
import { scalarFromText } from './json.js';
import { formatTimestamp, isRecord, type Member, type Shape } from './shapes.js';

export type QueryFlavor = 'query' | 'ec2';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function scalarText(shape: Shape, value: unknown): string | undefined {
  switch (shape.kind) {
    case 'timestamp': {
      const v = formatTimestamp(value, shape.format === 'default' ? 'date-time' : shape.format);
      return v === undefined ? undefined : String(v);
    }
    case 'blob':
      if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : undefined;
    case 'number':
      return typeof value === 'number' ? String(value) : undefined;
    default:
      return typeof value === 'string' ? value : value === undefined || value === null ? undefined : String(value);
  }
}

/** Serialises the members of a structure (no enclosing element). */
export function structToXml(shape: Shape, value: unknown, flavor: QueryFlavor): string {
  if (shape.kind !== 'struct' || !isRecord(value)) return '';
  let out = '';
  for (const m of shape.members) out += memberToXml(m, value[m.name], flavor);
  return out;
}

function memberToXml(member: Member, value: unknown, flavor: QueryFlavor): string {
  if (value === undefined || value === null) return '';
  const name = member.traits.xmlName ?? member.name;
  const shape = member.shape;
  switch (shape.kind) {
    case 'struct':
      return `<${name}>${structToXml(shape, value, flavor)}</${name}>`;
    case 'list': {
      if (!Array.isArray(value)) return '';
      if (member.traits.xmlFlattened) return value.map((v) => memberToXml({ ...shape.member, name, traits: { ...shape.member.traits, xmlName: name } }, v, flavor)).join('');
      const itemName = shape.member.traits.xmlName ?? (flavor === 'ec2' ? 'item' : 'member');
      const items = value.map((v) => memberToXml({ ...shape.member, name: itemName, traits: { ...shape.member.traits, xmlName: itemName } }, v, flavor)).join('');
      return `<${name}>${items}</${name}>`;
    }
    case 'map': {
      if (!isRecord(value)) return '';
      const entries = Object.entries(value)
        .map(([k, v]) => `<entry>${memberToXml({ ...shape.key, name: 'key', traits: { xmlName: shape.key.traits.xmlName ?? 'key' } }, k, flavor)}${memberToXml({ ...shape.value, name: 'value', traits: { xmlName: shape.value.traits.xmlName ?? 'value' } }, v, flavor)}</entry>`)
        .join('');
      return `<${name}>${entries}</${name}>`;
    }
    default: {
      const text = scalarText(shape, value);
      return text === undefined ? '' : `<${name}>${escapeXml(text)}</${name}>`;
    }
  }
}

function queryKey(member: Member, flavor: QueryFlavor): string {
  if (flavor === 'ec2') {
    if (member.traits.ec2QueryName) return member.traits.ec2QueryName;
    const n = member.traits.xmlName ?? member.name;
    return n.charAt(0).toUpperCase() + n.slice(1);
  }
  return member.traits.xmlName ?? member.name;
}

/** Reads a form-encoded (query protocol) request into the model shape. */
export function fromQuery(shape: Shape, params: ReadonlyMap<string, string>, flavor: QueryFlavor, prefix = ''): unknown {
  if (shape.kind !== 'struct') return undefined;
  const out: Record<string, unknown> = {};
  for (const m of shape.members) {
    const v = readQueryValue(m, params, flavor, prefix + queryKey(m, flavor));
    if (v !== undefined) out[m.name] = v;
  }
  return out;
}

function hasPrefix(params: ReadonlyMap<string, string>, key: string): boolean {
  for (const k of params.keys()) if (k === key || k.startsWith(key + '.')) return true;
  return false;
}

function readQueryValue(member: Member, params: ReadonlyMap<string, string>, flavor: QueryFlavor, key: string): unknown {
  const shape = member.shape;
  switch (shape.kind) {
    case 'struct':
      return hasPrefix(params, key) ? fromQuery(shape, params, flavor, key + '.') : undefined;
    case 'list': {
      const itemPrefix = flavor === 'ec2' || member.traits.xmlFlattened ? key : `${key}.${shape.member.traits.xmlName ?? 'member'}`;
      if (params.get(key) === '' && flavor === 'query') return [];
      const items: unknown[] = [];
      for (let i = 1; hasPrefix(params, `${itemPrefix}.${i}`); i++) items.push(readQueryValue(shape.member, params, flavor, `${itemPrefix}.${i}`));
      return items.length ? items : undefined;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      const entryPrefix = member.traits.xmlFlattened ? key : `${key}.entry`;
      for (let i = 1; params.has(`${entryPrefix}.${i}.key`); i++) {
        out[params.get(`${entryPrefix}.${i}.key`) ?? ''] = readQueryValue(shape.value, params, flavor, `${entryPrefix}.${i}.value`);
      }
      return Object.keys(out).length ? out : undefined;
    }
    default: {
      const text = params.get(key);
      return text === undefined ? undefined : scalarFromText(shape, text);
    }
  }
}
