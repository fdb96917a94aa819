import { performance } from 'node:perf_hooks';
import { type InvocationEnd, toInvocationEnd } from './invocation-end.js';
import type { InvokeOutcome } from './invoke-outcome.js';
import { createEnvironmentId, toLogStreamName } from './lambda-identifiers.js';
import { createMemoryProbe, type MemoryProbe, toMemoryUsedMb } from './memory-probe.js';
import { isShuttingDown } from './orphan-guard.js';
import {
  formatInitReportLine,
  formatInitStartLine,
  formatRuntimeExitLine,
  formatStartLine,
  formatTimeoutLine,
  type InitPhase,
  type ProcessExit,
  toExitDescription,
} from './platform-lines.js';
import type { ResolvedFunctionSettings } from './resolve-function-settings.js';
import type { WorkerOutput } from './worker-output-decoder.js';
import { spawnWorker, type WorkerProcess } from './worker-process.js';
import type { DoneFrame, InitErrorFrame, ReadyFrame } from './worker-protocol.js';

export interface InvocationRequest {
  readonly requestId: string;
  readonly event: unknown;
  readonly traceHeader: string;
}

/** `reset`: the runtime process is gone (timeout, crash, failed init); the next invocation re-inits in the same stream. */
export type EnvironmentState = 'new' | 'idle' | 'busy' | 'reset' | 'closed';

export type EnvironmentLineSink = (message: string, timestampMs: number, logStream: string) => void;

type ControlFrame = ReadyFrame | InitErrorFrame | DoneFrame;

type BootResult =
  | { readonly kind: 'ready'; readonly initDurationMs: number }
  | {
      readonly kind: 'failed';
      readonly status: 'error' | 'timeout';
      readonly errorType: string;
      readonly errorMessage: string;
      readonly initDurationMs: number;
    }
  | { readonly kind: 'closed' };

type RunEnd =
  | { readonly kind: 'done'; readonly frame: DoneFrame }
  | { readonly kind: 'exit'; readonly exit: ProcessExit }
  | { readonly kind: 'timeout'; readonly atMs: number }
  | { readonly kind: 'oom' }
  | { readonly kind: 'closed' };

interface ColdStart {
  readonly cold: boolean;
  readonly initDurationMs: number | undefined;
  /** Time a suppressed init took inside this invocation; Lambda counts it in the Duration. */
  readonly reinitMs: number;
}

type FinishFields = Pick<
  InvocationEnd,
  'kind' | 'durationMs' | 'maxMemoryUsedMb' | 'errorType' | 'errorMessage' | 'status' | 'reportErrorType'
>;

function parseResponse(responseJson: string | undefined): unknown {
  if (responseJson === undefined) return null;
  try {
    return JSON.parse(responseJson);
  } catch {
    return responseJson;
  }
}

/**
 * One execution environment: one log stream for its whole life, served by one runtime process at a time.
 * It runs one invocation at a time; the pool in local-function.ts decides which environment gets which.
 */
export class ExecutionEnvironment {
  readonly logStream: string;
  private stateValue: EnvironmentState = 'new';
  private worker: WorkerProcess | undefined;
  private probe: MemoryProbe | undefined;
  private lastPeakKib: number | undefined;
  private onControl: ((frame: ControlFrame) => void) | undefined;
  private onClose: (() => void) | undefined;
  private damagedFrames = 0;

  constructor(
    private readonly settings: ResolvedFunctionSettings,
    private readonly sink: EnvironmentLineSink,
    private readonly now: () => number,
  ) {
    this.logStream = toLogStreamName(now(), settings.version, createEnvironmentId());
  }

  get state(): EnvironmentState {
    return this.stateValue;
  }

  /** Whether an invocation can start here now. */
  get available(): boolean {
    return this.stateValue === 'idle' || this.stateValue === 'new' || this.stateValue === 'reset';
  }

  get pid(): number | undefined {
    return this.worker?.hasExited() === false ? this.worker.pid : undefined;
  }

  /** Frames from the worker that could not be read (counted, skipped). */
  get skippedFrames(): number {
    return this.damagedFrames;
  }

