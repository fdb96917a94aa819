import type { MetricPoint, MetricsStore } from './metrics-store.js';
import { decodePageToken, encodePageToken, fingerprintOf } from './page-token.js';
import { RequestInput } from './request-input.js';
import { ServiceError } from './service-error.js';

/**
 * GetMetricData over seeded datapoints, MetricStat queries only.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const HIGH_RESOLUTION_PERIODS_S = [1, 5, 10, 30];
const DAY_MS = 86_400_000;

export function cloudWatchError(type: string, queryCode: string, message: string, httpStatus = 400): ServiceError {
  return new ServiceError({ type, httpStatus, message, query: { code: queryCode, fault: 'Sender' } });
}

const invalidValue = (message: string): ServiceError =>
  cloudWatchError('InvalidParameterValueException', 'InvalidParameterValue', message);
const validationError = (message: string): ServiceError =>
  cloudWatchError('ValidationException', 'ValidationError', message);

interface MetricQuery {
  readonly id: string;
  readonly label: string;
  readonly returnData: boolean;
  readonly periodMs: number;
  readonly stat: (values: readonly number[]) => number;
  readonly points: readonly MetricPoint[];
}

export function getMetricData(body: unknown, store: MetricsStore, nowMs: number): unknown {
  const input = new RequestInput(body);
  const rawQueries = input.list('MetricDataQueries');
  if (rawQueries === undefined || rawQueries.length === 0 || rawQueries.length > MAX_QUERIES) {
    throw validationError(`MetricDataQueries must hold between 1 and ${MAX_QUERIES} queries`);
  }
  const startMs = toEpochMs(input.raw.StartTime, 'StartTime');
  const endMs = toEpochMs(input.raw.EndTime, 'EndTime');
  if (startMs >= endMs) throw validationError('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = input.string('ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw invalidValue(`The value ${scanBy} for parameter ScanBy is not valid.`);
  }
  const maxDatapoints = input.integer('MaxDatapoints') ?? DEFAULT_MAX_DATAPOINTS;
  if (maxDatapoints < 1) throw invalidValue('MaxDatapoints must be at least 1');
  const queries = rawQueries.map((raw, index) => toMetricQuery(raw, index + 1, store));
  const ids = new Set<string>();
  for (const query of queries) {
    if (ids.has(query.id))
      throw validationError(`The value ${query.id} for parameter MetricDataQueries.Id is not unique.`);
    ids.add(query.id);
  }

  const series = queries
    .filter((query) => query.returnData)
    .map((query) => {
      const alignedStartMs = alignStart(startMs, query.periodMs, nowMs);
      const buckets = new Map<number, number[]>();
      for (const point of query.points) {
        if (point.timestampMs < alignedStartMs || point.timestampMs >= endMs) continue;
        const bucketStart =
          alignedStartMs + Math.floor((point.timestampMs - alignedStartMs) / query.periodMs) * query.periodMs;
        const bucket = buckets.get(bucketStart);
        if (bucket === undefined) buckets.set(bucketStart, [point.value]);
        else bucket.push(point.value);
      }
      const ordered = [...buckets.entries()].sort(([a], [b]) => (scanBy === 'TimestampAscending' ? a - b : b - a));
      return {
        query,
        datapoints: ordered.map(([timestampMs, values]) => ({ timestampMs, value: query.stat(values) })),
      };
    });

  const fingerprint = fingerprintOf([rawQueries, startMs, endMs, scanBy]);
  const token = input.string('NextToken');
  let offset = 0;
  if (token !== undefined) {
    const decoded = decodePageToken(token, 'GetMetricData', fingerprint);
    if (decoded === undefined)
      throw cloudWatchError('InvalidNextToken', 'InvalidNextToken', 'The service returned an invalid token.');
    offset = decoded.cursor as number;
  }
  let skip = offset;
  let budget = maxDatapoints;
  let truncated = false;
  const results = series.map(({ query, datapoints }) => {
    const skipped = Math.min(skip, datapoints.length);
    skip -= skipped;
    const taken = datapoints.slice(skipped, skipped + budget);
    budget -= taken.length;
    const partial = skipped + taken.length < datapoints.length;
    truncated ||= partial;
    return {
      Id: query.id,
      Label: query.label,
      Timestamps: taken.map((point) => new Date(point.timestampMs)),
      Values: taken.map((point) => point.value),
      StatusCode: partial ? 'PartialData' : 'Complete',
    };
  });
  const served = maxDatapoints - budget;
  return {
    MetricDataResults: results,
    Messages: [],
    ...(truncated
      ? {
          NextToken: encodePageToken({
            operation: 'GetMetricData',
            fingerprint,
            issuedAtMs: nowMs,
            cursor: offset + served,
          }),
        }
      : {}),
  };
}

function toMetricQuery(raw: unknown, position: number, store: MetricsStore): MetricQuery {
  const at = `MetricDataQueries.member.${position}`;
  const input = new RequestInput(raw);
  const id = input.string('Id');
  if (id === undefined || !/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
    throw validationError(
      `The value ${id ?? 'null'} for parameter ${at}.Id must start with a lowercase letter and hold only letters, digits and _.`,
    );
  }
  if (input.string('Expression') !== undefined) {
    throw invalidValue(`${at} (${id}): Expression queries are not supported by the local server; use MetricStat.`);
  }
  const statInput = input.raw.MetricStat === undefined ? undefined : new RequestInput(input.raw.MetricStat);
  if (statInput === undefined) throw validationError(`${at} (${id}) must have a MetricStat or an Expression.`);
  const metric = new RequestInput(statInput.raw.Metric ?? {});
  const namespace = metric.string('Namespace');
  const metricName = metric.string('MetricName');
  if (namespace === undefined || metricName === undefined) {
    throw validationError(`${at}.MetricStat.Metric needs a Namespace and a MetricName.`);
  }
  const dimensions = Object.fromEntries(
    (metric.list('Dimensions') ?? []).map((dimension) => {
      const pair = new RequestInput(dimension);
      return [pair.requiredString('Name'), pair.requiredString('Value')];
    }),
  );
  const periodS = statInput.integer('Period');
  if (
    periodS === undefined ||
    periodS < 1 ||
    (periodS < 60 && !HIGH_RESOLUTION_PERIODS_S.includes(periodS)) ||
    (periodS >= 60 && periodS % 60 !== 0)
  ) {
    throw invalidValue(
      `The value ${periodS ?? 'null'} for parameter ${at}.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.`,
    );
  }
  const statName = statInput.string('Stat');
  const stat = statName === undefined ? undefined : toStatistic(statName);
  if (stat === undefined) {
    throw invalidValue(
      `The value ${statName ?? 'null'} for parameter ${at}.MetricStat.Stat is not supported (Sum, Average, Minimum, Maximum, SampleCount, pNN).`,
    );
  }
  return {
    id,
    label: input.string('Label') ?? metricName,
    returnData: input.boolean('ReturnData') ?? true,
    periodMs: periodS * 1000,
    stat,
    points: store.pointsOf(namespace, metricName, dimensions),
  };
}

function toStatistic(name: string): ((values: readonly number[]) => number) | undefined {
  switch (name) {
    case 'Sum':
      return (values) => values.reduce((a, b) => a + b, 0);
    case 'Average':
      return (values) => values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return (values) => values.reduce((a, b) => Math.min(a, b));
    case 'Maximum':
      return (values) => values.reduce((a, b) => Math.max(a, b));
    case 'SampleCount':
      return (values) => values.length;
    default: {
      const match = /^p(\d{1,2}(\.\d{1,2})?|100)$/.exec(name);
      if (match === null) return undefined;
      const percent = Number(name.slice(1));
      return (values) => {
        const sorted = values.toSorted((a, b) => a - b);
        return sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1] as number;
      };
    }
  }
}

/** Epoch seconds (JSON 1.0) or an ISO 8601 string (AWS Query), to epoch milliseconds. */
function toEpochMs(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw validationError(`The parameter ${name} is required and must be a timestamp.`);
}

/**
 * CloudWatch rounds StartTime down by the age of the data: to the minute within 15 days, to 5 minutes within 63 days,
 * to the hour beyond (to the period for high-resolution periods).
 */
function alignStart(startMs: number, periodMs: number, nowMs: number): number {
  if (periodMs < 60_000) return Math.floor(startMs / periodMs) * periodMs;
  const ageMs = nowMs - startMs;
  const unitMs = ageMs <= 15 * DAY_MS ? 60_000 : ageMs <= 63 * DAY_MS ? 300_000 : 3_600_000;
  return Math.floor(startMs / unitMs) * unitMs;
}
