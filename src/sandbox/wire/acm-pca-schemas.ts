/**
 * The installed @aws-sdk/client-acm-pca (3.523) predates the SDK's static schemas, so the few shapes the sandbox
 * serves are written here by hand in the same static-schema notation (`[3, namespace, name, traits, members,
 * memberSchemas]`, `[9, …]` for an operation; 0 string, 1 number, 2 boolean, 4 timestamp, 64 | 0 list of strings),
 * copied member for member from the ACM PCA API reference. Only what DescribeCertificateAuthority returns.
 */
const n0 = 'com.amazonaws.acmpca';

export const CrlConfiguration$ = [
  3,
  n0,
  'CrlConfiguration',
  0,
  ['Enabled', 'ExpirationInDays', 'CustomCname', 'S3BucketName', 'S3ObjectAcl', 'CrlType', 'CustomPath'],
  [2, 1, 0, 0, 0, 0, 0],
];

export const OcspConfiguration$ = [3, n0, 'OcspConfiguration', 0, ['Enabled', 'OcspCustomCname'], [2, 0]];

export const RevocationConfiguration$ = [3, n0, 'RevocationConfiguration', 0, ['CrlConfiguration', 'OcspConfiguration'], [() => CrlConfiguration$, () => OcspConfiguration$]];

export const Asn1Subject$ = [
  3,
  n0,
  'ASN1Subject',
  0,
  ['Country', 'Organization', 'OrganizationalUnit', 'DistinguishedNameQualifier', 'State', 'CommonName', 'SerialNumber', 'Locality', 'Title', 'Surname', 'GivenName', 'Initials', 'Pseudonym', 'GenerationQualifier'],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
];

export const CertificateAuthorityConfiguration$ = [
  3,
  n0,
  'CertificateAuthorityConfiguration',
  0,
  ['KeyAlgorithm', 'SigningAlgorithm', 'Subject'],
  [0, 0, () => Asn1Subject$],
];

export const CertificateAuthority$ = [
  3,
  n0,
  'CertificateAuthority',
  0,
  [
    'Arn',
    'OwnerAccount',
    'CreatedAt',
    'LastStateChangeAt',
    'Type',
    'Serial',
    'Status',
    'NotBefore',
    'NotAfter',
    'FailureReason',
    'CertificateAuthorityConfiguration',
    'RevocationConfiguration',
    'RestorableUntil',
    'KeyStorageSecurityStandard',
    'UsageMode',
  ],
  [0, 0, 4, 4, 0, 0, 0, 4, 4, 0, () => CertificateAuthorityConfiguration$, () => RevocationConfiguration$, 4, 0, 0],
];

export const DescribeCertificateAuthorityRequest$ = [3, n0, 'DescribeCertificateAuthorityRequest', 0, ['CertificateAuthorityArn'], [0], 1];
export const DescribeCertificateAuthorityResponse$ = [3, n0, 'DescribeCertificateAuthorityResponse', 0, ['CertificateAuthority'], [() => CertificateAuthority$]];
export const DescribeCertificateAuthority$ = [
  9,
  n0,
  'DescribeCertificateAuthority',
  0,
  () => DescribeCertificateAuthorityRequest$,
  () => DescribeCertificateAuthorityResponse$,
];
