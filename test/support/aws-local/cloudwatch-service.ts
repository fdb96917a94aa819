import { checkDashboardBody } from './dashboard-body.js';
import { cloudWatchError, getMetricData } from './get-metric-data.js';
import type { OperationResult } from './logs-service.js';
import type { MetricsStore } from './metrics-store.js';
import { decodePageToken, encodePageToken, fingerprintOf } from './page-token.js';
import { RequestInput } from './request-input.js';
import type { WireProtocol } from './route-request.js';
import { ServiceError } from './service-error.js';

/**
 * CloudWatch: GetMetricData and the dashboard operations, over JSON 1.0 (the JS SDK) or AWS Query (the Debian CLI).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
 */
export interface CloudWatchContext {
  readonly store: MetricsStore;
  readonly nowMs: () => number;
  readonly accountId: string;
}

const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const LIST_DASHBOARDS_PAGE = 1000;

export function handleCloudWatchOperation(
  operation: string,
  body: unknown,
  protocol: WireProtocol,
  context: CloudWatchContext,
): OperationResult {
  const members = protocol === 'query' ? coerceQueryMembers(operation, body) : body;
  switch (operation) {
    case 'GetMetricData':
      return { output: getMetricData(members, context.store, context.nowMs()) };
    case 'PutDashboard':
      return { output: putDashboard(new RequestInput(members), context) };
    case 'GetDashboard':
      return { output: getDashboard(new RequestInput(members), context) };
    case 'ListDashboards':
      return { output: listDashboards(new RequestInput(members), context) };
    case 'DeleteDashboards':
      return { output: deleteDashboards(new RequestInput(members), context) };
    default:
      throw new ServiceError({
        type: 'UnknownOperationException',
        httpStatus: 400,
        message: `The local server does not implement CloudWatch ${operation}`,
        query: { code: 'InvalidAction', fault: 'Sender' },
      });
  }
}

function putDashboard(input: RequestInput, context: CloudWatchContext): unknown {
  const name = input.string('DashboardName');
  const body = input.string('DashboardBody');
  if (name === undefined || body === undefined) {
    throw cloudWatchError(
      'MissingRequiredParameterException',
      'MissingParameter',
      'DashboardName and DashboardBody are required',
    );
  }
  if (!DASHBOARD_NAME.test(name)) {
    throw dashboardInvalid(
      'The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).',
      [],
    );
  }
  const check = checkDashboardBody(body);
  if (!check.ok) {
    const message = check.invalidJson
      ? 'The field DashboardBody must be a valid JSON object'
      : `The dashboard body is invalid, there are ${check.messages.length} validation errors:`;
    throw dashboardInvalid(message, check.messages);
  }
  context.store.putDashboard({
    dashboardName: name,
    dashboardArn: dashboardArn(name, context.accountId),
    dashboardBody: body,
    lastModifiedMs: context.nowMs(),
    sizeBytes: Buffer.byteLength(body, 'utf8'),
  });
  return { DashboardValidationMessages: [] };
}

function getDashboard(input: RequestInput, context: CloudWatchContext): unknown {
  const name = input.string('DashboardName');
  const dashboard = name === undefined ? undefined : context.store.getDashboard(name);
  if (dashboard === undefined) throw dashboardNotFound();
  return {
    DashboardArn: dashboard.dashboardArn,
    DashboardBody: dashboard.dashboardBody,
    DashboardName: dashboard.dashboardName,
  };
}

function listDashboards(input: RequestInput, context: CloudWatchContext): unknown {
  const prefix = input.string('DashboardNamePrefix');
  const matching = context.store.dashboards().filter((d) => prefix === undefined || d.dashboardName.startsWith(prefix));
  const fingerprint = fingerprintOf([prefix]);
  const token = input.string('NextToken');
  let offset = 0;
  if (token !== undefined) {
    const decoded = decodePageToken(token, 'ListDashboards', fingerprint);
    if (decoded === undefined)
      throw cloudWatchError('InvalidNextToken', 'InvalidNextToken', 'The service returned an invalid token.');
    offset = decoded.cursor as number;
  }
  const page = matching.slice(offset, offset + LIST_DASHBOARDS_PAGE);
  return {
    DashboardEntries: page.map((dashboard) => ({
      DashboardName: dashboard.dashboardName,
      DashboardArn: dashboard.dashboardArn,
      LastModified: new Date(dashboard.lastModifiedMs),
      Size: dashboard.sizeBytes,
    })),
    ...(offset + LIST_DASHBOARDS_PAGE < matching.length
      ? {
          NextToken: encodePageToken({
            operation: 'ListDashboards',
            fingerprint,
            issuedAtMs: context.nowMs(),
            cursor: offset + LIST_DASHBOARDS_PAGE,
          }),
        }
      : {}),
  };
}

/** All or nothing: one unknown name fails the call and deletes none, as the service does. */
function deleteDashboards(input: RequestInput, context: CloudWatchContext): unknown {
  const names = input.stringList('DashboardNames');
  if (names === undefined || names.length === 0) {
    throw cloudWatchError('MissingRequiredParameterException', 'MissingParameter', 'DashboardNames is required');
  }
  if (names.some((name) => context.store.getDashboard(name) === undefined)) throw dashboardNotFound();
  for (const name of names) context.store.deleteDashboard(name);
  return {};
}

function dashboardInvalid(message: string, messages: readonly unknown[]): ServiceError {
  return new ServiceError({
    type: 'DashboardInvalidInputError',
    httpStatus: 400,
    message,
    fields: { dashboardValidationMessages: messages },
    query: { code: 'InvalidParameterInput', fault: 'Sender' },
  });
}

function dashboardNotFound(): ServiceError {
  return new ServiceError({
    type: 'DashboardNotFoundError',
    httpStatus: 404,
    message: 'Dashboard does not exist',
    query: { code: 'ResourceNotFound', fault: 'Sender' },
  });
}

export function dashboardArn(name: string, accountId: string): string {
  return `arn:aws:cloudwatch::${accountId}:dashboard/${name}`;
}

/** AWS Query leaves are strings; give the members the JSON types the handlers read. */
function coerceQueryMembers(operation: string, body: unknown): unknown {
  if (operation !== 'GetMetricData' || typeof body !== 'object' || body === null) return body;
  const members = body as Record<string, unknown>;
  const queries = Array.isArray(members.MetricDataQueries) ? members.MetricDataQueries : undefined;
  return {
    ...members,
    ...(members.MaxDatapoints === undefined ? {} : { MaxDatapoints: Number(members.MaxDatapoints) }),
    ...(queries === undefined
      ? {}
      : {
          MetricDataQueries: queries.map((query: Record<string, unknown>) => {
            const stat = query.MetricStat as Record<string, unknown> | undefined;
            return {
              ...query,
              ...(query.ReturnData === undefined ? {} : { ReturnData: query.ReturnData === 'true' }),
              ...(query.Period === undefined ? {} : { Period: Number(query.Period) }),
              ...(stat === undefined ? {} : { MetricStat: { ...stat, Period: Number(stat.Period) } }),
            };
          }),
        }),
  };
}
