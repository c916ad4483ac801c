/**
 * Rewrites the action list of deploy/member-role.yml (between its `begin/end MEMBER_READ_ACTIONS` markers) from
 * src/aws/permissions.ts, so the StackSet's member role grants exactly what a scan calls.
 *
 *   npx tsx deploy/sync-member-role.ts          # rewrite the file
 *   npx tsx deploy/sync-member-role.ts --check  # exit 1 when it is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MEMBER_READ_ACTIONS } from '../src/aws/permissions.js';

export const MEMBER_ROLE_TEMPLATE = fileURLToPath(new URL('./member-role.yml', import.meta.url));

const BLOCK = /^( *)# begin MEMBER_READ_ACTIONS.*\n(?:.*\n)*?\1# end MEMBER_READ_ACTIONS\n/m;

/** The template text with its MEMBER_READ_ACTIONS list replaced by these actions. */
export function syncMemberRole(text: string, actions: readonly string[] = MEMBER_READ_ACTIONS): string {
  const match = BLOCK.exec(text);
  if (!match) throw new Error('deploy/member-role.yml: the "# begin/end MEMBER_READ_ACTIONS" markers are missing');
  const indent = match[1] ?? '';
  const opening = match[0].split('\n')[0];
  const block = [opening, ...actions.map((action) => `${indent}- ${action}`), `${indent}# end MEMBER_READ_ACTIONS`, ''].join('\n');
  return text.replace(BLOCK, block);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = readFileSync(MEMBER_ROLE_TEMPLATE, 'utf8');
  const synced = syncMemberRole(text);
  if (process.argv.includes('--check')) {
    if (synced !== text) {
      process.stderr.write('deploy/member-role.yml is stale: run `npx tsx deploy/sync-member-role.ts`\n');
      process.exit(1);
    }
  } else if (synced !== text) {
    writeFileSync(MEMBER_ROLE_TEMPLATE, synced);
    process.stdout.write(`deploy/member-role.yml: ${MEMBER_READ_ACTIONS.length} actions\n`);
  }
}
