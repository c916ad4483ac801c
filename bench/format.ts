/** Small text-formatting helpers for the printed report. */

export const ms = (v: number): string => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
export const num = (v: number): string => v.toLocaleString('en-US');
export const fixed = (v: number, digits = 2): string => v.toFixed(digits);
export const mib = (v: number | undefined): string => (v === undefined ? 'n/a' : `${v.toFixed(0)} MiB`);
export const mark = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

/** A left-aligned first column, right-aligned others. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

export function heading(text: string): string {
  return `\n${text}\n${'='.repeat(text.length)}`;
}
