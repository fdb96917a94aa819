import { describe, expect, it } from 'vitest';
import {
  LOCAL_FLAG_SPECS,
  LOCAL_USAGE,
  parseDurationMs,
  parseLocalArgs,
  parseLocalFlags,
  parseMemorySizeMb,
  parseRatePerSecond,
  toFunctionName,
} from '../../src/local/index.js';

describe('parseRatePerSecond', () => {
  it.each([
    ['20', 20],
    ['20/s', 20],
    ['20/sec', 20],
    ['0.5/s', 0.5],
    ['300/min', 5],
    ['120/m', 2],
    ['3600/h', 1],
    [' 7/S ', 7],
  ])('reads %j as %f per second', (text, rate) => {
    expect(parseRatePerSecond(text)).toBeCloseTo(rate, 10);
  });

  it.each(['', 'fast', '20/day', '-1/s', '1e3/s', '/s', '20 / s'])('refuses %j', (text) => {
    expect(parseRatePerSecond(text)).toBeUndefined();
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['2m', 120_000],
    ['2min', 120_000],
    ['1h', 3_600_000],
    ['45', 45_000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'soon', '3 s', '-3s', '3d', 's'])('refuses %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('parseMemorySizeMb', () => {
  it.each([
    ['256', 256],
    ['256MB', 256],
    ['10240mb', 10_240],
  ])('reads %j as %i', (text, mb) => {
    expect(parseMemorySizeMb(text)).toBe(mb);
  });

  it.each(['', '1GB', '256.5', 'lots'])('refuses %j', (text) => {
    expect(parseMemorySizeMb(text)).toBeUndefined();
  });
});

describe('parseLocalArgs', () => {
  it('fills in the defaults around the handler file', () => {
    expect(parseLocalArgs(['./src/get-order.mjs'])).toEqual({
      ok: true,
      options: {
        handlerPath: './src/get-order.mjs',
        handlerExport: 'handler',
        functionName: 'get-order',
        eventPath: undefined,
        ratePerSecond: 10,
        durationMs: 30_000,
        memorySizeMb: 128,
        timeoutMs: 3_000,
        maxEnvironments: undefined,
        idleTimeoutMs: undefined,
        report: false,
      },
    });
  });

  it('reads every option, as --flag value and --flag=value', () => {
    const parsed = parseLocalArgs([
      '--event',
      'event.json',
      './handler.js',
      '--rate=20/s',
      '--duration',
      '2m',
      '--memory',
      '256',
      '--timeout=500ms',
      '--handler',
      'api.main',
      '--name',
      'orders',
      '--concurrency',
      '4',
      '--idle-timeout',
      '90s',
      '--report',
    ]);
    expect(parsed).toEqual({
      ok: true,
      options: {
        handlerPath: './handler.js',
        handlerExport: 'api.main',
        functionName: 'orders',
        eventPath: 'event.json',
        ratePerSecond: 20,
        durationMs: 120_000,
        memorySizeMb: 256,
        timeoutMs: 500,
        maxEnvironments: 4,
        idleTimeoutMs: 90_000,
        report: true,
      },
    });
  });

  it.each([
    [[], 'give the handler file, e.g. lambdatop local ./handler.js'],
    [['a.js', 'b.js'], 'one handler file only, got a.js b.js'],
    [['a.js', '--rate', 'fast'], "--rate: expected a rate like 20/s, 300/min or 0.5/s, got 'fast'"],
    [['a.js', '--rate', '20000/s'], '--rate: at most 10000/s locally, got 20000/s'],
    [['a.js', '--rate', '0/s'], '--rate: must be above 0, or nothing would run'],
    [['a.js', '--duration', 'soon'], "--duration: expected a duration like 30s, 2m or 500ms, got 'soon'"],
    [['a.js', '--duration', '0s'], '--duration: must be above 0'],
    [['a.js', '--memory', '64'], '--memory: Lambda allows 128 to 10240 MB, got 64'],
    [['a.js', '--memory', '1GB'], "--memory: expected megabytes like 256, got '1GB'"],
    [['a.js', '--timeout', '901s'], '--timeout: must be from 1ms to 900s, got 901s'],
    [['a.js', '--concurrency', '0'], '--concurrency: must be at least 1'],
    [['a.js', '--concurrency', 'two'], "--concurrency: expected a whole number of environments like 5, got 'two'"],
    [['a.js', '--handler', 'no way'], "--handler: expected an export name like handler, got 'no way'"],
    [['a.js', '--name', 'has space'], "--name: use 1 to 64 letters, digits, hyphens or underscores, got 'has space'"],
    [['a.js', '--rate'], '--rate needs a value'],
    [['a.js', '--rate', '--report'], '--rate needs a value'],
    [['a.js', '--rate', '1', '--rate', '2'], '--rate is given twice'],
    [['a.js', '--report=yes'], '--report takes no value'],
    [['a.js', '--verbose'], 'unknown option --verbose'],
  ])('refuses %j with one clear line', (argv, error) => {
    expect(parseLocalArgs(argv)).toEqual({ ok: false, error });
  });
});

describe('parseLocalFlags', () => {
  it('validates flags a generic parser already split exactly as parseLocalArgs does', () => {
    const fromArgv = parseLocalArgs(['./h.mjs', '--rate', '5/s', '--memory', '512', '--report']);
    const fromFlags = parseLocalFlags({ rate: '5/s', memory: ['512'], report: true, timeout: undefined }, ['./h.mjs']);
    expect(fromFlags).toEqual(fromArgv);
    expect(fromFlags.ok && fromFlags.options.memorySizeMb).toBe(512);
  });

  it.each([
    [{ rate: ['1/s', '2/s'] }, '--rate is given twice'],
    [{ rate: true }, '--rate needs a value'],
    [{ report: 'yes' }, '--report takes no value'],
    [{ verbose: true }, 'unknown option --verbose'],
    [{ memory: '64' }, '--memory: Lambda allows 128 to 10240 MB, got 64'],
  ])('refuses %j with the same one-line errors', (flags, error) => {
    expect(parseLocalFlags(flags, ['./h.mjs'])).toEqual({ ok: false, error });
  });

  it('leaves a flag set to false unset', () => {
    const parsed = parseLocalFlags({ report: false }, ['./h.mjs']);
    expect(parsed.ok && parsed.options.report).toBe(false);
  });
});

describe('LOCAL_USAGE', () => {
  it('lists every flag once, with its value name', () => {
    for (const [flag, spec] of Object.entries(LOCAL_FLAG_SPECS)) {
      const synopsis = 'valueName' in spec ? `--${flag} ${spec.valueName}` : `--${flag}`;
      expect(LOCAL_USAGE.split('\n').filter((line) => line.trimStart().startsWith(`${synopsis} `))).toHaveLength(1);
    }
    expect(LOCAL_USAGE.split('\n')[0]).toBe('usage: lambdatop local HANDLER_FILE [options]');
  });
});

describe('toFunctionName', () => {
  it.each([
    ['./src/get-order.mjs', 'get-order'],
    ['handler.js', 'handler'],
    ['/a/b/my handler (v2).cjs', 'my-handler-v2'],
    ['./....js', 'local-function'],
    [`${'x'.repeat(80)}.js`, 'x'.repeat(64)],
  ])('names %j %j', (path, name) => {
    expect(toFunctionName(path)).toBe(name);
  });
});
