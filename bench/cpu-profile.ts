/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package / source file and the top
 * functions by self and by total (inclusive) time.
 *
 *   npx tsx bench/cpu-profile.ts FILE.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  byPackage: [string, number][];
  bySelf: [string, number][];
  byTotal: [string, number][];
}

/** node_modules/<pkg> (scoped packages keep their scope), node:internal, or the project file. */
function packageOf(url: string): string {
  if (!url) return '(native / GC / idle)';
  if (url.startsWith('node:')) return 'node: built-ins';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const local = /\/(dist\/|src\/|checks\/|reports\/|bench\/)(.*)$/.exec(url);
  return local ? `${local[1]}${local[2]}` : url;
}

export function summariseProfile(profile: Profile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  // Code transformed on the fly (tsx) is one line: a line number would say nothing there.
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${packageOf(n.callFrame.url)}${n.callFrame.lineNumber > 0 ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const pkg = new Map<string, number>();
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    add(pkg, name === '(idle)' ? '(idle)' : name === '(garbage collector)' ? '(garbage collector)' : packageOf(node.callFrame.url), ms);
    add(selfBy, label(node), ms);
    // inclusive time: once per distinct function on the stack
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (!seen.has(l)) {
        seen.add(l);
        add(totalBy, l, ms);
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: (profile.endTime - profile.startTime) / 1000, byPackage: sorted(pkg), bySelf: sorted(selfBy), byTotal: sorted(totalBy) };
}

export function formatProfile(s: ProfileSummary): string {
  const rows = (list: [string, number][]) => list.map(([k, v]) => `  ${v.toFixed(0).padStart(8)} ms  ${((v / s.totalMs) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return [
    `profile: ${s.totalMs.toFixed(0)} ms`,
    'self time by package / file:',
    rows(s.byPackage),
    'top functions by self time:',
    rows(s.bySelf),
    'top functions by total time:',
    rows(s.byTotal),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/cpu-profile.ts FILE.cpuprofile [--top N]');
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
  console.log(formatProfile(summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, top)));
}
