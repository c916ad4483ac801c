import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Condition?: Json;
}

export const actionsOf = (statement: Statement): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

/** Every statement of a role's inline policies, plus those of AWS::IAM::Policy resources attached to it (with their Condition). */
export function roleStatements(template: JsonObject, roleLogicalId: string): { statement: Statement; condition?: string; policy: string }[] {
  const resources = template.Resources as Record<string, JsonObject>;
  const role = resources[roleLogicalId];
  if (!role) throw new Error(`no resource ${roleLogicalId}`);
  const out: { statement: Statement; condition?: string; policy: string }[] = [];
  for (const policy of ((role.Properties as JsonObject).Policies ?? []) as JsonObject[]) {
    for (const statement of (policy.PolicyDocument as JsonObject).Statement as unknown as Statement[]) out.push({ statement, policy: `${roleLogicalId} inline` });
  }
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties as JsonObject).Roles as JsonObject[];
    if (!roles.some((ref) => ref.Ref === roleLogicalId)) continue;
    for (const statement of ((resource.Properties as JsonObject).PolicyDocument as JsonObject).Statement as unknown as Statement[]) {
      out.push({ statement, policy: id, ...(typeof resource.Condition === 'string' ? { condition: resource.Condition } : {}) });
    }
  }
  return out;
}

/**
 * The template as CloudFormation would see it with the parameters' defaults: conditions evaluated, Fn::If
 * resolved, AWS::NoValue dropped, resources whose condition is false removed. (For linters that cannot follow
 * conditions.)
 */
export function renderWithDefaults(template: JsonObject): JsonObject {
  const parameters = (template.Parameters ?? {}) as Record<string, JsonObject>;
  const conditions = (template.Conditions ?? {}) as Record<string, Json>;
  const value = (node: Json): Json => {
    if (node && typeof node === 'object' && !Array.isArray(node) && 'Ref' in node && typeof node.Ref === 'string' && parameters[node.Ref]) {
      return parameters[node.Ref]!.Default ?? '';
    }
    return node;
  };
  const evaluate = (node: Json): boolean => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) throw new Error(`cannot evaluate condition ${JSON.stringify(node)}`);
    if ('Condition' in node) return evaluate(conditions[node.Condition as string] ?? null);
    if ('Fn::Equals' in node) {
      const [a, b] = node['Fn::Equals'] as Json[];
      return String(value(a ?? null)) === String(value(b ?? null));
    }
    if ('Fn::Not' in node) return !evaluate((node['Fn::Not'] as Json[])[0] ?? null);
    if ('Fn::And' in node) return (node['Fn::And'] as Json[]).every(evaluate);
    if ('Fn::Or' in node) return (node['Fn::Or'] as Json[]).some(evaluate);
    throw new Error(`cannot evaluate condition ${JSON.stringify(node)}`);
  };
  const truth = Object.fromEntries(Object.entries(conditions).map(([name, node]) => [name, evaluate(node)]));
  const NO_VALUE = Symbol('NoValue');
  const walk = (node: Json): Json | typeof NO_VALUE => {
    if (Array.isArray(node)) return node.map(walk).filter((item): item is Json => item !== NO_VALUE);
    if (!node || typeof node !== 'object') return node;
    if ('Ref' in node && node.Ref === 'AWS::NoValue') return NO_VALUE;
    if ('Fn::If' in node) {
      const [name, yes, no] = node['Fn::If'] as [string, Json, Json];
      return walk(truth[name] ? yes : no);
    }
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(node)) {
      const resolved = walk(child);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  };
  const rendered = walk(template) as JsonObject;
  const resources = rendered.Resources as Record<string, JsonObject>;
  for (const [id, resource] of Object.entries(resources)) if (typeof resource.Condition === 'string' && !truth[resource.Condition]) delete resources[id];
  return rendered;
}

export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command without a shell; resolves when it exits (or kills it after timeoutMs). */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunOutput> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * AWS's own cfn-lint (Python). The node machine image ships it (pip); PyPI itself is not reachable from here,
 * so it cannot be installed where it is missing. Undefined when it is not there.
 */
export async function pythonCfnLint(): Promise<string | undefined> {
  const candidates = [process.env.CFN_LINT_PYTHON, '/root/.pyenv/versions/3.11.7/bin/cfn-lint', '/usr/local/bin/cfn-lint', '/usr/bin/cfn-lint'];
  for (const candidate of candidates) {
    if (!candidate || !existsSync(candidate)) continue;
    const version = await run(candidate, ['--version'], { timeoutMs: 60_000 }).catch(() => undefined);
    if (version?.code === 0 && /^cfn-lint \d/.test(version.stdout.trim())) return candidate;
  }
  const which = await run('python3', ['-c', 'import cfnlint, shutil; print(shutil.which("cfn-lint") or "")'], { timeoutMs: 60_000 }).catch(() => undefined);
  const found = which?.code === 0 ? which.stdout.trim() : '';
  return found && !found.includes('node_modules') ? found : undefined;
}
