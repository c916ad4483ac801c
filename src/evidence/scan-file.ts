/** Reading a saved scan result (msk-audit-report.json / findings.json), validated as far as packing needs. */
import { z } from 'zod';
import type { ScanResult } from '../engine/scan-result.js';
import { SCAN_RESULT_SCHEMA_VERSION } from '../engine/scan-result.js';
import { UsageError } from '../errors.js';

// Loose: a newer msk-audit may add fields, and packing keeps the file's bytes as they are. What is checked
// is what packing and re-performance read.
const scanResultSchema = z.looseObject({
  kind: z.literal('msk-audit-scan'),
  schemaVersion: z.literal(SCAN_RESULT_SCHEMA_VERSION),
  scanId: z.string().min(1),
  tool: z.looseObject({ name: z.string(), version: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  collectedAt: z.string(),
  caller: z.looseObject({ account: z.string() }),
  scope: z.looseObject({
    accounts: z.array(z.string()),
    regions: z.array(z.string()),
    regionSelection: z.string(),
    tagFilters: z.record(z.string(), z.string()),
    checkIds: z.array(z.string()),
  }),
  thresholds: z.record(z.string(), z.unknown()),
  checks: z.array(z.looseObject({ id: z.string() })),
  findings: z.array(
    z.looseObject({
      id: z.string(),
      checkId: z.string(),
      status: z.string(),
      reason: z.string(),
      resource: z.looseObject({ arn: z.string() }),
    }),
  ),
  coverage: z.looseObject({}),
});

/** Parses a scan result's JSON text; a UsageError naming the source and the first invalid field otherwise. */
export function parseScanResult(text: string, source: string): ScanResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${source}: not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || (json as { kind?: unknown }).kind !== 'msk-audit-scan') {
    throw new UsageError(`${source}: not an msk-audit scan result (kind must be "msk-audit-scan")`);
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCAN_RESULT_SCHEMA_VERSION) {
    throw new UsageError(`${source}: scan result schema version ${JSON.stringify(version)} is not supported (this msk-audit reads version ${SCAN_RESULT_SCHEMA_VERSION})`);
  }
  const parsed = scanResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${source}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as unknown as ScanResult;
}
