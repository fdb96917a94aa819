import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DAEMON_ADDRESS, parseDaemonAddress } from '../../src/xray/parse-daemon-address.js';
import { MAX_STACK_FRAMES, parseStackFrames } from '../../src/xray/parse-stack-frames.js';
import { MAX_ANNOTATION_VALUE_LENGTH, toAnnotation, truncateText } from '../../src/xray/to-annotation.js';
import {
  MAX_DATAGRAM_BYTES,
  type SubsegmentInput,
  toSubsegmentDocument,
} from '../../src/xray/to-subsegment-document.js';
import { MAX_RESPONSE_CHARS, toSubsegmentName, XRaySubsegment } from '../../src/xray/xray-subsegment.js';
import { expectValidDatagram } from '../support/xray-schema.js';

const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT_ID = '53995c3f42cd8ad8';

function subsegment(): XRaySubsegment {
  return new XRaySubsegment({
    handlerName: 'index.handler',
    traceId: TRACE_ID,
    parentId: PARENT_ID,
    startTimeSec: 1767225600.123,
    coldStart: true,
    service: 'orders',
    workingDirectory: '/var/task',
  });
}

const finished = {
  endTimeSec: 1767225600.456,
  threw: false,
  error: undefined,
  httpStatus: undefined,
  responseJson: undefined,
};

describe('parseDaemonAddress', () => {
  it.each([
    ['169.254.79.129:2000', { host: '169.254.79.129', port: 2000 }],
    ['xray-daemon:2000', { host: 'xray-daemon', port: 2000 }],
    ['[::1]:2000', { host: '::1', port: 2000 }],
    ['udp:127.0.0.1:2000 tcp:127.0.0.2:2001', { host: '127.0.0.1', port: 2000 }],
    ['tcp:127.0.0.2:2001 udp:127.0.0.1:3000', { host: '127.0.0.1', port: 3000 }],
    ['127.0.0.1', undefined],
    [':2000', undefined],
    ['127.0.0.1:0', undefined],
    ['127.0.0.1:70000', undefined],
    ['udp:127.0.0.1:2000', undefined],
    ['udp:127.0.0.1:2000 127.0.0.1:2001', undefined],
  ])('%s', (text, expected) => {
    expect(parseDaemonAddress(text)).toEqual(expected);
  });

  it('defaults to the daemon on localhost', () => {
    expect(DEFAULT_DAEMON_ADDRESS).toEqual({ host: '127.0.0.1', port: 2000 });
  });
});

describe('parseStackFrames', () => {
  it('reads V8 frames of CommonJS, ESM, Node internals and locations without a line', () => {
    const stack = [
      'TypeError: order o-17 rejected',
      '    at placeOrder (/var/task/orders.js:12:11)',
      '    at async handler (file:///var/task/index.mjs:30:5)',
      '    at new Order (/var/task/order.js:4:9)',
      '    at /var/task/index.js:7:3',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at Array.map (<anonymous>)',
      '    at async Promise.all (index 0)',
      '    at eval (eval at compile (/var/task/rules.js:3:10), <anonymous>:1:7)',
    ].join('\n');
    expect(parseStackFrames(stack)).toEqual({
      frames: [
        { path: '/var/task/orders.js', line: 12, label: 'placeOrder' },
        { path: 'file:///var/task/index.mjs', line: 30, label: 'async handler' },
        { path: '/var/task/order.js', line: 4, label: 'new Order' },
        { path: '/var/task/index.js', line: 7, label: 'anonymous' },
        { path: 'node:internal/process/task_queues', line: 95, label: 'process.processTicksAndRejections' },
        { path: '<anonymous>', label: 'Array.map' },
        { path: 'index 0', label: 'async Promise.all' },
        { path: '<anonymous>', line: 1, label: 'eval' },
      ],
      truncated: 0,
    });
  });

  it(`keeps ${MAX_STACK_FRAMES} frames and counts the rest`, () => {
    const stack = [
      'Error: deep',
      ...Array.from({ length: 80 }, (_, index) => `    at f${index} (/a.js:${index + 1}:1)`),
    ];
    const parsed = parseStackFrames(stack.join('\n'));
    expect(parsed.frames).toHaveLength(MAX_STACK_FRAMES);
    expect(parsed.truncated).toBe(30);
  });
});

