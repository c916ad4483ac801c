/** The printed report of one organization scan (see org-scan.ts for how each number is measured). */
import { fixed, heading, mark, mib, ms, num, table } from './format.js';
import type { OrgScanResult } from './org-scan.js';

export function formatOrgScan(r: OrgScanResult): string {
  const out: string[] = [];
  const e = r.estate;
  out.push(heading(`Organization scan — ${num(r.accounts)} accounts, ${r.profile} estate${r.cloudTrail ? '' : ', without CloudTrail'}`));
  out.push(`  estate      ${r.description}`);
  out.push(
    `              ${num(e.accounts)} accounts × 17 regions = ${num(e.accountRegions)} account-regions (${num(e.accountRegionsWithClusters)} with clusters); ` +
      `${num(e.clusters)} clusters (${num(e.provisioned)} provisioned, ${num(e.serverless)} serverless); ` +
      `${num(e.distinctKeys)} distinct at-rest keys (${num(e.customerKeys)} customer-managed); ${num(e.configurations)} distinct configuration revisions`,
  );
  const s = r.settings as { latencyMs: number; jitterMs: number; concurrency: { accounts: number; regions: number; kmsKeys: number; configurations: number } };
  const generator = ['accounts', 'regionsPerAccount', 'clustersPerAccount', 'misconfigurationRate', 'serverlessRate', 'deniedRoleRate', 'homeRegionShare', 'sharedKeyRate', 'sharedConfigurationRate', 'organizationTrail', 'seed']
    .filter((k) => (r.settings as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${k} ${String((r.settings as Record<string, unknown>)[k])}`);
  out.push(`  generator   ${generator.join(', ')}`);
  out.push(
    `  settings    latency ${s.latencyMs} ms ± ${s.jitterMs} ms per call; rate limits ON (AWS-like); scanner concurrency: ${s.concurrency.accounts} accounts, ` +
      `${s.concurrency.regions} regions/account, ${s.concurrency.kmsKeys} keys and ${s.concurrency.configurations} configurations per account-region`,
  );
  out.push(
    `              the scan ${r.cloudTrail ? 'read CloudTrail (trails and MSK events: the scanner\'s default), so the minimal calls and the bound include it' : 'did not read CloudTrail'}` +
      ((r.settings as { scannerArgs?: string[] }).scannerArgs?.length ? `; scanner arguments: ${(r.settings as { scannerArgs: string[] }).scannerArgs.join(' ')}` : ''),
  );
  out.push(`              generated in ${ms(e.generateMs)} (${fixed(e.fileMiB, 1)} MiB); sandbox process up in ${ms(r.sandbox.startupMs)}`);

  out.push('');
  out.push(`  wall time   ${ms(r.scanner.wallMs)}   (scanner process, spawn → exit; exit code ${String(r.scanner.exitCode)})`);
  if (r.timeline) {
    const t = r.timeline;
    out.push(
      `              = start-up ${ms(t.startupMs)} + organization listing ${ms(t.organizationListingMs)} + account scan ${ms(t.scanPhaseMs)} ` +
        `+ after the last call (evaluate, write report, exit) ${ms(t.tailMs)}`,
    );
  }
  out.push(`  peak RSS    ${mib(r.scanner.peakRssMiB)}   (scanner only; the sandbox process peaked at ${mib(r.sandbox.peakRssMiB)})`);
  const m = r.scanner.memoryPeakMiB;
  if (m) {
    const wall = r.scanner.wallMs / 1000;
    const t = r.timeline;
    const scanEnd = t ? (t.startupMs + t.organizationListingMs + t.scanPhaseMs) / 1000 : undefined;
    out.push(
      `              1-s samples: RSS peaked at ${m.rss} MiB ${fixed(m.rssAtS, 0)} s after start (of ${fixed(wall, 0)} s${scanEnd !== undefined ? `; the last call was at ${fixed(scanEnd, 0)} s` : ''}); ` +
        `peaks: V8 heap used ${m.heapUsed} MiB (heap total ${m.heapTotal} MiB), external ${m.external} MiB, array buffers ${m.arrayBuffers} MiB`,
    );
  }
  const cpu = (r.scanner.cpuUserSeconds ?? 0) + (r.scanner.cpuSystemSeconds ?? 0);
  out.push(
    `  CPU         scanner ${fixed(cpu, 1)} s (${fixed((cpu / (r.scanner.wallMs / 1000)) * 100, 0)}% of one core)` +
      (r.sandbox.cpuSecondsDuringScan !== undefined ? `; sandbox ${fixed(r.sandbox.cpuSecondsDuringScan, 1)} s (${fixed((r.sandbox.cpuSecondsDuringScan / (r.scanner.wallMs / 1000)) * 100, 0)}%)` : '') +
      (r.scanner.eventLoopDelayMs ? `; scanner event-loop delay p50 ${r.scanner.eventLoopDelayMs.p50} ms, p99 ${r.scanner.eventLoopDelayMs.p99} ms, max ${r.scanner.eventLoopDelayMs.max} ms` : ''),
  );
  const size = r.report.fileMiB !== undefined ? `; msk-audit-report.json is ${fixed(r.report.fileMiB, 0)} MiB` : '';
  out.push(
    `  report      ${r.report.found ? `${num(r.report.clusters ?? 0)} clusters (estate: ${num(r.report.expectedClusters)})${r.report.findings !== undefined ? `, ${num(r.report.findings)} findings` : ''}` : 'NOT READ'}${size}`,
  );

  const c = r.calls;
  out.push('');
  out.push('  API calls (from the sandbox call log; "floor" and "minimal" from the estate, see the definitions below)');
  out.push(
    table(
      ['operation', 'calls', 'ok', 'throttled', 'other err', 'floor', 'minimal', 'per cluster', 'above floor/cluster'],
      [
        ...c.byOperation.map((o) => [o.operation, num(o.calls), num(o.ok), num(o.throttled), num(o.errors), num(o.floor), num(o.minimal), fixed(o.perCluster, 3), fixed(o.aboveFloorPerCluster, 3)]),
        ['total', num(c.total), '', num(c.throttled), num(c.failed), num(c.floor), num(c.minimal), fixed(c.perCluster, 3), fixed(c.aboveFloorPerCluster, 3)],
      ],
    ),
  );
  out.push(`  calls per cluster ${fixed(c.perCluster, 2)}; floor ${num(c.floor)} calls; above the floor ${num(c.aboveFloor)} calls = ${fixed(c.aboveFloorPerCluster, 2)} per cluster (a perfect scanner: ${fixed((c.minimal - c.floor) / Math.max(1, c.clusters), 2)})`);
  out.push(
    `  above the floor per cluster = MSK / KMS (+ STS, Account, Organizations) ${fixed(c.corePerCluster, 2)}` +
      (c.cloudTrailPerCluster > 0 ? ` + CloudTrail ${fixed(c.cloudTrailPerCluster, 2)}` : '') +
      (c.unmodeled.length ? ` + other collectors ${fixed(c.unmodeledPerCluster, 2)}` : ''),
  );
  if (c.unmodeled.length) {
    out.push(`  outside the call model (other collectors; above the floor, but not in "minimal" nor in the bound): ${c.unmodeled.join(', ')}`);
  }
  if (Object.keys(c.byErrorCode).length) out.push(`  error codes: ${Object.entries(c.byErrorCode).map(([k, v]) => `${k} ${num(v)}`).join(', ')} (each throttled or 5xx attempt is retried by the SDK)`);

  const b = r.bound;
  out.push('');
  out.push(`  lower bound ${ms(b.boundMs)}   measured / bound = ${fixed(b.ratio)}${c.unmodeled.length ? '   (the bound covers the modelled operations only)' : ''}`);
  if (r.sdkFloor) {
    const f = r.sdkFloor;
    out.push(
      `  SDK CPU floor ${ms(f.cpuFloorMs)} = ${num(c.total)} calls × ${fixed(f.cpuPerCallMs, 3)} ms, the SDK's own CPU per call here (sdk-floor.ts; + ${fixed(f.cpuPerClientMs, 2)} ms per client built); ` +
        `scanner CPU = ${fixed(cpu / (f.cpuFloorMs / 1000), 2)}× it`,
    );
    out.push(`              one thread's bound = max(lower bound, SDK CPU floor) = ${ms(f.singleThreadBoundMs)}   measured / that = ${fixed(f.singleThreadRatio)}`);
  }
  out.push(
    `              organization listing ${ms(b.organizationListing.ms)} = GetCallerIdentity ${ms(b.organizationListing.callerIdentityMs)} + ` +
      `${b.organizationListing.listAccountsPages} ListAccounts pages max(${b.organizationListing.listAccountsPages} × latency, (pages − 12) / 8 rps = ${ms(b.organizationListing.listAccountsRateMs)}) = ${ms(b.organizationListing.listAccountsMs)}`,
  );
  out.push(
    `              scan phase ${ms(b.scanPhase.ms)} = max(longest account ${ms(b.scanPhase.longestAccountMs)}, Σ account times / ${s.concurrency.accounts} = ${ms(b.scanPhase.accountsOverConcurrencyMs)}, ` +
      `rate limit ${ms(b.scanPhase.rateLimitMs)} [${b.scanPhase.rateLimitBucket}]) — limited by ${b.scanPhase.limitedBy}; mean account ${ms(b.meanAccountMs)}` +
      (r.cloudTrail ? `; CloudTrail sets the chain of ${fixed(b.cloudTrailBoundRegions * 100, 0)}% of account-regions` : ''),
  );
  const a = r.boundAsMade;
  out.push(
    `              at the page counts the scanner made (ListRegions ${a.listRegionsPages} pages per account, ListKafkaVersions ${a.kafkaVersionsPages} per account-region): ` +
      `bound ${ms(a.boundMs)}, mean account ${ms(a.meanAccountMs)}, measured / bound = ${fixed(a.ratio)}`,
  );
  if (r.chainCheck) {
    const k = r.chainCheck;
    out.push(
      `  chain check ${num(k.accounts)} member accounts: measured span (own first call → last call + latency) mean ${ms(k.measuredMeanMs)} vs modeled ${ms(k.modeledMeanMs)} ` +
        `(×${fixed(k.ratio)}; per account p50 ×${fixed(k.ratioP50)}, p90 ×${fixed(k.ratioP90)}, max ×${fixed(k.ratioMax)}); accounts in flight on average ${fixed(k.accountsInFlight, 1)} of ${s.concurrency.accounts}`,
    );
  }
  out.push('');
  out.push(`  targets${r.accounts === 1000 ? '' : ' (set for 1,000 accounts; shown for reference)'}`);
  out.push(table(['', 'target', 'measured', ''], r.targets.map((t) => [t.name, t.target, t.measured, mark(t.pass)])));
  if (r.scanner.profile) {
    const p = r.scanner.profile;
    out.push('');
    out.push(`  scanner CPU profile (node --cpu-prof, ${ms(p.totalMs)}; self time by package / file):`);
    out.push(p.byPackage.slice(0, 12).map(([k, v]) => `    ${ms(v).padStart(8)}  ${fixed((v / p.totalMs) * 100, 1).padStart(5)}%  ${k}`).join('\n'));
    out.push('  top functions by total (inclusive) time:');
    out.push(p.byTotal.slice(0, 15).map(([k, v]) => `    ${ms(v).padStart(8)}  ${fixed((v / p.totalMs) * 100, 1).padStart(5)}%  ${k}`).join('\n'));
  }
  if (r.scanner.exitCode !== 0 && r.scanner.exitCode !== 1) out.push(`  scanner stderr:\n${r.scanner.stderr}`);
  return out.join('\n');
}
