import { SERVICE_DIMENSION } from '@lambdatop/sdk/catalog';
import {
  API_GATEWAY_API_DIMENSION,
  API_GATEWAY_NAMESPACE,
  LAMBDA_FUNCTION_DIMENSION,
  LAMBDA_NAMESPACE,
} from './aws-metrics.js';
import { DASHBOARD_SECTIONS, type SectionDefinition, type WidgetDefinition } from './widget-definitions.js';

/** Marks the generated part of dashboards/README.md; a test keeps the text between them equal to this module's. */
export const WIDGET_GUIDE_START = '<!-- widget-guide:start (generated from packages/cli/src/dashboards) -->';
export const WIDGET_GUIDE_END = '<!-- widget-guide:end -->';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** What the widget graphs, named as CloudWatch names it, with each metric's meaning. */
function describeGraph(widget: WidgetDefinition): string {
  const { graph } = widget;
  if (graph.kind === 'insights') {
    return `Logs Insights table: ${graph.query.columns.map((column) => `\`${column}\``).join(', ')}`;
  }
  const [namespace, dimension] =
    graph.kind === 'lambda'
      ? [`\`${LAMBDA_NAMESPACE}\``, LAMBDA_FUNCTION_DIMENSION]
      : graph.kind === 'api-gateway'
        ? [`\`${API_GATEWAY_NAMESPACE}\``, API_GATEWAY_API_DIMENSION]
        : ["the SDK's namespace", SERVICE_DIMENSION];
  const byMetric = new Map<string, { stats: string[]; description: string }>();
  for (const series of graph.series) {
    const entry = byMetric.get(series.metric.name) ?? { stats: [], description: series.metric.description };
    entry.stats.push(series.stat);
    byMetric.set(series.metric.name, entry);
  }
  const metrics = [...byMetric].map(
    ([name, { stats, description }]) => `\`${name}\` (${stats.join(', ')}): ${description}`,
  );
  return `${namespace}, one line per \`${dimension}\`. ${metrics.join('. ')}`;
}

function formatSection(section: SectionDefinition): string[] {
  const lines = [
    `### ${section.heading}`,
    '',
    section.summary,
    '',
    '| widget | the question it answers | what it shows |',
    '| --- | --- | --- |',
  ];
  for (const widget of section.widgets) {
    lines.push(`| ${cell(widget.title)} | ${cell(widget.question)} | ${cell(describeGraph(widget))} |`);
  }
  const queries = section.widgets.flatMap((widget) =>
    widget.graph.kind === 'insights' ? [`${widget.title}:`, '', '```', widget.graph.query.query, '```', ''] : [],
  );
  if (queries.length > 0) {
    lines.push('', "The queries (each widget prefixes `SOURCE '<log group>' |` for every log group):", '', ...queries);
  }
  return lines;
}

/**
 * The README's widget guide: per section, each widget's title, the question it answers and what it graphs or queries,
 * made from the same definitions as the bodies so that the two cannot drift. Pure.
 */
export function formatWidgetGuide(): string {
  const lines = [WIDGET_GUIDE_START, ''];
  for (const section of DASHBOARD_SECTIONS) lines.push(...formatSection(section), '');
  while (lines.at(-1) === '') lines.pop();
  lines.push('', WIDGET_GUIDE_END);
  return `${lines.join('\n')}\n`;
}
