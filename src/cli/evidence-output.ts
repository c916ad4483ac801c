import { readFile } from 'node:fs/promises';
import type { ScanResult } from '../engine/scan-result.js';
import { buildEvidencePack, buildSignedEvidencePack, evidenceFilesFor, packParamsFromResult } from '../evidence/index.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { frameworksInScope } from '../frameworks/index.js';
import type { Inventory } from '../inventory/index.js';
import { frameworkMatrixCsv } from '../../reports/csv.js';
import { signerFor } from './commands/pack.js';

export interface EvidencePackRequest {
  /** Where the zip goes. */
  path: string;
  /** The inventory the scan wrote (the raw facts in the pack). */
  inventoryPath: string;
  signKey?: string;
  profile?: string;
}

/**
 * The evidence pack of a finished scan: the report, findings, coverage, the raw inventory, the MSK CloudTrail
 * events it judged, the drift (when a baseline was given) and one controls matrix per framework in scope,
 * with a manifest of SHA-256 hashes, signed when a key is given. Written atomically.
 */
export async function writeScanEvidencePack(result: ScanResult, request: EvidencePackRequest): Promise<void> {
  const inventoryText = await readFile(request.inventoryPath, 'utf8');
  const inventory = JSON.parse(inventoryText) as Inventory;
  const cloudtrailEvents = inventory.accountRegions
    .filter((entry) => entry.kafkaEvents?.ok)
    .map((entry) => ({ account: entry.account, region: entry.region, ...(entry.kafkaEvents as { ok: true; value: object }).value }))
    .sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
  const matrices = Object.fromEntries(frameworksInScope(result).map((framework) => [framework, frameworkMatrixCsv(result, framework)]));
  const files = evidenceFilesFor(result, {
    inventory: inventoryText,
    cloudtrailEvents: `${JSON.stringify(cloudtrailEvents, null, 2)}\n`,
    ...(result.drift ? { drift: `${JSON.stringify(result.drift, null, 2)}\n` } : {}),
    matrices,
  });
  const params = packParamsFromResult(result);
  const signer = await signerFor({ ...(request.signKey ? { signKey: request.signKey } : {}), ...(request.profile ? { profile: request.profile } : {}) });
  const zip = signer ? await buildSignedEvidencePack(files, params, signer) : buildEvidencePack(files, params);
  await writeFileAtomic(request.path, zip);
}
