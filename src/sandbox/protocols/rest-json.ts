/**
 * AWS REST-JSON (kafka, securityhub, account): operations routed by the http trait of the SDK's operation
 * schema (method + URI template); input bound from labels, query string, headers and a jsonName-keyed body.
 * Errors: status code, `x-amzn-errortype` header and a JSON body with the message.
 */
import { AwsError } from '../errors.js';
import { fromWire, scalarFromText, toWire } from '../wire/json.js';
import { operationShapes, type Member, type OperationShapes } from '../wire/shapes.js';
import type { IncomingCall, ModelObject, OperationSchemas, Protocol, WireResponse } from './types.js';

interface Route {
  operation: string;
  method: string;
  /** Literal segment text, or a label name when `label` is true. */
  segments: { text: string; label: boolean; greedy: boolean }[];
  shapes: OperationShapes;
}

export interface RestJsonOptions {
  /** Error body key for the message (kafka/account: message; securityhub: Message). */
  messageKey?: 'message' | 'Message';
  /** Also send the code in the error body (securityhub's `Code` member). */
  codeKey?: string;
}

export class RestJsonProtocol implements Protocol {
  readonly kind = 'rest-json' as const;
  private readonly routes: Route[] = [];

  constructor(
    operations: OperationSchemas,
    private readonly options: RestJsonOptions = {},
  ) {
    for (const [operation, schema] of Object.entries(operations)) {
      const shapes = operationShapes(schema);
      if (!shapes.http) throw new Error(`operation ${operation} has no http trait`);
      const path = shapes.http.uri.split('?')[0] ?? '';
      const segments = path
        .split('/')
        .filter((s) => s !== '')
        .map((s) => {
          const m = /^\{(\w+)(\+?)\}$/.exec(s);
          return m ? { text: m[1] ?? '', label: true, greedy: m[2] === '+' } : { text: s, label: false, greedy: false };
        });
      this.routes.push({ operation, method: shapes.http.method, segments, shapes });
    }
  }

  private match(call: IncomingCall): { route: Route; labels: Record<string, string> } | undefined {
    const parts = call.path.split('/').filter((s) => s !== '');
    for (const route of this.routes) {
      if (route.method !== call.method) continue;
      const labels: Record<string, string> = {};
      let ok = true;
      let i = 0;
      for (const seg of route.segments) {
        if (seg.greedy) {
          labels[seg.text] = parts.slice(i).map(decodeURIComponent).join('/');
          i = parts.length;
          break;
        }
        const part = parts[i++];
        if (part === undefined) {
          ok = false;
          break;
        }
        if (seg.label) labels[seg.text] = decodeURIComponent(part);
        else if (seg.text !== part) {
          ok = false;
          break;
        }
      }
      if (ok && i === parts.length) return { route, labels };
    }
    return undefined;
  }

  resolve(call: IncomingCall): { operation: string; input: ModelObject } {
    const hit = this.match(call);
    if (!hit) throw new AwsError('UnknownOperationException', `No operation matches ${call.method} ${call.path}`, 404);
    const { route, labels } = hit;
    const input: ModelObject = {};
    const shape = route.shapes.input;
    if (shape.kind === 'struct') {
      let body: Record<string, unknown> | undefined;
      const payloadMember = shape.members.find((m) => m.traits.httpPayload);
      const bodyMembers: Member[] = [];
      for (const m of shape.members) {
        const t = m.traits;
        if (t.httpLabel) {
          const text = labels[m.name];
          if (text !== undefined) input[m.name] = scalarFromText(m.shape, text);
        } else if (t.httpQuery) {
          const values = call.query.getAll(t.httpQuery);
          if (values.length) input[m.name] = m.shape.kind === 'list' ? values.map((v) => scalarFromText(m.shape.kind === 'list' ? m.shape.member.shape : m.shape, v)) : scalarFromText(m.shape, values[0] ?? '');
        } else if (t.httpHeader) {
          const v = call.headers[t.httpHeader.toLowerCase()];
          if (typeof v === 'string') input[m.name] = scalarFromText(m.shape, v);
        } else if (!t.httpPayload && !t.httpQueryParams) bodyMembers.push(m);
      }
      const text = call.body.toString('utf8').trim();
      if (text) {
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new AwsError('SerializationException', 'Could not parse the request body as JSON', 400);
        }
      }
      if (payloadMember && body !== undefined) input[payloadMember.name] = fromWire(payloadMember.shape, body, { jsonName: true });
      if (body && !payloadMember) {
        for (const m of bodyMembers) {
          const v = fromWire(m.shape, body[m.traits.jsonName ?? m.name], { jsonName: true });
          if (v !== undefined) input[m.name] = v;
        }
      }
    }
    return { operation: route.operation, input };
  }

  success(operation: string, output: ModelObject, requestId: string): WireResponse {
    const route = this.routes.find((r) => r.operation === operation);
    if (!route) throw new Error(`unknown operation ${operation}`);
    const shape = route.shapes.output;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
    let status = route.shapes.http?.code ?? 200;
    if (shape.kind === 'struct') {
      for (const m of shape.members) {
        const v = output[m.name];
        if (v === undefined) continue;
        if (m.traits.httpHeader) headers[m.traits.httpHeader.toLowerCase()] = String(v);
        if (m.traits.httpResponseCode && typeof v === 'number') status = v;
      }
      const payload = shape.members.find((m) => m.traits.httpPayload);
      const body = payload ? toWire(payload.shape, output[payload.name], { jsonName: true }) : toWire(shape, output, { jsonName: true }, true);
      return { status, headers, body: JSON.stringify(body ?? {}) };
    }
    return { status, headers, body: '{}' };
  }

  error(err: AwsError, requestId: string): WireResponse {
    const body: Record<string, string> = { [this.options.messageKey ?? 'message']: err.message, ...err.extra };
    if (this.options.codeKey) body[this.options.codeKey] = err.code;
    return {
      status: err.status,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': err.code, 'x-amzn-requestid': requestId },
      body: JSON.stringify(body),
    };
  }

  malformedBody(): string {
    return '{"clusterInfoList": [{"clusterArn": "arn:aws:kafka:';
  }
}
