/** ec2Query (ec2): form-encoded request, `<OpResponse>` XML without a Result wrapper, `<Response><Errors>` errors. */
import { AwsError } from '../errors.js';
import { escapeXml, fromQuery, structToXml } from '../wire/xml.js';
import { operationShapes } from '../wire/shapes.js';
import { formParams } from './form.js';
import type { IncomingCall, ModelObject, OperationSchemas, Protocol, WireResponse } from './types.js';

export class Ec2QueryProtocol implements Protocol {
  readonly kind = 'ec2' as const;

  constructor(
    private readonly xmlns: string,
    private readonly operations: OperationSchemas,
  ) {}

  resolve(call: IncomingCall): { operation: string; input: ModelObject } {
    const params = formParams(call);
    const operation = params.get('Action') ?? '';
    if (!(operation in this.operations)) throw new AwsError('InvalidAction', `The action ${operation} is not valid for this web service.`, 400);
    const input = fromQuery(operationShapes(this.operations[operation]).input, params, 'ec2');
    return { operation, input: (input ?? {}) as ModelObject };
  }

  success(operation: string, output: ModelObject, requestId: string): WireResponse {
    const shape = operationShapes(this.operations[operation]).output;
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${this.xmlns}">` +
      `<requestId>${requestId}</requestId>${structToXml(shape, output, 'ec2')}</${operation}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
  }

  error(err: AwsError, requestId: string): WireResponse {
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(err.code)}</Code>` +
      `<Message>${escapeXml(err.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
    return { status: err.status, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
  }

  malformedBody(): string {
    return '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse><regionInfo><item><regionName>eu-';
  }
}
