import type { Command } from './command.js';
import { dashboardCommand } from './dashboard-command.js';
import { demoCommand } from './demo-command.js';
import { iamPolicyCommand } from './iam-policy-command.js';
import { localCommand } from './local-command.js';
import { replayCommand } from './replay-command.js';
import { reportCommand } from './report-command.js';
import { tailCommand } from './tail-command.js';
import { watchCommand } from './watch-command.js';

/** Every command, in help order. A new command is one file under commands/ and one line here. */
export const COMMANDS: readonly Command[] = [
  watchCommand,
  reportCommand,
  replayCommand,
  demoCommand,
  localCommand,
  tailCommand,
  dashboardCommand,
  iamPolicyCommand,
];

/** Run when `lambdatop` gets no command name, or only flags: the dashboard on CloudWatch. */
export const DEFAULT_COMMAND_NAME = 'watch';

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
