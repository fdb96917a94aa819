/**
 * Realistic Lambda log events for seeding the local CloudWatch server: per invocation START, application lines, END
 * and REPORT in Lambda's text format (an Init Duration on each environment's first invocation), with errors,
 * timeouts, out-of-memory kills and EMF documents where asked. Deterministic for a seed.
 */
export interface SeededEvent {
  readonly stream: string;
  readonly timestamp: number;
  readonly message: string;
}

export interface LambdaLogOptions {
  readonly functionName: string;
  readonly startMs: number;
  readonly invocations: number;
  /** Time between invocation starts. */
  readonly spacingMs: number;
  readonly environments?: number;
  readonly memorySizeMb?: number;
  /** Every Nth invocation fails with Status: error (0 for none). */
  readonly errorEvery?: number;
  readonly timeoutEvery?: number;
  readonly outOfMemoryEvery?: number;
  /** INFO lines per invocation: what a filter pattern should leave out. */
  readonly appLines?: number;
  readonly emf?: boolean;
  /** Custom log groups name the function in the stream: `YYYY/MM/DD/<function>[$LATEST]<id>`. */
  readonly functionInStreamName?: boolean;
  readonly seed?: number;
}

export interface SeededInvocation {
  readonly requestId: string;
  readonly stream: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly durationMs: number;
  readonly outcome: 'success' | 'error' | 'timeout' | 'out-of-memory';
  readonly cold: boolean;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
}

export interface LambdaLog {
  readonly events: SeededEvent[];
  readonly invocations: SeededInvocation[];
}

function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function hex(random: () => number, length: number): string {
  let text = '';
  for (let index = 0; index < length; index += 1) text += Math.floor(random() * 16).toString(16);
  return text;
}

function uuid(random: () => number): string {
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
}

export function createLambdaLog(options: LambdaLogOptions): LambdaLog {
  const random = createRandom(options.seed ?? 7);
  const environments = options.environments ?? 3;
  const memorySizeMb = options.memorySizeMb ?? 512;
  const streams = Array.from(
    { length: environments },
    () =>
      `${isoDate(options.startMs)}/${options.functionInStreamName === true ? options.functionName : ''}[$LATEST]${hex(random, 32)}`,
  );
  const used = new Set<string>();
  const events: SeededEvent[] = [];
  const invocations: SeededInvocation[] = [];
  const every = (n: number | undefined, index: number): boolean => n !== undefined && n > 0 && (index + 1) % n === 0;
  for (let index = 0; index < options.invocations; index += 1) {
    const stream = streams[index % environments] as string;
    const cold = !used.has(stream);
    used.add(stream);
    const requestId = uuid(random);
    const startMs = options.startMs + index * options.spacingMs;
    const outcome: SeededInvocation['outcome'] = every(options.outOfMemoryEvery, index)
      ? 'out-of-memory'
      : every(options.timeoutEvery, index)
        ? 'timeout'
        : every(options.errorEvery, index)
          ? 'error'
          : 'success';
    const durationMs = outcome === 'timeout' ? 3000 : Math.round((5 + random() * 200 + (cold ? 40 : 0)) * 100) / 100;
    const maxMemoryUsedMb = outcome === 'out-of-memory' ? memorySizeMb : 60 + Math.floor(random() * 60);
    const endMs = startMs + Math.ceil(durationMs) + 1;
    let at = startMs;
    const push = (message: string): void => {
      events.push({ stream, timestamp: Math.min(at, endMs), message });
      at += 1;
    };
    push(`START RequestId: ${requestId} Version: $LATEST`);
    for (let line = 0; line < (options.appLines ?? 2); line += 1) {
      push(`${new Date(at).toISOString()}\t${requestId}\tINFO\thandled item ${line} of order ${index}`);
    }
    if (options.emf === true) {
      push(
        JSON.stringify({
          _aws: {
            Timestamp: at,
            CloudWatchMetrics: [
              { Namespace: 'Shop', Dimensions: [['service']], Metrics: [{ Name: 'OrdersPlaced', Unit: 'Count' }] },
            ],
          },
          service: 'orders',
          OrdersPlaced: 1,
          requestId,
        }),
      );
    }
    if (outcome === 'error') {
      push(
        `${new Date(at).toISOString()}\t${requestId}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"card declined"}`,
      );
    }
    if (outcome === 'timeout') {
      at = endMs - 1;
      push(`${new Date(at).toISOString()} ${requestId} Task timed out after 3.00 seconds`);
    }
    if (outcome === 'out-of-memory') {
      push(`RequestId: ${requestId} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`);
    }
    at = endMs;
    push(`END RequestId: ${requestId}`);
    const billed = Math.ceil(durationMs + (cold ? 150 : 0));
    const status =
      outcome === 'timeout'
        ? '\tStatus: timeout'
        : outcome === 'out-of-memory'
          ? '\tStatus: error\tError Type: Runtime.OutOfMemory'
          : outcome === 'error'
            ? '\tStatus: error\tError Type: Runtime.Unknown'
            : '';
    push(
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${memorySizeMb} MB\tMax Memory Used: ${maxMemoryUsedMb} MB${cold ? `\tInit Duration: ${(140 + random() * 60).toFixed(2)} ms` : ''}${status}\t\nXRAY TraceId: 1-${hex(random, 8)}-${hex(random, 24)}\tSegmentId: ${hex(random, 16)}\tSampled: true\t\n`,
    );
    invocations.push({ requestId, stream, startMs, endMs, durationMs, outcome, cold, memorySizeMb, maxMemoryUsedMb });
  }
  return { events, invocations };
}

/** The events grouped by stream, in time order, as putLogEvents takes them. */
export function byStream(events: readonly SeededEvent[]): Map<string, { timestamp: number; message: string }[]> {
  const streams = new Map<string, { timestamp: number; message: string }[]>();
  for (const event of events.toSorted((left, right) => left.timestamp - right.timestamp)) {
    const list = streams.get(event.stream) ?? [];
    list.push({ timestamp: event.timestamp, message: event.message });
    streams.set(event.stream, list);
  }
  return streams;
}
