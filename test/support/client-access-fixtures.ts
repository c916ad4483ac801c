import {
  available,
  unavailable,
  type AccountRegionInventory,
  type AccountWideFacts,
  type ConnectorFacts,
  type EventSourceMappingFacts,
  type IamPrincipalFacts,
  type KmsKeyFacts,
  type MskCluster,
  type PolicyStatement,
  type PrivateCaFacts,
  type ScpGuardrailFacts,
  type SecretFacts,
} from '../../src/inventory/index.js';
import { ACCOUNT, REGION, accessDenied, accountRegion, provisionedCluster } from './fixtures.js';

export const COLLECTED_AT = '2026-11-01T00:00:00.000Z';
export const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:AmazonMSK_payments_alice-AbCdEf`;
export const SECRET_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b6e5c0e-5555-4a8b-9d1e-000000000005`;
export const CA_ARN = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/0b6e5c0e-6666-4a8b-9d1e-000000000006`;

type Mutator<T> = (value: T) => void;

/** A SCRAM cluster (IAM off) whose single secret is compliant. */
export function scramCluster(mutate?: Mutator<MskCluster>): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.ClientAuthentication = {
      Sasl: { Scram: { Enabled: true }, Iam: { Enabled: false } },
      Tls: { Enabled: false, CertificateAuthorityArnList: [] },
      Unauthenticated: { Enabled: false },
    };
    mutate?.(c);
  });
}

export function secret(mutate?: Mutator<SecretFacts>): SecretFacts {
  const facts: SecretFacts = {
    arn: SECRET_ARN,
    name: 'AmazonMSK_payments_alice',
    kmsKeyId: SECRET_KEY_ARN,
    rotationEnabled: true,
    rotationRules: { automaticallyAfterDays: 30 },
    resourcePolicy: available(null),
  };
  mutate?.(facts);
  return facts;
}

export function secretKey(mutate?: Mutator<KmsKeyFacts>): KmsKeyFacts {
  const key: KmsKeyFacts = {
    keyId: '0b6e5c0e-5555-4a8b-9d1e-000000000005',
    arn: SECRET_KEY_ARN,
    keyManager: 'CUSTOMER',
    keyState: 'Enabled',
    rotation: available({ enabled: true, rotationPeriodInDays: 365 }),
  };
  mutate?.(key);
  return key;
}

/** The inventory around scramCluster(): the secret list, the secret and its key. */
export function withScram(mutate?: Mutator<AccountRegionInventory>, secretFacts: SecretFacts = secret(), key: KmsKeyFacts = secretKey()): AccountRegionInventory {
  return accountRegion((inventory) => {
    inventory.collectedAt = COLLECTED_AT;
    inventory.scramSecretLists = { [scramCluster().ClusterArn]: available([SECRET_ARN]) };
    inventory.secrets = { [SECRET_ARN]: available(secretFacts) };
    inventory.kmsKeys[SECRET_KEY_ARN] = available(key);
    mutate?.(inventory);
  });
}

export function mtlsCluster(mutate?: Mutator<MskCluster>): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.ClientAuthentication = {
      Sasl: { Scram: { Enabled: false }, Iam: { Enabled: false } },
      Tls: { Enabled: true, CertificateAuthorityArnList: [CA_ARN] },
      Unauthenticated: { Enabled: false },
    };
    mutate?.(c);
  });
}

export function privateCa(mutate?: Mutator<PrivateCaFacts>): PrivateCaFacts {
  const ca: PrivateCaFacts = {
    arn: CA_ARN,
    status: 'ACTIVE',
    type: 'ROOT',
    keyAlgorithm: 'RSA_2048',
    signingAlgorithm: 'SHA256WITHRSA',
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2035-01-01T00:00:00.000Z',
    crlEnabled: true,
    ocspEnabled: false,
  };
  mutate?.(ca);
  return ca;
}

export function withCa(ca: PrivateCaFacts | 'denied' | 'absent' = privateCa(), mutate?: Mutator<AccountRegionInventory>): AccountRegionInventory {
  return accountRegion((inventory) => {
    inventory.collectedAt = COLLECTED_AT;
    if (ca === 'denied') inventory.privateCas = { [CA_ARN]: unavailable(accessDenied('acm-pca', 'DescribeCertificateAuthority', CA_ARN)) };
    else if (ca === 'absent') inventory.privateCas = {};
    else inventory.privateCas = { [CA_ARN]: available(ca) };
    mutate?.(inventory);
  });
}

export function connector(mutate?: Mutator<ConnectorFacts>): ConnectorFacts {
  const facts: ConnectorFacts = {
    arn: `arn:aws:kafkaconnect:${REGION}:${ACCOUNT}:connector/s3-sink/0b6e5c0e-7777-4a8b-9d1e-000000000007-2`,
    name: 's3-sink',
    state: 'RUNNING',
    bootstrapServers: 'b-1.payments.abc123.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.payments.abc123.c2.kafka.eu-west-1.amazonaws.com:9098',
    encryptionInTransit: 'TLS',
    clientAuthentication: 'IAM',
    workerLogDelivery: { cloudWatchLogs: { enabled: true, logGroup: '/msk-connect/s3-sink' }, firehose: { enabled: false }, s3: { enabled: false } },
  };
  mutate?.(facts);
  return facts;
}

export function mapping(mutate?: Mutator<EventSourceMappingFacts>): EventSourceMappingFacts {
  const facts: EventSourceMappingFacts = {
    uuid: '0b6e5c0e-8888-4a8b-9d1e-000000000008',
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:0b6e5c0e-8888-4a8b-9d1e-000000000008`,
    functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-consumer`,
    eventSourceArn: provisionedCluster().ClusterArn,
    state: 'Enabled',
    sourceAccessConfigurations: [],
  };
  mutate?.(facts);
  return facts;
}

/** An account-region with the given clusters (default: the compliant provisioned cluster) and more facts. */
export function regionWith(mutate: Mutator<AccountRegionInventory>, clusters: MskCluster[] = [provisionedCluster()]): AccountRegionInventory {
  return accountRegion((inventory) => {
    inventory.clusters = available(clusters);
    inventory.collectedAt = COLLECTED_AT;
    mutate(inventory);
  });
}

export function statement(effect: 'Allow' | 'Deny', action: string[], resource: string[] = ['*'], extra: Partial<PolicyStatement> = {}): PolicyStatement {
  return { policy: 'inline kafka-client', effect, action, resource, ...extra };
}

export function principal(kind: IamPrincipalFacts['kind'], name: string, statements: PolicyStatement[], mutate?: Mutator<IamPrincipalFacts>): IamPrincipalFacts {
  const facts: IamPrincipalFacts = {
    kind,
    name,
    arn: `arn:aws:iam::${ACCOUNT}:${kind}/${name}`,
    statements,
    unreadablePolicies: [],
    ...(kind === 'user' ? { groups: [], accessKeys: available([]) } : {}),
  };
  mutate?.(facts);
  return facts;
}

export function withAccountWide(accountWide: AccountWideFacts | undefined): AccountRegionInventory {
  return accountRegion((inventory) => {
    inventory.collectedAt = COLLECTED_AT;
    if (accountWide) inventory.accountWide = accountWide;
  });
}

export function withIam(principals: IamPrincipalFacts[]): AccountRegionInventory {
  return withAccountWide({ heldIn: REGION, iam: available({ principals, counts: { users: 3, roles: 2, groups: 1 } }) });
}

export const SCP_DENY: PolicyStatement = {
  policy: 'p-denymsk1',
  effect: 'Deny',
  action: ['kafka:UpdateSecurity', 'kafka:UpdateConnectivity'],
  resource: ['*'],
};

export function guardrails(mutate?: Mutator<ScpGuardrailFacts>): ScpGuardrailFacts {
  const facts: ScpGuardrailFacts = {
    managementAccount: '999999999999',
    path: [
      {
        id: 'r-ab12',
        kind: 'root',
        policies: available([{ id: 'p-FullAWSAccess', name: 'FullAWSAccess', awsManaged: true, statements: available([{ policy: 'p-FullAWSAccess', effect: 'Allow', action: ['*'], resource: ['*'] }]) }]),
      },
      { id: 'ou-ab12-11111111', kind: 'ou', policies: available([{ id: 'p-denymsk1', name: 'deny-msk-security-changes', statements: available([SCP_DENY]) }]) },
      { id: ACCOUNT, kind: 'account', policies: available([]) },
    ],
  };
  mutate?.(facts);
  return facts;
}

export function withGuardrails(facts: ScpGuardrailFacts | 'denied' | undefined, organizationScan = true): AccountRegionInventory {
  return withAccountWide({
    heldIn: REGION,
    organizationScan,
    ...(facts === 'denied'
      ? { guardrails: unavailable(accessDenied('organizations', 'ListParents', ACCOUNT)) }
      : facts
        ? { guardrails: available(facts) }
        : {}),
  });
}
