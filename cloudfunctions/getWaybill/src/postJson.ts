// One JSON POST over node's own http/https modules (the cloud function may run
// on Node 12, which has no fetch, and its only runtime dependency is
// wx-server-sdk). Every way the exchange can go wrong ends as a typed failure:
// an UpstreamFailure with no errCode (transient), or a SetupFailure.
import http from 'http';
import https from 'https';
import type { WaybillError } from '../../../miniprogram/contract/getWaybillContract';
import { SetupFailure, UpstreamFailure } from './orderSource';

/**
 * A 4xx other than 408 (timeout) and 429 (too many requests) means the request
 * went to the wrong place (a WX_API_BASE_URL with a wrong path or host, a
 * proxy refusing it): asking again cannot help. WeChat itself answers 200 with
 * an errcode, and 5xx is the server's own trouble, worth another try.
 */
function isSetupStatus(status: number): boolean {
  return status >= 400 && status <= 499 && status !== 408 && status !== 429;
}

function wrongAddress(what: string, status: number, url: URL): WaybillError {
  return {
    code: 'NOT_CONFIGURED',
    retryable: false,
    message: `${url.origin} answered HTTP ${status} to ${what}. Check WX_API_BASE_URL (default https://api.weixin.qq.com).`,
  };
}

/** Far above any real answer (a label must fit in the 1 MB result anyway); only guards memory. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export type JsonObject = Record<string, unknown>;

/**
 * POSTs `payload` as JSON to `url` and resolves the JSON object answered.
 * Rejects with kind 'timeout' after timeoutMs, 'network' when the connection
 * fails, 'badResponse' for a 5xx (or 408/429) status or a body that is not a
 * JSON object, and with a SetupFailure for any other 4xx.
 * Failure details name the path only: the query holds the access_token.
 */
export function postJson(url: URL, payload: unknown, timeoutMs: number): Promise<JsonObject> {
  const what = `POST ${url.pathname}`;
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (client === undefined) return Promise.reject(new Error(`${what}: unsupported protocol ${url.protocol}`));
  if (!(timeoutMs > 0)) return Promise.reject(new UpstreamFailure(undefined, 'timeout', `${what}: no time left before the deadline`));
  const body = Buffer.from(JSON.stringify(payload), 'utf8');

  return new Promise<JsonObject>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { value: JsonObject } | { failure: UpstreamFailure | SetupFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('value' in outcome) resolve(outcome.value);
      else {
        reject(outcome.failure);
        request.destroy(); // frees the socket; its 'error' lands in the listener below and is ignored
      }
    };
    const fail = (kind: UpstreamFailure['kind'], detail: string): void =>
      settle({ failure: new UpstreamFailure(undefined, kind, `${what}: ${detail}`) });
    const settleWith = (failure: SetupFailure): void => settle({ failure });

    // agent: false = a fresh connection per request. A pooled connection kept while a
    // cloud function is frozen between calls tends to be dead when it thaws.
    const request = client.request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          response.resume();
          if (isSetupStatus(status)) settleWith(new SetupFailure(wrongAddress(what, status, url)));
          else fail('badResponse', `HTTP ${status}`);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) fail('badResponse', `answer larger than ${MAX_ANSWER_BYTES} bytes`);
          else chunks.push(chunk);
        });
        response.on('end', () => {
          let value: unknown;
          try {
            value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            fail('badResponse', `HTTP ${status} with a body that is not JSON`);
            return;
          }
          if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('badResponse', 'the answer is not a JSON object');
          else settle({ value: value as JsonObject });
        });
        // Node 12/14 report a connection cut mid-answer as 'aborted', later versions as 'error'.
        response.on('aborted', () => fail('network', 'connection closed during the answer'));
        response.on('error', (error: NodeJS.ErrnoException) => fail('network', error.code ?? 'answer failed'));
      },
    );
    const timer = setTimeout(() => fail('timeout', `no answer within ${timeoutMs} ms`), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => fail('network', error.code ?? 'request failed'));
    request.end(body);
  });
}
