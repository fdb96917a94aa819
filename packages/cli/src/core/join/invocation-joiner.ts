import { SDK_LINE_KINDS } from '@lambdatop/sdk/catalog';
import type { LogEvent } from '../log-event.js';
import { isErrorLevel } from '../parse/app-level.js';
import { parseJsonLine } from '../parse/json-line.js';
import { parseLine } from '../parse/parse-line.js';
import type { AppLine, EmfLine, EmfMetric, ParsedLine } from '../parse/parsed-line.js';
import { toOwnedString } from '../text/owned-string.js';
import type { InitReportFact, InvocationRecord } from './invocation-record.js';
import { createJoinCounts, type JoinCounts } from './join-counts.js';
import { PendingInvocation } from './pending-invocation.js';
import { PendingTable } from './pending-table.js';
import { RecentSet } from './recent-set.js';
import { StreamRegistry, type StreamState } from './stream-registry.js';

export type { JoinCounts } from './join-counts.js';

export interface JoinerOptions {
  /** Log lines kept per invocation for drill-down (0 keeps none, the fastest). */
  readonly maxLinesPerInvocation?: number;
  /** After its REPORT, an invocation waits this many further events of its stream for a late `Task timed out` line. */
  readonly graceEvents?: number;
  /** An invocation that has seen no line for this many events of the whole input is completed as it stands. */
  readonly maxIdleEvents?: number;
  /**
   * Completed request ids (and event ids) remembered to drop repeats (default 8,192): a repeat of an invocation
   * completed longer ago than that counts again. Larger windows cost time (a bigger table to probe on every START).
   */
  readonly dedupeWindow?: number;
  /** Events outside [sinceMs, untilMs] are dropped; events without a timestamp are kept. */
  readonly sinceMs?: number | undefined;
  readonly untilMs?: number | undefined;
}

/** Where joined facts go. The report aggregator and the dashboard's window both implement it. */
export interface JoinSink {
  invocation(record: InvocationRecord): void;
  initReport?(fact: InitReportFact): void;
  metrics?(functionName: string, metrics: readonly EmfMetric[], timeMs: number | undefined): void;
}

/** How an input names its function when its events do not (no log group, default stream names). */
export interface PushContext {
  /** `--function`, when exactly one was given. */
  readonly functionName?: string | undefined;
  /** The last resort: the input's file name. */
  readonly inputName?: string | undefined;
}

export interface InvocationJoiner {
  push(events: readonly LogEvent[], context?: PushContext): void;
  /** End of input: completes every invocation still open. */
  flush(): void;
  counts(): Readonly<JoinCounts>;
  /** Invocations held right now (bounded by concurrency × grace, plus idle ones until they age out). */
  pendingCount(): number;
}

const SWEEP_EVERY_EVENTS = 65_536;
const UNKNOWN_FUNCTION = 'unknown';

/**
 * Assembles one InvocationRecord per request id from log events in arrival order, in bounded memory: an invocation is
 * completed once its REPORT is in and a short grace has passed (the next START in its stream, `graceEvents` further
 * events of the stream, or the end of input). A REPORT counts once however it is split, wrapped or repeated.
 */
