import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toArrivalGapMs } from '../../src/local/arrival-schedule.js';
import { createEventBuffer } from '../../src/local/event-buffer.js';
import {
  toFunctionArn,
  toRuntimeVersion,
  toRuntimeVersionArn,
  toV8HeapArgs,
} from '../../src/local/lambda-constants.js';
import { createTraceHeader, toLogStreamName, toTraceHeader } from '../../src/local/lambda-identifiers.js';
import { parseProcStatusKib, toMemoryUsedMb } from '../../src/local/memory-probe.js';
import { resolveFunctionSettings } from '../../src/local/resolve-function-settings.js';

describe('Lambda identifiers', () => {
  it('names a log stream by its creation day (UTC), version and environment id', () => {
    expect(toLogStreamName(Date.parse('2021-12-10T23:59:59.999Z'), '$LATEST', '8b8754041414437ca5b22b9106549a2f')).toBe(
      '2021/12/10/[$LATEST]8b8754041414437ca5b22b9106549a2f',
    );
  });

  it('builds the X-Ray header Lambda passes with tracing off', () => {
    expect(toTraceHeader(Date.parse('2016-06-09T22:11:20.789Z'), 'bd862e3fe1be46a994272793', '53995c3f42cd8ad8')).toBe(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0',
    );
    expect(createTraceHeader(Date.now())).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  });

  it('shapes runtime versions and ARNs like the real ones', () => {
    expect(toRuntimeVersion('20.20.2')).toBe('nodejs:20.v20');
    expect(toRuntimeVersionArn('us-west-2', 'nodejs:20.v20')).toMatch(
      /^arn:aws:lambda:us-west-2::runtime:[0-9a-f]{64}$/,
    );
    expect(toRuntimeVersionArn('eu-west-1', 'nodejs:20.v20')).toBe(toRuntimeVersionArn('eu-west-1', 'nodejs:20.v20'));
    expect(toFunctionArn('eu-west-1', '123456789012', 'orders')).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:function:orders',
    );
  });

  it("gives V8 the runtime bootstrap's heap split: a tenth new space, the rest old space", () => {
    expect(toV8HeapArgs(128)).toEqual(['--max-semi-space-size=6', '--max-old-space-size=116']);
    expect(toV8HeapArgs(1024)).toEqual(['--max-semi-space-size=51', '--max-old-space-size=922']);
  });
});

describe('resolveFunctionSettings', () => {
  const host = { workerPath: '/opt/harness/lambda-worker.js', nodeVersion: '20.20.2', pathEnv: '/usr/bin' };

  it("puts the function's variables under Lambda's own, which cannot be overridden", () => {
    const settings = resolveFunctionSettings(
      {
        name: 'orders',
        handlerPath: '/srv/app/orders.mjs',
        handlerExport: 'main',
        memorySizeMb: 512,
        timeoutMs: 3_000,
        region: 'eu-west-1',
        environment: { TABLE: 'orders', TZ: 'Europe/Paris' },
      },
      host,
    );
    expect(settings.workerEnv).toEqual({
      PATH: '/usr/bin',
      LANG: 'en_US.UTF-8',
      TZ: 'Europe/Paris',
      TABLE: 'orders',
      AWS_LAMBDA_FUNCTION_NAME: 'orders',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      LAMBDA_TASK_ROOT: '/srv/app',
      LAMBDA_RUNTIME_DIR: '/opt/harness',
      _HANDLER: 'orders.main',
    });
    expect(settings).toMatchObject({
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
      logGroup: '/aws/lambda/orders',
      runtimeVersion: 'nodejs:20.v20',
      execArgv: ['--max-semi-space-size=25', '--max-old-space-size=461'],
      idleTimeoutMs: 300_000,
      maxEnvironments: undefined,
    });
  });

  it.each(['AWS_LAMBDA_LOG_STREAM_NAME', '_X_AMZN_TRACE_ID', '_HANDLER', 'LAMBDA_TASK_ROOT'])(
    'refuses to let the function set %s',
    (key) => {
      expect(() =>
        resolveFunctionSettings(
          { name: 'f', handlerPath: 'h.mjs', memorySizeMb: 128, timeoutMs: 1_000, environment: { [key]: 'x' } },
          host,
        ),
      ).toThrow(new RegExp(`${key} is reserved by Lambda`));
    },
  );
});

