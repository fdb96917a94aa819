import { parentPort } from 'node:worker_threads';
import { LineTapeWriter } from './line-tape-writer.js';
import { type TapeReply, type TapeRequest, toBuffer, transferablesOf } from './tape-messages.js';

// The tape writer on a thread of its own: the main thread reads the input and joins, this one splits and reads lines.
const port = parentPort;
if (port === null) throw new Error('tape-worker runs as a worker thread');
let writer: LineTapeWriter | undefined;

port.on('message', (request: TapeRequest) => {
  if (request.kind === 'take-over') {
    writer = new LineTapeWriter(request.format, request.firstStreamNumber, request.firstLine);
    writer.setCarry(request.carry.map(toBuffer));
    return;
  }
  if (writer === undefined) throw new Error('tape-worker: a chunk before take-over');
  if (request.kind === 'recycle') {
    writer.recycle(request.storage);
    return;
  }
  const tape = request.kind === 'chunk' ? writer.write(toBuffer(request.chunk)) : writer.end();
  const reply: TapeReply = { tape };
  port.postMessage(reply, transferablesOf(tape));
});
