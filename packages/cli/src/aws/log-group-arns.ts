import type { AwsSession } from './aws-session.js';
import { toLogGroupArn } from './live-tail-session.js';
import { loadLogsSdk } from './load-aws-sdk.js';
import type { LogGroupRoute } from './log-group-routes.js';

/**
 * Each group's ARN (without `:*`), which StartLiveTail requires: from a function's ARN when its configuration was
 * read (same partition, Region and account), else from DescribeLogGroups. Groups whose ARN cannot be found are
 * left out; the caller polls them instead.
 */
export async function resolveLogGroupArns(
  session: AwsSession,
  routes: readonly LogGroupRoute[],
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const arns = new Map<string, string>();
  for (const route of routes) {
    const fromFunction = route.targets
      .map((target) => toLogGroupArn(route.logGroup, target.functionArn))
      .find((arn) => arn !== undefined);
    if (fromFunction !== undefined) {
      arns.set(route.logGroup, fromFunction);
      continue;
    }
    try {
      const { DescribeLogGroupsCommand } = await loadLogsSdk();
      const logs = await session.logs();
      const answer = await session.call(
        'DescribeLogGroups',
        (abortSignal) =>
          logs.send(
            new DescribeLogGroupsCommand({ logGroupNamePrefix: route.logGroup, limit: 50 }),
            abortSignal === undefined ? {} : { abortSignal },
          ),
        { signal, maxAttempts: 4 },
      );
      const group = answer.logGroups?.find((candidate) => candidate.logGroupName === route.logGroup);
      const arn = group?.logGroupArn ?? group?.arn?.replace(/:\*$/, '');
      if (arn !== undefined) arns.set(route.logGroup, arn);
    } catch (error) {
      if (signal.aborted) throw error;
    }
  }
  return arns;
}
