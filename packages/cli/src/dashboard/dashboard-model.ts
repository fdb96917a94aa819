import { createInvocationJoiner, type JoinCounts } from '../core/join/invocation-joiner.js';
import type { Architecture, PriceOverrides } from '../core/pricing/lambda-prices.js';
import { buildReport } from '../core/report/build-report.js';
import type { FunctionReport } from '../core/report/report-model.js';
import type { FigureBasis } from '../core/stats/function-stats.js';
import { DEFAULT_SKETCH_RELATIVE_ACCURACY } from '../core/stats/quantile-sketch.js';
import type { SourceBatch, SourceStatus } from './dashboard-source.js';
import { createDashboardWindow, type DashboardWindowOptions } from './dashboard-window.js';
import {
  EventLog,
  type NotableEvent,
  toInitFailureEvent,
  toLeakEvent,
  toNotableEvents,
  toThrottleEvent,
  toWarningEvent,
} from './notable-events.js';
import { type FunctionDetail, type SeriesPoint, toWindowFunction } from './window-snapshot.js';

export interface DashboardModelOptions extends DashboardWindowOptions {
  /** Names the source on the status line. */
  readonly sourceLabel: string;
  /** Log lines kept per invocation, for Enter on an invocation (default 40). */
  readonly maxLinesPerInvocation?: number;
  /** Lines the events pane holds (default 200). */
  readonly eventCapacity?: number;
  /** The logs do not say which architecture ran: prices default to x86_64. */
  readonly arch?: Architecture | undefined;
  readonly priceOverrides?: PriceOverrides | undefined;
  /** Bins of the drill-down's duration histogram (default 10). */
  readonly histogramBins?: number;
}

/** One function over the window, by value. */
export interface FunctionSnapshot {
  readonly name: string;
  /** The report's figures and advice, computed over the window. */
  readonly report: FunctionReport;
  readonly throttles: number | undefined;
  readonly series: readonly SeriesPoint[];
  readonly detail: FunctionDetail | undefined;
}

export interface SourceSnapshot {
  readonly label: string;
  readonly mode: string | undefined;
  readonly figures: FigureBasis;
  readonly lagMs: number | undefined;
  readonly detail: string | undefined;
}

export interface DashboardCounts {
  readonly events: number;
  readonly lines: number;
  /** Lines lambdatop could not use (malformed, unknown, outside any invocation), as the report counts them. */
  readonly skippedLines: number;
  readonly invocations: number;
  /** Invocations that ended before the window when they arrived (a late or out-of-order source). */
  readonly droppedInvocations: number;
}

/** Everything the view needs, by value: no sketch, no live structure. */
export interface DashboardSnapshot {
  readonly windowEndMs: number | undefined;
  readonly windowMs: number;
  readonly bucketMs: number;
  /** How much of the window holds data (rates divide by it): less than `windowMs` while it fills. */
  readonly spanMs: number | undefined;
  readonly functions: readonly FunctionSnapshot[];
  readonly events: readonly NotableEvent[];
  readonly counts: DashboardCounts;
  readonly source: SourceSnapshot;
  readonly ended: boolean;
}

export interface SnapshotOptions {
  /** The function whose drill-down figures (histogram, environments) are computed too. */
  readonly focus?: string | undefined;
}

/**
 * The dashboard's data side: log batches in (joined into invocations, counted into the window, notable ones into the
 * events pane), snapshots out. No terminal, no clock, no I/O: the caller passes time in.
 */
export interface DashboardModel {
  ingest(batch: SourceBatch): void;
  /** What the source says beside its logs: status (warnings go to the events pane) and throttle totals. */
  observeSource(status: SourceStatus | undefined, throttles: Readonly<Record<string, number>> | undefined): void;
  /** Moves the window's end to `timeMs` (a live source's clock) so quiet functions fade. */
  advanceTo(timeMs: number): void;
  /**
   * The caller's clock (wall time, whatever the source): a stream that sent nothing for 2 s by it gets its reported
   * invocations completed, so a function's last invocation does not wait for its next call.
   */
  settle(nowMs: number): void;
  /** A line for the events pane: a warning, or output a library wrote while the screen was up. */
  warn(text: string): void;
  /** The source ended (with an error, or not): completes the invocations still open. */
  end(error?: string): void;
  snapshot(options?: SnapshotOptions): DashboardSnapshot;
  readonly ended: boolean;
  /** Log events ingested so far. */
  readonly events: number;
  /** Invocations that ended before the window when they arrived: not counted. */
  readonly droppedInvocations: number;
}

/** The joiner's grace after a REPORT, in further events of the same stream (its default, set here explicitly). */
const GRACE_EVENTS = 8;
/** The joiner's grace after a REPORT in time: how long a stream stays quiet before its invocations are complete. */
export const QUIET_MS = 2_000;

function skippedLines(counts: Readonly<JoinCounts>): number {
  return counts.malformedLines + counts.unknownLines + counts.outsideInvocationLines;
}