describe('toAnnotation', () => {
  it('sanitises keys to the schema pattern and caps string values', () => {
    expect(toAnnotation('order.id', 'o-17')).toEqual({ key: 'order_id', value: 'o-17' });
    expect(toAnnotation('Größe', 3)).toEqual({ key: 'Gr__e', value: 3 });
    expect(toAnnotation('long', 'x'.repeat(5000))).toEqual({ key: 'long', value: 'x'.repeat(1000) });
    expect(toAnnotation('k'.repeat(900), true)).toEqual({ key: 'k'.repeat(500), value: true });
    expect(toAnnotation('', 1).problem).toContain('non-empty');
    expect(toAnnotation('n', Number.NaN).problem).toContain('finite number');
    expect(toAnnotation('o', { nested: true }).problem).toContain('string, a finite number or a boolean');
    // Cutting never splits a surrogate pair.
    expect(truncateText(`${'a'.repeat(999)}😀`, 1000)).toBe('a'.repeat(999));
  });

  it('yields keys and values the schema accepts, for any input it accepts', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 700 }),
        fc.oneof(fc.string({ maxLength: 1500 }), fc.double(), fc.boolean()),
        (key, value) => {
          const annotation = toAnnotation(key, value);
          if (annotation.problem !== undefined) return;
          expect(annotation.key).toMatch(/^[a-zA-Z0-9_]{1,500}$/);
          if (typeof annotation.value === 'string') {
            expect([...annotation.value].length).toBeLessThanOrEqual(MAX_ANNOTATION_VALUE_LENGTH);
          }
        },
      ),
    );
  });
});

