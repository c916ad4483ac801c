import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * `--accounts 111111111111,222222222222` or `--accounts accounts.txt` (ids separated by commas, spaces or
 * new lines; `#` starts a comment). Every id must be 12 digits.
 */
export function parseAccounts(value: string, previous: string[] = []): string[] {
  const text = /^[\d,\s]+$/.test(value) ? value : readAccountsFile(value);
  const ids = text
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .join(' ')
    .split(/[\s,]+/)
    .filter((id) => id.length > 0);
  const invalid = ids.filter((id) => !ACCOUNT_ID.test(id));
  if (invalid.length > 0) throw new InvalidArgumentError(`not a 12-digit AWS account id: ${invalid.slice(0, 3).join(', ')}`);
  if (ids.length === 0) throw new InvalidArgumentError('no account id given');
  return [...new Set([...previous, ...ids])];
}

function readAccountsFile(path: string): string {
  const info = (() => {
    try {
      return statSync(path);
    } catch {
      return undefined;
    }
  })();
  if (!info) throw new InvalidArgumentError(`${path}: neither a list of account ids nor an existing file`);
  if (!info.isFile()) throw new InvalidArgumentError(`${path}: not a regular file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function parseOu(value: string, previous: string[] = []): string[] {
  const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
  const invalid = ids.filter((id) => !/^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/.test(id));
  if (invalid.length > 0) throw new InvalidArgumentError(`not an organizational unit or root id: ${invalid.join(', ')}`);
  return [...new Set([...previous, ...ids])];
}
