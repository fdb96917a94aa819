#!/usr/bin/env node
// `npm run build && node examples/run-example.mjs`: runs examples/orders-api/handler.mjs (wrapped with
// withObservability) in its own Node process, the way Lambda would (environment, context, one invocation after another), then prints what the function wrote to
// stdout — the lines CloudWatch Logs would receive — and a decoded summary of the EMF metrics and log lines.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SDK_METRICS } from '@lambdatop/sdk/catalog';

const FUNCTION_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'orders-api',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders-api',
  AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/05/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  AWS_REGION: 'eu-west-1',
};

const order = (id, quantity, unitPrice) => ({ body: JSON.stringify({ id, quantity, unitPrice }) });
const INVOCATIONS = [
  { label: 'cold start', event: order('o-1001', 2, 19.5) },
  { label: 'warm', event: order('o-1002', 1, 42) },
  { label: 'warm', event: order('o-1003', 5, 3.25) },
  { label: 'warm, throws', event: order('o-1004', 0, 10) },
  { label: 'warm, runs into its timeout margin', event: { ...order('o-1005', 3, 7), slowMs: 450 }, remainingMs: 700 },
];

/** The function process: a minimal stand-in for the Lambda runtime. Reports to the parent on stderr. */
async function runFunction() {
  const { handler } = await import('./orders-api/handler.mjs');
  for (const [index, invocation] of INVOCATIONS.entries()) {
    const requestId = `8f5e7a2c-41d3-4b6e-9c0a-${String(index + 1).padStart(12, '0')}`;
    const deadlineMs = Date.now() + (invocation.remainingMs ?? 3000);
    process.env._X_AMZN_TRACE_ID = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${requestId.replaceAll('-', '').slice(0, 24)};Parent=53995c3f42cd8ad8;Sampled=0`;
    const context = {
      awsRequestId: requestId,
      functionName: FUNCTION_ENV.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: FUNCTION_ENV.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: FUNCTION_ENV.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
      logGroupName: FUNCTION_ENV.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: FUNCTION_ENV.AWS_LAMBDA_LOG_STREAM_NAME,
      getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    };
    const started = performance.now();
    let outcome;
    try {
      outcome = { result: await handler(invocation.event, context) };
    } catch (error) {
      outcome = { error: `${error.name}: ${error.message}` };
    }
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    process.stderr.write(`${JSON.stringify({ requestId, label: invocation.label, durationMs, ...outcome })}\n`);
  }
}

function decodeMetrics(document) {
  const directive = document._aws.CloudWatchMetrics[0];
  return directive.Metrics.map(({ Name, Unit, StorageResolution }) => {
    const value = document[Name];
    return `${Name}=${Array.isArray(value) ? `[${value.join(', ')}]` : value}${Unit === 'None' ? '' : ` ${Unit}`}${StorageResolution === 1 ? ' (1 s)' : ''}`;
  });
}

async function runAndShow() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, ...FUNCTION_ENV, RUN_EXAMPLE_AS_FUNCTION: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  const exitCode = await new Promise((resolve) => child.on('close', resolve));
  if (exitCode !== 0) {
    process.stderr.write(`the example function exited with ${exitCode}:\n${stderr}`);
    process.exitCode = 1;
    return;
  }
  const lines = stdout.split('\n').filter((line) => line !== '');
  const invocations = stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

  console.log(`\n== What the function wrote to stdout (${lines.length} lines, each one JSON object) ==\n`);
  for (const line of lines) console.log(line);

  const parsed = lines.map((line) => JSON.parse(line));
  console.log('\n== Decoded, per invocation ==');
  for (const invocation of invocations) {
    const mine = parsed.filter((line) => line.requestId === invocation.requestId);
    const outcome = invocation.error ? `threw ${invocation.error}` : `returned ${invocation.result.statusCode}`;
    console.log(`\n${invocation.requestId}  (${invocation.label}; ${outcome}; ${invocation.durationMs} ms)`);
    for (const line of mine) {
      if ('_aws' in line) {
        const flags = [
          `coldStart=${line.coldStart}`,
          line.proactiveInit === undefined ? '' : `proactiveInit=${line.proactiveInit}`,
          `initType=${line.initType}`,
        ]
          .filter(Boolean)
          .join(' ');
        console.log(
          `  metrics  ${line._aws.CloudWatchMetrics[0].Namespace} {service=${line.service}, stage=${line.stage}}  ${flags}`,
        );
        console.log(`           ${decodeMetrics(line).join(', ')}`);
      } else {
        const detail = line.lambdatop ? ` [${line.lambdatop}${line.kind ? `: ${line.kind}` : ''}]` : '';
        console.log(`  log      ${line.level.padEnd(5)} ${line.msg}${detail}`);
      }
    }
  }
  const documents = parsed.filter((line) => '_aws' in line);
  const totals = new Map();
  for (const document of documents) {
    for (const { Name } of document._aws.CloudWatchMetrics[0].Metrics) {
      const values = [document[Name]].flat();
      totals.set(Name, (totals.get(Name) ?? 0) + values.reduce((sum, value) => sum + value, 0));
    }
  }
  console.log(`\n== Totals over ${invocations.length} invocations, ${documents.length} EMF documents ==`);
  for (const name of [
    'OrdersPlaced',
    'ItemsOrdered',
    'OrderValue',
    SDK_METRICS.coldStart.name,
    SDK_METRICS.timeoutImminent.name,
  ]) {
    console.log(`  ${name.padEnd(16)} ${totals.get(name) ?? 0}`);
  }
  const levels = new Map();
  for (const line of parsed) if (!('_aws' in line)) levels.set(line.level, (levels.get(line.level) ?? 0) + 1);
  console.log(`  log lines        ${[...levels].map(([level, count]) => `${count} ${level}`).join(', ')}\n`);
}

if (process.env.RUN_EXAMPLE_AS_FUNCTION) await runFunction();
else await runAndShow();
