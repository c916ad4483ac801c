/**
 * A large inventory made from a real one: a small realistic estate is scanned through the built CLI
 * (`scan --org --save-inventory`, sandbox with no latency and no rate limits), then its accounts are copied
 * under new account ids until the inventory holds exactly the number of clusters wanted. Every fact is one
 * the current collector produced (configurations, KMS keys, trails, security groups, policies, …), so the
 * evaluation benchmark follows the collector as it grows.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateEstate } from '../src/sandbox/index.js';
import type { AccountAccess, AccountRegionInventory, Inventory } from '../src/inventory/index.js';
import { REALISTIC } from './estate-profiles.js';
import { startSandboxProcess } from './sandbox-process.js';

/** The scanned base estate: few accounts with many clusters keeps the scan short and the copies realistic. */
export const BASE_ACCOUNTS = 20;
export const BASE_CLUSTERS_PER_ACCOUNT = 25;

export interface BaseInventory {
  file: string;
  accounts: number;
  clusters: number;
  scanMs: number;
}

/** Scans a small realistic estate with the built CLI and saves its inventory. */
export async function collectBaseInventory(root: string, dir: string): Promise<BaseInventory> {
  await mkdir(dir, { recursive: true });
  const estateFile = join(dir, 'base-estate.json');
  await writeFile(estateFile, JSON.stringify(generateEstate({ ...REALISTIC.options, accounts: BASE_ACCOUNTS, clustersPerAccount: BASE_CLUSTERS_PER_ACCOUNT })));
  const sandbox = await startSandboxProcess({ root, estateFile, latencyMs: 0, jitterMs: 0, rateLimits: false });
  const file = join(dir, 'base-inventory.json');
  const started = performance.now();
  try {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', ...sandbox.env };
    const args = [join(root, 'dist/src/cli.js'), 'scan', '--org', '--format', 'json', '--output-dir', join(dir, 'base-report'), '--quiet', '--save-inventory', file];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0 && code !== 1) throw new Error(`the base scan exited ${String(code)}`);
  } finally {
    await sandbox.stop();
  }
  const inventory = JSON.parse(await readFile(file, 'utf8')) as Inventory;
  return { file, accounts: inventory.accounts.length, clusters: countClusters(inventory.accountRegions), scanMs: performance.now() - started };
}

const countClusters = (regions: readonly AccountRegionInventory[]) => regions.reduce((n, r) => n + (r.clusters.ok ? r.clusters.value.length : 0), 0);

/** The n-th copy's id for an account (12 digits, distinct from the generator's ids). */
const copyId = (copy: number, index: number) => String(900000000000 - copy * 10_000 - index);

/**
 * Writes an inventory of exactly `clusters` clusters made of renamed copies of the base inventory's accounts
 * (every occurrence of the account id — ARNs, principals, keys — is replaced). Streams the file, so the
 * document never exists as one string in this process.
 */
export async function writeReplicatedInventory(baseFile: string, outFile: string, clusters: number): Promise<{ accounts: number; accountRegions: number }> {
  const base = JSON.parse(await readFile(baseFile, 'utf8')) as Inventory;
  const regionsByAccount = new Map<string, AccountRegionInventory[]>();
  for (const r of base.accountRegions) regionsByAccount.set(r.account, [...(regionsByAccount.get(r.account) ?? []), r]);
  const sources = base.accounts
    .map((access, index) => ({ access, index, regions: regionsByAccount.get(access.account) ?? [] }))
    .filter((s) => countClusters(s.regions) > 0);
  if (sources.length === 0) throw new Error('the base inventory has no cluster');

  const out = createWriteStream(outFile);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const { accounts: _a, accountRegions: _r, errors: _e, scope, ...head } = base;
  const accessLines: string[] = [];
  const ids: string[] = [];
  let remaining = clusters;
  let accountRegions = 0;
  await write(`${JSON.stringify(head).slice(0, -1)},"accountRegions":[`);
  let first = true;
  for (let copy = 0; remaining > 0; copy++) {
    for (const source of sources) {
      if (remaining <= 0) break;
      const id = copyId(copy, source.index);
      const rename = (text: string) => text.split(source.access.account).join(id);
      let regions = JSON.parse(rename(JSON.stringify(source.regions))) as AccountRegionInventory[];
      const n = countClusters(regions);
      if (n > remaining) regions = trim(regions, remaining);
      remaining -= Math.min(n, remaining);
      for (const region of regions) {
        await write(`${first ? '' : ','}${JSON.stringify(region)}`);
        first = false;
        accountRegions += 1;
      }
      const access = JSON.parse(rename(JSON.stringify(source.access))) as AccountAccess;
      accessLines.push(JSON.stringify(copy === 0 ? access : { ...access, via: 'assumed-role' }));
      ids.push(id);
    }
  }
  await write(`],"accounts":[${accessLines.join(',')}],"scope":${JSON.stringify({ ...scope, accounts: ids })},"errors":[]}`);
  out.end();
  await once(out, 'close');
  return { accounts: ids.length, accountRegions };
}

/** Keeps the first `keep` clusters of an account's regions (later ones dropped). */
function trim(regions: AccountRegionInventory[], keep: number): AccountRegionInventory[] {
  let left = keep;
  return regions.map((region) => {
    if (!region.clusters.ok) return region;
    const value = region.clusters.value.slice(0, Math.max(0, left));
    left -= value.length;
    return { ...region, clusters: { ok: true, value } };
  });
}
