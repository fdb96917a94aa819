import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests drive real peers: the AWS CLI v2 against the local CloudWatch server, and tmux around the dashboard.
 * A fresh machine has only Node, npm and Debian's package manager, so install what is missing once, before any test.
 */
const REQUIRED = [
  { program: '/usr/bin/aws', debianPackage: 'awscli' },
  { program: '/usr/bin/tmux', debianPackage: 'tmux' },
] as const;

export default function setup(): void {
  const missing = REQUIRED.filter(({ program }) => !existsSync(program)).map(({ debianPackage }) => debianPackage);
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args: string[]): void => {
    const [command, ...rest] = [...asRoot, ...args];
    if (command === undefined) return;
    execFileSync(command, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  try {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  } catch (cause) {
    throw new Error(
      `the tests need ${missing.join(' and ')}; install them with: apt-get install -y ${missing.join(' ')}`,
      {
        cause,
      },
    );
  }
}
