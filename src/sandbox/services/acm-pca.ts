/**
 * AWS Private CA (JSON 1.1, ACMPrivateCA.*): DescribeCertificateAuthority. The installed SDK predates static
 * schemas, so the wire shapes are the hand-written ones of wire/acm-pca-schemas.ts. A CA is looked up in the account
 * and region its ARN names; describing another account's CA is denied (the scanner then reports NOT_AVAILABLE).
 */
import { AwsError } from '../errors.js';
import { JsonRpcProtocol } from '../protocols/json-rpc.js';
import { DescribeCertificateAuthority$ } from '../wire/acm-pca-schemas.js';
import { arnPlace, regionResources } from './client-access-data.js';
import { notAuthorized, str, type ServiceContext, type ServiceDefinition } from './types.js';

const CA_ARN = /^arn:[\w-]+:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/;

function describeCertificateAuthority(ctx: ServiceContext, input: Record<string, unknown>) {
  const arn = str(input.CertificateAuthorityArn) ?? '';
  if (!CA_ARN.test(arn)) throw new AwsError('InvalidArnException', `String '${arn}' is not a valid ARN.`, 400);
  const place = arnPlace(arn)!;
  if (place.account !== ctx.account) {
    throw new AwsError('AccessDeniedException', notAuthorized(ctx.principal.arn, 'acm-pca:DescribeCertificateAuthority', arn), 400);
  }
  const ca = place.region === ctx.region ? regionResources(ctx.world, place.account, place.region)?.acmPca?.certificateAuthorities.find((c) => c.Arn === arn) : undefined;
  if (!ca) throw new AwsError('ResourceNotFoundException', `Could not find certificate authority ${arn}.`, 400);
  return { CertificateAuthority: { OwnerAccount: place.account, ...ca } };
}

export function acmPcaService(): ServiceDefinition {
  return {
    signingName: 'acm-pca',
    iamPrefix: 'acm-pca',
    protocol: new JsonRpcProtocol('ACMPrivateCA', { DescribeCertificateAuthority: DescribeCertificateAuthority$ }, '1.1', 'message'),
    handlers: { DescribeCertificateAuthority: describeCertificateAuthority },
    errors: {
      throttle: () => new AwsError('ThrottlingException', 'Rate exceeded', 400),
      internal: () => new AwsError('InternalFailure', 'An internal error occurred.', 500),
      unavailable: () => new AwsError('ServiceUnavailable', 'Service Unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 400),
    },
  };
}
