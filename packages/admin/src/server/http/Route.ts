import type { IncomingMessage } from 'node:http';
import type { BodyReader } from './BodyReader.js';

/** What a route handler gets. */
export interface RouteRequest {
  readonly req: IncomingMessage;
  /** Decoded `:name` segments of the route pattern. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Reads and checks the JSON body (size limit, content type). */
  body(): Promise<BodyReader>;
}

/** What a route handler answers: JSON, or raw text with its content type. */
export type RouteReply =
  | {
      readonly status: number;
      readonly json: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      readonly status: number;
      readonly raw: string | Buffer;
      readonly contentType: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

/** One route: `GET /api/breakers/:name`. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Literal segments and `:param` segments, e.g. `/api/executions/:id/steps/:index/confirm`. */
  readonly path: string;
  /** Served without a token (only liveness). @default false */
  readonly public?: boolean;
  handle(request: RouteRequest): RouteReply | Promise<RouteReply>;
}

/** A JSON reply. */
export function json(status: number, body: unknown): RouteReply {
  return { status, json: body };
}
