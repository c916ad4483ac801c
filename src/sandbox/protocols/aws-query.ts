/** awsQuery (sts): form-encoded Action/Version request, `<OpResponse><OpResult>` XML, `<ErrorResponse>` errors. */
import { AwsError } from '../errors.js';
import { escapeXml, fromQuery, structToXml } from '../wire/xml.js';
import { operationShapes } from '../wire/shapes.js';
import { formParams } from './form.js';
import type { IncomingCall, ModelObject, OperationSchemas, Protocol, WireResponse } from './types.js';

export class AwsQueryProtocol implements Protocol {
  readonly kind = 'query' as const;

  constructor(
    private readonly xmlns: string,
    private readonly version: string,
    private readonly operations: OperationSchemas,
  ) {}

  resolve(call: IncomingCall): { operation: string; input: ModelObject } {
    const params = formParams(call);
    const operation = params.get('Action') ?? '';
    if (!(operation in this.operations)) {
      throw new AwsError('InvalidAction', `Could not find operation ${operation} for version ${params.get('Version') ?? this.version}`, 400);
    }
    const input = fromQuery(operationShapes(this.operations[operation]).input, params, 'query');
    return { operation, input: (input ?? {}) as ModelObject };
  }

  success(operation: string, output: ModelObject, requestId: string): WireResponse {
    const shape = operationShapes(this.operations[operation]).output;
    const body =
      `<${operation}Response xmlns="${this.xmlns}">` +
      `<${operation}Result>${structToXml(shape, output, 'query')}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
      `</${operation}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  }

  error(err: AwsError, requestId: string): WireResponse {
    const body =
      `<ErrorResponse xmlns="${this.xmlns}"><Error><Type>${err.fault}</Type><Code>${escapeXml(err.code)}</Code>` +
      `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: err.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  }

  malformedBody(): string {
    return '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:';
  }
}
