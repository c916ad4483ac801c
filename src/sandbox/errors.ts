/** A service error as AWS sends it: a code, a message and an HTTP status, rendered by each protocol. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra members some services put in the error body (e.g. organizations `Reason`). */
  readonly extra: Record<string, string>;

  constructor(code: string, message: string, status = 400, extra: Record<string, string> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.extra = extra;
  }

  /** awsQuery / ec2 error <Type>: Sender for 4xx, Receiver for 5xx. */
  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;
