import type { PolicyStatement } from './client-access.js';

/*
 * A small, documented reader of IAM policy documents: enough to tell which statements allow or deny an action,
 * not a policy simulator. It is shared by the collectors (to keep only the statements that matter) and the checks
 * (to judge them). Matching follows IAM: actions are case-insensitive, `*` matches any run of characters and `?`
 * one character; resources are case-sensitive with the same wildcards.
 */

export type ParsedPolicy = { ok: true; statements: PolicyStatement[] } | { ok: false; reason: string };

/**
 * Parses a policy document (JSON text, URL-encoded as IAM's GetAccountAuthorizationDetails returns it, or an
 * object) into normalised statements attributed to `source`. A statement without a valid Effect or without any
 * Action/NotAction makes the whole document unreadable: a reader that skipped it could under-report.
 */
export function parsePolicyDocument(document: unknown, source: string): ParsedPolicy {
  let value: unknown = document;
  if (typeof document === 'string') {
    const text = decodePolicyText(document);
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'the policy document is not JSON' };
    }
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'the policy document is not an object' };
  const raw = (value as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements: PolicyStatement[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) return { ok: false, reason: 'a statement is not an object' };
    const s = item as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return { ok: false, reason: `a statement has the Effect ${JSON.stringify(s.Effect ?? null)}` };
    const action = strings(s.Action);
    const notAction = strings(s.NotAction);
    if (action === null || notAction === null || (action === undefined && notAction === undefined)) {
      return { ok: false, reason: 'a statement has no readable Action or NotAction' };
    }
    const resource = strings(s.Resource);
    const notResource = strings(s.NotResource);
    if (resource === null || notResource === null) return { ok: false, reason: 'a statement has an unreadable Resource or NotResource' };
    const statement: PolicyStatement = { policy: source, effect: s.Effect };
    if (typeof s.Sid === 'string' && s.Sid !== '') statement.sid = s.Sid;
    if (action) statement.action = action;
    if (notAction) statement.notAction = notAction;
    if (resource) statement.resource = resource;
    if (notResource) statement.notResource = notResource;
    if (s.Condition !== undefined) {
      if (typeof s.Condition !== 'object' || s.Condition === null || Array.isArray(s.Condition)) {
        return { ok: false, reason: 'a statement has an unreadable Condition' };
      }
      statement.condition = JSON.parse(JSON.stringify(s.Condition)) as PolicyStatement['condition'];
    }
    statements.push(statement);
  }
  return { ok: true, statements };
}

/** IAM's authorization-details documents are RFC 3986 URL-encoded; plain JSON is returned as is. */
export function decodePolicyText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return trimmed;
  try {
    return decodeURIComponent(trimmed);
  } catch {
    return trimmed;
  }
}

function strings(value: unknown): string[] | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return null;
}

function globToRegExp(pattern: string, flags: string): { test(text: string): boolean } {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  // V8 refuses very large expressions (a policy carrying a 100 kB pattern), when it compiles them on first use:
  // then the glob is matched directly instead.
  const fold = flags.includes('i') ? (text: string) => text.toUpperCase() : (text: string) => text;
  const direct = { test: (text: string) => globMatch(fold(pattern), fold(text)) };
  let expression: RegExp;
  try {
    expression = new RegExp(`^${body}$`, flags);
  } catch {
    return direct;
  }
  return {
    test(text: string) {
      try {
        return expression.test(text);
      } catch {
        return direct.test(text);
      }
    },
  };
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/** `*` matches any run, `?` one character; neither crosses a line terminator (as `.` in the expression above). */
function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (p < pattern.length && c !== '*' && (c === '?' ? !LINE_TERMINATOR.test(text[t]!) : c === text[t])) {
      p++;
      t++;
    } else if (c === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0 && !LINE_TERMINATOR.test(text[mark]!)) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether an action pattern (`kafka-cluster:*`, `kafka*:Conn?ct`, `*`) matches an action, as IAM does (case-insensitive). */
export function actionMatches(pattern: string, action: string): boolean {
  return globToRegExp(pattern, 'i').test(action);
}

/** Whether a resource pattern matches a resource (case-sensitive wildcards). */
export function resourceMatches(pattern: string, resource: string): boolean {
  return globToRegExp(pattern, '').test(resource);
}

/** Whether the statement's Action (or NotAction) covers the action. */
export function statementCoversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.action) return statement.action.some((pattern) => actionMatches(pattern, action));
  if (statement.notAction) return !statement.notAction.some((pattern) => actionMatches(pattern, action));
  return false;
}

/**
 * Whether an action pattern can match some action of a service: the part before the colon, as a wildcard
 * pattern, matches the service prefix (`*`, `kafka*`, `kafka-cluster`).
 */
export function patternCanMatchService(pattern: string, service: string): boolean {
  if (pattern === '*') return true;
  const colon = pattern.indexOf(':');
  const prefix = colon < 0 ? pattern : pattern.slice(0, colon);
  // A prefix without a colon ("kafka*") may still reach past it: "kafka*" matches "kafka-cluster:Connect".
  if (colon < 0) return globToRegExp(prefix, 'i').test(`${service}:x`) || globToRegExp(prefix, 'i').test(service);
  return globToRegExp(prefix, 'i').test(service) || (prefix.includes('*') && globToRegExp(`${prefix}:*`, 'i').test(`${service}:x`));
}

/** Whether a statement can concern some action of the service (NotAction statements always can). */
export function statementCanConcernService(statement: PolicyStatement, service: string): boolean {
  if (statement.notAction) return true;
  return (statement.action ?? []).some((pattern) => patternCanMatchService(pattern, service));
}

/** The statement applies to every resource: Resource "*" (and no NotResource). */
export function appliesToEveryResource(statement: PolicyStatement): boolean {
  return statement.notResource === undefined && (statement.resource ?? []).includes('*');
}

/**
 * Whether a resource pattern can match the ARN of some MSK cluster (`arn:<partition>:kafka:<region>:<account>:cluster/…`):
 * `*`, `arn:aws:kafka:*`, `arn:aws:kafka:eu-west-1:111122223333:cluster/payments/*` can; a topic or group ARN cannot.
 * A wildcard early in the pattern may span colons, so it counts (the reader errs towards reporting).
 */
export function resourceCanBeKafkaCluster(pattern: string): boolean {
  if (pattern === '*') return true;
  const segments = pattern.split(':');
  if (segments.slice(0, 2).some((segment) => segment.includes('*'))) return true;
  if (segments[0] !== 'arn' || segments.length < 3) return false;
  const service = segments[2]!;
  if (service.includes('*')) return true;
  if (!globToRegExp(service, '').test('kafka')) return false;
  if (segments.length <= 5) return segments[segments.length - 1]!.includes('*');
  return couldStartWith(segments.slice(5).join(':'), 'cluster/');
}

function couldStartWith(glob: string, prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) {
    const c = glob[i];
    if (c === undefined) return false;
    if (c === '*') return true;
    if (c !== '?' && c !== prefix[i]) return false;
  }
  return true;
}

/** Whether the statement's Resource (or NotResource) can cover some MSK cluster. */
export function statementCanCoverKafkaCluster(statement: PolicyStatement): boolean {
  if (statement.resource) return statement.resource.some(resourceCanBeKafkaCluster);
  // NotResource: covers everything it does not exclude; this reader does not try to rule clusters out.
  return statement.notResource !== undefined;
}

