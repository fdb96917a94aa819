import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuiltSdk } from './built-sdk.js';

const RUNNER = fileURLToPath(new URL('../fixtures/run-invocations.mjs', import.meta.url));

export const LAMBDA_ENV: Readonly<Record<string, string>> = {
  AWS_LAMBDA_FUNCTION_NAME: 'orders-fn',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders-fn',
  AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/05/[$LATEST]8d2b3f5a9c1e4d7f8a6b5c4d3e2f1a0b',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
  AWS_REGION: 'eu-west-1',
  TZ: ':UTC',
};

export interface Invocation {
  readonly event?: unknown;
  readonly remainingMs?: number;
  readonly requestId?: string;
  readonly traceHeader?: string;
  readonly idleMs?: number;
}

export interface ChildRun {
  readonly stdout: string;
  /** stdout split into lines, each parsed; throws if any line is not exactly one JSON object. */
  readonly lines: Record<string, unknown>[];
  readonly stderr: string;
  readonly results: { requestId: string; value?: unknown; error?: { name: string; message: string } }[];
  /** After the last invocation: the packages in the module cache and the Node built-ins loaded (for lazy loading). */
  readonly loaded: { readonly packages: string[]; readonly builtins: string[] } | undefined;
  /** With `otel`: every span the child's provider finished. */
  readonly spans: ChildSpan[] | undefined;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  readonly invocations: readonly Invocation[];
  readonly mode?: 'sequential' | 'overlapping';
  readonly handlerModule?: string;
  /** Added to the Lambda-like environment; undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Exit once the invocations are done, even if a socket (the CloudWatch agent's) is still open. */
  readonly exitWhenDone?: boolean;
  /** Kill the child with SIGKILL at the first invocation's deadline, the way Lambda ends a timed-out function. */
  readonly killAtDeadline?: boolean;
  /** Close the read end of stdout at once, so the child's writes fail with EPIPE. */
  readonly closeStdout?: boolean;
  /** SIGKILL itself the moment the last invocation resolved: nothing queued after that survives, as in a freeze. */
  readonly killWhenDone?: boolean;
  /** Install `globalThis.awslambda.InvokeStore` returning this X-Ray header, as the Node 22+ runtime does. */
  readonly invokeStoreHeader?: string;
  /** Register the real OpenTelemetry SDK (in-memory exporter) before the handler module loads; see `spans`. */
  readonly otel?: boolean;
}

export interface ChildSpan {
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Record<string, unknown>;
  readonly status: { readonly code: number; readonly message?: string };
}

function parseStdout(stdout: string): Record<string, unknown>[] {
  if (stdout === '') return [];
  if (!stdout.endsWith('\n')) throw new Error(`stdout does not end with a newline: ${stdout.slice(-200)}`);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error(`not a JSON object: ${line}`);
      return parsed as Record<string, unknown>;
    });
}

/** Runs the built SDK in a real Node process with a Lambda-like environment and returns what it wrote. */
export function runChild(options: ChildOptions): Promise<ChildRun> {
  ensureBuiltSdk();
  const plan = {
    invocations: options.invocations,
    mode: options.mode ?? 'sequential',
    handlerModule: options.handlerModule,
    exitWhenDone: options.exitWhenDone ?? false,
    killWhenDone: options.killWhenDone ?? false,
    invokeStoreHeader: options.invokeStoreHeader,
    otel: options.otel ?? false,
  };
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...LAMBDA_ENV };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(process.execPath, [RUNNER, JSON.stringify(plan)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killTimer: NodeJS.Timeout | undefined;
  if (options.closeStdout) child.stdout.destroy();
  else
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (options.killAtDeadline && killTimer === undefined) {
      const invoke = /^INVOKE (.*)$/m.exec(stderr);
      if (invoke?.[1] !== undefined) {
        const { deadlineMs } = JSON.parse(invoke[1]) as { deadlineMs: number };
        killTimer = setTimeout(() => child.kill('SIGKILL'), Math.max(0, deadlineMs - Date.now()));
      }
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(killTimer);
      try {
        const results = [...stderr.matchAll(/^RESULT (.*)$/gm)].map(
          (match) => JSON.parse(match[1] ?? 'null') as ChildRun['results'][number],
        );
        const loaded = /^LOADED (.*)$/m.exec(stderr)?.[1];
        const spans = /^SPANS (.*)$/m.exec(stderr)?.[1];
        resolve({
          stdout,
          lines: parseStdout(stdout),
          stderr,
          results,
          loaded: loaded === undefined ? undefined : (JSON.parse(loaded) as ChildRun['loaded']),
          spans: spans === undefined ? undefined : (JSON.parse(spans) as ChildSpan[]),
          exitCode,
          signal,
        });
      } catch (error) {
        reject(error);
      }
    });
  });
}
