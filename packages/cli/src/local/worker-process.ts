import { type ChildProcess, fork } from 'node:child_process';
import { guardWorker } from './orphan-guard.js';
import type { ProcessExit } from './platform-lines.js';
import { createWorkerOutputDecoder, type WorkerOutput } from './worker-output-decoder.js';
import type { InvokeMessage } from './worker-protocol.js';

export interface WorkerSpawnOptions {
  readonly workerPath: string;
  readonly handlerPath: string;
  readonly handlerExport: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly execArgv: readonly string[];
  /** Called in output order; `receivedAtMs` is when the harness read it. */
  readonly onOutput: (output: WorkerOutput, receivedAtMs: number) => void;
  readonly now: () => number;
}

/** One runtime process. Its output keeps flowing to `onOutput` until `exited` resolves. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  /** False when the worker can no longer receive (it died). */
  send(message: InvokeMessage): boolean;
  /** Emits text written without a final newline as its own line. */
  flush(): void;
  kill(): void;
  hasExited(): boolean;
  /** Resolves once the process has exited and all its output has been passed on. */
  readonly exited: Promise<ProcessExit>;
}

function attachDecoder(
  stream: NodeJS.ReadableStream | null,
  onOutput: WorkerSpawnOptions['onOutput'],
  now: () => number,
): () => void {
  const decoder = createWorkerOutputDecoder();
  const deliver = (outputs: readonly WorkerOutput[]): void => {
    const receivedAtMs = now();
    for (const output of outputs) onOutput(output, receivedAtMs);
  };
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => deliver(decoder.push(chunk)));
  return () => deliver(decoder.flush());
}

export function spawnWorker(options: WorkerSpawnOptions): WorkerProcess {
  const child: ChildProcess = fork(options.workerPath, [options.handlerPath, options.handlerExport], {
    cwd: options.cwd,
    env: options.env,
    // Never inherit the harness's own flags (a test runner's loaders, an inspector).
    execArgv: [...options.execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  guardWorker(child);
  const flushStdout = attachDecoder(child.stdout, options.onOutput, options.now);
  const flushStderr = attachDecoder(child.stderr, options.onOutput, options.now);
  let exitedFlag = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    const finish = (exit: ProcessExit): void => {
      if (exitedFlag) return;
      exitedFlag = true;
      flushStdout();
      flushStderr();
      resolve(exit);
    };
    // 'close' comes after 'exit' and after stdout and stderr have ended: no output is left behind.
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => finish({ code, signal }));
    // A process that never started has no 'close' to wait for; other errors (a send to a dead process) end in 'close'.
    child.on('error', () => {
      if (child.pid === undefined) finish({ code: null, signal: null });
    });
  });

  return {
    pid: child.pid,
    send(message) {
      if (exitedFlag || !child.connected) return false;
      try {
        return child.send(message, () => {});
      } catch {
        return false;
      }
    },
    flush() {
      flushStdout();
      flushStderr();
    },
    kill() {
      if (exitedFlag) return;
      try {
        child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    },
    hasExited: () => exitedFlag,
    exited,
  };
}