describe('memory readings', () => {
  // Trimmed from a real /proc/<pid>/status on Linux 6.x.
  const status = [
    'Name:\tnode',
    'State:\tS (sleeping)',
    'VmPeak:\t 1021912 kB',
    'VmSize:\t  987600 kB',
    'VmHWM:\t   46528 kB',
    'VmRSS:\t   44020 kB',
    'RssAnon:\t   10232 kB',
  ].join('\n');

  it('reads the peak and current resident set sizes in KiB', () => {
    expect(parseProcStatusKib(status, 'VmHWM')).toBe(46_528);
    expect(parseProcStatusKib(status, 'VmRSS')).toBe(44_020);
    expect(parseProcStatusKib('Name:\tzombie\nState:\tZ (zombie)', 'VmHWM')).toBeUndefined();
  });

  it('prints whole MB, a started megabyte counting', () => {
    expect(toMemoryUsedMb(46_528)).toBe(46);
    expect(toMemoryUsedMb(46_529)).toBe(46);
    expect(toMemoryUsedMb(1024 * 71 + 1)).toBe(72);
    expect(toMemoryUsedMb(1024 * 71)).toBe(71);
  });
});

describe('createEventBuffer', () => {
  it('hands items over in order and ends once drained', async () => {
    const buffer = createEventBuffer<number>(4);
    buffer.push(1);
    buffer.push(2);
    buffer.end();
    const seen: number[] = [];
    for await (const item of buffer) seen.push(item);
    expect(seen).toEqual([1, 2]);
    expect(buffer.push(3)).toBe(false);
  });

  it('drops and counts what arrives while full, never blocking the producer', async () => {
    const buffer = createEventBuffer<number>(3);
    const accepted = [1, 2, 3, 4, 5].map((item) => buffer.push(item));
    expect(accepted).toEqual([true, true, true, false, false]);
    expect(buffer.dropped()).toBe(2);
    buffer.end();
    const seen: number[] = [];
    for await (const item of buffer) seen.push(item);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('wakes a waiting consumer on the next push', async () => {
    const buffer = createEventBuffer<string>(2);
    const iterator = buffer[Symbol.asyncIterator]();
    const pending = iterator.next();
    buffer.push('late');
    expect(await pending).toEqual({ value: 'late', done: false });
  });

  it('tells the producer side when the consumer leaves early', async () => {
    let left = 0;
    const buffer = createEventBuffer<number>(8, () => {
      left += 1;
    });
    buffer.push(1);
    buffer.push(2);
    for await (const item of buffer) {
      expect(item).toBe(1);
      break;
    }
    expect(left).toBe(1);
    expect(buffer.push(3)).toBe(false);
  });

  it('keeps the order of any interleaving of pushes and pulls within capacity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { maxLength: 60 }), async (steps) => {
        const buffer = createEventBuffer<number>(1_000);
        const iterator = buffer[Symbol.asyncIterator]();
        const pulled: number[] = [];
        let next = 0;
        for (const isPush of steps) {
          if (isPush || buffer.size() === 0) buffer.push(next++);
          else pulled.push((await iterator.next()).value as number);
        }
        buffer.end();
        for (let result = await iterator.next(); result.done !== true; result = await iterator.next()) {
          pulled.push(result.value);
        }
        expect(pulled).toEqual(Array.from({ length: next }, (_unused, index) => index));
      }),
    );
  });

  it('refuses a capacity that cannot hold anything', () => {
    expect(() => createEventBuffer(0)).toThrow(/capacity must be a whole number above 0/);
  });
});

describe('toArrivalGapMs', () => {
  it('spaces even arrivals exactly 1/rate apart', () => {
    expect(toArrivalGapMs('even', 20, Math.random)).toBe(50);
    expect(toArrivalGapMs('even', 0.5, Math.random)).toBe(2_000);
  });

  it('draws Poisson gaps that are positive and finite for any random draw in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0.01, max: 10_000, noNaN: true }),
        (u, rate) => {
          const gap = toArrivalGapMs('poisson', rate, () => u);
          expect(Number.isFinite(gap)).toBe(true);
          expect(gap).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('averages 1/rate over many Poisson gaps', () => {
    // A fixed sequence of evenly spread draws makes the mean exact to within the discretisation.
    const draws = Array.from({ length: 10_000 }, (_unused, index) => (index + 0.5) / 10_000);
    let at = 0;
    const mean = draws.reduce((sum) => sum + toArrivalGapMs('poisson', 50, () => draws[at++] ?? 0), 0) / draws.length;
    expect(mean).toBeCloseTo(20, 0);
  });
});
