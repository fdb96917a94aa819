import type { MetricStatistic } from './aws-metrics.js';

/**
 * The shape of a CloudWatch dashboard body, as far as lambdatop writes one.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

/** Dashboards are laid out on a grid 24 units wide. */
export const GRID_COLUMNS = 24;

/** A dashboard holds at most 500 widgets. */
export const MAX_WIDGETS = 500;

/** The per-line options of a metric array (its optional last element). */
export interface MetricRenderOptions {
  readonly label?: string;
  readonly stat?: MetricStatistic;
  readonly yAxis?: 'left' | 'right';
}

/**
 * One line of a metric widget: `[namespace, metricName, dimensionName, dimensionValue, …, options?]`. Built only by
 * `toMetricLine`, so the dimension pairs are always complete.
 */
export type MetricLine = readonly (string | MetricRenderOptions)[];

export interface YAxis {
  readonly min?: number;
  readonly label?: string;
  readonly showUnits?: boolean;
}

export interface MetricWidgetProperties {
  readonly title: string;
  readonly region: string;
  readonly view: 'timeSeries' | 'singleValue' | 'bar';
  readonly stacked: boolean;
  readonly stat: MetricStatistic;
  /** Seconds; the dashboard's periodOverride `auto` widens it for long time ranges. */
  readonly period: number;
  readonly metrics: readonly MetricLine[];
  readonly yAxis?: { readonly left?: YAxis; readonly right?: YAxis };
}

export interface LogWidgetProperties {
  readonly title: string;
  readonly region: string;
  /** `SOURCE '<group>' | SOURCE '<group>' | <Logs Insights query>`. */
  readonly query: string;
  readonly view: 'table' | 'timeSeries' | 'bar' | 'pie';
}

export interface TextWidgetProperties {
  readonly markdown: string;
}

interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type MetricWidget = Placement & { readonly type: 'metric'; readonly properties: MetricWidgetProperties };
export type LogWidget = Placement & { readonly type: 'log'; readonly properties: LogWidgetProperties };
export type TextWidget = Placement & { readonly type: 'text'; readonly properties: TextWidgetProperties };
export type DashboardWidget = MetricWidget | LogWidget | TextWidget;

export interface DashboardBody {
  /** The time range the dashboard opens with (ISO 8601 duration before now). */
  readonly start: string;
  /** `auto`: graphs pick a period that fits the time range the viewer chooses. */
  readonly periodOverride: 'auto' | 'inherit';
  readonly widgets: readonly DashboardWidget[];
}

/** `[namespace, name, dim1, value1, …, options]`: dimensions in the order given, options only when there are some. */
export function toMetricLine(
  namespace: string,
  metricName: string,
  dimensions: readonly (readonly [string, string])[],
  options: MetricRenderOptions = {},
): MetricLine {
  const line: (string | MetricRenderOptions)[] = [namespace, metricName];
  for (const [name, value] of dimensions) line.push(name, value);
  if (Object.keys(options).length > 0) line.push(options);
  return line;
}
