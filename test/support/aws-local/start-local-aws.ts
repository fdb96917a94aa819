import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultRules } from './fault-rules.js';
import type { FilterLogEventsQuirks, LogsContext } from './filter-log-events.js';
import { type InsightsOptions, InsightsQueries } from './insights-queries.js';
import { LambdaStore } from './lambda-store.js';
import {
  LIVE_TAIL_SESSION_LIMIT_MS,
  type LiveTailOptions,
  type LiveTailSession,
  MAX_EVENTS_PER_UPDATE,
} from './live-tail.js';
import { toLogGroupArn } from './log-group-arn.js';
import { LogsStore } from './logs-store.js';
import { MetricsStore } from './metrics-store.js';
import { createRequestHandler } from './request-handler.js';
import { RequestLog } from './request-log.js';

export interface LocalAwsOptions {
  readonly accountId?: string;
  readonly region?: string;
  /** The data clock: default ingestion times, token ages, query create times. Wall clock when absent. */
  readonly nowMs?: () => number;
  readonly filterLogEvents?: FilterLogEventsQuirks;
  readonly liveTail?: Partial<LiveTailOptions>;
  readonly insights?: Partial<InsightsOptions>;
}

/** A running local CloudWatch Logs / CloudWatch / Lambda endpoint with its truth, faults and request log. */
export interface LocalAws {
  /** `http://127.0.0.1:PORT`, for the SDK's `endpoint` and the CLI's `--endpoint-url`. */
  readonly endpoint: string;
  readonly accountId: string;
  readonly region: string;
  readonly logs: LogsStore & {
    readonly logGroupArn: (logGroupName: string) => string;
    readonly liveTailSessions: () => number;
  };
  readonly cloudwatch: MetricsStore;
  readonly lambda: LambdaStore;
  readonly faults: FaultRules;
  readonly requests: RequestLog;
  setFilterLogEventsQuirks(quirks: FilterLogEventsQuirks): void;
  setInsightsOptions(options: Partial<InsightsOptions>): void;
  close(): Promise<void>;
}

const DEFAULT_ACCOUNT_ID = '123456789012';
const DEFAULT_REGION = 'us-east-1';

export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const region = options.region ?? DEFAULT_REGION;
  const nowMs = options.nowMs ?? Date.now;
  let filterQuirks = validateQuirks(options.filterLogEvents ?? {});
  let insightsOptions: InsightsOptions = {
    pollsWhileScheduled: 1,
    pollsWhileRunning: 1,
    maxConcurrentQueries: 100,
    finalStatus: 'Complete',
    ...options.insights,
  };
  const liveTailOptions: LiveTailOptions = {
    updateIntervalMs: 1000,
    maxEventsPerUpdate: MAX_EVENTS_PER_UPDATE,
    sessionLimitMs: LIVE_TAIL_SESSION_LIMIT_MS,
    random: Math.random,
    ...options.liveTail,
  };

  const store = new LogsStore(nowMs);
  const metrics = new MetricsStore();
  const lambda = new LambdaStore(region, accountId);
  const faults = new FaultRules();
  const requests = new RequestLog();
  const sessions = new Set<LiveTailSession>();
  const logsContext: LogsContext = { store, nowMs, region, accountId, filterQuirks: () => filterQuirks };
  const insights = new InsightsQueries(logsContext, () => insightsOptions);

  const handler = createRequestHandler({
    accountId,
    logsContext,
    insights,
    metrics,
    lambda,
    faults,
    requests,
    sessions,
    liveTailOptions,
    nowMs,
  });
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      // A bug in the server must not take the test process down: answer 500 and carry on.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: String(error) }));
    });
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;

  const logs = Object.assign(store, {
    logGroupArn: (logGroupName: string) => toLogGroupArn(logGroupName, region, accountId),
    liveTailSessions: () => sessions.size,
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accountId,
    region,
    logs,
    cloudwatch: metrics,
    lambda,
    faults,
    requests,
    setFilterLogEventsQuirks: (quirks) => {
      filterQuirks = validateQuirks(quirks);
    },
    setInsightsOptions: (patch) => {
      insightsOptions = { ...insightsOptions, ...patch };
    },
    close: async () => {
      for (const session of sessions) session.stop('server-closed');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function validateQuirks(quirks: FilterLogEventsQuirks): FilterLogEventsQuirks {
  const positive = (value: number | undefined, name: string, min: number): void => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      throw new TypeError(`local AWS: filterLogEvents.${name} must be an integer >= ${min}, got ${value}`);
    }
  };
  positive(quirks.maxEventsPerPage, 'maxEventsPerPage', 1);
  positive(quirks.emptyPageEvery, 'emptyPageEvery', 2);
  positive(quirks.maxEventsScannedPerPage, 'maxEventsScannedPerPage', 1);
  return quirks;
}
