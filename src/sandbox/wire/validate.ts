/**
 * Checks an estate object against the SDK's model shape (e.g. an MSK cluster against `Cluster$`), so a
 * typo such as `DataVolumeKmsKeyId` or a number where the model has a string is reported with its path
 * instead of silently disappearing from the wire.
 */
import { isRecord, toDate, type Shape } from './shapes.js';

export interface ShapeIssue {
  path: (string | number)[];
  message: string;
}

export function validateShape(shape: Shape, value: unknown, path: (string | number)[] = [], issues: ShapeIssue[] = []): ShapeIssue[] {
  if (value === undefined || value === null) return issues;
  const fail = (message: string): ShapeIssue[] => {
    issues.push({ path, message });
    return issues;
  };
  switch (shape.kind) {
    case 'struct': {
      if (!isRecord(value)) return fail(`expected an object (${shape.name})`);
      for (const [k, v] of Object.entries(value)) {
        const m = shape.byName.get(k);
        if (!m) {
          issues.push({ path: [...path, k], message: `unknown field "${k}" (not a member of the SDK's ${shape.name} shape)` });
          continue;
        }
        validateShape(m.shape, v, [...path, k], issues);
      }
      return issues;
    }
    case 'list':
      if (!Array.isArray(value)) return fail('expected an array');
      value.forEach((v, i) => validateShape(shape.member.shape, v, [...path, i], issues));
      return issues;
    case 'map':
      if (!isRecord(value)) return fail('expected an object (map)');
      for (const [k, v] of Object.entries(value)) validateShape(shape.value.shape, v, [...path, k], issues);
      return issues;
    case 'timestamp':
      return toDate(value) ? issues : fail('expected an ISO-8601 timestamp');
    case 'string':
      return typeof value === 'string' ? issues : fail('expected a string');
    case 'number':
      return typeof value === 'number' ? issues : fail('expected a number');
    case 'boolean':
      return typeof value === 'boolean' ? issues : fail('expected a boolean');
    case 'blob':
      return typeof value === 'string' ? issues : fail('expected a string');
    default:
      return issues;
  }
}
