import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkerOutputDecoder, type WorkerOutput } from '../../src/local/worker-output-decoder.js';
import { encodeFrame, FRAME_MARKER, parseWorkerFrame, type WorkerFrame } from '../../src/local/worker-protocol.js';

function decodeAll(chunks: readonly string[], maxLineChars?: number): WorkerOutput[] {
  const decoder = createWorkerOutputDecoder(maxLineChars);
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.flush()];
}

const log = (message: string): WorkerFrame => ({ t: 'log', ts: 1, message });

describe('createWorkerOutputDecoder', () => {
  it('separates raw lines from frames, in write order', () => {
    const stream = [
      '{"_aws":{"Timestamp":1},"Orders":3}\n',
      encodeFrame(log('2024-01-01T00:00:00.000Z\tid\tINFO\tmulti\nline')),
      '{"level":"INFO","msg":"pino"}\n',
      encodeFrame({ t: 'done', requestId: 'id', durationMs: 1.5, responseJson: '{"ok":true}' }),
    ].join('');
    expect(decodeAll([stream])).toEqual([
      { kind: 'line', text: '{"_aws":{"Timestamp":1},"Orders":3}' },
      { kind: 'frame', frame: log('2024-01-01T00:00:00.000Z\tid\tINFO\tmulti\nline') },
      { kind: 'line', text: '{"level":"INFO","msg":"pino"}' },
      { kind: 'frame', frame: { t: 'done', requestId: 'id', durationMs: 1.5, responseJson: '{"ok":true}' } },
    ]);
  });

  it('completes raw text written without a newline with the raw text that follows a frame', () => {
    expect(decodeAll([`partial ${encodeFrame(log('x'))}rest\n`])).toEqual([
      { kind: 'frame', frame: log('x') },
      { kind: 'line', text: 'partial rest' },
    ]);
  });

  it('emits a dangling partial line on flush, and counts a frame cut off by death as damaged', () => {
    expect(decodeAll(['no newline at the end'])).toEqual([{ kind: 'line', text: 'no newline at the end' }]);
    expect(decodeAll([`${FRAME_MARKER}{"t":"do`])).toEqual([{ kind: 'bad-frame', text: '{"t":"do' }]);
  });

  it('skips empty lines and reports a frame of the wrong shape instead of throwing', () => {
    expect(decodeAll(['\n\n', `${FRAME_MARKER}{"t":"done"}\n`, `${FRAME_MARKER}not json\n`])).toEqual([
      { kind: 'bad-frame', text: '{"t":"done"}' },
      { kind: 'bad-frame', text: 'not json' },
    ]);
  });

  it('cuts a runaway raw line at the limit rather than buffering without bound', () => {
    const outputs = decodeAll(['x'.repeat(25), 'y'.repeat(10)], 20);
    expect(outputs).toEqual([
      { kind: 'line', text: 'x'.repeat(25) },
      { kind: 'line', text: 'y'.repeat(10) },
    ]);
  });

  it('decodes the same outputs however the stream is split into chunks', () => {
    const text = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .map((value) => value.replaceAll('\n', '').replaceAll('\u0000', ''));
    const piece = fc.oneof(
      text.filter((value) => value !== '').map((value) => `${value}\n`),
      text.map((message) => encodeFrame(log(message))),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, cuts) => {
        const stream = pieces.join('');
        const positions = [...new Set(cuts.map((cut) => (stream.length === 0 ? 0 : cut % stream.length)))].sort(
          (a, b) => a - b,
        );
        const chunks = [0, ...positions, stream.length]
          .slice(1)
          .map((end, index, ends) => stream.slice(index === 0 ? 0 : ends[index - 1], end));
        expect(decodeAll(chunks)).toEqual(decodeAll([stream]));
        expect(decodeAll([stream])).toHaveLength(pieces.length);
      }),
    );
  });
});

describe('parseWorkerFrame', () => {
  it.each([
    ['{"t":"ready","initDurationMs":12.5}', { t: 'ready', initDurationMs: 12.5 }],
    [
      '{"t":"init-error","initDurationMs":3,"errorType":"E","errorMessage":"m"}',
      { t: 'init-error', initDurationMs: 3, errorType: 'E', errorMessage: 'm' },
    ],
    ['{"t":"done","requestId":"r","durationMs":"slow"}', undefined],
    ['{"t":"unknown"}', undefined],
    ['[1,2]', undefined],
    ['null', undefined],
  ])('reads %s as %o', (json, expected) => {
    expect(parseWorkerFrame(json)).toEqual(expected);
  });
});
