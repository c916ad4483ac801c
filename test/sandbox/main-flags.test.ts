import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CallSummary } from '../../src/sandbox/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

async function start(...args: string[]): Promise<{ url: string; env: Record<string, string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return JSON.parse(line) as { url: string; env: Record<string, string> };
}

const creds = (env: Record<string, string>) => ({ accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! });

describe('sandbox main.ts: --latency-ms and --rate-limits', () => {
  it('--latency-ms delays every call; --rate-limits off lets a burst through', async () => {
    const { url, env } = await start('--estate', 'example', '--latency-ms', '150', '--jitter-ms', '0', '--rate-limits', 'off');
    const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: creds(env), maxAttempts: 1 });
    await sts.send(new GetCallerIdentityCommand({})); // warm up the connection
    const t = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - t).toBeGreaterThanOrEqual(145);

    // ListAccounts allows a burst of 12: 20 at once are all answered with the limits off
    const org = new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials: creds(env), maxAttempts: 1 });
    await Promise.all(Array.from({ length: 20 }, () => org.send(new ListAccountsCommand({}))));
    const summary = (await (await fetch(`${url}/_sandbox/calls/summary?service=organizations`)).json()) as CallSummary;
    expect(summary.byOperation['organizations:ListAccounts']).toMatchObject({ calls: 20, ok: 20, throttled: 0, errors: 0 });
  });

  it('with the rate limits on (the default), the same burst is throttled', async () => {
    const { url, env } = await start('--estate', 'example', '--rate-limits', 'on');
    const org = new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials: creds(env), maxAttempts: 1 });
    await Promise.allSettled(Array.from({ length: 20 }, () => org.send(new ListAccountsCommand({}))));
    const summary = (await (await fetch(`${url}/_sandbox/calls/summary`)).json()) as CallSummary;
    expect(summary.byOperation['organizations:ListAccounts']?.throttled).toBeGreaterThanOrEqual(7);
  });
});
