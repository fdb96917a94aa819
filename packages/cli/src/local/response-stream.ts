import { Writable } from 'node:stream';
import { HIGH_WATER_MARK_SYMBOL, STREAMING_HANDLER_SYMBOL, STREAMING_RESPONSE } from './load-handler.js';

/**
 * What a response-streaming handler receives as its second argument, and the `awslambda` global the
 * Node.js runtime defines for such handlers. https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html
 */

export interface ResponseStream extends Writable {
  setContentType(contentType: string): void;
}

export interface ResponseStreamKit {
  readonly stream: ResponseStream;
  /** The body written, once the stream has ended. */
  readonly body: Promise<string>;
}

/** API Gateway and function URLs read this content type as "a JSON prelude, 8 NUL bytes, then the body". */
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const PRELUDE_DELIMITER = Buffer.alloc(8);

export function createResponseStream(highWaterMark?: number): ResponseStreamKit {
  const chunks: Buffer[] = [];
  let resolveBody: (body: string) => void = () => {};
  let rejectBody: (error: unknown) => void = () => {};
  const body = new Promise<string>((resolve, reject) => {
    resolveBody = resolve;
    rejectBody = reject;
  });
  const writable = new Writable({
    ...(highWaterMark === undefined ? {} : { highWaterMark }),
    write(chunk: Buffer | string, encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
      callback();
    },
  });
  const stream = Object.assign(writable, { setContentType: (_contentType: string) => {} }) as ResponseStream;
  stream.on('finish', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
  stream.on('error', rejectBody);
  // A handler that fails after an error on its stream must not also leave an unhandled rejection behind.
  body.catch(() => {});
  return { stream, body };
}

interface StreamifyOptions {
  readonly highWaterMark?: number;
}

export function installAwsLambdaGlobal(target: Record<string, unknown> = globalThis as Record<string, unknown>): void {
  target.awslambda = {
    streamifyResponse<F extends (...args: never[]) => unknown>(handler: F, options?: StreamifyOptions): F {
      const marks = handler as unknown as Record<symbol, unknown>;
      marks[STREAMING_HANDLER_SYMBOL] = STREAMING_RESPONSE;
      if (options?.highWaterMark !== undefined) marks[HIGH_WATER_MARK_SYMBOL] = options.highWaterMark;
      return handler;
    },
    HttpResponseStream: {
      from(stream: ResponseStream, prelude: unknown): ResponseStream {
        stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
        stream.write(JSON.stringify(prelude));
        stream.write(PRELUDE_DELIMITER);
        return stream;
      },
    },
  };
}
