import http from 'node:http';
import https from 'node:https';
import { Defaulted, type Parsed, parseConfig } from '@ballast/schema';
import Type, { type Static } from 'typebox';
import { RunbookActionError } from '../errors/runbookErrors.js';
import type { RunbookAction } from '../RunbookAction.js';

/**
 * Options of {@link webhookAction}, declared once:
 * - `timeoutMs`: milliseconds the whole call may take (the step's `timeoutSeconds` also bounds
 *   it). @default 10000
 * - `allowedOrigins`: origins (`https://hooks.example.com`) a runbook may post to; any other URL
 *   is refused at creation. Set it when runbooks come from the admin API, so a token holder
 *   cannot make the process call arbitrary hosts. @default any http(s) origin
 */
export const WebhookActionOptionsSchema = Type.Object(
  {
    timeoutMs: Defaulted(Type.Number({ exclusiveMinimum: 0, maximum: 600_000 }), 10_000),
    allowedOrigins: Type.Optional(
      Type.Array(
        Type.Refine(
          Type.String(),
          (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
          () => 'must be an http(s) origin such as "https://hooks.example.com"',
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

/** Options of {@link webhookAction}. */
export type WebhookActionOptions = Static<typeof WebhookActionOptionsSchema>;

/** The parameters of `webhook.call`, with the origins a URL may have (`undefined`: any). */
function paramsOf(allowed: readonly string[] | undefined) {
  return Type.Object(
    {
      url: Type.Refine(
        Type.String({ description: 'http(s) URL to POST to' }),
        (value) =>
          URL.canParse(value) &&
          /^https?:$/.test(new URL(value).protocol) &&
          (allowed === undefined || allowed.includes(new URL(value).origin)),
        (value) =>
          !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)
            ? 'must be an absolute http(s) URL'
            : `must be a URL on an allowed origin (${allowed!.join(', ')})`,
      ),
      body: Type.Optional(
        Type.Unknown({ description: 'JSON body; default a description of the step' }),
      ),
      headers: Defaulted(
        Type.Record(Type.String(), Type.String(), {
          description: 'extra request headers (string values)',
        }),
        {},
      ),
    },
    { additionalProperties: false },
  );
}

type WebhookParams = Parsed<ReturnType<typeof paramsOf>>;

const MAX_KEPT_BODY = 1024;

function post(
  params: WebhookParams,
  payload: string,
  id: string,
  signal: AbortSignal,
): Promise<{ status: number; body: string }> {
  const client = params.url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(params.url, {
      method: 'POST',
      signal,
      headers: {
        ...params.headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
        'user-agent': 'ballast-runbook',
        // Stable across re-runs of the same step: the receiver's idempotency key.
        'webhook-id': id,
        connection: 'close',
      },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < MAX_KEPT_BODY) body += chunk.slice(0, MAX_KEPT_BODY - body.length);
      });
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.end(payload);
  });
}

// Messages name the origin only: webhook paths often carry the secret (Slack, Teams).

/**
 * `webhook.call`: POST JSON to a URL (an incident channel, a paging service, another system's
 * runbook hook). Sends `params.body` when given, else a description of the step; the
 * `webhook-id` header is `<executionId>:<stepIndex>`. A non-2xx answer fails the step.
 *
 * @example
 * ```ts
 * engine.registerAction(webhookAction({ allowedOrigins: ['https://hooks.slack.com'] }));
 * // step: { action: 'webhook.call', params: { url: 'https://hooks.slack.com/…', body: { text: 'payments down' } } }
 * ```
 */
export function webhookAction(
  options: WebhookActionOptions = {},
): RunbookAction<ReturnType<typeof paramsOf>> {
  const { timeoutMs, allowedOrigins } = parseConfig(
    WebhookActionOptionsSchema,
    options,
    'webhookAction options',
  );
  const allowed = allowedOrigins?.map((origin) => new URL(origin).origin);
  return {
    name: 'webhook.call',
    description: 'POST JSON to a webhook URL',
    params: paramsOf(allowed),
    run: async (params, context) => {
      const payload = JSON.stringify(
        params.body ?? {
          runbook: context.runbookName,
          scene: context.scene,
          executionId: context.executionId,
          stepIndex: context.stepIndex,
          actor: context.actor,
        },
      );
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      try {
        const signal = AbortSignal.any([context.signal, timeout.signal]);
        const { status, body } = await post(
          params,
          payload,
          `${context.executionId}:${context.stepIndex}`,
          signal,
        );
        if (status < 200 || status > 299) {
          throw new RunbookActionError(
            `Webhook on ${new URL(params.url).origin} answered ${status}.`,
          );
        }
        return { status, body };
      } catch (error) {
        if (RunbookActionError.is(error)) throw error;
        const reason = timeout.signal.aborted
          ? `no answer within ${timeoutMs} ms`
          : (error as Error).message;
        throw new RunbookActionError(
          `Webhook on ${new URL(params.url).origin} failed: ${reason}.`,
          {
            cause: error,
          },
        );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
