import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { DEV, PROD, SEC, asJson, assume, cfg, errorOf, exampleEstate, regionOf } from './helpers.js';

const estate = exampleEstate();
type Key = { metadata: Record<string, unknown>; rotation?: { KeyRotationEnabled: boolean; RotationPeriodInDays?: number }; aliases?: string[]; deny?: string[] };
const keysOf = (account: string, region: string) => ((regionOf(estate, account, region).kms as { keys: Key[] } | undefined)?.keys ?? []);

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ estate });
});
afterAll(() => sb.close());

describe('kms', () => {
  for (const [account, region] of [[SEC, 'eu-west-1'], [SEC, 'us-east-1'], [PROD, 'eu-west-1'], [PROD, 'us-east-1'], [DEV, 'eu-west-1'], [DEV, 'us-east-1']] as const) {
    it(`DescribeKey KeyMetadata deep-equals the estate (${account}/${region}) by id, ARN and alias`, async () => {
      const creds = account === SEC ? undefined : await assume(sb, account);
      const kms = new KMSClient(cfg(sb, region, creds));
      for (const key of keysOf(account, region)) {
        const byId = await kms.send(new DescribeKeyCommand({ KeyId: String(key.metadata.KeyId) }));
        expect(asJson(byId.KeyMetadata)).toEqual(key.metadata);
        const byArn = await kms.send(new DescribeKeyCommand({ KeyId: String(key.metadata.Arn) }));
        expect(byArn.KeyMetadata?.KeyId).toBe(key.metadata.KeyId);
        for (const alias of key.aliases ?? []) {
          const byAlias = await kms.send(new DescribeKeyCommand({ KeyId: alias }));
          expect(byAlias.KeyMetadata?.Arn).toBe(key.metadata.Arn);
          const byAliasArn = await kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${region}:${account}:${alias}` }));
          expect(byAliasArn.KeyMetadata?.Arn).toBe(key.metadata.Arn);
        }
      }
    });
  }

  it('DescribeKey cross-account by ARN looks in the account named in the ARN', async () => {
    const key = keysOf(PROD, 'eu-west-1')[0]!;
    const kms = new KMSClient(cfg(sb, 'eu-west-1')); // caller is 111111111111
    const out = await kms.send(new DescribeKeyCommand({ KeyId: String(key.metadata.Arn) }));
    expect(out.KeyMetadata?.AWSAccountId).toBe(PROD);
    // by bare key id it is looked up in the caller's own account → not found
    expect((await errorOf(() => kms.send(new DescribeKeyCommand({ KeyId: String(key.metadata.KeyId) })))).name).toBe('NotFoundException');
  });

  it('GetKeyRotationStatus: enabled with period and next date, disabled, AWS-managed, PendingDeletion, denied', async () => {
    const prod = await assume(sb, PROD);
    const eu = new KMSClient(cfg(sb, 'eu-west-1', prod));
    const [noRot, rot730, disabled] = keysOf(PROD, 'eu-west-1');
    const off = await eu.send(new GetKeyRotationStatusCommand({ KeyId: String(noRot!.metadata.KeyId) }));
    expect(off).toMatchObject({ KeyRotationEnabled: false, KeyId: noRot!.metadata.Arn });
    expect(off.RotationPeriodInDays).toBeUndefined();
    const long = await eu.send(new GetKeyRotationStatusCommand({ KeyId: String(rot730!.metadata.Arn) }));
    expect(long).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 730 });
    expect(long.NextRotationDate).toBeInstanceOf(Date);
    expect(long.NextRotationDate!.getTime()).toBeGreaterThan(sb.now().getTime());
    expect((await eu.send(new GetKeyRotationStatusCommand({ KeyId: String(disabled!.metadata.KeyId) }))).KeyRotationEnabled).toBe(true);

    const us = new KMSClient(cfg(sb, 'us-east-1', prod));
    const [pending, denied] = keysOf(PROD, 'us-east-1');
    expect((await us.send(new GetKeyRotationStatusCommand({ KeyId: String(pending!.metadata.KeyId) }))).KeyRotationEnabled).toBe(false);
    const e = await errorOf(() => us.send(new GetKeyRotationStatusCommand({ KeyId: String(denied!.metadata.KeyId) })));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.message).toContain('kms:GetKeyRotationStatus');
    // DescribeKey of the same key is allowed
    expect((await us.send(new DescribeKeyCommand({ KeyId: String(denied!.metadata.KeyId) }))).KeyMetadata?.KeyState).toBe('Enabled');

    const awsManaged = keysOf(SEC, 'us-east-1')[0]!;
    const sec = new KMSClient(cfg(sb, 'us-east-1'));
    expect(await sec.send(new GetKeyRotationStatusCommand({ KeyId: String(awsManaged.metadata.KeyId) }))).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
  });

  it('unknown key / alias → NotFoundException', async () => {
    const kms = new KMSClient(cfg(sb));
    expect((await errorOf(() => kms.send(new DescribeKeyCommand({ KeyId: '00000000-0000-0000-0000-000000000000' })))).name).toBe('NotFoundException');
    expect((await errorOf(() => kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })))).name).toBe('NotFoundException');
    expect((await errorOf(() => kms.send(new GetKeyRotationStatusCommand({ KeyId: 'arn:aws:kms:eu-west-1:999999999999:key/x' })))).name).toBe('NotFoundException');
  });
});
