import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { resolveCredentials } from '../../aws/credentials.js';
import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { parseInventory } from '../../inventory/load.js';
import {
  buildEvidencePack,
  buildSignedEvidencePack,
  evidenceFilesFor,
  FRAMEWORK_ID,
  kmsSigner,
  packParamsFromResult,
  parseScanResult,
  pemSigner,
  type EvidenceExtras,
  type PackSigner,
} from '../../evidence/index.js';
import { DEFAULT_ZIP_LIMITS, MiB } from '../../evidence/zip.js';
import { assertWritableFile } from '../paths.js';
import { forTerminal } from '../terminal.js';

interface PackFlags {
  scan: string;
  output: string;
  inventory?: string;
  report?: string;
  cloudtrailEvents?: string;
  drift?: string;
  matrix?: Record<string, string>;
  signKey?: string;
  profile?: string;
  quiet?: boolean;
}

/** `--matrix FRAMEWORK=FILE`, repeatable. */
function parseMatrix(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const separator = value.indexOf('=');
  const framework = value.slice(0, Math.max(0, separator));
  const file = value.slice(separator + 1);
  if (separator <= 0 || !file) throw new InvalidArgumentError(`expected FRAMEWORK=FILE, got ${JSON.stringify(value)}`);
  if (!FRAMEWORK_ID.test(framework)) throw new InvalidArgumentError(`framework ${JSON.stringify(framework)}: use letters, digits, '.', '_' and '-'`);
  if (framework in previous) throw new InvalidArgumentError(`framework ${framework} given twice`);
  return { ...previous, [framework]: file };
}

/** Reads an input file as text: a UsageError (exit 2) naming the flag when it is missing, a directory or too large. */
export async function readInputText(path: string, flag: string, maxBytes = DEFAULT_ZIP_LIMITS.maxEntryBytes): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`${flag} ${path}: no such file`);
  if (!info.isFile()) throw new UsageError(`${flag} ${path}: not a regular file`);
  if (info.size > maxBytes) throw new UsageError(`${flag} ${path}: larger than ${Math.floor(maxBytes / MiB)} MiB`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${flag} ${path}: not UTF-8 text`);
  }
}

function parseJsonText(text: string, flag: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${flag} ${path}: not valid JSON`);
  }
}

export async function signerFor(flags: Pick<PackFlags, 'signKey' | 'profile'>): Promise<PackSigner | undefined> {
  const key = flags.signKey;
  if (key === undefined) return undefined;
  if (key.startsWith('arn:')) {
    return kmsSigner(key, { label: `--sign-key ${key}`, ...(flags.profile ? { credentials: resolveCredentials({ profile: flags.profile }) } : {}) });
  }
  if (flags.profile) throw new UsageError('--profile is only used with a KMS key ARN as --sign-key');
  return pemSigner(await readInputText(key, '--sign-key', 1 * MiB), `--sign-key ${key}`);
}

export function registerPack(program: Command): void {
  program
    .command('pack')
    .description('build a tamper-evident evidence pack (ZIP + SHA-256 manifest, optionally signed) from a saved scan')
    .requiredOption('--scan <file>', 'the scan result to pack (msk-audit-report.json); stored as findings.json')
    .requiredOption('--output <file>', 'the evidence pack ZIP to write (atomically)')
    .option('--inventory <file>', 'the inventory the scan evaluated (scan --save-inventory): lets auditors re-perform the checks')
    .option('--report <file>', 'the HTML report to include as report.html (default: rendered from --scan)')
    .option('--cloudtrail-events <file>', 'CloudTrail events JSON to include as cloudtrail-events.json')
    .option('--drift <file>', 'drift JSON to include as drift.json')
    .option('--matrix <framework=file>', 'a framework matrix CSV to include as matrix-<framework>.csv (repeatable)', parseMatrix)
    .option('--sign-key <arn|file>', 'sign manifest.json: an AWS KMS asymmetric RSA key ARN (kms:Sign, RSASSA_PSS_SHA_256) or a PEM private key file (RSA → RSA-PSS SHA-256, EC P-256 → ECDSA SHA-256)')
    .option('--profile <name>', 'AWS profile for a KMS --sign-key (default: the SDK default credential chain)')
    .option('--quiet', 'print nothing but errors')
    .action(async (flags: PackFlags) => {
      await assertWritableFile(flags.output, '--output');
      const inputs = [flags.scan, flags.inventory, flags.report, flags.cloudtrailEvents, flags.drift, flags.signKey, ...Object.values(flags.matrix ?? {})];
      if (inputs.some((input) => input !== undefined && resolve(input) === resolve(flags.output))) {
        throw new UsageError(`--output ${flags.output}: is also an input; write the pack somewhere else`);
      }
      const scanText = await readInputText(flags.scan, '--scan');
      const result = parseScanResult(scanText, `--scan ${flags.scan}`);
      const signer = await signerFor(flags);

      const extras: EvidenceExtras = { findingsJson: scanText };
      if (flags.inventory) {
        const text = await readInputText(flags.inventory, '--inventory');
        const inventory = parseInventory(parseJsonText(text, '--inventory', flags.inventory), `--inventory ${flags.inventory}`);
        if (inventory.collectedAt !== result.collectedAt || inventory.caller.account !== result.caller.account) {
          throw new UsageError(
            `--inventory ${flags.inventory}: not the inventory this scan evaluated (collected ${inventory.collectedAt} by ${inventory.caller.account}; the scan's facts were collected ${result.collectedAt} by ${result.caller.account})`,
          );
        }
        extras.inventory = text;
      }
      if (flags.report) extras.reportHtml = await readInputText(flags.report, '--report');
      if (flags.cloudtrailEvents) {
        extras.cloudtrailEvents = await readInputText(flags.cloudtrailEvents, '--cloudtrail-events');
        parseJsonText(extras.cloudtrailEvents, '--cloudtrail-events', flags.cloudtrailEvents);
      }
      if (flags.drift) {
        extras.drift = await readInputText(flags.drift, '--drift');
        parseJsonText(extras.drift, '--drift', flags.drift);
      }
      if (flags.matrix) {
        extras.matrices = {};
        for (const [framework, file] of Object.entries(flags.matrix)) extras.matrices[framework] = await readInputText(file, `--matrix ${framework}`);
      }

      const files = evidenceFilesFor(result, extras);
      const total = files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
      if (total > DEFAULT_ZIP_LIMITS.maxTotalBytes) throw new UsageError(`the evidence files together exceed ${DEFAULT_ZIP_LIMITS.maxTotalBytes / MiB} MiB`);
      const params = packParamsFromResult(result);
      const zip = signer ? await buildSignedEvidencePack(files, params, signer) : buildEvidencePack(files, params);
      await writeFileAtomic(flags.output, zip).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`--output ${flags.output}: cannot be written (${error.code ?? error.message})`);
      });
      if (!flags.quiet) {
        process.stdout.write(`pack      ${forTerminal(flags.output)} (${files.length} files + manifest.json, scan ${forTerminal(result.scanId)})\n`);
        for (const file of files) process.stdout.write(`  ${file.name}\n`);
        process.stdout.write(signer ? `signed    ${signer.algorithm} with ${forTerminal(signer.keyId)}\n` : 'unsigned  (pass --sign-key to sign manifest.json)\n');
      }
    });
}