  /** Claims the environment synchronously, then runs the invocation (initialising first when needed). */
  async invoke(request: InvocationRequest): Promise<InvokeOutcome> {
    if (!this.available) throw new Error(`environment ${this.logStream} is ${this.stateValue}`);
    const suppressedInit = this.stateValue === 'reset';
    const coldStart = this.stateValue !== 'idle';
    this.stateValue = 'busy';
    if (!coldStart) return this.run(request, { cold: false, initDurationMs: undefined, reinitMs: 0 });
    const boot = await this.boot(suppressedInit ? this.settings.timeoutMs : this.settings.initTimeoutMs);
    if (boot.kind === 'closed') return this.closedOutcome(request, true);
    if (boot.kind === 'failed') return this.reportFailedInit(request, boot, suppressedInit ? 'invoke' : 'init');
    // Both kinds of init count the handler module's import, not the local process start-up.
    return this.run(
      request,
      suppressedInit
        ? { cold: true, initDurationMs: undefined, reinitMs: boot.initDurationMs }
        : { cold: true, initDurationMs: boot.initDurationMs, reinitMs: 0 },
    );
  }

  /** Ends the runtime process without any platform line: the harness is going away, not the function failing. */
  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    this.onClose?.();
    const worker = this.worker;
    this.worker = undefined;
    worker?.kill();
    await worker?.exited;
  }

  private emit(message: string, timestampMs: number = this.now()): void {
    this.sink(message, timestampMs, this.logStream);
  }

  private handleOutput(output: WorkerOutput, receivedAtMs: number): void {
    if (output.kind === 'line') this.emit(output.text, receivedAtMs);
    else if (output.kind === 'bad-frame') this.damagedFrames += 1;
    else if (output.frame.t === 'log') this.emit(output.frame.message, output.frame.ts);
    else this.onControl?.(output.frame);
  }

  private sampleMemory(): number | undefined {
    const kib = this.probe?.sampleKib();
    if (kib !== undefined) this.lastPeakKib = kib;
    return kib;
  }

  private async discardWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    worker?.kill();
    await worker?.exited;
  }

  private async boot(budgetMs: number): Promise<BootResult> {
    const { settings } = this;
    this.emit(formatInitStartLine(settings.runtimeVersion, settings.runtimeVersionArn));
    const startedAt = performance.now();
    const worker = spawnWorker({
      workerPath: settings.workerPath,
      handlerPath: settings.handlerPath,
      handlerExport: settings.handlerExport,
      cwd: settings.taskRoot,
      env: { ...settings.workerEnv, AWS_LAMBDA_LOG_STREAM_NAME: this.logStream },
      execArgv: settings.execArgv,
      onOutput: (output, receivedAtMs) => this.handleOutput(output, receivedAtMs),
      now: this.now,
    });
    this.worker = worker;
    this.probe = worker.pid === undefined ? undefined : createMemoryProbe(worker.pid);
    this.lastPeakKib = undefined;
    void worker.exited.then(() => {
      // A runtime that dies between invocations (a stray timer throwing) re-inits on the next one.
      if (this.worker === worker && this.stateValue === 'idle') {
        this.worker = undefined;
        this.stateValue = 'reset';
      }
    });
    let timer: NodeJS.Timeout | undefined;
    let sampler: NodeJS.Timeout | undefined;
    type BootEnd = ReadyFrame | InitErrorFrame | { t: 'exit'; exit: ProcessExit } | { t: 'timeout' } | { t: 'closed' };
    const end = await new Promise<BootEnd>((resolve) => {
      this.onControl = (frame) => {
        if (frame.t !== 'done') {
          this.sampleMemory();
          resolve(frame);
        }
      };
      this.onClose = () => resolve({ t: 'closed' });
      void worker.exited.then((exit) => resolve({ t: 'exit', exit }));
      timer = setTimeout(() => resolve({ t: 'timeout' }), budgetMs);
      sampler = setInterval(() => this.sampleMemory(), settings.memorySampleIntervalMs);
    });
    clearTimeout(timer);
    clearInterval(sampler);
    this.onControl = undefined;
    this.onClose = undefined;
    const elapsedMs = performance.now() - startedAt;
    switch (end.t) {
      case 'ready':
        return { kind: 'ready', initDurationMs: end.initDurationMs };
      case 'init-error':
        await this.discardWorker();
        return { kind: 'failed', status: 'error', ...end };
      case 'exit':
        this.worker = undefined;
        if (isShuttingDown()) return { kind: 'closed' };
        return {
          kind: 'failed',
          status: 'error',
          errorType: 'Runtime.ExitError',
          errorMessage: `Runtime exited with error: ${toExitDescription(end.exit)}`,
          initDurationMs: elapsedMs,
        };
      case 'timeout':
        await this.discardWorker();
        return {
          kind: 'failed',
          status: 'timeout',
          errorType: 'Sandbox.Timedout',
          errorMessage: `Init timed out after ${(budgetMs / 1000).toFixed(2)} seconds`,
          initDurationMs: elapsedMs,
        };
      case 'closed':
        return { kind: 'closed' };
    }
  }

  private async run(request: InvocationRequest, coldStart: ColdStart): Promise<InvokeOutcome> {
    const { settings } = this;
    const worker = this.worker;
    if (worker === undefined) return this.closedOutcome(request, coldStart.cold);
    const remainingMs = Math.max(1, settings.timeoutMs - coldStart.reinitMs);
    const limitKib = settings.memorySizeMb * 1024;
    const startedAtMs = this.now();
    this.emit(formatStartLine(request.requestId, settings.version), startedAtMs);
    this.probe?.reset();
    // A worker that dies before the first periodic sample still gets this invocation's figure, not the last one's.
    this.sampleMemory();
    const runStartedAt = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let sampler: NodeJS.Timeout | undefined;
    const end = await new Promise<RunEnd>((resolve) => {
      this.onControl = (frame) => {
        if (frame.t === 'done' && frame.requestId === request.requestId) resolve({ kind: 'done', frame });
      };
      this.onClose = () => resolve({ kind: 'closed' });
      void worker.exited.then((exit) => resolve({ kind: 'exit', exit }));
      timer = setTimeout(() => resolve({ kind: 'timeout', atMs: this.now() }), remainingMs);
      sampler = setInterval(() => {
        if ((this.sampleMemory() ?? 0) > limitKib) resolve({ kind: 'oom' });
      }, settings.memorySampleIntervalMs);
      // A worker that died before this send is reported through `exited` above.
      worker.send({
        type: 'invoke',
        requestId: request.requestId,
        event: request.event,
        deadlineMs: startedAtMs + remainingMs,
        traceHeader: request.traceHeader,
        invokedFunctionArn: settings.functionArn,
      });
    });
    clearTimeout(timer);
    clearInterval(sampler);
    this.onControl = undefined;
    this.onClose = undefined;
    const ranMs = performance.now() - runStartedAt;

    switch (end.kind) {
      case 'closed':
        return this.closedOutcome(request, coldStart.cold);
      case 'done': {
        worker.flush();
        if ((this.sampleMemory() ?? 0) > limitKib) return this.finishOutOfMemory(request, coldStart, ranMs);
        const { frame } = end;
        const failed = frame.errorType !== undefined;
        const outcome = this.finish(request, coldStart, {
          durationMs: coldStart.reinitMs + frame.durationMs,
          maxMemoryUsedMb: this.peakMemoryMb(),
          kind: failed ? 'error' : 'success',
          errorType: frame.errorType,
          errorMessage: frame.errorMessage,
        });
        if (this.stateValue === 'busy') this.stateValue = 'idle';
        return failed ? outcome : { ...outcome, response: parseResponse(frame.responseJson) };
      }
      case 'timeout': {
        this.sampleMemory();
        await this.discardWorker();
        this.emit(formatTimeoutLine(end.atMs, request.requestId, settings.timeoutMs), end.atMs);
        return this.finishReset(request, coldStart, {
          durationMs: settings.timeoutMs,
          maxMemoryUsedMb: this.peakMemoryMb(),
          kind: 'timeout',
          status: 'timeout',
          errorType: 'Sandbox.Timedout',
          errorMessage: `Task timed out after ${(settings.timeoutMs / 1000).toFixed(2)} seconds`,
        });
      }
      case 'oom':
        return this.finishOutOfMemory(request, coldStart, ranMs);
      case 'exit': {
        this.worker = undefined;
        if (isShuttingDown()) return this.closedOutcome(request, coldStart.cold);
        const description = toExitDescription(end.exit);
        this.emit(formatRuntimeExitLine(request.requestId, end.exit));
        return this.finishReset(request, coldStart, {
          durationMs: coldStart.reinitMs + ranMs,
          maxMemoryUsedMb: this.peakMemoryMb(),
          kind: 'crash',
          status: 'error',
          errorType: 'Runtime.ExitError',
          reportErrorType: 'Runtime.ExitError',
          errorMessage: `Runtime exited with error: ${description}`,
        });
      }
    }
  }

  private async finishOutOfMemory(
    request: InvocationRequest,
    coldStart: ColdStart,
    ranMs: number,
  ): Promise<InvokeOutcome> {
    await this.discardWorker();
    const killed: ProcessExit = { code: null, signal: 'SIGKILL' };
    this.emit(formatRuntimeExitLine(request.requestId, killed));
    return this.finishReset(request, coldStart, {
      durationMs: coldStart.reinitMs + ranMs,
      // Lambda reports an out-of-memory invocation at the full memory size.
      maxMemoryUsedMb: this.settings.memorySizeMb,
      kind: 'oom',
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
      reportErrorType: 'Runtime.OutOfMemory',
      errorMessage: `Runtime exited with error: ${toExitDescription(killed)}`,
    });
  }

  private finishReset(request: InvocationRequest, coldStart: ColdStart, result: FinishFields): InvokeOutcome {
    const outcome = this.finish(request, coldStart, result);
    if (this.stateValue === 'busy') this.stateValue = 'reset';
    return outcome;
  }

  /** Writes END and REPORT and returns the outcome built from the same figures. */
  private finish(request: InvocationRequest, coldStart: ColdStart, result: FinishFields): InvokeOutcome {
    const { settings } = this;
    const { lines, outcome } = toInvocationEnd({
      requestId: request.requestId,
      functionName: settings.functionName,
      logStream: this.logStream,
      memorySizeMb: settings.memorySizeMb,
      cold: coldStart.cold,
      initDurationMs: coldStart.initDurationMs,
      memoryMeasurement: this.probe?.measurement(),
      ...result,
    });
    for (const line of lines) this.emit(line);
    return outcome;
  }

  private reportFailedInit(
    request: InvocationRequest,
    boot: Extract<BootResult, { kind: 'failed' }>,
    phase: InitPhase,
  ): InvokeOutcome {
    this.emit(
      formatInitReportLine({
        initDurationMs: boot.initDurationMs,
        phase,
        status: boot.status,
        errorType: boot.status === 'error' ? boot.errorType : undefined,
      }),
    );
    this.emit(formatStartLine(request.requestId, this.settings.version));
    return this.finishReset(
      request,
      { cold: true, initDurationMs: undefined, reinitMs: 0 },
      {
        durationMs: boot.initDurationMs,
        maxMemoryUsedMb: this.peakMemoryMb(),
        kind: boot.status === 'timeout' ? 'timeout' : 'error',
        status: boot.status,
        errorType: boot.errorType,
        reportErrorType: boot.status === 'error' ? boot.errorType : undefined,
        errorMessage: boot.errorMessage,
      },
    );
  }

  private peakMemoryMb(): number | undefined {
    if (this.lastPeakKib === undefined) return undefined;
    return Math.min(this.settings.memorySizeMb, toMemoryUsedMb(this.lastPeakKib));
  }

  private closedOutcome(request: InvocationRequest, cold: boolean): InvokeOutcome {
    return { kind: 'closed', requestId: request.requestId, functionName: this.settings.functionName, cold };
  }
}
