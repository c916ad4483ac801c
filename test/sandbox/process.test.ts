import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasAwsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

let child: ChildProcess;
let env: Record<string, string>;
let url: string;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', '--estate', 'example', '--region', 'eu-west-1'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  ({ url, env } = JSON.parse(line) as { url: string; env: Record<string, string> });
});
afterAll(() => {
  child.kill('SIGTERM');
});

const creds = () => ({ accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! });

describe('a sandbox in another process, driven over HTTP', () => {
  it('serves the SDK and is controlled through /_sandbox/', async () => {
    const sts = new STSClient({ endpoint: url, region: 'eu-west-1', credentials: creds(), maxAttempts: 1 });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111');
    const res = await fetch(`${url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'throttle', service: 'kafka', count: 1 }) });
    expect(res.status).toBe(200);
    const kafka = new KafkaClient({ endpoint: url, region: 'eu-west-1', credentials: creds(), maxAttempts: 1 });
    await expect(kafka.send(new ListClustersV2Command({}))).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect((await kafka.send(new ListClustersV2Command({}))).ClusterInfoList?.[0]?.ClusterName).toBe('sec-audit-logs');
    const calls = (await (await fetch(`${url}/_sandbox/calls?service=kafka`)).json()) as { status: number; errorCode?: string }[];
    expect(calls.map((c) => c.errorCode ?? c.status)).toEqual(['TooManyRequestsException', 200]);
  });
});

describe.skipIf(!hasAwsCli)('the real AWS CLI against the sandbox (AWS_ENDPOINT_URL)', () => {
  const aws = (...args: string[]) => {
    const r = spawnSync('aws', [...args, '--output', 'json'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout || '{}') as Record<string, unknown>;
  };

  it('sts, kafka (REST-JSON), cloudtrail (JSON 1.1, botocore target prefix), ec2 (query)', () => {
    expect(aws('sts', 'get-caller-identity').Arn).toBe('arn:aws:iam::111111111111:user/msk-auditor');
    const clusters = aws('kafka', 'list-clusters-v2', '--region', 'eu-west-1').ClusterInfoList as { ClusterName: string }[];
    expect(clusters.map((c) => c.ClusterName)).toEqual(['sec-audit-logs']);
    expect((aws('cloudtrail', 'describe-trails', '--region', 'us-east-1').trailList as { Name: string }[]).map((t) => t.Name)).toEqual(['org-trail']);
    expect((aws('ec2', 'describe-regions').Regions as unknown[]).length).toBe(2);
  });
});
