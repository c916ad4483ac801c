import { DescribeCertificateAuthorityCommand, type ACMPCAClient } from '@aws-sdk/client-acm-pca';
import pLimit from 'p-limit';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, type CollectionError, type Fact, type MskCluster, type PrivateCaFacts } from '../inventory/index.js';
import { compact, isoDate } from './json.js';

/** The distinct CA ARNs the provisioned clusters trust for mutual TLS (ClientAuthentication.Tls with Enabled true). */
export function referencedPrivateCas(clusters: readonly MskCluster[]): string[] {
  const arns = new Set<string>();
  for (const cluster of clusters) {
    if (cluster.State === 'DELETING' || cluster.State === 'FAILED') continue;
    const tls = cluster.Provisioned?.ClientAuthentication?.Tls;
    if (tls?.Enabled !== true || !Array.isArray(tls.CertificateAuthorityArnList)) continue;
    for (const arn of tls.CertificateAuthorityArnList) if (typeof arn === 'string' && arn !== '') arns.add(arn);
  }
  return [...arns];
}

/** The region named in an ARN (`arn:aws:acm-pca:eu-west-1:…`), else the fallback. */
export function arnRegion(arn: string, fallback: string): string {
  const region = arn.split(':')[3];
  return region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : fallback;
}

/**
 * ACM PCA DescribeCertificateAuthority for every distinct CA the clusters trust, each in the region its ARN names
 * (a CA may live in another region or account; without access the fact is unavailable and the check says so).
 */
export async function collectPrivateCas(
  pcaFor: (region: string) => ACMPCAClient,
  clusters: readonly MskCluster[],
  account: string,
  region: string,
  concurrency = 8,
): Promise<{ privateCas: Record<string, Fact<PrivateCaFacts>>; errors: CollectionError[] }> {
  const limit = pLimit(concurrency);
  const entries = await Promise.all(
    referencedPrivateCas(clusters).map((arn) => limit(async () => [arn, await describeCa(pcaFor(arnRegion(arn, region)), arn, account, arnRegion(arn, region))] as const)),
  );
  const privateCas = Object.fromEntries(entries);
  return { privateCas, errors: entries.flatMap(([, fact]) => (fact.ok ? [] : [fact.error])) };
}

async function describeCa(pca: ACMPCAClient, arn: string, account: string, region: string): Promise<Fact<PrivateCaFacts>> {
  const context = { service: 'acm-pca', operation: 'DescribeCertificateAuthority', account, region, resource: arn };
  try {
    const ca = (await pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }))).CertificateAuthority;
    if (!ca) return unavailable(malformedResponse('DescribeCertificateAuthority returned no CertificateAuthority.', context));
    const revocation = ca.RevocationConfiguration;
    return available(
      compact<PrivateCaFacts>({
        arn: ca.Arn || arn,
        status: ca.Status,
        type: ca.Type,
        usageMode: ca.UsageMode,
        keyAlgorithm: ca.CertificateAuthorityConfiguration?.KeyAlgorithm,
        signingAlgorithm: ca.CertificateAuthorityConfiguration?.SigningAlgorithm,
        notBefore: isoDate(ca.NotBefore),
        notAfter: isoDate(ca.NotAfter),
        crlEnabled: revocation?.CrlConfiguration?.Enabled,
        ocspEnabled: revocation?.OcspConfiguration?.Enabled,
      }),
    );
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
}
