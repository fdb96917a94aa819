import { EventStreamCodec } from '@smithy/core/event-streams';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createEventFrame, createExceptionFrame, encodeEventStreamMessage } from '../support/aws-local/event-stream.js';

// The SDK's own decoder is the peer: it checks both CRCs and the lengths.
const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf8')),
);

function headerValues(message: ReturnType<EventStreamCodec['decode']>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(message.headers).map(([name, header]) => [name, header.value]));
}

test('an event frame decodes with the SDK codec to its headers and JSON payload', () => {
  const frame = createEventFrame('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: [] });
  const message = codec.decode(frame);
  expect(headerValues(message)).toEqual({
    ':event-type': 'sessionUpdate',
    ':message-type': 'event',
    ':content-type': 'application/json',
  });
  expect(JSON.parse(Buffer.from(message.body).toString('utf8'))).toEqual({
    sessionMetadata: { sampled: false },
    sessionResults: [],
  });
});

test('an exception frame names the modelled exception', () => {
  const message = codec.decode(createExceptionFrame('SessionTimeoutException', 'Session timed out'));
  expect(headerValues(message)[':message-type']).toBe('exception');
  expect(headerValues(message)[':exception-type']).toBe('SessionTimeoutException');
  expect(JSON.parse(Buffer.from(message.body).toString('utf8'))).toEqual({ message: 'Session timed out' });
});

test('the prelude carries the total and header lengths', () => {
  const frame = encodeEventStreamMessage({ a: 'b' }, Buffer.from('xyz'));
  const headerBytes = 1 + 1 + 1 + 2 + 1;
  expect(frame.readUInt32BE(0)).toBe(frame.length);
  expect(frame.readUInt32BE(4)).toBe(headerBytes);
  expect(frame.length).toBe(12 + headerBytes + 3 + 4);
});

test('a flipped bit anywhere is caught by the codec (prelude or message CRC)', () => {
  const frame = createEventFrame('sessionStart', { sessionId: 's' });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: frame.length - 1 }), fc.integer({ min: 0, max: 7 }), (index, bit) => {
      const corrupt = Buffer.from(frame);
      corrupt[index] = (corrupt[index] as number) ^ (1 << bit);
      expect(() => codec.decode(corrupt)).toThrow();
    }),
  );
});

test('any UTF-8 payload and header values round-trip', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), fc.string({ minLength: 1, maxLength: 40 }), (payload, value) => {
      const message = codec.decode(encodeEventStreamMessage({ ':event-type': value }, Buffer.from(payload, 'utf8')));
      expect(Buffer.from(message.body).toString('utf8')).toBe(payload);
      expect(headerValues(message)[':event-type']).toBe(value);
    }),
  );
});
