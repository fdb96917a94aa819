import type { Socket } from 'node:dgram';
import type { DaemonAddress } from './parse-daemon-address.js';

/** Sends datagrams to the X-Ray daemon; each promise settles when the datagram has left (or failed to). */
export interface XRayEmitter {
  send(datagram: string): Promise<void>;
}

/**
 * One UDP socket per process, opened on the first send and unreferenced so it never keeps a process alive. The
 * promise lets the wrapper wait for the datagram before the handler resolves: after that Lambda may freeze the
 * process with the send still queued. dgram is loaded on the first send, which only a sampled invocation makes.
 */
export function createXRayEmitter(address: DaemonAddress): XRayEmitter {
  let socket: Socket | undefined;
  const open = (): Socket => {
    const { createSocket } = process.getBuiltinModule('node:dgram');
    const { isIPv6 } = process.getBuiltinModule('node:net');
    const opened = createSocket(isIPv6(address.host) ? 'udp6' : 'udp4');
    opened.unref();
    // A socket-level error would otherwise be an uncaught exception; the next send opens a new socket.
    opened.on('error', () => {
      if (socket === opened) socket = undefined;
      opened.close();
    });
    return opened;
  };
  return {
    send(datagram) {
      return new Promise((resolve, reject) => {
        socket ??= open();
        socket.send(datagram, address.port, address.host, (error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
