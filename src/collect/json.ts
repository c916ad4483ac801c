/** A value that survives JSON.stringify → JSON.parse unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Converts an SDK response value into plain JSON: Date → ISO string, Uint8Array → base64, non-finite
 * numbers → null, bigint → decimal string; object properties that are undefined (or functions/symbols)
 * are dropped, and such array elements become null, as JSON.stringify does. Every other field is kept as
 * returned. A reference cycle (never produced by the SDK) is cut like an undefined value.
 * Returns undefined only when `value` itself has no JSON form (undefined, function, symbol).
 */
export function toJson(value: unknown): JsonValue | undefined {
  return convert(value, new Set());
}

function convert(value: unknown, ancestors: Set<object>): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
  if (object instanceof Uint8Array) return Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('base64');
  if (ancestors.has(object)) return undefined;
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return object.map((item: unknown) => convert(item, ancestors) ?? null);
    }
    const result: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(object)) {
      const converted = convert(item, ancestors);
      if (converted !== undefined) result[key] = converted;
    }
    return result;
  } finally {
    ancestors.delete(object);
  }
}

/** The ISO form of an optional SDK date (undefined stays undefined; an invalid date is dropped). */
export function isoDate(value: Date | undefined): string | undefined {
  if (value === undefined || Number.isNaN(value.getTime())) return undefined;
  return value.toISOString();
}

/**
 * Copies an object without its undefined (or null) properties, so the result round-trips through JSON unchanged and
 * loads again: the SDK reports an absent member as undefined, and a null in its place means the same.
 */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined && item !== null)) as T;
}
