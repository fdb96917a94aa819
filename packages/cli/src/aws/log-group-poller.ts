import type { LogEvent } from '../core/log-event.js';
import type { AwsSession } from './aws-session.js';
import { ContentKeyCounter } from './content-key-counter.js';
import { readFilterLogEvents } from './filter-log-events-reader.js';
import { SeenEventIds } from './seen-event-ids.js';

export interface LogGroupPollerOptions {
  readonly logGroup: string;
  /** Nothing older than this is ever asked for (`--since`). */
  readonly sinceMs: number;
  /** How far behind the newest event each query starts again, to catch events that arrive late. */
  readonly overlapMs: number;
  readonly filterPattern?: string | undefined;
  readonly maxRememberedEvents: number;
  readonly now: () => number;
  /** Keep content keys of what polling emits, for a Live Tail session that overlaps it. */
  readonly withContentKeys: boolean;
}

export interface PollCounts {
  readonly events: number;
  readonly duplicates: number;
}

/**
 * One log group's position in a follow loop. Each poll re-queries from `newest − overlap` (never from `newest + 1`:
 * FilterLogEvents filters on event time, and an event written late with an older time would be skipped for good) and
 * drops the eventIds already emitted. Events that Live Tail emitted (no eventId) are recognised by content.
 */
export class LogGroupPoller {
  readonly seen: SeenEventIds;
  /** Content keys of events emitted by Live Tail, waiting to cancel their copies in a poll. */
  readonly liveKeys = new ContentKeyCounter();
  /** Content keys of events emitted by polling, waiting to cancel their copies in a Live Tail update. */
  readonly pollKeys = new ContentKeyCounter();
  /** While Live Tail may overlap polling: keep content keys of what polling emits. */
  recordPollKeys: boolean;
  #floorMs: number;
  #newestMs: number | undefined;
  #warnedOfLimit = false;

  constructor(readonly options: LogGroupPollerOptions) {
    this.seen = new SeenEventIds(options.maxRememberedEvents);
    this.#floorMs = options.sinceMs;
    this.recordPollKeys = options.withContentKeys;
  }

  get newestMs(): number | undefined {
    return this.#newestMs;
  }

  /**
   * Where the next query starts. Never decreases: the floor only rises, the newest event time only grows, and the
   * clock only advances (min with now: a clock-skewed event from the future must not push the window past events
   * still to come).
   */
  nextStartMs(): number {
    if (this.#newestMs === undefined) return this.#floorMs;
    return Math.max(this.#floorMs, Math.min(this.#newestMs, this.options.now()) - this.options.overlapMs);
  }

  noteEventTime(timestampMs: number | undefined): void {
    if (timestampMs !== undefined && (this.#newestMs === undefined || timestampMs > this.#newestMs)) {
      this.#newestMs = timestampMs;
    }
  }

  /** Forgets ids and keys no query can return again; returns a warning when the memory cap had to shorten the window. */
  forget(): string | undefined {
    const startMs = this.nextStartMs();
    this.seen.forgetBefore(startMs);
    this.liveKeys.forgetBefore(startMs);
    this.pollKeys.forgetBefore(startMs);
    const raised = this.seen.enforceLimit();
    if (raised === undefined) return undefined;
    this.#floorMs = Math.max(this.#floorMs, raised);
    if (this.#warnedOfLimit) return undefined;
    this.#warnedOfLimit = true;
    return `${this.options.logGroup}: more than ${this.options.maxRememberedEvents.toLocaleString('en-US')} events inside the overlap window; the window was shortened, so events arriving later than that could be missed.`;
  }

  /** True when an event Live Tail delivers should be emitted (it is not a copy of one polling already emitted). */
  acceptLiveEvent(event: LogEvent): boolean {
    this.noteEventTime(event.timestampMs);
    const key = ContentKeyCounter.keyOf(event);
    if (this.pollKeys.consume(key)) return false;
    this.liveKeys.add(key, event.timestampMs ?? this.options.now());
    return true;
  }

  /**
   * One query from nextStartMs() to the end, every page; yields the events not emitted before, page by page.
   * A failure mid-way loses nothing: what was yielded is remembered, the rest is found by the next poll.
   */
  async *poll(session: AwsSession, signal: AbortSignal | undefined, counts: { events: number; duplicates: number }) {
    const startMs = this.nextStartMs();
    const compareContent = this.recordPollKeys || this.liveKeys.size > 0;
    for await (const page of readFilterLogEvents(
      session,
      { logGroupName: this.options.logGroup, startMs, filterPattern: this.options.filterPattern },
      { signal },
    )) {
      const fresh: LogEvent[] = [];
      for (const event of page) {
        const eventId = event.eventId;
        if (eventId !== undefined && this.seen.has(eventId)) {
          counts.duplicates += 1;
          continue;
        }
        const timestampMs = event.timestampMs ?? startMs;
        if (eventId !== undefined) this.seen.add(eventId, timestampMs);
        this.noteEventTime(event.timestampMs);
        if (compareContent) {
          const key = ContentKeyCounter.keyOf(event);
          if (this.liveKeys.consume(key)) {
            counts.duplicates += 1;
            continue;
          }
          if (this.recordPollKeys) this.pollKeys.add(key, timestampMs);
        }
        fresh.push(event);
      }
      counts.events += fresh.length;
      if (fresh.length > 0) yield fresh;
    }
  }
}
