/*
 * What publishing to AWS Security Hub did (`--security-hub`): totals, each account-region's outcome, and every
 * finding Security Hub did not accept, with its error code. Shown only when the result carries a publication.
 */
import type { SecurityHubPublication } from '../../src/engine/publication.js';
import { PUBLICATION_STATUSES } from '../../src/engine/publication.js';
import { DASH, isRecord, ordinal, text, type Badge, type KeyValue } from './format.js';

const PUBLICATION_CLASS: Record<string, string> = {
  published: 'status-passed',
  'hub-not-enabled': 'status-not-available',
  failed: 'status-failed',
  'not-attempted': 'status-not-applicable',
};

export interface PublicationRow {
  account: string;
  region: string;
  status: Badge;
  findings: string;
  imported: string;
  archived: string;
  unchanged: string;
  failedCount: string;
  error: string;
  archivingSkipped: string;
}

export interface PublicationFailureRow {
  account: string;
  region: string;
  id: string;
  code: string;
  message: string;
}

export interface SecurityHubView {
  publishedAt: string;
  complete: boolean;
  totals: KeyValue[];
  accountRegions: PublicationRow[];
  failures: PublicationFailureRow[];
}

export function buildSecurityHub(publication: SecurityHubPublication | undefined): SecurityHubView | null {
  if (!isRecord(publication)) return null;
  const totals = isRecord(publication.totals) ? publication.totals : ({} as Partial<SecurityHubPublication['totals']>);
  const byStatus = isRecord(totals.accountRegions) ? totals.accountRegions : ({} as Record<string, number>);
  const rows = (Array.isArray(publication.accountRegions) ? publication.accountRegions : []).filter(isRecord);
  const sorted = [...rows].sort((a, b) => ordinal(String(a.account), String(b.account)) || ordinal(String(a.region), String(b.region)));
  return {
    publishedAt: text(publication.publishedAt),
    complete: publication.complete === true,
    totals: [
      { key: 'imported', value: count(totals.imported) },
      { key: 'archived', value: count(totals.archived) },
      { key: 'unchanged', value: count(totals.unchanged) },
      { key: 'failed', value: count(totals.failed) },
      ...PUBLICATION_STATUSES.map((status) => ({ key: `account-regions ${status}`, value: count(byStatus[status]) })),
    ],
    accountRegions: sorted.map((row) => ({
      account: text(row.account),
      region: text(row.region),
      status: { label: text(row.status), cssClass: PUBLICATION_CLASS[row.status] ?? 'status-unknown' },
      findings: count(row.findings),
      imported: count(row.imported),
      archived: count(row.archived),
      unchanged: count(row.unchanged),
      failedCount: count(Array.isArray(row.failed) ? row.failed.length : undefined),
      error: isRecord(row.error) ? `${text(row.error.code)}: ${text(row.error.message)}` : DASH,
      archivingSkipped: text(row.archivingSkipped),
    })),
    failures: sorted.flatMap((row) =>
      (Array.isArray(row.failed) ? row.failed : []).filter(isRecord).map((failure) => ({
        account: text(row.account),
        region: text(row.region),
        id: text(failure.id),
        code: text(failure.code),
        message: text(failure.message),
      })),
    ),
  };
}

function count(value: unknown): string {
  return typeof value === 'number' ? String(value) : DASH;
}
