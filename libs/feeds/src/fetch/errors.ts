/** Why a fetch failed. Stable strings: logged, put in `feed.fetched` events (`errorClass`) and tested. */
export type FetchErrorCode =
  /** Not an absolute http(s) URL, or a redirect Location that cannot be resolved. */
  | 'invalid-url'
  /** The host resolves to (or is) an address the SSRF guard refuses. */
  | 'blocked-address'
  /** DNS resolution failed. */
  | 'dns'
  /** TCP/TLS connection could not be established (refused, reset, TLS error, connect timeout). */
  | 'connect'
  /** The total time budget ran out (slow or stalled server). */
  | 'timeout'
  /** The decompressed body exceeded the byte cap. */
  | 'too-large'
  /** More redirect hops than allowed. */
  | 'too-many-redirects'
  /** A redirect chain that returns to a URL already visited. */
  | 'redirect-loop'
  /** Content-Encoding we cannot decode, or a corrupt compressed body. */
  | 'decode'
  /** 410 Gone: the publisher says the feed is gone for good. */
  | 'gone'
  /** 429 or 503 (the server asked us to slow down; see `retryAfter`). */
  | 'rate-limited'
  /** Any other non-2xx/304 status. */
  | 'http-status'
  /** The connection broke while reading (reset mid-body, etc.). */
  | 'network'
  /** The caller aborted (shutdown). */
  | 'aborted';

/** The only error the fetcher throws. `status` is set for HTTP-level failures. */
export class FetchError extends Error {
  override name = 'FetchError';
  readonly code: FetchErrorCode;
  /** Final HTTP status, when a response was received. */
  readonly status: number | null;
  /** The raw Retry-After header of a 429/503 response (seconds or HTTP-date). */
  readonly retryAfter: string | null;
  /** The URL being fetched when the error happened (the last redirect hop). */
  readonly url: string | null;
  constructor(
    code: FetchErrorCode,
    message: string,
    details: {
      status?: number | null;
      retryAfter?: string | null;
      url?: string | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.code = code;
    this.status = details.status ?? null;
    this.retryAfter = details.retryAfter ?? null;
    this.url = details.url ?? null;
  }
}
