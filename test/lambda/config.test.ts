import { describe, expect, it } from 'vitest';
import { loadLambdaConfig, LambdaConfigError } from '../../src/lambda/config.js';
import { emfLine, METRICS } from '../../src/lambda/metrics.js';
import { cloudTrailWindow, DeadlineError, withDeadline, type RunState } from '../../src/lambda/run.js';
import { runPrefix } from '../../src/lambda/storage.js';
import type { Baseline } from '../../src/inventory/index.js';

const base = { MSK_AUDIT_BUCKET: 'evidence-bucket', AWS_REGION: 'eu-west-1' };
const DAY = 86_400_000;

describe('loadLambdaConfig', () => {
  it('defaults to the caller account, every enabled region, Security Hub and CloudTrail on, a bootstrapped baseline', () => {
    const config = loadLambdaConfig(base);
    expect(config).toMatchObject({
      bucket: 'evidence-bucket',
      prefix: '',
      accounts: { kind: 'caller' },
      regions: 'all',
      region: 'eu-west-1',
      homeRegion: 'eu-west-1',
      roleName: 'MskAuditReadOnly',
      securityHub: true,
      cloudTrail: true,
      initialLookbackDays: 7,
      baseline: 'bootstrap',
      formats: ['json', 'html'],
      timeMarginMs: 60_000,
      forcePathStyle: false,
    });
    expect(config.externalId).toBeUndefined();
    expect(config.signingKeyArn).toBeUndefined();
  });

  it('reads the scope the way serverless.yml writes it (empty params are unset)', () => {
    const config = loadLambdaConfig({
      ...base,
      MSK_AUDIT_ACCOUNTS: 'org',
      MSK_AUDIT_OUS: 'ou-ab12-cdef3456, ou-ab12-abcdefgh',
      MSK_AUDIT_EXCLUDE_ACCOUNTS: '444444444444',
      MSK_AUDIT_REGIONS: 'eu-west-1,us-east-1',
      MSK_AUDIT_EXTERNAL_ID: 'audit-2026',
      MSK_AUDIT_SIGNING_KEY_ARN: '',
      MSK_AUDIT_TAGS: 'data-classification=cardholder,team=payments',
      MSK_AUDIT_PREFIX: 'msk',
      MSK_AUDIT_FORMATS: 'csv',
    });
    expect(config.accounts).toEqual({ kind: 'organization', organizationalUnits: ['ou-ab12-cdef3456', 'ou-ab12-abcdefgh'] });
    expect(config.excludeAccounts).toEqual(['444444444444']);
    expect(config.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(config.externalId).toBe('audit-2026');
    expect(config.signingKeyArn).toBeUndefined();
    expect(config.tags).toEqual({ 'data-classification': 'cardholder', team: 'payments' });
    expect(config.prefix).toBe('msk/');
    expect(config.formats).toEqual(['csv', 'json', 'html']);
    expect(loadLambdaConfig({ ...base, MSK_AUDIT_ACCOUNTS: '111111111111, 222222222222' }).accounts).toEqual({ kind: 'list', accounts: ['111111111111', '222222222222'] });
  });

  it('sets path-style S3 only with an endpoint override', () => {
    expect(loadLambdaConfig({ ...base, MSK_AUDIT_S3_FORCE_PATH_STYLE: 'true' }).forcePathStyle).toBe(false);
    expect(loadLambdaConfig({ ...base, MSK_AUDIT_S3_FORCE_PATH_STYLE: 'true', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).forcePathStyle).toBe(true);
    expect(loadLambdaConfig({ ...base, MSK_AUDIT_S3_FORCE_PATH_STYLE: 'true', AWS_ENDPOINT_URL_S3: 'http://localhost:4566' }).forcePathStyle).toBe(true);
    expect(loadLambdaConfig({ ...base, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).forcePathStyle).toBe(false);
  });

  it.each([
    [{ MSK_AUDIT_BUCKET: '' }, 'MSK_AUDIT_BUCKET: the evidence bucket is required'],
    [{ MSK_AUDIT_BUCKET: 'Not_A_Bucket' }, 'MSK_AUDIT_BUCKET: not a valid bucket name'],
    [{ MSK_AUDIT_ACCOUNTS: '12345' }, 'MSK_AUDIT_ACCOUNTS: "org", "caller" or 12-digit account ids'],
    [{ MSK_AUDIT_OUS: 'ou-ab12-cdef3456' }, 'MSK_AUDIT_OUS: needs MSK_AUDIT_ACCOUNTS=org'],
    [{ MSK_AUDIT_REGIONS: 'all,eu-west-1' }, 'MSK_AUDIT_REGIONS: "all" cannot be combined'],
    [{ MSK_AUDIT_REGIONS: 'europe' }, 'MSK_AUDIT_REGIONS: not a region'],
    [{ MSK_AUDIT_BASELINE: 'sometimes' }, 'MSK_AUDIT_BASELINE: off, fixed, bootstrap or rolling'],
    [{ MSK_AUDIT_SECURITY_HUB: 'maybe' }, 'MSK_AUDIT_SECURITY_HUB: expected true or false'],
    [{ MSK_AUDIT_ACCOUNT_CONCURRENCY: '0' }, 'MSK_AUDIT_ACCOUNT_CONCURRENCY: expected an integer from 1 to 256'],
    [{ MSK_AUDIT_INITIAL_LOOKBACK_DAYS: '91' }, 'MSK_AUDIT_INITIAL_LOOKBACK_DAYS: expected an integer from 1 to 90'],
    [{ MSK_AUDIT_FORMATS: 'json,pdf' }, 'MSK_AUDIT_FORMATS: unknown report format "pdf"'],
    [{ MSK_AUDIT_SIGNING_KEY_ARN: 'my-key' }, 'MSK_AUDIT_SIGNING_KEY_ARN: not a KMS key ARN'],
    [{ MSK_AUDIT_TAGS: 'cardholder' }, 'MSK_AUDIT_TAGS: expected KEY=VALUE pairs'],
    [{ MSK_AUDIT_ROLE_NAME: 'bad role' }, 'MSK_AUDIT_ROLE_NAME: not a valid IAM role name'],
  ])('names the variable at fault: %o', (vars, message) => {
    expect(() => loadLambdaConfig({ ...base, ...vars })).toThrow(LambdaConfigError);
    expect(() => loadLambdaConfig({ ...base, ...vars })).toThrow(message);
  });
});

describe('the CloudTrail window', () => {
  const config = loadLambdaConfig(base);
  const now = new Date('2026-11-23T12:00:00Z');
  const state = (until: string): RunState => ({
    kind: 'msk-audit-lambda-state',
    schemaVersion: 1,
    lastSuccess: { scanId: 's', startedAt: until, finishedAt: until, coverageComplete: true, cloudTrailWindow: { since: '2026-11-01T00:00:00Z', until }, run: 's3://b/runs/' },
  });
  const baseline = (approvedAt: string) => ({ approvedAt }) as Baseline;

  it('looks back initialLookbackDays on the first run, then starts where the last complete run ended', () => {
    expect(cloudTrailWindow(config, undefined, undefined, now)).toEqual({ since: new Date(now.getTime() - 7 * DAY), until: now });
    expect(cloudTrailWindow(config, state('2026-11-22T12:00:00Z'), undefined, now)).toEqual({ since: new Date('2026-11-22T12:00:00Z'), until: now });
  });

  it('starts at the baseline approval when that is earlier, and never beyond 90 days', () => {
    expect(cloudTrailWindow(config, state('2026-11-22T12:00:00Z'), baseline('2026-11-10T00:00:00Z'), now)?.since).toEqual(new Date('2026-11-10T00:00:00Z'));
    expect(cloudTrailWindow(config, state('2026-11-22T12:00:00Z'), baseline('2026-11-23T00:00:00Z'), now)?.since).toEqual(new Date('2026-11-22T12:00:00Z'));
    const since = cloudTrailWindow(config, state('2026-01-01T00:00:00Z'), undefined, now)!.since;
    expect(now.getTime() - since.getTime()).toBeLessThan(90 * DAY);
    expect(now.getTime() - since.getTime()).toBeGreaterThan(89 * DAY);
  });

  it('is absent without CloudTrail', () => {
    expect(cloudTrailWindow(loadLambdaConfig({ ...base, MSK_AUDIT_CLOUDTRAIL: 'false' }), undefined, undefined, now)).toBeUndefined();
  });
});

describe('run keys, metrics and deadlines', () => {
  it('keys runs by UTC date and scan id', () => {
    expect(runPrefix('', new Date('2026-11-23T23:59:59Z'), 'abc')).toBe('runs/2026/11/23/abc/');
    expect(runPrefix('msk/', new Date('2026-01-02T00:00:00Z'), 'x')).toBe('msk/runs/2026/01/02/x/');
  });

  it('writes CloudWatch Embedded Metric Format', () => {
    const line = JSON.parse(emfLine('msk-audit-prod', { [METRICS.incomplete]: 3, [METRICS.durationSeconds]: 12.5 }, { scanId: 's' }, new Date(1_000))) as Record<string, unknown>;
    expect(line).toEqual({
      _aws: {
        Timestamp: 1000,
        CloudWatchMetrics: [
          {
            Namespace: 'MskAudit',
            Dimensions: [['Deployment']],
            Metrics: [
              { Name: 'IncompleteAccountRegions', Unit: 'Count' },
              { Name: 'RunDurationSeconds', Unit: 'Seconds' },
            ],
          },
        ],
      },
      Deployment: 'msk-audit-prod',
      scanId: 's',
      IncompleteAccountRegions: 3,
      RunDurationSeconds: 12.5,
    });
  });

  it('gives up before the invocation runs out, and not otherwise', async () => {
    const context = (ms: number) => ({ getRemainingTimeInMillis: () => ms });
    await expect(withDeadline(new Promise(() => undefined), context(1_050), 1_000, 'the work')).rejects.toThrow(DeadlineError);
    await expect(withDeadline(new Promise(() => undefined), context(500), 1_000, 'the work')).rejects.toThrow('the work did not finish with 1 s of the Lambda invocation left');
    await expect(withDeadline(Promise.resolve(7), context(60_000), 1_000, 'the work')).resolves.toBe(7);
    await expect(withDeadline(Promise.resolve(8), undefined, 1_000, 'the work')).resolves.toBe(8);
  });
});
