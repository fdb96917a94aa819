import { crc32 } from 'node:zlib';

/**
 * The binary framing of `application/vnd.amazon.eventstream`, used by StartLiveTail responses:
 * prelude (total length, headers length, prelude CRC32), headers, payload, message CRC32.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html
 */
const PRELUDE_BYTES = 8;
const CRC_BYTES = 4;
const STRING_HEADER_TYPE = 7;
const MAX_HEADER_VALUE_BYTES = 0xffff;
const MAX_HEADER_NAME_BYTES = 0xff;

export type EventStreamHeaders = Readonly<Record<string, string>>;

export function encodeEventStreamMessage(headers: EventStreamHeaders, payload: Uint8Array): Buffer {
  const headerBytes = Buffer.concat(Object.entries(headers).map(([name, value]) => encodeStringHeader(name, value)));
  const totalBytes = PRELUDE_BYTES + CRC_BYTES + headerBytes.length + payload.length + CRC_BYTES;
  const message = Buffer.alloc(totalBytes);
  message.writeUInt32BE(totalBytes, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, PRELUDE_BYTES)), PRELUDE_BYTES);
  headerBytes.copy(message, PRELUDE_BYTES + CRC_BYTES);
  Buffer.from(payload).copy(message, PRELUDE_BYTES + CRC_BYTES + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, totalBytes - CRC_BYTES)), totalBytes - CRC_BYTES);
  return message;
}

function encodeStringHeader(name: string, value: string): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const valueBytes = Buffer.from(value, 'utf8');
  if (nameBytes.length > MAX_HEADER_NAME_BYTES || valueBytes.length > MAX_HEADER_VALUE_BYTES) {
    throw new RangeError(`event stream header ${name} is too long`);
  }
  const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
  header.writeUInt8(nameBytes.length, 0);
  nameBytes.copy(header, 1);
  header.writeUInt8(STRING_HEADER_TYPE, 1 + nameBytes.length);
  header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
  valueBytes.copy(header, 4 + nameBytes.length);
  return header;
}

/** An `event` frame whose JSON payload is one member of the response stream union. */
export function createEventFrame(eventType: string, body: unknown): Buffer {
  return encodeEventStreamMessage(
    { ':event-type': eventType, ':message-type': 'event', ':content-type': 'application/json' },
    Buffer.from(JSON.stringify(body), 'utf8'),
  );
}

/** A modelled exception frame (for example SessionTimeoutException) that ends the stream. */
export function createExceptionFrame(exceptionType: string, message: string): Buffer {
  return encodeEventStreamMessage(
    { ':exception-type': exceptionType, ':message-type': 'exception', ':content-type': 'application/json' },
    Buffer.from(JSON.stringify({ message }), 'utf8'),
  );
}
