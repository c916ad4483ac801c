import type { Command } from 'commander';
import { resolveCredentials } from '../../aws/credentials.js';
import { UsageError } from '../../errors.js';
import { ARCHIVE, kmsVerifier, PackFormatError, pemVerifier, readPackFile, verifyEvidencePack, type PackVerifier, type VerificationReport } from '../../evidence/index.js';
import { MiB, unsafeNameReason } from '../../evidence/zip.js';
import { forTerminal } from '../terminal.js';
import { readInputText } from './pack.js';

interface VerifyFlags {
  publicKey?: string;
  kmsKey?: string;
  kmsVerify?: boolean;
  profile?: string;
  json?: boolean;
  quiet?: boolean;
}

/** A name from the archive, safe to print: quoted (JSON escapes) when it is unsafe or has anything unusual in it. */
function shown(name: string): string {
  if (name === ARCHIVE) return name;
  return /^[\w.\-/]+$/.test(name) && unsafeNameReason(name) === undefined ? name : forTerminal(JSON.stringify(name));
}

async function verifierFor(flags: VerifyFlags): Promise<PackVerifier | undefined> {
  if (flags.publicKey && flags.kmsKey) throw new UsageError('--public-key and --kms-key cannot be combined');
  if (flags.kmsVerify && !flags.kmsKey) throw new UsageError('--kms-verify needs --kms-key');
  if (flags.profile && !flags.kmsKey) throw new UsageError('--profile is only used with --kms-key');
  if (flags.publicKey) return pemVerifier(await readInputText(flags.publicKey, '--public-key', 1 * MiB), `public key ${flags.publicKey}`);
  if (flags.kmsKey) {
    return kmsVerifier(flags.kmsKey, {
      label: `--kms-key ${flags.kmsKey}`,
      mode: flags.kmsVerify ? 'kms-verify' : 'public-key',
      ...(flags.profile ? { credentials: resolveCredentials({ profile: flags.profile }) } : {}),
    });
  }
  return undefined;
}

function signatureLine(report: VerificationReport): string {
  const s = report.signature;
  switch (s.status) {
    case 'valid':
      return `signature valid: ${s.algorithm} by ${forTerminal(s.keyId)}, checked with ${forTerminal(s.verifiedWith)}`;
    case 'invalid':
      return `signature INVALID: ${forTerminal(s.detail)}`;
    case 'not-checked':
      return `signature not checked: signed with ${s.algorithm} by ${forTerminal(s.keyId)}; pass --public-key or --kms-key to check it`;
    case 'unsigned':
      return 'signature none: the pack is not signed';
  }
}

export function registerVerify(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('verify')
    .description('check an evidence pack: every file against manifest.json, nothing missing or extra, and the signature when a key is given')
    .argument('<pack>', 'evidence pack ZIP written by `msk-audit pack` (read in memory, never extracted)')
    .option('--public-key <file>', 'PEM public key (or X.509 certificate) to check manifest.sig with, offline')
    .option('--kms-key <arn>', 'AWS KMS key to check manifest.sig with (kms:GetPublicKey, then verified locally)')
    .option('--kms-verify', 'with --kms-key: have KMS verify the signature (kms:Verify) instead')
    .option('--profile <name>', 'AWS profile for --kms-key (default: the SDK default credential chain)')
    .option('--json', 'print the verification report as JSON')
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, flags: VerifyFlags) => {
      const verifier = await verifierFor(flags);
      const bytes = await readPackFile(file);
      const report = await verifyEvidencePack(bytes, verifier ? { verifier } : {}).catch((error: unknown) => {
        // Name the file: "not a readable evidence pack" alone does not say which one.
        if (error instanceof PackFormatError) throw new UsageError(`${file}: ${error.message}`);
        throw error;
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ file, ...report }, null, 2)}\n`);
      } else if (!flags.quiet) {
        const m = report.manifest;
        process.stdout.write(`pack      ${forTerminal(file)}${m ? ` (scan ${forTerminal(m.scanId)}, ${m.files.length} files, built by ${forTerminal(m.tool.name)} ${forTerminal(m.tool.version)})` : ''}\n`);
        for (const checked of report.files) process.stdout.write(`  ${checked.ok ? 'ok      ' : 'FAILED  '}${shown(checked.name)}\n`);
        for (const problem of report.problems) process.stdout.write(`problem   ${shown(problem.file)}: ${forTerminal(problem.problem)}\n`);
        process.stdout.write(`${signatureLine(report)}\n`);
        if (report.ok) process.stdout.write(`verified  every file matches manifest.json${report.signature.status === 'valid' ? ' and the signature is valid' : ''}\n`);
      }
      if (!report.ok) {
        const [first] = report.problems;
        const more = report.problems.length > 1 ? ` (and ${report.problems.length - 1} more problem${report.problems.length > 2 ? 's' : ''})` : '';
        process.stderr.write(`msk-audit: verification failed: ${first ? `${shown(first.file)}: ${forTerminal(first.problem)}` : 'unknown problem'}${more}\n`);
        setExitCode(1);
      }
    });
}
