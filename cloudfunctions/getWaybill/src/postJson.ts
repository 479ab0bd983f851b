// One JSON POST over Node's own http/https modules (the cloud function may run
// on Node 12, which has no fetch). Every way the exchange can go wrong ends as
// a typed failure: an UpstreamFailure with no errCode (transient: timeout,
// reset, 5xx), or a SetupFailure when the address itself is wrong (a 4xx, a
// redirect, a certificate the runtime does not trust). Redirects are never
// followed: the request carries the access_token or the AppSecret.
import http from 'http';
import https from 'https';
import { answerTooLarge, MAX_ANSWER_BYTES, SetupFailure, UpstreamFailure } from './transportPort';

/**
 * A 4xx other than 408 (timeout) and 429 (too many requests), or any 3xx,
 * means the request went to the wrong place (a WX_API_BASE_URL with a wrong
 * path or host, a proxy): asking again cannot help. WeChat itself answers 200
 * with an errcode, and 5xx is the server's own trouble, worth another try.
 */
function isWrongAddressStatus(status: number): boolean {
  return (status >= 300 && status <= 399) || (status >= 400 && status <= 499 && status !== 408 && status !== 429);
}

// Node's codes for a certificate it does not trust, and for TLS spoken to something that is not a TLS server.
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|^ERR_TLS_|^ERR_SSL_|^EPROTO$/;

export interface HttpAnswer {
  text: string;
  /** The Content-Type header as sent ('' when there is none). */
  contentType: string;
}

/**
 * POSTs `payload` as JSON to `url` and resolves the answer's body as text (2xx
 * only). Failure details name the path only: the query holds the access_token.
 */
export function postJson(url: URL, payload: unknown, timeoutMs: number): Promise<HttpAnswer> {
  const what = `POST ${url.pathname}`;
  const client = url.protocol === 'https:' ? https : http;
  if (!(timeoutMs > 0)) return Promise.reject(new UpstreamFailure('timeout', undefined, `${what}: no time left before the deadline`));
  const body = Buffer.from(JSON.stringify(payload), 'utf8');

  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { answer: HttpAnswer } | { failure: UpstreamFailure | SetupFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('answer' in outcome) resolve(outcome.answer);
      else {
        reject(outcome.failure);
        request.destroy(); // frees the socket; its 'error' lands in the listener below and is ignored
      }
    };
    const fail = (kind: UpstreamFailure['kind'], detail: string): void =>
      settle({ failure: new UpstreamFailure(kind, undefined, `${what}: ${detail}`) });
    const wrongAddress = (detail: string): void => settle({ failure: new SetupFailure('wrongAddress', `${what} ${detail}`) });

    // agent: false = a fresh connection per request. A pooled connection kept while a
    // cloud function is frozen between calls tends to be dead when it thaws.
    const request = client.request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          response.resume();
          if (isWrongAddressStatus(status)) wrongAddress(`answered HTTP ${status}${status < 400 ? ' (a redirect, not followed)' : ''}`);
          else fail('badResponse', `HTTP ${status}`);
          return;
        }
        // Too large is refused by its declared length before a byte is read, or as soon as it is read past the limit.
        const tooLarge = (): void => settle({ failure: answerTooLarge(what) });
        if (Number(response.headers['content-length']) > MAX_ANSWER_BYTES) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) tooLarge();
          else chunks.push(chunk);
        });
        response.on('end', () =>
          settle({ answer: { text: Buffer.concat(chunks).toString('utf8'), contentType: response.headers['content-type'] ?? '' } }),
        );
        // Node 12/14 report a connection cut mid-answer as 'aborted', later versions as 'error'.
        response.on('aborted', () => fail('network', 'connection closed during the answer'));
        response.on('error', (error: NodeJS.ErrnoException) => fail('network', error.code ?? 'answer failed'));
      },
    );
    const timer = setTimeout(() => fail('timeout', `no answer within ${timeoutMs} ms`), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (TLS_FAILURE.test(code)) wrongAddress(`failed: the server's certificate or TLS is not accepted by this runtime (${code})`);
      else fail('network', code || 'request failed');
    });
    request.end(body);
  });
}
