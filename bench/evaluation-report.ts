/** The printed report of the evaluation-alone benchmark (see evaluation.ts). */
import { EVALUATION_TARGET_MS, type EvaluationResult } from './evaluation.js';
import { fixed, heading, mark, mib, ms, num, table } from './format.js';

export function formatEvaluation(r: EvaluationResult): string {
  const out: string[] = [];
  out.push(heading(`Evaluation alone — ${num(r.clusters)} clusters, ${r.checks} built-in checks`));
  if (r.skippedChecks.length) out.push(`  (not run: ${r.skippedChecks.join(', ')} — they need an approved baseline, which a plain scan does not have)`);
  out.push(
    `  inventory   ${num(r.accounts)} accounts, ${num(r.accountRegions)} account-regions, ${num(r.configurations)} configuration revisions, ${num(r.kmsKeys)} KMS keys: ` +
      `copies of a scanned realistic estate (${r.base.accounts} accounts, ${num(r.base.clusters)} clusters, collected by \`scan --org --save-inventory\` in ${ms(r.base.scanMs)}) ` +
      `under new account ids; built and written in ${ms(r.buildMs)} (${fixed(r.inventoryFileMiB, 0)} MiB of JSON)`,
  );
  out.push(`  load        ${ms(r.loadMs)}   (loadInventory: read + JSON.parse + schema validation; read + JSON.parse alone ${ms(r.parseMs)})`);
  out.push(
    `  evaluation  ${ms(r.evaluationMs)}   (evaluateInventoryInto, every built-in check, default thresholds, findings streamed to a consumer that ` +
      `keeps the summary's counts; first run; CPU ${ms(r.evaluationCpuMs)}) = ${fixed(r.microsPerCluster, 1)} µs per cluster; ` +
      `second run ${ms(r.evaluationWarmMs)} (CPU ${ms(r.evaluationWarmCpuMs)})   target < ${ms(EVALUATION_TARGET_MS)}: ${mark(r.evaluationMs < EVALUATION_TARGET_MS)}`,
  );
  out.push(
    `  + array     ${ms(r.evaluationArrayMs)}   (evaluateInventory: the same evaluation also keeping all ${num(r.findings)} findings in one array, as \`scan\` ` +
      `still does; heap in use while held ${mib(r.arrayHeapUsedMiB)}) — not part of the target`,
  );
  out.push(`  findings    ${num(r.findings)} (${Object.entries(r.byStatus).map(([k, v]) => `${k} ${num(v)}`).join(', ')}); ${num(r.summaryClusters)} clusters in the summary`);
  out.push(
    `  engine      one constant check through evaluateInventoryInto: ${ms(r.engineBaselineMs)} = ${fixed((r.engineBaselineMs * 1000) / r.clusters, 2)} µs per finding ` +
      `(sorting, finding objects, ids — no check logic)`,
  );
  out.push(`  memory      heap in use at the end ${mib(r.heapUsedMiB)}; peak RSS of the evaluation process ${mib(r.peakRssMiB)}`);
  out.push('');
  out.push('  per check (each alone over the whole inventory: through evaluateInventoryInto, and bare check.evaluate calls; µs per cluster)');
  out.push(
    table(
      ['check', 'scope', 'engine ms', 'µs/cluster', 'bare ms', 'µs/cluster'],
      r.perCheck.map((c) => [c.checkId, c.scope, fixed(c.engineMs, 0), fixed(c.engineMicrosPerCluster, 2), fixed(c.bareMs, 0), fixed(c.bareMicrosPerCluster, 2)]),
    ),
  );
  const sumEngine = r.perCheck.reduce((n, c) => n + c.engineMs, 0);
  const sumBare = r.perCheck.reduce((n, c) => n + c.bareMs, 0);
  out.push(`  Σ engine ${ms(sumEngine)}, Σ bare ${ms(sumBare)}`);
  if (r.profile) {
    out.push('');
    out.push(`  CPU profile of one more evaluation (inspector, ${ms(r.profile.totalMs)}; self time):`);
    out.push(r.profile.byPackage.slice(0, 10).map(([k, v]) => `    ${ms(v).padStart(8)}  ${fixed((v / r.profile!.totalMs) * 100, 1).padStart(5)}%  ${k}`).join('\n'));
    out.push('  top functions by self time:');
    out.push(r.profile.bySelf.slice(0, 12).map(([k, v]) => `    ${ms(v).padStart(8)}  ${fixed((v / r.profile!.totalMs) * 100, 1).padStart(5)}%  ${k}`).join('\n'));
  }
  return out.join('\n');
}
