import { SDK_METRICS, SERVICE_DIMENSION } from '@lambdatop/sdk/catalog';
import {
  API_GATEWAY_API_DIMENSION,
  API_GATEWAY_METRICS,
  API_GATEWAY_NAMESPACE,
  LAMBDA_FUNCTION_DIMENSION,
  LAMBDA_METRICS,
  LAMBDA_NAMESPACE,
} from '../../../src/dashboards/aws-metrics.js';
import type { DashboardParameters } from '../../../src/dashboards/dashboard-parameters.js';

/**
 * Everything wrong with a dashboard body, checked from the outside: the documented body structure
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html), the
 * grid, and that every metric it graphs is one CloudWatch publishes (AWS's lists) or the SDK writes (the catalog),
 * with the dimensions the publisher sets. Empty when the body is sound.
 */

const WIDGET_KEYS = ['height', 'properties', 'type', 'width', 'x', 'y'];
const LINE_OPTION_KEYS = new Set(['label', 'stat', 'yAxis']);
const STAT = /^(Sum|Average|Maximum|Minimum|SampleCount|p\d{1,2}(\.\d+)?)$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which metric names each namespace may graph, and the dimension names (as a sorted list) its lines must carry. */
function knownMetrics(parameters: DashboardParameters): Map<string, { names: Set<string>; dimensions: string }> {
  const sdkDimensions = [SERVICE_DIMENSION, ...parameters.dimensions.map(([name]) => name)].toSorted().join(',');
  return new Map([
    [
      LAMBDA_NAMESPACE,
      { names: new Set(Object.values(LAMBDA_METRICS).map((m) => m.name)), dimensions: LAMBDA_FUNCTION_DIMENSION },
    ],
    [
      API_GATEWAY_NAMESPACE,
      {
        names: new Set(Object.values(API_GATEWAY_METRICS).map((m) => m.name)),
        dimensions: API_GATEWAY_API_DIMENSION,
      },
    ],
    [
      parameters.namespace,
      { names: new Set(Object.values(SDK_METRICS).map((m) => m.name)), dimensions: sdkDimensions },
    ],
  ]);
}

function metricLineProblems(line: unknown, at: string, parameters: DashboardParameters): string[] {
  if (!Array.isArray(line) || line.length < 2) return [`${at}: a metric line is an array [namespace, name, …]`];
  const last = line.at(-1);
  const options = isObject(last) ? last : undefined;
  const strings = options === undefined ? line : line.slice(0, -1);
  const problems: string[] = [];
  if (strings.some((item) => typeof item !== 'string' || item === '')) problems.push(`${at}: non-string element`);
  if (strings.includes('.') || strings.includes('..')) problems.push(`${at}: shorthand used`);
  if (strings.length % 2 !== 0) problems.push(`${at}: dimensions not in name/value pairs`);
  for (const key of Object.keys(options ?? {})) {
    if (!LINE_OPTION_KEYS.has(key)) problems.push(`${at}: unknown option ${key}`);
  }
  if (options?.stat !== undefined && !STAT.test(String(options.stat))) problems.push(`${at}: bad stat`);
  const [namespace, name, ...pairs] = strings as string[];
  const known = knownMetrics(parameters).get(namespace ?? '');
  if (known === undefined) return [...problems, `${at}: unknown namespace ${namespace}`];
  if (!known.names.has(name ?? '')) problems.push(`${at}: ${namespace} has no metric ${name}`);
  const dimensionNames = pairs.filter((_, index) => index % 2 === 0);
  if (dimensionNames.toSorted().join(',') !== known.dimensions) {
    problems.push(`${at}: dimensions ${dimensionNames.join(',')}, expected ${known.dimensions}`);
  }
  return problems;
}

function widgetProblems(widget: unknown, at: string, parameters: DashboardParameters): string[] {
  if (!isObject(widget)) return [`${at}: not an object`];
  const problems: string[] = [];
  if (Object.keys(widget).toSorted().join() !== WIDGET_KEYS.join()) problems.push(`${at}: keys ${Object.keys(widget)}`);
  const { x, y, width, height, properties, type } = widget;
  for (const [key, value] of Object.entries({ x, y, width, height })) {
    if (!Number.isInteger(value)) problems.push(`${at}/${key}: not an integer`);
  }
  if ((x as number) < 0 || (y as number) < 0) problems.push(`${at}: off the grid`);
  if ((width as number) < 1 || (x as number) + (width as number) > 24) problems.push(`${at}: beyond 24 columns`);
  if ((height as number) < 1 || (height as number) > 1000) problems.push(`${at}: bad height`);
  if (!isObject(properties)) return [...problems, `${at}/properties: not an object`];
  if (type === 'text') {
    if (typeof properties.markdown !== 'string' || properties.markdown === '') problems.push(`${at}: no markdown`);
    return problems;
  }
  if (properties.region !== parameters.region) problems.push(`${at}: region ${properties.region}`);
  if (typeof properties.title !== 'string' || properties.title === '') problems.push(`${at}: no title`);
  if (type === 'metric') {
    if (!STAT.test(String(properties.stat))) problems.push(`${at}: bad widget stat`);
    if (!Number.isInteger(properties.period) || (properties.period as number) % 60 !== 0) {
      problems.push(`${at}: period not a multiple of 60`);
    }
    if (!Array.isArray(properties.metrics) || properties.metrics.length === 0)
      return [...problems, `${at}: no metrics`];
    properties.metrics.forEach((line, index) => {
      problems.push(...metricLineProblems(line, `${at}/properties/metrics/${index}`, parameters));
    });
    return problems;
  }
  if (type === 'log') {
    const prefix = `${parameters.logGroups.map((group) => `SOURCE '${group}'`).join(' | ')} | `;
    const query = String(properties.query);
    if (!query.startsWith(prefix)) problems.push(`${at}: query does not start with the SOURCEs of the log groups`);
    if (query.slice(prefix.length).includes('SOURCE')) problems.push(`${at}: SOURCE after the prefix`);
    if (!['table', 'timeSeries', 'bar', 'pie'].includes(String(properties.view))) problems.push(`${at}: bad view`);
    return problems;
  }
  return [...problems, `${at}: unexpected type ${String(type)}`];
}

function overlaps(a: Json, b: Json): boolean {
  const [ax, ay, aw, ah] = [a.x, a.y, a.width, a.height].map(Number) as [number, number, number, number];
  const [bx, by, bw, bh] = [b.x, b.y, b.width, b.height].map(Number) as [number, number, number, number];
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

export function findBodyProblems(body: unknown, parameters: DashboardParameters): string[] {
  if (!isObject(body) || !Array.isArray(body.widgets)) return ['the body has no widgets array'];
  const problems: string[] = [];
  if (body.widgets.length > 500) problems.push('more than 500 widgets');
  body.widgets.forEach((widget, index) => {
    problems.push(...widgetProblems(widget, `/widgets/${index}`, parameters));
  });
  const widgets = body.widgets.filter(isObject);
  for (let i = 0; i < widgets.length; i += 1) {
    for (let j = i + 1; j < widgets.length; j += 1) {
      if (overlaps(widgets[i] as Json, widgets[j] as Json)) problems.push(`/widgets/${i} overlaps /widgets/${j}`);
    }
  }
  return problems;
}
