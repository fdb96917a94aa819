import { createHash } from 'node:crypto';

/**
 * Opaque pagination tokens. Each carries the operation it belongs to and a fingerprint of the request parameters it
 * was issued for, so a token replayed with other parameters is refused, as the service refuses it.
 */
export interface PageTokenBody {
  readonly operation: string;
  readonly fingerprint: string;
  readonly issuedAtMs: number;
  readonly cursor: unknown;
}

const TOKEN_PREFIX = 'lt1.';

export function encodePageToken(body: PageTokenBody): string {
  return TOKEN_PREFIX + Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The token's body, or undefined when it is not one of ours or belongs to another operation or request. */
export function decodePageToken(token: string, operation: string, fingerprint: string): PageTokenBody | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const body: unknown = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
    if (typeof body !== 'object' || body === null) return undefined;
    const candidate = body as Partial<PageTokenBody>;
    if (candidate.operation !== operation || candidate.fingerprint !== fingerprint) return undefined;
    if (typeof candidate.issuedAtMs !== 'number') return undefined;
    return { operation, fingerprint, issuedAtMs: candidate.issuedAtMs, cursor: candidate.cursor };
  } catch {
    return undefined;
  }
}

/** A short stable hash of the parameters that define a paginated result set. */
export function fingerprintOf(parameters: unknown): string {
  return createHash('sha256').update(JSON.stringify(parameters)).digest('hex').slice(0, 16);
}
