import { invalidParameter, logsResourceNotFound } from './service-error.js';

/** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME`, the form StartLiveTail wants (no trailing `:*`). */
export function toLogGroupArn(logGroupName: string, region: string, accountId: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

const ARN_PATTERN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:(.+?)(:\*)?$/;

export interface ParsedLogGroupArn {
  readonly region: string;
  readonly accountId: string;
  readonly logGroupName: string;
  readonly hasWildcardSuffix: boolean;
}

export function parseLogGroupArn(arn: string): ParsedLogGroupArn | undefined {
  const match = ARN_PATTERN.exec(arn);
  if (match === null) return undefined;
  return {
    region: match[1] as string,
    accountId: match[2] as string,
    logGroupName: match[3] as string,
    hasWildcardSuffix: match[4] !== undefined,
  };
}

/**
 * The group name behind a `logGroupIdentifier` (a name or an ARN, with or without `:*`). An ARN of another account or
 * Region names a group this server does not have.
 */
export function resolveLogGroupIdentifier(identifier: string, region: string, accountId: string): string {
  if (!identifier.startsWith('arn:')) return identifier;
  const parsed = parseLogGroupArn(identifier);
  if (parsed === undefined) throw invalidParameter(`logGroupIdentifier ${identifier} is not a valid log group ARN`);
  if (parsed.accountId !== accountId || parsed.region !== region) {
    throw logsResourceNotFound('The specified log group does not exist.');
  }
  return parsed.logGroupName;
}
