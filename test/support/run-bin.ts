import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The CLI as shipped: the esbuild bundle that `npm run build` writes. */
export const LAMBDATOP_BIN = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'dist', 'bin.js');

export interface ProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** The child's whole environment; without it, this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Piped in, then closed; without it, stdin is /dev/null. */
  readonly stdin?: string | Buffer;
  /** Node's own flags, before the bin (`--import`, a loader hook). */
  readonly nodeArgs?: readonly string[];
  /** Told the child as soon as it exists, so that a test can kill what a failed assertion left running. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

export interface StartedProcess {
  readonly child: ChildProcess;
  /** What the child has written so far. */
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<ProcessRun>;
}

/** Starts `command` with stdout and stderr collected as text, for a test that acts while it runs. */
export function startProcess(command: string, args: readonly string[], options: RunOptions = {}): StartedProcess {
  const child = spawn(command, args, {
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ProcessRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs `command` to its end; a spawn failure rejects, any exit status resolves. */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  return startProcess(command, args, options).exited;
}

/** The real `lambdatop` bin in a child Node process. */
export function startBin(args: readonly string[], options: RunOptions = {}): StartedProcess {
  return startProcess(process.execPath, [...(options.nodeArgs ?? []), LAMBDATOP_BIN, ...args], options);
}

export function runBin(args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  return startBin(args, options).exited;
}

/** A user with fake keys and nothing else: no ~/.aws (`home` is empty), no Region unless `extra` gives one. */
export function fakeUserEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', ...extra };
}
