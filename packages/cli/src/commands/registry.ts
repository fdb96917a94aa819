import type { Command } from './command.js';

/**
 * A command as the registry lists it: what program help shows, and its module, loaded on first use. Starting the
 * CLI loads one command's code, not all eight (the AWS, terminal and local-harness parts each cost tens of ms).
 */
export interface CommandEntry {
  readonly name: string;
  /** The command's own summary, repeated here so program help loads no command (a test keeps the two equal). */
  readonly summary: string;
  load(): Promise<Command>;
}

/** Every command, in help order. A new command is one file under commands/ and one entry here. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'watch',
    summary: 'The dashboard on functions in CloudWatch, live (the default command)',
    load: async () => (await import('./watch-command.js')).watchCommand,
  },
  {
    name: 'report',
    summary: 'Duration, memory, cold-start, error and cost statistics with right-sizing advice, from Lambda logs',
    load: async () => (await import('./report-command.js')).reportCommand,
  },
  {
    name: 'replay',
    summary: 'The dashboard on recorded logs, replayed with their timing (faster with --speed)',
    load: async () => (await import('./replay-command.js')).replayCommand,
  },
  {
    name: 'demo',
    summary: 'The dashboard on a local demo workload: four functions in Lambda-like environments, no AWS needed',
    load: async () => (await import('./demo-command.js')).demoCommand,
  },
  {
    name: 'local',
    summary: 'Runs a handler in local Lambda-like environments at a rate and watches it (or prints the report)',
    load: async () => (await import('./local-command.js')).localCommand,
  },
  {
    name: 'tail',
    summary: "Functions' log events from CloudWatch, each exactly once; --follow keeps reading, --live uses Live Tail",
    load: async () => (await import('./tail-command.js')).tailCommand,
  },
  {
    name: 'dashboard',
    summary: "A CloudWatch dashboard for functions (Lambda's, API Gateway's and the SDK's metrics, Logs Insights)",
    load: async () => (await import('./dashboard-command.js')).dashboardCommand,
  },
  {
    name: 'iam-policy',
    summary: 'The least-privilege IAM policy for what lambdatop reads (--dashboard: for deploying dashboards)',
    load: async () => (await import('./iam-policy-command.js')).iamPolicyCommand,
  },
];

/** Run when `lambdatop` gets no command name, or only flags: the dashboard on CloudWatch. */
export const DEFAULT_COMMAND_NAME = 'watch';

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((command) => command.name === name);
}
