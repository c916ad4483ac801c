import { defineCheck, failed, notAvailable, passed, type Evidence, type JsonValue } from '../src/check/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';

const AUTH = 'Provisioned.ClientAuthentication';
const VPC_AUTH = 'Provisioned.BrokerNodeGroupInfo.ConnectivityInfo.VpcConnectivity.ClientAuthentication';
const SERVERLESS_IAM = 'Serverless.ClientAuthentication.Sasl.Iam.Enabled';
const IAM_FIELD = `${AUTH}.Sasl.Iam.Enabled`;
const SCRAM_FIELD = `${AUTH}.Sasl.Scram.Enabled`;
const TLS_FIELD = `${AUTH}.Tls.Enabled`;
const CA_LIST_FIELD = `${AUTH}.Tls.CertificateAuthorityArnList`;
const VPC_IAM_FIELD = `${VPC_AUTH}.Sasl.Iam.Enabled`;
const VPC_SCRAM_FIELD = `${VPC_AUTH}.Sasl.Scram.Enabled`;
const VPC_TLS_FIELD = `${VPC_AUTH}.Tls.Enabled`;

/** A boolean switch as read: its dotted path and raw value. */
interface Switch {
  label: string;
  path: string;
  value: unknown;
}

const MODE_NAMES: Record<string, string> = { IAM: 'IAM', SCRAM: 'SASL/SCRAM', TLS: 'mutual TLS' };

function show(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function describeSwitches(switches: Switch[]): string {
  return switches.map((s) => `${s.label} ${show(s.value)}`).join(', ');
}

function isAre(items: string[]): string {
  return items.length === 1 ? 'is' : 'are';
}

function unknownSwitches(switches: Switch[]): string[] {
  return switches.filter((s) => typeof s.value !== 'boolean').map((s) => s.path);
}

export default defineCheck({
  meta: {
    id: 'msk-strong-client-auth',
    title: 'MSK clients authenticate with IAM, SASL/SCRAM or mutual TLS',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'Only IAM, SASL/SCRAM and mutual TLS give each client a verifiable identity that access control, auditing and ' +
      'revocation can be tied to; a cluster without one of them cannot tell its clients apart.',
    remediation: {
      text:
        'Turn on IAM, SASL/SCRAM or mutual TLS with an AWS Private CA (UpdateSecurity), including for multi-VPC ' +
        'private connectivity, and move every client to the authenticated listener.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-update-security.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['8.3.1', '8.3.2', '8.6.3', '7.2.1'],
      soc2: ['CC6.1', 'CC6.2'],
      'nist-800-53-r5': ['IA-2', 'IA-5', 'AC-6'],
      'iso-27001-2022': ['5.17', '8.5'],
    },
  },
  evaluate(cluster) {
    return evaluateCluster(cluster, {
      serverless(serverless) {
        const iam = serverless.ClientAuthentication?.Sasl?.Iam?.Enabled;
        const evidence = { [SERVERLESS_IAM]: orNull(iam) };
        if (iam === true) return passed('Clients of this MSK Serverless cluster must authenticate with IAM (Iam.Enabled is true).', evidence);
        if (iam === false) return failed('IAM authentication, the only mode MSK Serverless offers, is off (Iam.Enabled is false).', evidence);
        return notAvailable(`MSK Serverless reported an unrecognised IAM authentication setting ${show(iam)}.`, evidence);
      },
      provisioned(provisioned) {
        const auth = provisioned.ClientAuthentication;
        if (auth === undefined || auth === null) {
          return failed('The cluster has no client authentication configured, so clients connect unauthenticated.', {
            [AUTH]: null,
          });
        }

        const iam = auth.Sasl?.Iam?.Enabled;
        const scram = auth.Sasl?.Scram?.Enabled;
        const tls = auth.Tls?.Enabled;
        const cas: unknown = auth.Tls?.CertificateAuthorityArnList;
        const evidence: Evidence = {
          [IAM_FIELD]: orNull(iam),
          [SCRAM_FIELD]: orNull(scram),
          [TLS_FIELD]: orNull(tls),
          [CA_LIST_FIELD]: cas === undefined ? null : (cas as JsonValue),
        };
        const hasCa = Array.isArray(cas) && cas.length > 0;
        const tlsWithoutCa = tls === true && !hasCa;
        const strong: string[] = [];
        if (iam === true) strong.push('IAM');
        if (scram === true) strong.push('SASL/SCRAM');
        if (tls === true && hasCa) strong.push('mutual TLS');
        const caNote = tlsWithoutCa
          ? '; TLS client authentication is on but lists no certificate authority, so it does not count'
          : '';

        const switches: Switch[] = [
          { label: 'IAM', path: IAM_FIELD, value: iam },
          { label: 'SCRAM', path: SCRAM_FIELD, value: scram },
          { label: 'TLS', path: TLS_FIELD, value: tls },
        ];
        if (strong.length === 0) {
          const unknown = unknownSwitches(switches);
          if (cas !== undefined && cas !== null && !Array.isArray(cas)) unknown.push(CA_LIST_FIELD);
          if (unknown.length > 0) {
            return notAvailable(
              `No strong client authentication mode is on and ${listOf(unknown)} ${isAre(unknown)} missing or not ` +
                `recognised (${describeSwitches(switches)}).`,
              evidence,
            );
          }
          return failed(`No strong client authentication mode is on (${describeSwitches(switches)})${caNote}.`, evidence);
        }

        // Multi-VPC private connectivity has its own listeners, turned on per authentication scheme; with every
        // scheme off it is simply turned off (it cannot run unauthenticated).
        const vpc = provisioned.BrokerNodeGroupInfo?.ConnectivityInfo?.VpcConnectivity?.ClientAuthentication;
        let vpcNote = '';
        if (vpc !== undefined && vpc !== null) {
          const vpcSwitches: Switch[] = [
            { label: 'IAM', path: VPC_IAM_FIELD, value: vpc.Sasl?.Iam?.Enabled },
            { label: 'SCRAM', path: VPC_SCRAM_FIELD, value: vpc.Sasl?.Scram?.Enabled },
            { label: 'TLS', path: VPC_TLS_FIELD, value: vpc.Tls?.Enabled },
          ];
          for (const s of vpcSwitches) evidence[s.path] = s.value === undefined ? null : (s.value as JsonValue);
          const on = vpcSwitches.filter((s) => s.value === true);
          if (on.length === 0) {
            const unknown = unknownSwitches(vpcSwitches);
            if (unknown.length > 0) {
              return notAvailable(
                `The multi-VPC connectivity authentication settings ${listOf(unknown)} ${isAre(unknown)} missing or ` +
                  `not recognised (${describeSwitches(vpcSwitches)}).`,
                evidence,
              );
            }
            vpcNote = ', and multi-VPC private connectivity is off';
          } else {
            // Multi-VPC mutual TLS trusts the cluster's certificate authorities, so it is strong only when those exist.
            const vpcStrong = on.filter((s) => s.label !== 'TLS' || hasCa).map((s) => MODE_NAMES[s.label] ?? s.label);
            if (vpcStrong.length === 0) {
              return failed(
                'Multi-VPC private connectivity offers only TLS client authentication and the cluster lists no ' +
                  `certificate authority, so its clients are not strongly authenticated (${describeSwitches(vpcSwitches)}).`,
                evidence,
              );
            }
            vpcNote = `, and multi-VPC private connectivity uses ${listOf(vpcStrong)}`;
          }
        }
        return passed(`Clients must authenticate with ${listOf(strong)}${vpcNote}${caNote}.`, evidence);
      },
    });
  },
});
