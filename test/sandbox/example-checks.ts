/**
 * A tiny, independent evaluation of the example estate's data for the 11 checks the estate is designed
 * to exercise (used to keep estates/README.md truthful). Not the scanner: just the estate's intent.
 */
import type { EstateInput } from '../../src/sandbox/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking untyped estate JSON
export type Verdict = 'PASS' | 'FAIL' | 'n/a' | 'ERR';
export const CHECKS = ['CMK', 'Rotation', 'Key state', 'TLS', 'In-cluster', 'Public', 'Unauth', 'AuthN', 'Monitoring', 'Version', 'ACL fallback'] as const;

export function evaluateExample(estate: EstateInput): Map<string, Verdict[]> {
  const out = new Map<string, Verdict[]>();
  const versions = new Map((estate.kafkaVersions as Obj[]).map((v) => [v.Version, v.Status]));
  for (const account of estate.accounts as Obj[]) {
    for (const [region, res] of Object.entries(account.regions ?? {}) as [string, Obj][]) {
      const keys = new Map<string, Obj>((res.kms?.keys ?? []).map((k: Obj) => [k.metadata.Arn, k]));
      const configs = new Map<string, Obj>((res.msk?.configurations ?? []).map((c: Obj) => [c.Arn, c]));
      for (const c of res.msk?.clusters ?? []) {
        const name = `${c.ClusterName} (${account.id}/${region})`;
        const p = c.Provisioned as Obj | undefined;
        if (!p) {
          out.set(name, CHECKS.map((check) => (check === 'AuthN' ? (c.Serverless?.ClientAuthentication?.Sasl?.Iam?.Enabled ? 'PASS' : 'FAIL') : 'n/a')));
          continue;
        }
        const key = keys.get(p.EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId) as Obj;
        const auth = p.ClientAuthentication ?? {};
        const scram = auth.Sasl?.Scram?.Enabled === true;
        const iam = auth.Sasl?.Iam?.Enabled === true;
        const mtls = auth.Tls?.Enabled === true && (auth.Tls?.CertificateAuthorityArnList ?? []).length > 0;
        const v = (ok: boolean): Verdict => (ok ? 'PASS' : 'FAIL');
        let acl: Verdict = 'n/a';
        // Kafka ACLs authorize SCRAM and TLS-authenticated clients (TLS counts even with an empty CA list)
        if (scram || auth.Tls?.Enabled === true) {
          const arn = p.CurrentBrokerSoftwareInfo?.ConfigurationArn;
          const rev = p.CurrentBrokerSoftwareInfo?.ConfigurationRevision;
          const text: string = configs.get(arn)?.Revisions.find((r: Obj) => r.Revision === rev)?.ServerProperties ?? '';
          const m = /^\s*allow\.everyone\.if\.no\.acl\.found\s*=\s*(\S+)\s*$/m.exec(text);
          acl = v(m?.[1] === 'false');
        }
        const denied = (key.deny ?? []).includes('GetKeyRotationStatus');
        const rot = key.rotation ?? { KeyRotationEnabled: false };
        out.set(name, [
          v(key.metadata.KeyManager === 'CUSTOMER'),
          key.metadata.KeyManager === 'AWS' ? 'n/a' : denied ? 'ERR' : v(rot.KeyRotationEnabled && (rot.RotationPeriodInDays ?? 365) <= 365 && key.metadata.KeyState !== 'PendingDeletion'),
          v(key.metadata.KeyState === 'Enabled'),
          v(p.EncryptionInfo.EncryptionInTransit.ClientBroker === 'TLS'),
          v(p.EncryptionInfo.EncryptionInTransit.InCluster === true),
          v(p.BrokerNodeGroupInfo?.ConnectivityInfo?.PublicAccess?.Type === 'DISABLED'),
          v(auth.Unauthenticated?.Enabled === false),
          v(iam || scram || mtls),
          v(['PER_TOPIC_PER_BROKER', 'PER_TOPIC_PER_PARTITION'].includes(p.EnhancedMonitoring)),
          v(versions.get(p.CurrentBrokerSoftwareInfo?.KafkaVersion) === 'ACTIVE'),
          acl,
        ]);
      }
    }
  }
  return out;
}
