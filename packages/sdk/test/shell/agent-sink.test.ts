import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import { type EmfDocument, expectValidEmf, isEmfDocument } from '../support/emf-assertions.js';
import { runChild } from '../support/run-child.js';

/** A real TCP listener standing in for the CloudWatch agent's EMF port: newline-delimited JSON documents. */
async function startAgent(): Promise<{ server: Server; port: number; received: () => string[] }> {
  let buffer = '';
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
    });
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, received: () => buffer.split('\n').filter((line) => line !== '') };
}

let agent: Awaited<ReturnType<typeof startAgent>> | undefined;
afterEach(async () => {
  await new Promise((resolve) => agent?.server.close(resolve) ?? resolve(undefined));
  agent = undefined;
});

const OUTSIDE_LAMBDA = {
  AWS_LAMBDA_FUNCTION_NAME: undefined,
  AWS_LAMBDA_INITIALIZATION_TYPE: undefined,
  AWS_EMF_ENVIRONMENT: 'Agent',
};

describe('outside Lambda, through the CloudWatch agent', () => {
  it("sends each invocation's documents over TCP with aws-embedded-metrics' agent sink", async () => {
    agent = await startAgent();
    const run = await runChild({
      invocations: [{ event: { id: 'o-1', quantity: 4 } }, { event: { id: 'o-2' } }],
      env: {
        ...OUTSIDE_LAMBDA,
        AWS_EMF_AGENT_ENDPOINT: `tcp://127.0.0.1:${agent.port}`,
        AWS_EMF_LOG_GROUP_NAME: 'shop-metrics',
      },
      exitWhenDone: true,
    });
    expect(run.exitCode).toBe(0);
    expect(run.results.map((result) => result.value)).toEqual([
      { id: 'o-1', ok: true, coldStart: true },
      { id: 'o-2', ok: true, coldStart: false },
    ]);
    // Metrics went to the agent, not stdout; the logs stayed on stdout.
    expect(run.lines.filter(isEmfDocument)).toEqual([]);
    expect(run.lines.find((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.config)).toMatchObject({
      config: { metrics: `cloudwatch-agent (Agent) tcp://127.0.0.1:${agent.port}` },
    });
    const documents: EmfDocument[] = agent.received().map(expectValidEmf);
    expect(documents.map((document) => [document.orderId, document.ItemsReserved, document._aws.LogGroupName])).toEqual(
      [
        ['o-1', 4, 'shop-metrics'],
        ['o-2', 1, 'shop-metrics'],
      ],
    );
    expect(documents[0]).toMatchObject({ service: 'orders', coldStart: true, ColdStart: 1 });
    expect(documents.map((document) => document.requestId)).toEqual(run.results.map((result) => result.requestId));
  });

  it('keeps the function working when the agent is not there, and warns once', async () => {
    agent = await startAgent();
    const { port } = agent;
    await new Promise((resolve) => agent?.server.close(resolve));
    agent = undefined;
    const run = await runChild({
      invocations: [{ event: { id: 'o-1' } }, { event: { id: 'o-2' } }],
      env: { ...OUTSIDE_LAMBDA, AWS_EMF_AGENT_ENDPOINT: `tcp://127.0.0.1:${port}` },
      exitWhenDone: true,
    });
    expect(run.results.map((result) => result.value)).toEqual([
      { id: 'o-1', ok: true, coldStart: true },
      { id: 'o-2', ok: true, coldStart: false },
    ]);
    const warnings = run.lines.filter((line) => line.kind === 'agent-send-failed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'WARN', [SDK_LINE_KEY]: SDK_LINE_KINDS.warning });
    expect(String(warnings[0]?.detail)).toContain('ECONNREFUSED');
  });
});
