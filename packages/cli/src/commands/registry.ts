import type { Command } from './command.js';
import { iamPolicyCommand } from './iam-policy-command.js';
import { reportCommand } from './report-command.js';
import { tailCommand } from './tail-command.js';

/** Every command, in help order. A new command is one file under commands/ and one line here. */
export const COMMANDS: readonly Command[] = [reportCommand, tailCommand, iamPolicyCommand];

/** Run when `lambdatop` gets no command name; falls back to help until the dashboard command is registered. */
export const DEFAULT_COMMAND_NAME = 'watch';

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
