import type { Principal, CredentialStore } from '../auth.js';
import type { AwsError } from '../errors.js';
import type { ModelObject, Protocol } from '../protocols/types.js';
import type { World } from '../world.js';

export interface ServiceContext {
  world: World;
  credentials: CredentialStore;
  principal: Principal;
  /** The principal's account (the account the call acts in). */
  account: string;
  /** Region from the credential scope. */
  region: string;
  now: Date;
  requestId: string;
  /** Size of the request body in bytes. */
  bodySize: number;
}

export type Handler = (ctx: ServiceContext, input: ModelObject) => ModelObject | Promise<ModelObject>;

/** How a service spells its generic errors. */
export interface ServiceErrors {
  throttle: (message?: string) => AwsError;
  internal: () => AwsError;
  unavailable: () => AwsError;
  accessDenied: (message: string) => AwsError;
}

export interface ServiceDefinition {
  /** SigV4 signing name, as in the credential scope (kafka, kms, sts…). */
  signingName: string;
  /** IAM action prefix (kafka, kms, sts…). */
  iamPrefix: string;
  /** Global services ignore region opt-in status. */
  global?: boolean;
  protocol: Protocol;
  handlers: Readonly<Record<string, Handler>>;
  errors: ServiceErrors;
}

export const notAuthorized = (principalArn: string, action: string, resource = '*'): string =>
  `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
