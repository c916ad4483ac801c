import type { CollectionError } from '../inventory/index.js';

export const MAX_ERROR_MESSAGE_LENGTH = 1000;

/** Where an error happened: copied into the CollectionError. */
export interface ErrorContext {
  service: string;
  operation: string;
  account?: string;
  region?: string;
  resource?: string;
}

/**
 * Turns anything thrown by an SDK call into a JSON-serialisable CollectionError. The code is the AWS error
 * name (AccessDeniedException, ThrottlingException …); for other errors the error's name — or its Node
 * `code` (ECONNREFUSED …) when the name is the uninformative "Error" — else 'UnknownError'. Never throws.
 */
export function toCollectionError(error: unknown, context: ErrorContext): CollectionError {
  let code = 'UnknownError';
  let message = '';
  try {
    code = errorCode(error);
    message = errorMessage(error);
  } catch {
    // A hostile getter or toString: keep the defaults.
  }
  return withContext({ code, message: truncate(message || code) }, context);
}

/** A CollectionError for a response that lacks something the API documents as present. */
export function malformedResponse(message: string, context: ErrorContext): CollectionError {
  return withContext({ code: 'MalformedResponse', message: truncate(message) }, context);
}

/**
 * The caller's credentials could not be resolved or were rejected (STS GetCallerIdentity failed). The
 * message is a single line naming the underlying error; the CLI maps this error to exit code 2.
 */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  /** The underlying failure, as a CollectionError. */
  readonly collectionError: CollectionError;

  constructor(collectionError: CollectionError, options?: { cause?: unknown }) {
    const where = collectionError.region ? ` in ${collectionError.region}` : '';
    super(
      oneLine(
        `Could not verify AWS credentials (${collectionError.service}:${collectionError.operation}${where} failed): ` +
          `${collectionError.code}: ${collectionError.message}`,
      ),
      options,
    );
    this.collectionError = collectionError;
  }
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const { name, code, Code } = error as { name?: unknown; code?: unknown; Code?: unknown };
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  if (typeof Code === 'string' && Code !== '') return Code;
  if (typeof code === 'string' && code !== '') return code;
  if (typeof name === 'string' && name !== '') return name;
  return 'UnknownError';
}

function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const { message, Message } = error as { message?: unknown; Message?: unknown };
    if (typeof message === 'string' && message !== '') return message;
    if (typeof Message === 'string' && Message !== '') return Message;
    return '';
  }
  return error === undefined ? '' : String(error);
}

function truncate(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function withContext(base: { code: string; message: string }, context: ErrorContext): CollectionError {
  return {
    service: context.service,
    operation: context.operation,
    code: base.code,
    message: base.message,
    ...(context.account !== undefined ? { account: context.account } : {}),
    ...(context.region !== undefined ? { region: context.region } : {}),
    ...(context.resource !== undefined ? { resource: context.resource } : {}),
  };
}
