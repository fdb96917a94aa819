import { SERVICE_DIMENSION } from '@lambdatop/sdk/catalog';
import {
  API_GATEWAY_API_DIMENSION,
  API_GATEWAY_NAMESPACE,
  LAMBDA_FUNCTION_DIMENSION,
  LAMBDA_NAMESPACE,
} from './aws-metrics.js';
import {
  type DashboardBody,
  type DashboardWidget,
  GRID_COLUMNS,
  type MetricLine,
  type MetricWidgetProperties,
  toMetricLine,
} from './dashboard-body.js';
import { type DashboardOptions, type DashboardParameters, resolveDashboardParameters } from './dashboard-parameters.js';
import { withSources } from './insights-queries.js';
import { placeOnGrid } from './place-on-grid.js';
import {
  DASHBOARD_SECTIONS,
  type SectionDefinition,
  type WidgetDefinition,
  type WidgetGraph,
} from './widget-definitions.js';

/** Graphs use 1-minute points; the dashboard's periodOverride `auto` coarsens them for long ranges. */
const PERIOD_SECONDS = 60;
const TEXT_HEIGHT = 2;

/** A code span that survives backticks in the text (CommonMark: a longer fence, padded). */
function toCodeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function listOf(values: readonly string[]): string {
  return values.map(toCodeSpan).join(', ');
}

const AXIS_LABELS: Readonly<Record<string, string>> = {
  Count: 'count',
  Milliseconds: 'ms',
  Megabytes: 'MB',
};

/** Per graphed entity (function, API, service): its label and the namespace and dimensions of its metrics. */
function toEntities(
  graph: Exclude<WidgetGraph, { kind: 'insights' }>,
  parameters: DashboardParameters,
): { label: string; namespace: string; dimensions: (readonly [string, string])[] }[] {
  switch (graph.kind) {
    case 'lambda':
      return parameters.functionNames.map((name) => ({
        label: name,
        namespace: LAMBDA_NAMESPACE,
        dimensions: [[LAMBDA_FUNCTION_DIMENSION, name]],
      }));
    case 'api-gateway':
      return parameters.apiNames.map((name) => ({
        label: name,
        namespace: API_GATEWAY_NAMESPACE,
        dimensions: [[API_GATEWAY_API_DIMENSION, name]],
      }));
    case 'sdk':
      return parameters.services.map((service) => ({
        label: service,
        namespace: parameters.namespace,
        dimensions: [[SERVICE_DIMENSION, service], ...parameters.dimensions],
      }));
  }
}

function toMetricProperties(
  definition: WidgetDefinition,
  graph: Exclude<WidgetGraph, { kind: 'insights' }>,
  parameters: DashboardParameters,
): MetricWidgetProperties {
  const [first] = graph.series;
  if (first === undefined) throw new TypeError(`widget ${definition.id} graphs no series`);
  const several = graph.series.length > 1;
  const metrics: MetricLine[] = [];
  for (const entity of toEntities(graph, parameters)) {
    for (const series of graph.series) {
      metrics.push(
        toMetricLine(entity.namespace, series.metric.name, entity.dimensions, {
          label: several && series.label !== undefined ? `${entity.label} ${series.label}` : entity.label,
          ...(series.stat === first.stat ? {} : { stat: series.stat }),
        }),
      );
    }
  }
  return {
    title: definition.title,
    region: parameters.region,
    view: 'timeSeries',
    stacked: false,
    stat: first.stat,
    period: PERIOD_SECONDS,
    metrics,
    yAxis: { left: { min: 0, label: AXIS_LABELS[first.metric.unit] ?? first.metric.unit, showUnits: false } },
  };
}

function toWidget(definition: WidgetDefinition, parameters: DashboardParameters): DashboardWidget {
  const { graph, width, height } = definition;
  if (graph.kind === 'insights') {
    return {
      type: 'log',
      x: 0,
      y: 0,
      width,
      height,
      properties: {
        title: definition.title,
        region: parameters.region,
        query: withSources(parameters.logGroups, graph.query.query),
        view: graph.view,
      },
    };
  }
  return { type: 'metric', x: 0, y: 0, width, height, properties: toMetricProperties(definition, graph, parameters) };
}

function toText(markdown: string): DashboardWidget {
  return { type: 'text', x: 0, y: 0, width: GRID_COLUMNS, height: TEXT_HEIGHT, properties: { markdown } };
}

/** The section's heading with what this dashboard graphs in it. */
function toSectionText(section: SectionDefinition, parameters: DashboardParameters): string {
  const lines = [`## ${section.heading}`, section.summary];
  if (section.id === 'sdk') {
    const extra = parameters.dimensions.map(([name, value]) => ` and ${toCodeSpan(name)} = ${toCodeSpan(value)}`);
    lines.push(
      `Namespace ${toCodeSpan(parameters.namespace)}, one line per ${toCodeSpan(SERVICE_DIMENSION)}: ${listOf(parameters.services)}${extra.join('')}.`,
    );
  }
  if (section.id === 'logs-insights') lines.push(`Log groups: ${listOf(parameters.logGroups)}.`);
  return lines.join('\n\n');
}

function toHeaderText(parameters: DashboardParameters): string {
  const apis = parameters.apiNames.length === 0 ? '' : ` behind API ${listOf(parameters.apiNames)}`;
  return [
    `# lambdatop: ${parameters.functionNames.join(', ')}`,
    `Functions ${listOf(parameters.functionNames)}${apis} in ${toCodeSpan(parameters.region)}. ` +
      'Made by `lambdatop dashboard`; what each widget answers is in the dashboards/README.md of lambdatop.',
  ].join('\n\n');
}

/** The sections this dashboard shows: API Gateway only when APIs are named. */
export function toSections(parameters: DashboardParameters): readonly SectionDefinition[] {
  return DASHBOARD_SECTIONS.filter((section) => section.id !== 'api-gateway' || parameters.apiNames.length > 0);
}

/** The dashboard body for checked parameters. Pure. */
export function toDashboardBody(parameters: DashboardParameters): DashboardBody {
  // x and y are placeholders until placeOnGrid: keys in the order the JSON reads best.
  const groups: DashboardWidget[][] = [[toText(toHeaderText(parameters))]];
  for (const section of toSections(parameters)) {
    groups.push([
      toText(toSectionText(section, parameters)),
      ...section.widgets.map((widget) => toWidget(widget, parameters)),
    ]);
  }
  return { start: '-PT3H', periodOverride: 'auto', widgets: placeOnGrid(groups) };
}

/**
 * The CloudWatch dashboard body for some functions: Lambda's and API Gateway's metrics, the SDK's EMF metrics and
 * Logs Insights tables, each section headed by a text widget. Throws a TypeError naming a value that cannot be
 * graphed. Pure: the same options give the same body.
 */
export function createDashboardBody(options: DashboardOptions): DashboardBody {
  return toDashboardBody(resolveDashboardParameters(options));
}
