import { SDK_LINE_KINDS } from '@lambdatop/sdk/catalog';
import { isErrorLevel } from '../parse/app-level.js';
import { parseJsonLine } from '../parse/json-line.js';
import { parseLine } from '../parse/parse-line.js';
import type { AppLine, EmfLine, ParsedLine, ReportFields } from '../parse/parsed-line.js';
import { toOwnedString } from '../text/owned-string.js';
import { createJoinCounts, type JoinCounts } from './join-counts.js';
import type { JoinerOptions, JoinSink, PushContext } from './join-options.js';
import { PendingInvocation } from './pending-invocation.js';
import { PendingTable } from './pending-table.js';
import { RecentSet } from './recent-set.js';
import { hashRequestId } from './request-hash.js';
import { StreamRegistry, type StreamState } from './stream-registry.js';

const SWEEP_EVERY_EVENTS = 65_536;
const DEFAULT_GRACE_MS = 2_000;
/** Lambda's longest timeout (15 minutes, https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html) and one more. */
const DEFAULT_MAX_IDLE_MS = 960_000;
/** Completed invocations kept for reuse (see `reuseRecords`): more than the environments that interleave. */
const MAX_FREE = 4_096;
const UNKNOWN_FUNCTION = 'unknown';
const NO_CONTEXT: PushContext = {};

/**
 * The joiner's state machine: one InvocationRecord per request id from events in arrival order, in bounded memory. An
 * invocation is completed once its REPORT is in and a short grace has passed (the next START in its stream,
 * `graceEvents` further events of the stream, or the end of input). A REPORT counts once however it is split, wrapped
 * or repeated. Driven event by event (`beginEvent`, the line handlers, `endEvent`) by the LogEvent path and by the
 * byte lane alike, so both reach the same records in the same order.
 */
export class JoinEngine {
  /** Live counts; `countsNow` fills in the first and last event times. */
  readonly counts: JoinCounts = createJoinCounts();
  readonly streams = new StreamRegistry();
  readonly maxLines: number;
  readonly recentEventIds: RecentSet;
  /** Which input's events are being read: how functions without a name in their logs are named. */
  context: PushContext = NO_CONTEXT;
  /** Events seen, the joiner's clock for grace and idleness. */
  clock = 0;
  /** How many sweeps forgot idle streams: StreamState objects cached across events are stale after one. */
  streamsForgotten = 0;

  readonly #sink: JoinSink;
  readonly #graceEvents: number;
  readonly #maxIdleEvents: number;
  readonly #graceMs: number;
  readonly #maxIdleMs: number;
  /** The caller's clock (`advanceTo`), NaN until first set: events are stamped with it as they arrive. */
  #nowMs = Number.NaN;
  readonly #sinceMs: number | undefined;
  readonly #untilMs: number | undefined;
  readonly #pending: PendingTable;
  readonly #reuse: boolean;
  /** Completed during the current event: reusable from the next one (a line of this event may still hold one). */
  readonly #spent: PendingInvocation[] = [];
  readonly #free: PendingInvocation[] = [];
  #completed = 0;
  #syntheticIds = 0;
  // Kept out of `counts` while events stream by: a number field that only ever holds doubles is updated in place,
  // where `counts.lastEventMs` (number | undefined) would box a new double for nearly every event.
  #firstEventMs = Number.NaN;
  #lastEventMs = Number.NaN;

  constructor(sink: JoinSink, options: JoinerOptions) {
    this.#sink = sink;
    this.maxLines = options.maxLinesPerInvocation ?? 0;
    this.#graceEvents = options.graceEvents ?? 8;
    this.#maxIdleEvents = options.maxIdleEvents ?? 200_000;
    this.#graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.#maxIdleMs = options.maxIdleMs ?? DEFAULT_MAX_IDLE_MS;
    this.#sinceMs = options.sinceMs;
    this.#untilMs = options.untilMs;
    const dedupeWindow = options.dedupeWindow ?? 8192;
    this.recentEventIds = new RecentSet(dedupeWindow);
    this.#pending = new PendingTable(dedupeWindow);
    this.#reuse = options.reuseRecords ?? false;
  }

