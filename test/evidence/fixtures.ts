import { generateKeyPairSync } from 'node:crypto';
import { buildScanResult, type EvaluationPlan } from '../../src/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { available, type Inventory } from '../../src/inventory/index.js';
import type { EstateInput } from '../../src/sandbox/index.js';
import { builtinChecks } from '../../checks/index.js';
import { accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';

/** Packs in these tests carry a fixed report.html, so they do not depend on the HTML renderer (tested on its own). */
export const REPORT_HTML = '<!doctype html><title>msk-audit report</title><p>fixture</p>\n';

export const SCAN_ID = '00000000-0000-4000-8000-00000000e71d';

export function plan(overrides: Partial<EvaluationPlan> = {}): EvaluationPlan {
  return { checks: builtinChecks, thresholds: { ...DEFAULT_THRESHOLDS }, severityOverrides: {}, tagFilters: {}, ...overrides };
}

/** Three clusters (one failing TLS, one serverless) in one account-region. */
export function inventoryFixture(): Inventory {
  const failing = provisionedCluster((c) => {
    c.ClusterArn = c.ClusterArn.replace('payments', 'legacy');
    c.ClusterName = 'legacy';
    c.Provisioned!.EncryptionInfo!.EncryptionInTransit!.ClientBroker = 'TLS_PLAINTEXT';
  });
  return inventoryOf([accountRegion((r) => (r.clusters = available([provisionedCluster(), failing, serverlessCluster()])))]);
}

export function scanFixture(evaluationPlan: EvaluationPlan = plan()): { inventory: Inventory; result: ScanResult } {
  const inventory = inventoryFixture();
  const result = buildScanResult(inventory, evaluationPlan, {
    startedAt: new Date('2026-11-23T10:05:00.000Z'),
    finishedAt: new Date('2026-11-23T10:06:00.000Z'),
    scanId: SCAN_ID,
  });
  return { inventory, result };
}

export function rsaKeys(bits = 2048): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

export function ecKeys(curve = 'prime256v1'): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return { privatePem: privateKey.export({ type: 'sec1', format: 'pem' }) as string, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

export const KMS_ACCOUNT = '111111111111';
export const KMS_REGION = 'eu-west-1';
export const SIGNING_KEY_ARN = `arn:aws:kms:${KMS_REGION}:${KMS_ACCOUNT}:key/evidence-signing`;
export const OTHER_KEY_ARN = `arn:aws:kms:${KMS_REGION}:${KMS_ACCOUNT}:key/other-signing`;
export const SYMMETRIC_KEY_ARN = `arn:aws:kms:${KMS_REGION}:${KMS_ACCOUNT}:key/symmetric`;

/** One account with an asymmetric RSA signing key (plus a second one and a symmetric key). */
export function signingEstate(): EstateInput {
  const rsa = (id: string, aliases: string[] = []) => ({
    metadata: { KeyId: id, Arn: `arn:aws:kms:${KMS_REGION}:${KMS_ACCOUNT}:key/${id}`, KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048' },
    aliases,
  });
  return {
    caller: { accountId: KMS_ACCOUNT, arn: `arn:aws:iam::${KMS_ACCOUNT}:user/auditor` },
    regions: [{ name: 'eu-west-1' }, { name: 'us-east-1' }],
    accounts: [
      {
        id: KMS_ACCOUNT,
        name: 'security',
        email: 'security@example.com',
        regions: {
          [KMS_REGION]: {
            kms: {
              keys: [
                rsa('evidence-signing', ['alias/evidence']),
                rsa('other-signing'),
                { metadata: { KeyId: 'symmetric', Arn: SYMMETRIC_KEY_ARN, KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT' } },
              ],
            },
          },
        },
      },
    ],
  } as EstateInput;
}

