import { createHash } from 'node:crypto';

/** Memory a function may be given, in 1 MB steps. https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html */
export const MIN_MEMORY_SIZE_MB = 128;
export const MAX_MEMORY_SIZE_MB = 10_240;

/** The longest function timeout. https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html */
export const MAX_TIMEOUT_MS = 900_000;

/** An on-demand init phase that runs longer than this is cut short. https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html */
export const INIT_TIMEOUT_MS = 10_000;

/** Function names: letters, digits, hyphens, underscores, 1 to 64. https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
export const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export const FUNCTION_VERSION = '$LATEST';
export const DEFAULT_REGION = 'us-east-1';
/** The account id AWS's own documentation uses in examples: obviously not a real account. */
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** The runtime's Node.js major, as in `AWS_EXECUTION_ENV=AWS_Lambda_nodejs20.x`. */
export function toNodeMajor(nodeVersion: string): string {
  return nodeVersion.split('.')[0] ?? nodeVersion;
}

/**
 * Lambda names runtime builds `nodejs:<major>.v<build>`; locally the build number is the Node minor,
 * so two machines on the same Node agree and a Node upgrade shows as a new runtime version.
 */
export function toRuntimeVersion(nodeVersion: string): string {
  const [major, minor] = nodeVersion.split('.');
  return `nodejs:${major ?? '0'}.v${minor ?? '0'}`;
}

/** Same shape as Lambda's (`arn:aws:lambda:<region>::runtime:<64 hex>`), derived from the version so it is stable. */
export function toRuntimeVersionArn(region: string, runtimeVersion: string): string {
  const digest = createHash('sha256').update(runtimeVersion).digest('hex');
  return `arn:aws:lambda:${region}::runtime:${digest}`;
}

export function toFunctionArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}

export function toLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/**
 * The Node.js runtime's bootstrap gives V8 a tenth of the memory as new space (half of it per semi-space)
 * and the rest as old space, so a heap-hungry function fails near its memory size, as it does in Lambda.
 */
export function toV8HeapArgs(memorySizeMb: number): readonly string[] {
  const newSpaceMb = Math.floor(memorySizeMb / 10);
  const semiSpaceMb = Math.max(1, Math.floor(newSpaceMb / 2));
  return [`--max-semi-space-size=${semiSpaceMb}`, `--max-old-space-size=${memorySizeMb - newSpaceMb}`];
}