  get pendingCount(): number {
    return this.#pending.live;
  }

  /** Counts an event and applies the time window: false when the event is outside it (and dropped). */
  beginEvent(timestampMs: number | undefined): boolean {
    return timestampMs === undefined ? this.beginUntimedEvent() : this.beginTimedEvent(timestampMs);
  }

  /** `beginEvent` of an event without a time. */
  beginUntimedEvent(): boolean {
    if (this.#spent.length > 0) this.#release();
    this.counts.events += 1;
    this.clock += 1;
    return true;
  }

  /**
   * `beginEvent` of an event at `timestampMs`. The byte lane calls this one: a time read from a tape stays a plain
   * double here, where a `number | undefined` would be boxed into a new heap object for every line.
   */
  beginTimedEvent(timestampMs: number): boolean {
    if (this.#spent.length > 0) this.#release();
    const counts = this.counts;
    counts.events += 1;
    this.clock += 1;
    const sinceMs = this.#sinceMs;
    const untilMs = this.#untilMs;
    if ((sinceMs !== undefined && timestampMs < sinceMs) || (untilMs !== undefined && timestampMs > untilMs)) {
      counts.outsideWindowEvents += 1;
      return false;
    }
    counts.eventsWithTimestamp += 1;
    const first = counts.eventsWithTimestamp === 1;
    if (first || timestampMs < this.#firstEventMs) this.#firstEventMs = timestampMs;
    if (first || timestampMs > this.#lastEventMs) this.#lastEventMs = timestampMs;
    return true;
  }

  /** The counts, with the first and last event times filled in. */
  countsNow(): JoinCounts {
    const counts = this.counts;
    if (counts.eventsWithTimestamp > 0) {
      counts.firstEventMs = this.#firstEventMs;
      counts.lastEventMs = this.#lastEventMs;
    }
    return counts;
  }

  /** The event's stream, counted: its event count is what the grace after a REPORT is measured in. */
  enterStream(stream: StreamState): void {
    stream.eventCount += 1;
    stream.lastSeenAt = this.clock;
    stream.lastArrivalMs = this.#nowMs;
    stream.context = this.context;
  }

  /**
   * The caller's clock moved to `timeMs` (a live source's; it never goes back): events pushed from now on arrived then.
   * Completes what time has settled, as further lines would have: the reported invocations of every stream that sent
   * nothing for `graceMs`, and, as they stand, invocations without a REPORT that neither saw a line nor had their
   * stream send one for `maxIdleMs`; streams quiet that long and holding nothing are forgotten. Each is named with the
   * context its stream's lines came with.
   */
  advanceTo(timeMs: number): void {
    if (timeMs <= this.#nowMs) return;
    this.#nowMs = timeMs;
    const pushContext = this.context;
    const quietSinceMs = timeMs - this.#graceMs;
    for (const stream of [...this.streams.all()]) {
      // Events read before the clock was first set arrived, as far as it can tell, when it was.
      if (Number.isNaN(stream.lastArrivalMs)) stream.lastArrivalMs = timeMs;
      if (stream.awaiting.length === 0 || stream.lastArrivalMs > quietSinceMs) continue;
      this.context = stream.context ?? NO_CONTEXT;
      this.#completeAwaiting(stream);
    }
    const idleSinceMs = timeMs - this.#maxIdleMs;
    for (const invocation of this.#pending.open()) {
      if (Number.isNaN(invocation.lastSeenMs)) invocation.lastSeenMs = timeMs;
      if (invocation.lastSeenMs > idleSinceMs) continue;
      // A stream still talking (plain lines touch no invocation) keeps its invocation open.
      const stream = this.#streamOf(invocation);
      if (stream !== undefined && stream.lastArrivalMs > idleSinceMs) continue;
      this.context = stream?.context ?? NO_CONTEXT;
      // It may sit in a stream's awaiting list: never reused.
      this.#complete(invocation, stream, false);
    }
    this.context = pushContext;
    if (this.streams.forgetQuiet(idleSinceMs) > 0) this.streamsForgotten += 1;
  }

  /** After the event's lines: completes the stream's invocations whose grace ran out; now and then, idle ones. */
  endEvent(stream: StreamState): void {
    const awaiting = stream.awaiting;
    while (awaiting.length > 0) {
      const oldest = awaiting[0];
      if (oldest === undefined || stream.eventCount - oldest.reportAt <= this.#graceEvents) break;
      awaiting.shift();
      if (this.#pending.holds(oldest)) this.#complete(oldest, stream);
    }
    if (this.clock % SWEEP_EVERY_EVENTS === 0) this.#sweepIdle();
  }

  /** An event's message: one line, or several (a REPORT and its XRAY part, a stack trace, pretty-printed JSON). */
  message(message: string, timestampMs: number | undefined, stream: StreamState): void {
    const newline = message.indexOf('\n');
    if (newline === -1 || newline === message.length - 1) {
      this.counts.lines += 1;
      const text = newline === -1 ? message : message.slice(0, newline);
      this.line(parseLine(text), text, timestampMs, stream, undefined);
    } else {
      this.#multiLineMessage(message, timestampMs, stream);
    }
  }

  #multiLineMessage(message: string, timestampMs: number | undefined, stream: StreamState): void {
    const counts = this.counts;
    let first = 0;
    while (first < message.length && (message.charCodeAt(first) === 32 || message.charCodeAt(first) === 10)) first += 1;
    if (message.charCodeAt(first) === 123) {
      const whole = parseJsonLine(message);
      if (whole !== undefined) {
        counts.lines += 1;
        this.line(whole, message, timestampMs, stream, undefined);
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
        sameEvent = this.line(parsed, text, timestampMs, stream, undefined);
        firstLine = false;
      } else if (parsed.kind === 'unknown' || parsed.kind === 'blank') {
        // The rest of a multi-line message (a stack trace): part of the first line's record.
        if (parsed.kind === 'blank') counts.blankLines += 1;
        else if (sameEvent !== undefined) this.#keepLine(sameEvent, text);
        else counts.unknownLines += 1;
      } else {
        sameEvent = this.line(parsed, text, timestampMs, stream, sameEvent) ?? sameEvent;
      }
    }
  }

  /** One parsed line of an event; returns the invocation it belongs to, where the event's next lines go. */
  line(
    line: ParsedLine,
    text: string,
    timestampMs: number | undefined,
    stream: StreamState,
    sameEvent: PendingInvocation | undefined,
  ): PendingInvocation | undefined {
    const counts = this.counts;
    switch (line.kind) {
      case 'start':
        return this.start(
          line.requestId,
          line.version,
          line.xrayTraceId,
          timestampMs ?? line.timeMs,
          text,
          stream,
          false,
        );
      case 'end':
        return this.end(line.requestId, text, stream, false);
      case 'report':
        return this.report(line.requestId, line.fields, timestampMs ?? line.timeMs, text, stream, false);
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
        const invocation = this.#lookup(line.requestId, stream, true, false);
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
            ? this.#lookup(line.requestId, stream, true, false)
            : (sameEvent ?? stream.open ?? stream.last);
        if (invocation !== undefined) {
          invocation.timedOut = true;
          this.#keepLine(invocation, text);
          this.#setLast(stream, invocation);
        }
        return invocation;
      }
      case 'crash': {
        counts.platformLines += 1;
        const invocation =
          line.requestId !== undefined
            ? this.#lookup(line.requestId, stream, true, false)
            : (sameEvent ?? stream.last ?? stream.open);
        if (invocation !== undefined) {
          invocation.crashed = true;
          invocation.killed ||= line.killed;
          this.#keepLine(invocation, text);
          this.#setLast(stream, invocation);
        }
        return invocation;
      }
      case 'init-start': {
        counts.platformLines += 1;
        stream.pendingInit = true;
        stream.pendingInitMs = timestampMs ?? line.timeMs;
        stream.pendingInitType = line.initType;
        if (line.functionName !== undefined) stream.evidenceFunctionName ??= toOwnedString(line.functionName);
        return undefined;
      }
      case 'init-report': {
        counts.platformLines += 1;
        if (line.phase === 'invoke' && stream.open !== undefined) stream.open.suppressedInit = true;
        if (line.initType !== undefined && stream.pendingInitType === undefined) stream.pendingInitType = line.initType;
        const context = this.context;
        this.#sink.initReport?.({
          functionName:
            stream.sourceFunctionName ??
            context.functionName ??
            stream.evidenceFunctionName ??
            context.inputName ??
            UNKNOWN_FUNCTION,
          logStream: stream.logStream,
          timeMs: timestampMs,
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
        this.#app(line, text, stream, sameEvent);
        return sameEvent;
      case 'emf':
        this.#emf(line, text, timestampMs, stream);
        return sameEvent;
      case 'unknown': {
        const target = sameEvent ?? stream.open;
        if (target === undefined) {
          counts.unknownLines += 1;
          return undefined;
        }
        counts.appLines += 1;
        this.#keepLine(target, text);
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

  /**
   * A START line. `owned` says the strings share no memory with a bigger one (the byte lane decodes them fresh), so
   * they need no copy to be kept.
   */
  start(
    requestId: string,
    version: string | undefined,
    xrayTraceId: string | undefined,
    startMs: number | undefined,
    text: string,
    stream: StreamState,
    owned: boolean,
  ): PendingInvocation | undefined {
    this.counts.platformLines += 1;
    // An environment runs one invocation at a time: a new START ends the grace of the reported ones.
    if (stream.logStream !== undefined) this.#completeAwaiting(stream);
    const invocation = this.#lookup(requestId, stream, true, owned);
    if (invocation === undefined || invocation.started) return invocation;
    invocation.started = true;
    invocation.startMs = startMs;
    if (version !== undefined) invocation.version = owned ? version : toOwnedString(version);
    if (xrayTraceId !== undefined) invocation.xrayTraceId = owned ? xrayTraceId : toOwnedString(xrayTraceId);
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
    this.#keepLine(invocation, text);
    stream.open = invocation;
    this.#setLast(stream, invocation);
    return invocation;
  }

  /** An END line. */
  end(requestId: string, text: string, stream: StreamState, owned: boolean): PendingInvocation | undefined {
    this.counts.platformLines += 1;
    const invocation = this.#lookup(requestId, stream, true, owned);
    if (invocation !== undefined) {
      this.#keepLine(invocation, text);
      this.#setLast(stream, invocation);
    }
    return invocation;
  }

  /** A REPORT line (its first line, when the event holds more). `fields` are copied, never kept. */
  report(
    requestId: string | undefined,
    fields: ReportFields,
    endMs: number | undefined,
    text: string,
    stream: StreamState,
    owned: boolean,
  ): PendingInvocation | undefined {
    const counts = this.counts;
    counts.platformLines += 1;
    let invocation: PendingInvocation | undefined;
    if (requestId !== undefined) {
      const open = stream.open;
      const found = open !== undefined && open.requestId === requestId ? open : this.#pending.get(requestId);
      if (found === null) {
        // A repeat of a completed invocation: its continuation lines (fields, XRAY) must not land on another.
        counts.duplicateReports += 1;
        const discard = new PendingInvocation(requestId, true, undefined, undefined, undefined, this.clock);
        discard.hasReport = true;
        stream.last = discard;
        return discard;
      }
      invocation = found ?? this.#lookup(requestId, stream, true, owned);
    } else {
      invocation = stream.open !== undefined && !stream.open.hasReport ? stream.open : this.#synthetic(stream);
    }
    if (invocation === undefined) return undefined;
    if (invocation.hasReport) {
      counts.duplicateReports += 1;
      invocation.applyReport(fields);
      this.#setLast(stream, invocation);
      return invocation;
    }
    invocation.hasReport = true;
    invocation.applyReport(fields);
    invocation.endMs = endMs;
    invocation.reportAt = stream.eventCount;
    invocation.lastSeenAt = this.clock;
    invocation.lastSeenMs = this.#nowMs;
    this.#keepLine(invocation, text);
    if (stream.open === invocation) stream.open = undefined;
    stream.awaiting.push(invocation);
    this.#setLast(stream, invocation);
    return invocation;
  }

  /** A plain application line that names its request and marks nothing: only counted. */
  countPlainAppLine(): void {
    this.counts.appLines += 1;
  }

  /** End of input: completes every invocation still open. */
  flush(): void {
    for (const state of [...this.streams.all()]) this.#completeAwaiting(state);
    for (const invocation of this.#pending.open()) this.#complete(invocation, this.#streamOf(invocation));
  }

  #functionNameOf(invocation: PendingInvocation, stream: StreamState | undefined): string {
    const context = this.context;
    return (
      invocation.sourceFunctionName ??
      context.functionName ??
      invocation.evidenceFunctionName ??
      stream?.evidenceFunctionName ??
      context.inputName ??
      UNKNOWN_FUNCTION
    );
  }

  /**
   * Completes an invocation and hands it to the sink. With `reuseRecords` it is reused once the current event is over,
   * unless a stream other than its own holds it or `reusable` is false (it may sit in a stream's awaiting list).
   */
  #complete(invocation: PendingInvocation, stream: StreamState | undefined, reusable = true): void {
    this.#pending.retire(invocation);
    if (stream !== undefined) {
      if (stream.open === invocation) stream.open = undefined;
      if (stream.last === invocation) stream.last = undefined;
    }
    invocation.complete(this.#completed, this.#functionNameOf(invocation, stream));
    this.#completed += 1;
    this.#sink.invocation(invocation);
    if (this.#reuse && reusable && !invocation.shared) this.#spent.push(invocation);
  }

  /** `stream.last = invocation`, noting when the stream is not the invocation's own (then it is never reused). */
  #setLast(stream: StreamState, invocation: PendingInvocation): void {
    stream.last = invocation;
    if (stream.logStream !== invocation.logStream || stream.logGroup !== invocation.logGroup) invocation.shared = true;
  }

  #release(): void {
    const spent = this.#spent;
    const free = this.#free;
    while (spent.length > 0) {
      const invocation = spent.pop() as PendingInvocation;
      if (free.length < MAX_FREE) free.push(invocation);
    }
  }

  /** A new pending invocation: a reused one when there is one. */
  #create(requestId: string, requestIdKnown: boolean, stream: StreamState, requestHash: number): PendingInvocation {
    const reused = this.#free.pop();
    if (reused === undefined) {
      const created = new PendingInvocation(
        requestId,
        requestIdKnown,
        stream.logGroup,
        stream.logStream,
        stream.sourceFunctionName,
        this.clock,
        requestHash,
      );
      created.lastSeenMs = this.#nowMs;
      return created;
    }
    reused.reuse(
      requestId,
      requestIdKnown,
      stream.logGroup,
      stream.logStream,
      stream.sourceFunctionName,
      this.clock,
      requestHash,
    );
    reused.lastSeenMs = this.#nowMs;
    return reused;
  }

  #streamOf(invocation: PendingInvocation): StreamState | undefined {
    return this.streams.find(invocation.logGroup, invocation.logStream);
  }

  #completeAwaiting(stream: StreamState): void {
    const awaiting = stream.awaiting;
    if (awaiting.length === 0) return;
    // Completing adds nothing to a stream's awaiting list, so the list is emptied after and reused (by pops: setting
    // `length` is a call into the runtime).
    for (const invocation of awaiting) {
      if (this.#pending.holds(invocation)) this.#complete(invocation, stream);
    }
    while (awaiting.length > 0) awaiting.pop();
  }

  /** The pending invocation for `requestId`, created when `create` and the id was not completed already. */
  #lookup(requestId: string, stream: StreamState, create: boolean, owned: boolean): PendingInvocation | undefined {
    // Most lines name the invocation running in their own stream: a string compare, no hashing.
    const open = stream.open;
    if (open !== undefined && open.requestId === requestId) {
      open.lastSeenAt = this.clock;
      open.lastSeenMs = this.#nowMs;
      return open;
    }
    const hash = hashRequestId(requestId);
    const found = this.#pending.get(requestId, hash);
    if (found !== undefined) {
      if (found === null) {
        this.counts.lateLines += 1;
        return undefined;
      }
      found.lastSeenAt = this.clock;
      found.lastSeenMs = this.#nowMs;
      return found;
    }
    if (!create) return undefined;
    const invocation = this.#create(owned ? requestId : toOwnedString(requestId), true, stream, hash);
    this.#pending.add(invocation);
    return invocation;
  }

  #synthetic(stream: StreamState): PendingInvocation {
    this.#syntheticIds += 1;
    const requestId = `#${this.#syntheticIds}`;
    const invocation = this.#create(requestId, false, stream, hashRequestId(requestId));
    this.#pending.add(invocation);
    return invocation;
  }

  #keepLine(invocation: PendingInvocation, line: string): void {
    if (this.maxLines === 0) return;
    if (invocation.lines.length < this.maxLines) invocation.keepLine(toOwnedString(line));
    else invocation.linesDropped += 1;
  }

  #app(line: AppLine, text: string, stream: StreamState, sameEvent: PendingInvocation | undefined): void {
    const counts = this.counts;
    counts.appLines += 1;
    const marksFailure = isErrorLevel(line.level) || line.outOfMemory;
    const hasEvidence = line.coldStart !== undefined || line.xrayTraceId !== undefined || line.sdkKind !== undefined;
    if (!marksFailure && !hasEvidence && this.maxLines === 0 && line.functionName === undefined) return;
    let invocation: PendingInvocation | undefined;
    if (line.requestId !== undefined) {
      // A plain INFO line never creates an invocation: only platform lines and failures do.
      invocation = this.#lookup(line.requestId, stream, marksFailure, false);
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
    this.#keepLine(invocation, text);
    this.#setLast(stream, invocation);
  }

  #emf(line: EmfLine, text: string, timestampMs: number | undefined, stream: StreamState): void {
    this.counts.appLines += 1;
    const invocation =
      line.requestId !== undefined ? this.#lookup(line.requestId, stream, false, false) : (stream.open ?? undefined);
    if (invocation !== undefined) {
      invocation.applyEvidence(line);
      this.#keepLine(invocation, text);
    }
    const sink = this.#sink;
    if (sink.metrics !== undefined && line.metrics.length > 0) {
      const context = this.context;
      const name =
        invocation !== undefined
          ? this.#functionNameOf(invocation, stream)
          : (stream.sourceFunctionName ??
            context.functionName ??
            line.functionName ??
            stream.evidenceFunctionName ??
            context.inputName ??
            UNKNOWN_FUNCTION);
      sink.metrics(name, line.metrics, timestampMs);
    }
  }

  #sweepIdle(): void {
    const oldest = this.clock - this.#maxIdleEvents;
    for (const invocation of this.#pending.open()) {
      if (invocation.lastSeenAt < oldest) this.#complete(invocation, this.#streamOf(invocation), false);
    }
    if (this.streams.forgetIdle(oldest) > 0) this.streamsForgotten += 1;
  }
}