export function createInvocationJoiner(sink: JoinSink, options: JoinerOptions = {}): InvocationJoiner {
  const maxLines = options.maxLinesPerInvocation ?? 0;
  const graceEvents = options.graceEvents ?? 8;
  const maxIdleEvents = options.maxIdleEvents ?? 200_000;
  const sinceMs = options.sinceMs;
  const untilMs = options.untilMs;
  const dedupeWindow = options.dedupeWindow ?? 8192;
  const recentEventIds = new RecentSet(dedupeWindow);
  const pending = new PendingTable(dedupeWindow);
  const streams = new StreamRegistry();
  const counts = createJoinCounts();
  let context: PushContext = {};
  let clock = 0;
  let completed = 0;
  let syntheticIds = 0;

  function functionNameOf(invocation: PendingInvocation, stream: StreamState | undefined): string {
    return (
      invocation.sourceFunctionName ??
      context.functionName ??
      invocation.evidenceFunctionName ??
      stream?.evidenceFunctionName ??
      context.inputName ??
      UNKNOWN_FUNCTION
    );
  }

  function complete(invocation: PendingInvocation, stream: StreamState | undefined): void {
    pending.retire(invocation);
    if (stream !== undefined) {
      if (stream.open === invocation) stream.open = undefined;
      if (stream.last === invocation) stream.last = undefined;
    }
    invocation.complete(completed, functionNameOf(invocation, stream));
    completed += 1;
    sink.invocation(invocation);
  }

  function streamOf(invocation: PendingInvocation): StreamState | undefined {
    return streams.find(invocation.logGroup, invocation.logStream);
  }

  function completeAwaiting(stream: StreamState): void {
    const awaiting = stream.awaiting;
    if (awaiting.length === 0) return;
    stream.awaiting = [];
    for (const invocation of awaiting) {
      if (pending.holds(invocation)) complete(invocation, stream);
    }
  }

  /** The pending invocation for `requestId`, created when `create` and the id was not completed already. */
  function lookup(requestId: string, stream: StreamState, create: boolean): PendingInvocation | undefined {
    // Most lines name the invocation running in their own stream: a string compare, no hashing.
    const open = stream.open;
    if (open !== undefined && open.requestId === requestId) {
      open.lastSeenAt = clock;
      return open;
    }
    const found = pending.get(requestId);
    if (found !== undefined) {
      if (found === null) {
        counts.lateLines += 1;
        return undefined;
      }
      found.lastSeenAt = clock;
      return found;
    }
    if (!create) return undefined;
    const ownedId = toOwnedString(requestId);
    const invocation = new PendingInvocation(
      ownedId,
      true,
      stream.logGroup,
      stream.logStream,
      stream.sourceFunctionName,
      clock,
    );
    pending.add(invocation);
    return invocation;
  }

  function synthetic(stream: StreamState): PendingInvocation {
    syntheticIds += 1;
    const invocation = new PendingInvocation(
      `#${syntheticIds}`,
      false,
      stream.logGroup,
      stream.logStream,
      stream.sourceFunctionName,
      clock,
    );
    pending.add(invocation);
    return invocation;
  }

  function keepLine(invocation: PendingInvocation, line: string): void {
    if (maxLines === 0) return;
    if (invocation.lines.length < maxLines) invocation.lines.push(toOwnedString(line));
    else invocation.linesDropped += 1;
  }

  function onApp(line: AppLine, text: string, stream: StreamState, sameEvent: PendingInvocation | undefined): void {
    counts.appLines += 1;
    const marksFailure = isErrorLevel(line.level) || line.outOfMemory;
    const hasEvidence = line.coldStart !== undefined || line.xrayTraceId !== undefined || line.sdkKind !== undefined;
    if (!marksFailure && !hasEvidence && maxLines === 0 && line.functionName === undefined) return;
    let invocation: PendingInvocation | undefined;
    if (line.requestId !== undefined) {
      // A plain INFO line never creates an invocation: only platform lines and failures do.
      invocation = lookup(line.requestId, stream, marksFailure);
    } else {
      invocation = sameEvent ?? stream.open;
    }
    if (invocation === undefined) {
      if (line.requestId === undefined) counts.outsideInvocationLines += 1;
      return;
    }
    if (isErrorLevel(line.level)) invocation.errorLogged = true;
    if (line.outOfMemory) invocation.outOfMemoryLogged = true;
    if (line.sdkKind === SDK_LINE_KINDS.timeout) invocation.timeoutImminent = true;
    invocation.applyEvidence(line);
    keepLine(invocation, text);
    stream.last = invocation;
  }

  function onEmf(line: EmfLine, text: string, stream: StreamState, event: LogEvent): void {
    counts.appLines += 1;
    const invocation =
      line.requestId !== undefined ? lookup(line.requestId, stream, false) : (stream.open ?? undefined);
    if (invocation !== undefined) {
      invocation.applyEvidence(line);
      keepLine(invocation, text);
    }
    if (sink.metrics !== undefined && line.metrics.length > 0) {
      const name =
        invocation !== undefined
          ? functionNameOf(invocation, stream)
          : (stream.sourceFunctionName ??
            context.functionName ??
            line.functionName ??
            stream.evidenceFunctionName ??
            context.inputName ??
            UNKNOWN_FUNCTION);
      sink.metrics(name, line.metrics, event.timestampMs);
    }
  }

  function onLine(
    line: ParsedLine,
    text: string,
    event: LogEvent,
    stream: StreamState,
    sameEvent: PendingInvocation | undefined,
  ): PendingInvocation | undefined {
    switch (line.kind) {
      case 'start': {
        counts.platformLines += 1;
        // An environment runs one invocation at a time: a new START ends the grace of the reported ones.
        if (stream.logStream !== undefined) completeAwaiting(stream);
        const invocation = lookup(line.requestId, stream, true);
        if (invocation === undefined || invocation.started) return invocation;
        invocation.started = true;
        invocation.startMs = event.timestampMs ?? line.timeMs;
        if (line.version !== undefined) invocation.version = toOwnedString(line.version);
        if (line.xrayTraceId !== undefined) invocation.xrayTraceId = toOwnedString(line.xrayTraceId);
        if (stream.pendingInit || stream.pendingRestore) {
          invocation.environment = {
            initStartMs: stream.pendingInitMs,
            initType: stream.pendingInitType,
            restored: stream.pendingRestore,
          };
          stream.pendingInit = false;
          stream.pendingRestore = false;
          stream.pendingInitMs = undefined;
          stream.pendingInitType = undefined;
        }
        keepLine(invocation, text);
        stream.open = invocation;
        stream.last = invocation;
        return invocation;
      }
      case 'end': {
        counts.platformLines += 1;
        const invocation = lookup(line.requestId, stream, true);
        if (invocation !== undefined) {
          keepLine(invocation, text);
          stream.last = invocation;
        }
        return invocation;
      }
      case 'report': {
        counts.platformLines += 1;
        let invocation: PendingInvocation | undefined;
        if (line.requestId !== undefined) {
          const open = stream.open;
          const found = open !== undefined && open.requestId === line.requestId ? open : pending.get(line.requestId);
          if (found === null) {
            // A repeat of a completed invocation: its continuation lines (fields, XRAY) must not land on another.
            counts.duplicateReports += 1;
            const discard = new PendingInvocation(line.requestId, true, undefined, undefined, undefined, clock);
            discard.hasReport = true;
            stream.last = discard;
            return discard;
          }
          invocation = found ?? lookup(line.requestId, stream, true);
        } else {
          invocation = stream.open !== undefined && !stream.open.hasReport ? stream.open : synthetic(stream);
        }
        if (invocation === undefined) return undefined;
        if (invocation.hasReport) {
          counts.duplicateReports += 1;
          invocation.applyReport(line.fields);
          stream.last = invocation;
          return invocation;
        }
        invocation.hasReport = true;
        invocation.applyReport(line.fields);
        invocation.endMs = event.timestampMs ?? line.timeMs;
        invocation.reportAt = stream.eventCount;
        invocation.lastSeenAt = clock;
        keepLine(invocation, text);
        if (stream.open === invocation) stream.open = undefined;
        stream.awaiting.push(invocation);
        stream.last = invocation;
        return invocation;
      }
      case 'report-continuation': {
        counts.platformLines += 1;
        const target = sameEvent ?? stream.last;
        if (target === undefined || !target.hasReport) {
          counts.unknownLines += 1;
          return undefined;
        }
        target.applyReport(line.fields);
        return target;
      }
      case 'runtime-done': {
        counts.platformLines += 1;
        const invocation = lookup(line.requestId, stream, true);
        if (invocation !== undefined && line.status !== undefined && line.status !== 'success') {
          if (invocation.status === undefined || invocation.status === 'success') invocation.status = line.status;
          if (invocation.errorType === undefined && line.errorType !== undefined) {
            invocation.errorType = toOwnedString(line.errorType);
          }
        }
        return invocation;
      }
      case 'timeout': {
        counts.platformLines += 1;
        const invocation =
          line.requestId !== undefined
            ? lookup(line.requestId, stream, true)
            : (sameEvent ?? stream.open ?? stream.last);
        if (invocation !== undefined) {
          invocation.timedOut = true;
          keepLine(invocation, text);
          stream.last = invocation;
        }
        return invocation;
      }
      case 'crash': {
        counts.platformLines += 1;
        const invocation =
          line.requestId !== undefined
            ? lookup(line.requestId, stream, true)
            : (sameEvent ?? stream.last ?? stream.open);
        if (invocation !== undefined) {
          invocation.crashed = true;
          invocation.killed ||= line.killed;
          keepLine(invocation, text);
          stream.last = invocation;
        }
        return invocation;
      }
      case 'init-start': {
        counts.platformLines += 1;
        stream.pendingInit = true;
        stream.pendingInitMs = event.timestampMs ?? line.timeMs;
        stream.pendingInitType = line.initType;
        if (line.functionName !== undefined) stream.evidenceFunctionName ??= toOwnedString(line.functionName);
        return undefined;
      }
      case 'init-report': {
        counts.platformLines += 1;
        if (line.phase === 'invoke' && stream.open !== undefined) stream.open.suppressedInit = true;
        if (line.initType !== undefined && stream.pendingInitType === undefined) stream.pendingInitType = line.initType;
        sink.initReport?.({
          functionName:
            stream.sourceFunctionName ??
            context.functionName ??
            stream.evidenceFunctionName ??
            context.inputName ??
            UNKNOWN_FUNCTION,
          logStream: stream.logStream,
          timeMs: event.timestampMs,
          durationMs: line.durationMs,
          phase: line.phase,
          status: line.status,
          errorType: line.errorType,
        });
        return undefined;
      }
      case 'restore-start':
        counts.platformLines += 1;
        stream.pendingRestore = true;
        return undefined;
      case 'restore-report':
      case 'platform-other':
        counts.platformLines += 1;
        return undefined;
      case 'app':
        onApp(line, text, stream, sameEvent);
        return sameEvent;
      case 'emf':
        onEmf(line, text, stream, event);
        return sameEvent;
      case 'unknown': {
        const target = sameEvent ?? stream.open;
        if (target === undefined) {
          counts.unknownLines += 1;
          return undefined;
        }
        counts.appLines += 1;
        keepLine(target, text);
        return target;
      }
      case 'malformed':
        counts.malformedLines += 1;
        return undefined;
      case 'blank':
        counts.blankLines += 1;
        return sameEvent;
    }
  }

  function onEvent(event: LogEvent): void {
    counts.events += 1;
    clock += 1;
    const timestampMs = event.timestampMs;
    if (timestampMs !== undefined) {
      if ((sinceMs !== undefined && timestampMs < sinceMs) || (untilMs !== undefined && timestampMs > untilMs)) {
        counts.outsideWindowEvents += 1;
        return;
      }
      counts.eventsWithTimestamp += 1;
      if (counts.firstEventMs === undefined || timestampMs < counts.firstEventMs) counts.firstEventMs = timestampMs;
      if (counts.lastEventMs === undefined || timestampMs > counts.lastEventMs) counts.lastEventMs = timestampMs;
    }
    const eventId = event.eventId;
    if (eventId !== undefined) {
      if (recentEventIds.has(eventId)) {
        counts.duplicateEvents += 1;
        return;
      }
      recentEventIds.add(toOwnedString(eventId));
    }
    const stream = streams.streamFor(event.logGroup, event.logStream, clock);
    stream.eventCount += 1;
    stream.lastSeenAt = clock;
    const message = event.message;
    const newline = message.indexOf('\n');
    if (newline === -1 || newline === message.length - 1) {
      counts.lines += 1;
      const text = newline === -1 ? message : message.slice(0, newline);
      onLine(parseLine(text), text, event, stream, undefined);
    } else {
      onMultiLineEvent(message, event, stream);
    }
    const awaiting = stream.awaiting;
    while (awaiting.length > 0) {
      const oldest = awaiting[0];
      if (oldest === undefined || stream.eventCount - oldest.reportAt <= graceEvents) break;
      awaiting.shift();
      if (pending.holds(oldest)) complete(oldest, stream);
    }
    if (clock % SWEEP_EVERY_EVENTS === 0) sweepIdle();
  }

  /** A message holding `\n`: a REPORT and its XRAY part, a stack trace, or one pretty-printed JSON document. */
  function onMultiLineEvent(message: string, event: LogEvent, stream: StreamState): void {
    let first = 0;
    while (first < message.length && (message.charCodeAt(first) === 32 || message.charCodeAt(first) === 10)) first += 1;
    if (message.charCodeAt(first) === 123) {
      const whole = parseJsonLine(message);
      if (whole !== undefined) {
        counts.lines += 1;
        onLine(whole, message, event, stream, undefined);
        return;
      }
    }
    let sameEvent: PendingInvocation | undefined;
    let from = 0;
    let firstLine = true;
    while (from <= message.length) {
      let to = message.indexOf('\n', from);
      if (to === -1) to = message.length;
      const text = message.slice(from, to);
      from = to + 1;
      if (text.length === 0 && from > message.length) break;
      counts.lines += 1;
      const parsed = parseLine(text);
      if (firstLine) {
        sameEvent = onLine(parsed, text, event, stream, undefined);
        firstLine = false;
      } else if (parsed.kind === 'unknown' || parsed.kind === 'blank') {
        // The rest of a multi-line message (a stack trace): part of the first line's record.
        if (parsed.kind === 'blank') counts.blankLines += 1;
        else if (sameEvent !== undefined) keepLine(sameEvent, text);
        else counts.unknownLines += 1;
      } else {
        sameEvent = onLine(parsed, text, event, stream, sameEvent) ?? sameEvent;
      }
    }
  }

  function sweepIdle(): void {
    const oldest = clock - maxIdleEvents;
    for (const invocation of pending.open()) {
      if (invocation.lastSeenAt < oldest) complete(invocation, streamOf(invocation));
    }
    streams.forgetIdle(oldest);
  }

  return {
    push(events, pushContext = {}) {
      context = pushContext;
      for (const event of events) onEvent(event);
    },
    flush() {
      for (const state of [...streams.all()]) completeAwaiting(state);
      for (const invocation of pending.open()) complete(invocation, streamOf(invocation));
    },
    counts: () => counts,
    pendingCount: () => pending.live,
  };
}
