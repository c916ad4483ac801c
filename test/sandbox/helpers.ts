import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { EXAMPLE_ESTATE, type EstateInput, type RunningSandbox } from '../../src/sandbox/index.js';

export const SEC = '111111111111';
export const PROD = '222222222222';
export const DEV = '333333333333';
export const LEGACY = '444444444444';

/** A fresh deep copy of the bundled example estate. */
export function exampleEstate(): EstateInput {
  return structuredClone(EXAMPLE_ESTATE) as EstateInput;
}

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity;
  maxAttempts: number;
}

/** SDK client config pointed at the sandbox; base caller credentials unless given. */
export function cfg(sb: RunningSandbox, region = 'eu-west-1', credentials?: AwsCredentialIdentity, maxAttempts = 1): ClientConfig {
  return { endpoint: sb.url, region, credentials: credentials ?? sb.credentials, maxAttempts };
}

/** AssumeRole into `account`'s role (MskAuditReadOnly by default) and return the session credentials. */
export async function assume(sb: RunningSandbox, account: string, role = 'MskAuditReadOnly', extra: { ExternalId?: string; DurationSeconds?: number } = {}): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(cfg(sb, 'us-east-1'));
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: 'msk-audit', ...extra }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, ...(c.Expiration ? { expiration: c.Expiration } : {}) };
}

/** The SDK output as JSON (Dates → ISO strings, $metadata removed), to compare with estate objects. */
export function asJson<T>(value: T): unknown {
  const v = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  if (v && typeof v === 'object') delete v.$metadata;
  return v;
}

/** Runs `fn` and returns the error it throws (fails when it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $response?: unknown }> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

type Obj = Record<string, unknown>;

/** Region resources of an account in an estate document. */
export function regionOf(estate: EstateInput, account: string, region: string): Obj {
  const a = (estate.accounts as Obj[]).find((x) => x.id === account) as Obj | undefined;
  return ((a?.regions as Obj | undefined)?.[region] ?? {}) as Obj;
}

export function clustersOf(estate: EstateInput, account: string, region: string): Obj[] {
  return (((regionOf(estate, account, region).msk as Obj | undefined)?.clusters ?? []) as Obj[]);
}

/** Minimal valid estate: one organization, caller in 111111111111; `extra` merged into account 0. */
export function tinyEstate(accountPatch: Obj = {}, top: Obj = {}): EstateInput {
  return {
    caller: { accountId: SEC, arn: `arn:aws:iam::${SEC}:user/tester` },
    regions: [{ name: 'eu-west-1' }, { name: 'us-east-1' }, { name: 'ap-east-1', optIn: true }],
    organization: { id: 'o-testtest01', managementAccountId: SEC, roots: [{ id: 'r-test' }] },
    accounts: [
      { id: SEC, name: 'sec', email: 'sec@example.com', roles: [{ name: 'MskAuditReadOnly' }], ...accountPatch },
      { id: PROD, name: 'prod', email: 'prod@example.com', roles: [{ name: 'MskAuditReadOnly' }, { name: 'WithExternalId', externalId: 'secret-ext' }, { name: 'Long', maxSessionDuration: 43200 }] },
    ],
    ...top,
  } as EstateInput;
}
