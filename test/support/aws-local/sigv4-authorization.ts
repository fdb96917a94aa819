/**
 * The parts of a SigV4 Authorization header the local server needs. Signatures are not verified (any secret is
 * accepted), but a request without a well-formed header is refused as the service refuses it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export interface SigV4Authorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
}

const AUTHORIZATION_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=[0-9a-f]{64}$/;

export function parseSigV4Authorization(header: string | undefined): SigV4Authorization | undefined {
  if (header === undefined) return undefined;
  const match = AUTHORIZATION_PATTERN.exec(header.trim());
  if (match === null) return undefined;
  return {
    accessKeyId: match[1] as string,
    date: match[2] as string,
    region: match[3] as string,
    service: match[4] as string,
    signedHeaders: (match[5] as string).split(';'),
  };
}
