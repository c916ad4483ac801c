import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandInput,
  type GetFindingsCommandInput,
  type SecurityHubClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-securityhub';
import type { AwsStub } from 'aws-sdk-client-mock';
import { defaultProductArn } from '../../reports/asff.js';

type Stub = AwsStub<ServiceInputTypes, ServiceOutputTypes, SecurityHubClientResolvedConfig>;
type GetClient = () => { config: SecurityHubClientResolvedConfig };

export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

export interface HubCall {
  operation: 'GetFindings' | 'BatchImportFindings';
  account: string;
  region: string;
  input: GetFindingsCommandInput | BatchImportFindingsCommandInput;
}

/**
 * A minimal Security Hub behind aws-sdk-client-mock: one store per account-region, keyed by the caller's account
 * (the fake credentials' access key is `AKID<account>`). Imports follow Security Hub's rules: the caller must be the
 * finding's account and product; a stale UpdatedAt is ignored; CreatedAt is kept. Failures can be scripted.
 */
export class FakeHub {
  readonly stores = new Map<string, Map<string, AwsSecurityFinding>>();
  readonly disabled = new Set<string>();
  readonly calls: HubCall[] = [];
  /** account/region → error thrown by every GetFindings there. */
  readonly getFindingsErrors = new Map<string, Error>();
  /** Errors thrown by the next BatchImportFindings calls (one each), any account-region. */
  readonly importErrors: Error[] = [];
  /** Finding Id → FailedFindings codes returned for its next imports (one each; the last one sticks when `sticky`). */
  readonly rejections = new Map<string, { codes: string[]; sticky?: boolean }>();
  pageSize = 100;

  install(stub: Stub): void {
    stub.on(GetFindingsCommand).callsFake(async (input: GetFindingsCommandInput, getClient: GetClient) => {
      const { account, region } = await caller(getClient());
      this.calls.push({ operation: 'GetFindings', account, region, input });
      const error = this.getFindingsErrors.get(`${account}/${region}`);
      if (error) throw error;
      const store = this.hub(account, region);
      const product = input.Filters?.ProductArn?.[0]?.Value;
      const prefix = input.Filters?.GeneratorId?.[0]?.Value ?? '';
      const all = [...store.values()].filter((f) => (product === undefined || f.ProductArn === product) && (f.GeneratorId ?? '').startsWith(prefix));
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const size = Math.min(input.MaxResults ?? 100, this.pageSize);
      const end = start + size;
      return { Findings: all.slice(start, end).map((f) => structuredClone(f)), ...(end < all.length ? { NextToken: String(end) } : {}) };
    });
    stub.on(BatchImportFindingsCommand).callsFake(async (input: BatchImportFindingsCommandInput, getClient: GetClient) => {
      const { account, region } = await caller(getClient());
      this.calls.push({ operation: 'BatchImportFindings', account, region, input });
      const error = this.importErrors.shift();
      if (error) throw error;
      const store = this.hub(account, region);
      const findings = input.Findings ?? [];
      if (findings.length > 100) throw awsError('InvalidInputException', 'Too many findings');
      const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
      for (const f of findings) {
        const id = f.Id ?? '';
        const scripted = this.rejections.get(id);
        if (scripted && scripted.codes.length > 0) {
          const code = scripted.codes.length === 1 && scripted.sticky ? scripted.codes[0]! : scripted.codes.shift()!;
          failed.push({ Id: id, ErrorCode: code, ErrorMessage: `scripted ${code}` });
          continue;
        }
        if (f.AwsAccountId !== account || f.ProductArn !== defaultProductArn('aws', region, account)) {
          failed.push({ Id: id, ErrorCode: 'AccessDeniedException', ErrorMessage: 'wrong account' });
          continue;
        }
        const existing = store.get(id);
        if (existing && Date.parse(f.UpdatedAt ?? '') <= Date.parse(existing.UpdatedAt ?? '')) continue;
        store.set(id, { ...structuredClone(f), CreatedAt: existing?.CreatedAt ?? f.CreatedAt, Region: region });
      }
      return { FailedCount: failed.length, SuccessCount: findings.length - failed.length, FailedFindings: failed };
    });
  }

  hub(account: string, region: string): Map<string, AwsSecurityFinding> {
    const key = `${account}/${region}`;
    if (this.disabled.has(key)) throw awsError('InvalidAccessException', `Account ${account} is not subscribed to AWS Security Hub`, 401);
    let store = this.stores.get(key);
    if (!store) this.stores.set(key, (store = new Map()));
    return store;
  }

  findings(account: string, region: string): AwsSecurityFinding[] {
    return [...(this.stores.get(`${account}/${region}`)?.values() ?? [])];
  }

  seed(account: string, region: string, findings: AwsSecurityFinding[]): void {
    const store = this.hub(account, region);
    for (const f of findings) store.set(f.Id ?? '', structuredClone(f));
  }

  imports(account?: string, region?: string): AwsSecurityFinding[][] {
    return this.calls
      .filter((c) => c.operation === 'BatchImportFindings' && (account === undefined || c.account === account) && (region === undefined || c.region === region))
      .map((c) => (c.input as BatchImportFindingsCommandInput).Findings ?? []);
  }
}

async function caller(client: { config: SecurityHubClientResolvedConfig }): Promise<{ account: string; region: string }> {
  const credentials = client.config.credentials as unknown as () => Promise<{ accessKeyId: string }>;
  const { accessKeyId } = await credentials();
  return { account: accessKeyId.replace(/^AKID/, ''), region: await client.config.region() };
}