export function createDashboardModel(options: DashboardModelOptions): DashboardModel {
  const window = createDashboardWindow(options);
  const relativeAccuracy = options.relativeAccuracy ?? DEFAULT_SKETCH_RELATIVE_ACCURACY;
  const events = new EventLog(options.eventCapacity ?? 200);
  const histogramBins = options.histogramBins ?? 10;
  let fallbackTimeMs: number | undefined;
  let invocations = 0;
  let ended = false;
  let status: SourceStatus | undefined;
  let warningsSeen = 0;
  let throttlesKnown = false;
  const throttleTotals = new Map<string, number>();

  const joiner = createInvocationJoiner(
    {
      invocation(record) {
        invocations += 1;
        const added = window.add(record, fallbackTimeMs);
        if (!added.counted) return;
        if (record.outcome !== 'success' || record.errorLogged || record.coldStart === 'on-demand') {
          for (const event of toNotableEvents(record, added.timeMs)) events.push(event);
        }
        if (added.leak !== undefined) events.push(toLeakEvent(record.functionName, added.leak, added.timeMs));
      },
      initReport(fact) {
        window.addInitReport(fact, fallbackTimeMs);
        const event = toInitFailureEvent(fact);
        if (event !== undefined) events.push(event);
      },
    },
    { maxLinesPerInvocation: options.maxLinesPerInvocation ?? 40, graceEvents: GRACE_EVENTS, graceMs: QUIET_MS },
  );

  return {
    ingest(batch) {
      fallbackTimeMs = batch.timeMs;
      joiner.push(batch.events, batch.context);
    },
    settle(nowMs) {
      if (!ended) joiner.advanceTo(nowMs);
    },
    observeSource(next, throttles) {
      status = next;
      const warnings = next?.warnings ?? [];
      for (; warningsSeen < warnings.length; warningsSeen += 1) {
        events.push(toWarningEvent(warnings[warningsSeen] ?? '', window.latestMs()));
      }
      if (throttles === undefined) return;
      throttlesKnown = true;
      // Counted at the window's time: before the window has one, the totals wait for the next look.
      if (window.latestMs() === undefined) return;
      for (const [name, total] of Object.entries(throttles)) {
        const delta = total - (throttleTotals.get(name) ?? 0);
        if (!(delta > 0)) continue;
        throttleTotals.set(name, total);
        window.addThrottles(name, delta);
        events.push(toThrottleEvent(name, delta, window.latestMs()));
      }
    },
    advanceTo(timeMs) {
      window.advanceTo(timeMs);
    },
    warn(text) {
      events.push(toWarningEvent(text, window.latestMs()));
    },
    end(error) {
      if (ended) return;
      joiner.flush();
      ended = true;
      if (error !== undefined) events.push(toWarningEvent(`the source failed: ${error}`, window.latestMs()));
    },
    snapshot(snapshotOptions = {}) {
      const names = window.functionNames();
      const basis = {
        figures: status?.figures ?? 'exact',
        source: status?.mode ?? 'logs',
        note: `percentiles within ${relativeAccuracy * 100} % (sliding-window sketch)`,
      };
      const read = names.map((name) =>
        toWindowFunction(window, name, relativeAccuracy, {
          basis,
          throttlesKnown,
          detail: name === snapshotOptions.focus,
          histogramBins,
        }),
      );
      const counts = joiner.counts();
      const report = buildReport(
        read.map((entry) => entry.stats),
        { arch: options.arch, priceOverrides: options.priceOverrides, source: basis.source },
      );
      const reports = new Map(report.functions.map((entry) => [entry.name, entry]));
      const endMs = window.latestMs();
      const firstMs = window.firstMs();
      const functions = read.flatMap((entry) => {
        const functionReport = reports.get(entry.stats.name);
        return functionReport === undefined
          ? []
          : [
              {
                name: entry.stats.name,
                report: functionReport,
                throttles: entry.throttles,
                series: entry.series,
                detail: entry.detail,
              },
            ];
      });
      return {
        windowEndMs: endMs,
        windowMs: window.windowMs,
        bucketMs: window.bucketMs,
        spanMs:
          endMs === undefined || firstMs === undefined
            ? undefined
            : Math.min(window.windowMs, Math.max(0, endMs - firstMs)),
        functions,
        events: events.list(),
        counts: {
          events: counts.events,
          lines: counts.lines,
          skippedLines: skippedLines(counts),
          invocations,
          droppedInvocations: window.dropped,
        },
        source: {
          label: options.sourceLabel,
          mode: status?.mode,
          figures: status?.figures ?? 'exact',
          lagMs: status?.lagMs,
          detail: status?.detail,
        },
        ended,
      };
    },
    get ended() {
      return ended;
    },
    get events() {
      return joiner.counts().events;
    },
    get droppedInvocations() {
      return window.dropped;
    },
  };
}
