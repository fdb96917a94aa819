export interface DaemonAddress {
  readonly host: string;
  readonly port: number;
}

/** Where the X-Ray daemon listens when nothing says otherwise. */
export const DEFAULT_DAEMON_ADDRESS: DaemonAddress = Object.freeze({ host: '127.0.0.1', port: 2000 });

function parseHostPort(text: string): DaemonAddress | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  let host = text.slice(0, colon);
  // [::1]:2000
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const portText = text.slice(colon + 1);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (host === '' || /\s/.test(host) || !(port >= 1 && port <= 65535)) return undefined;
  return { host, port };
}

/**
 * `AWS_XRAY_DAEMON_ADDRESS`: `host:port`, or `udp:host:port tcp:host:port` in either order (the SDK sends
 * segments over UDP only). https://docs.aws.amazon.com/xray/latest/devguide/xray-sdk-nodejs-configuration.html
 * Undefined when the value is none of these.
 */
export function parseDaemonAddress(value: string): DaemonAddress | undefined {
  const parts = value.trim().split(/\s+/);
  const single = parts[0] ?? '';
  // A lone udp:/tcp: form is half of the two-address form, not a host called "udp".
  if (parts.length === 1) return /^(udp|tcp):/.test(single) ? undefined : parseHostPort(single);
  if (parts.length !== 2) return undefined;
  const udp = parts.find((part) => part.startsWith('udp:'));
  const tcp = parts.find((part) => part.startsWith('tcp:'));
  if (udp === undefined || tcp === undefined || parseHostPort(tcp.slice(4)) === undefined) return undefined;
  return parseHostPort(udp.slice(4));
}
