import { PassThrough, Writable } from 'node:stream';
import { type LocalAws, type LocalAwsOptions, startLocalAws } from '../../../../../test/support/aws-local/index.js';
import { runCli } from '../../../src/cli.js';
import { byStream, createLambdaLog, type LambdaLog, type LambdaLogOptions } from './lambda-log-events.js';

/** Fake credentials: the local server checks that requests are signed, not by whom. */
export const FAKE_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
  AWS_REGION: 'us-east-1',
} as const;

export async function startLocalCloudWatch(options: LocalAwsOptions = {}): Promise<LocalAws> {
  return startLocalAws(options);
}

/** Registers the function with the local Lambda API and writes its logs; returns what was written. */
export function seedFunction(
  aws: LocalAws,
  log: LambdaLogOptions & { readonly logGroup?: string; readonly register?: boolean; readonly systemLogLevel?: string },
): LambdaLog {
  const seeded = createLambdaLog(log);
  const group = log.logGroup ?? `/aws/lambda/${log.functionName}`;
  if (log.register !== false) {
    aws.lambda.putFunction({
      functionName: log.functionName,
      memorySizeMb: log.memorySizeMb ?? 512,
      timeoutSeconds: 3,
      architecture: 'arm64',
      ...(log.logGroup === undefined ? {} : { logGroup: log.logGroup }),
      ...(log.systemLogLevel === undefined ? {} : { logFormat: 'JSON', systemLogLevel: log.systemLogLevel }),
    });
  }
  aws.logs.createLogGroup(group);
  for (const [stream, events] of byStream(seeded.events)) aws.logs.putLogEvents(group, stream, events);
  return seeded;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}

/** Runs the CLI in this process against the local server (`--endpoint-url` unless told not to) with fake credentials. */
export async function runLambdatop(
  aws: LocalAws,
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly now?: () => number; readonly endpoint?: boolean } = {},
): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const code = await runCli([...args, ...(options.endpoint === false ? [] : ['--endpoint-url', aws.endpoint])], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin,
    env: { ...FAKE_AWS_ENV, ...options.env },
    now: options.now ?? Date.now,
    stdoutIsTty: false,
    columns: undefined,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