describe('the subsegment document', () => {
  it("is an independent subsegment under Lambda's segment, valid against the schema", () => {
    const recorder = subsegment();
    expect(recorder.annotate('OrderId', 'o-17')).toBeUndefined();
    expect(recorder.addMetadata('order', { id: 'o-17', items: [1, 2] }, undefined)).toBeUndefined();
    const { datagram, dropped } = recorder.finish({ ...finished, httpStatus: 201 });
    expect(dropped).toEqual([]);
    const document = expectValidDatagram(datagram ?? '');
    expect(document).toMatchObject({
      name: '## index.handler',
      id: recorder.id,
      trace_id: TRACE_ID,
      parent_id: PARENT_ID,
      type: 'subsegment',
      start_time: 1767225600.123,
      end_time: 1767225600.456,
      annotations: { ColdStart: true, Service: 'orders', OrderId: 'o-17' },
      metadata: { orders: { order: { id: 'o-17', items: [1, 2] } } },
      http: { response: { status: 201 } },
    });
    expect(document).not.toHaveProperty('fault');
    expect(recorder.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('carries fault and cause, with the Error.cause chain, for a thrown error', () => {
    const rootCause = new Error('connection reset');
    const failure = new TypeError('order o-17 rejected', { cause: rootCause });
    const document = expectValidDatagram(
      subsegment().finish({ ...finished, threw: true, error: failure }).datagram ?? '',
    );
    const cause = document.cause as { working_directory: string; exceptions: Record<string, unknown>[] };
    expect(document.fault).toBe(true);
    expect(cause.working_directory).toBe('/var/task');
    expect(cause.exceptions.map((exception) => [exception.type, exception.message])).toEqual([
      ['TypeError', 'order o-17 rejected'],
      ['Error', 'connection reset'],
    ]);
    expect(cause.exceptions[0]?.cause).toBe(cause.exceptions[1]?.id);
    expect((cause.exceptions[0]?.stack as unknown[] | undefined)?.length).toBeGreaterThan(0);
  });

  it('describes thrown values that are not errors', () => {
    for (const thrown of ['a string', 42, null, undefined, { code: 'E1' }]) {
      const document = expectValidDatagram(
        subsegment().finish({ ...finished, threw: true, error: thrown }).datagram ?? '',
      );
      expect(document.fault).toBe(true);
    }
  });

  it('flags 4xx as error, 429 as throttle and 5xx as fault', () => {
    const flags = (status: number) => {
      const document = expectValidDatagram(subsegment().finish({ ...finished, httpStatus: status }).datagram ?? '');
      return [document.error === true, document.throttle === true, document.fault === true];
    };
    expect(flags(404)).toEqual([true, false, false]);
    expect(flags(429)).toEqual([true, true, false]);
    expect(flags(503)).toEqual([false, false, true]);
  });

  it('marks a timed-out invocation as a fault with the reason', () => {
    const document = expectValidDatagram(subsegment().timedOut(1767225602.9, 2780).datagram ?? '');
    expect(document.fault).toBe(true);
    expect(JSON.stringify(document.cause)).toContain('TimeoutImminent');
  });

  it('refuses what X-Ray would reject and counts it as the right kind', () => {
    const recorder = subsegment();
    expect(recorder.annotate('ColdStart', false)?.kind).toBe('invalid-annotation');
    expect(recorder.annotate('bad', [1])?.kind).toBe('invalid-annotation');
    for (let index = 0; index < 48; index += 1) expect(recorder.annotate(`k${index}`, index)).toBeUndefined();
    expect(recorder.annotate('one_too_many', 1)?.kind).toBe('trace-limit');
    expect(recorder.addMetadata('x', 1, 'AWS.reserved')?.kind).toBe('invalid-metadata');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(recorder.addMetadata('loop', circular, undefined)?.kind).toBe('invalid-metadata');
    expect(recorder.addMetadata('nothing', undefined, undefined)?.kind).toBe('invalid-metadata');
    expect(recorder.addMetadata('huge', 'y'.repeat(40_000), undefined)?.kind).toBe('trace-limit');
    expectValidDatagram(recorder.finish(finished).datagram ?? '');
  });

  it('caps a captured response so the datagram stays under 64 KB', () => {
    const recorder = subsegment();
    const response = JSON.stringify({ rows: 'z'.repeat(200_000) });
    const document = expectValidDatagram(recorder.finish({ ...finished, responseJson: response }).datagram ?? '');
    const captured = (document.metadata as { orders: { response: unknown } }).orders.response;
    expect(typeof captured).toBe('string');
    expect((captured as string).length).toBeLessThanOrEqual(MAX_RESPONSE_CHARS + 1);
    const small = expectValidDatagram(subsegment().finish({ ...finished, responseJson: '{"ok":true}' }).datagram ?? '');
    expect(small.metadata).toEqual({ orders: { response: { ok: true } } });
  });

  it('stays within a datagram whatever it holds, dropping metadata, then frames, then annotations', () => {
    const base: SubsegmentInput = {
      name: '## h',
      id: 'aaaaaaaaaaaaaaaa',
      traceId: TRACE_ID,
      parentId: PARENT_ID,
      startTimeSec: 1,
      endTimeSec: 2,
      ownAnnotations: new Map([['ColdStart', false]]),
      annotations: new Map(),
      metadata: new Map(),
      fault: true,
      error: false,
      throttle: false,
      httpStatus: undefined,
      exceptions: [],
      workingDirectory: '/var/task',
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.stringMatching(/^[a-zA-Z0-9_]{1,20}$/), fc.string({ maxLength: 1000 })), {
          maxLength: 50,
        }),
        fc.array(fc.string({ maxLength: 5000 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 2000 }),
        (annotations, metadata, frames) => {
          const { datagram, dropped } = toSubsegmentDocument({
            ...base,
            annotations: new Map(annotations),
            metadata: new Map([
              ['orders', new Map(metadata.map((value, index) => [`m${index}`, JSON.stringify(value)]))],
            ]),
            exceptions: [
              {
                id: 'bbbbbbbbbbbbbbbb',
                type: 'Error',
                message: 'boom',
                frames: Array.from({ length: frames }, (_, line) => ({
                  path: '/var/task/deep/recursion.js',
                  line,
                  label: 'recurse',
                })),
                truncated: 0,
              },
            ],
          });
          expect(datagram).toBeDefined();
          expect(Buffer.byteLength(datagram ?? '')).toBeLessThanOrEqual(MAX_DATAGRAM_BYTES);
          const document = expectValidDatagram(datagram ?? '');
          if (dropped.includes('metadata')) expect(document).not.toHaveProperty('metadata');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('names the subsegment ## <handler> within the schema pattern', () => {
    expect(toSubsegmentName('index.handler')).toBe('## index.handler');
    expect(toSubsegmentName('src/orders!api*.main')).toBe('## src/orders_api_.main');
    expect(toSubsegmentName('x'.repeat(300))).toHaveLength(200);
  });
});
