import { createSocket, type Socket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';

/** A real UDP socket on 127.0.0.1 standing in for the X-Ray daemon: it keeps every datagram it receives. */
export interface UdpDaemon {
  readonly address: string;
  readonly datagrams: string[];
  /** Resolves once `count` datagrams arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function startUdpDaemon(): Promise<UdpDaemon> {
  const socket: Socket = createSocket('udp4');
  const datagrams: string[] = [];
  socket.on('message', (message) => datagrams.push(message.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    datagrams,
    async waitFor(count, timeoutMs = 5000) {
      const started = Date.now();
      while (datagrams.length < count) {
        if (Date.now() - started > timeoutMs) {
          throw new Error(`expected ${count} datagrams within ${timeoutMs} ms, got ${datagrams.length}`);
        }
        await sleep(5);
      }
      return datagrams;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
