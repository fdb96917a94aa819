/**
 * Metric datapoints seeded by tests, and the dashboards PutDashboard stored. A metric is identified, as in
 * CloudWatch, by its namespace, name and exact set of dimensions.
 */
export interface MetricSample {
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension name → value; the whole set must match a query's Dimensions exactly. */
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly timestampMs: number;
  readonly value: number;
}

export interface StoredDashboard {
  readonly dashboardName: string;
  readonly dashboardArn: string;
  readonly dashboardBody: string;
  readonly lastModifiedMs: number;
  readonly sizeBytes: number;
}

export interface MetricPoint {
  readonly timestampMs: number;
  readonly value: number;
}

export class MetricsStore {
  private readonly samples = new Map<string, MetricPoint[]>();
  private readonly dashboardsByName = new Map<string, StoredDashboard>();

  putMetricData(samples: readonly MetricSample[]): void {
    for (const sample of samples) {
      if (!Number.isFinite(sample.value) || !Number.isFinite(sample.timestampMs)) {
        throw new TypeError(`local AWS: metric ${sample.metricName} needs a finite value and timestampMs`);
      }
      const key = metricKey(sample.namespace, sample.metricName, sample.dimensions ?? {});
      const points = this.samples.get(key) ?? [];
      points.push({ timestampMs: sample.timestampMs, value: sample.value });
      this.samples.set(key, points);
    }
  }

  pointsOf(
    namespace: string,
    metricName: string,
    dimensions: Readonly<Record<string, string>>,
  ): readonly MetricPoint[] {
    return this.samples.get(metricKey(namespace, metricName, dimensions)) ?? [];
  }

  putDashboard(dashboard: StoredDashboard): void {
    this.dashboardsByName.set(dashboard.dashboardName, dashboard);
  }

  getDashboard(dashboardName: string): StoredDashboard | undefined {
    return this.dashboardsByName.get(dashboardName);
  }

  deleteDashboard(dashboardName: string): boolean {
    return this.dashboardsByName.delete(dashboardName);
  }

  dashboards(): StoredDashboard[] {
    return [...this.dashboardsByName.values()].sort((a, b) => (a.dashboardName < b.dashboardName ? -1 : 1));
  }
}

function metricKey(namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>): string {
  const sorted = Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([namespace, metricName, sorted]);
}
