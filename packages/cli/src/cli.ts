import { createRequire } from 'node:module';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Command, CommandIo, FlagValues } from './commands/command.js';
import { COMMANDS, DEFAULT_COMMAND_NAME, findCommand } from './commands/registry.js';
import { isUserError, UsageError } from './errors.js';

const PROGRAM = 'lambdatop';

function version(): string {
  const manifest = createRequire(import.meta.url)('../package.json') as { version?: string };
  return manifest.version ?? 'unknown';
}

function programHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `${PROGRAM} — observability for AWS Lambda from the logs that already exist`,
    '',
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's options; \`${PROGRAM} --version\` for the version.`,
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const entries = Object.entries(command.flags).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
    return [`  ${short}--${name}${value}`, spec.description] as const;
  });
  entries.push(['  -h, --help', 'show this help']);
  const width = Math.max(...entries.map(([left]) => left.length));
  return [
    `Usage: ${PROGRAM} ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...entries.map(([left, description]) => `${left.padEnd(width)}  ${description}`),
    ...(command.details === undefined ? [] : ['', command.details]),
    '',
  ].join('\n');
}

function toParseConfig(command: Command): ParseArgsConfig['options'] {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.flags)) {
    options[name] = {
      type: spec.type,
      ...(spec.multiple === true ? { multiple: true } : {}),
      ...(spec.short === undefined ? {} : { short: spec.short }),
    };
  }
  return options;
}

/** node:util parseArgs errors, reworded into one line that names the flag and the fix. */
function toUsageError(error: unknown, command: Command): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const named = /'([^']+)'/.exec(message)?.[1]?.split(' ')[0] ?? '';
  const help = `see \`${PROGRAM} ${command.name} --help\``;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown flag ${named} for \`${PROGRAM} ${command.name}\`; ${help}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const spec = command.flags[named.replace(/^-+/, '')];
      return spec?.type === 'string'
        ? new UsageError(`${named} needs a value (${named} ${spec.valueName ?? 'VALUE'}); ${help}`)
        : new UsageError(`${named} takes no value; ${help}`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`\`${PROGRAM} ${command.name}\` takes no argument ${JSON.stringify(named)}; ${help}`);
    default:
      return new UsageError(`${message}; ${help}`);
  }
}

function defaultIo(): CommandIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    now: Date.now,
    stdoutIsTty: process.stdout.isTTY === true,
    columns: process.stdout.columns,
  };
}

async function dispatch(argv: readonly string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  // No command at all: the default command (the dashboard) in a terminal; help where no dashboard could show.
  if (first === undefined && (findCommand(DEFAULT_COMMAND_NAME) === undefined || !io.stdoutIsTty)) {
    io.stdout.write(programHelp());
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' && rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    io.stdout.write(topic === undefined ? programHelp() : commandHelp(await topic.load()));
    return 0;
  }
  const named = first === undefined || first.startsWith('-') ? undefined : findCommand(first);
  const entry = named ?? (first === undefined || first.startsWith('-') ? findCommand(DEFAULT_COMMAND_NAME) : undefined);
  if (entry === undefined) {
    const known = COMMANDS.map((listed) => listed.name).join(', ');
    throw new UsageError(
      first === undefined || first.startsWith('-')
        ? `${first ?? 'lambdatop'} needs a command first (${known}); see \`${PROGRAM} --help\``
        : `unknown command ${JSON.stringify(first)}; the commands are ${known}`,
    );
  }
  const command = await entry.load();
  const args = named === undefined ? argv : rest;
  let parsed: { values: FlagValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: toParseConfig(command),
      allowPositionals: command.allowPositionals,
      strict: true,
    }) as { values: FlagValues; positionals: string[] };
  } catch (error) {
    throw toUsageError(error, command);
  }
  if (parsed.values.help === true) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  return command.run({ flags: parsed.values, positionals: parsed.positionals, io });
}

/**
 * Runs the CLI on `argv` (without node and the script) and returns the exit code; the caller sets it, once.
 * User mistakes print one line to stderr: exit 2 for usage, 1 for unreadable input. Nothing here exits the process.
 */
export async function runCli(argv: readonly string[], io: Partial<CommandIo> = {}): Promise<number> {
  const resolved: CommandIo = { ...defaultIo(), ...io };
  // A closed pipe (`lambdatop report … | head`) is the reader's choice, not an error. The listener stays: output may
  // still be flushing after runCli returns.
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') resolved.stderr.write(`${PROGRAM}: cannot write output: ${error.message}\n`);
  };
  resolved.stdout.on('error', onStdoutError);
  try {
    return await dispatch(argv, resolved);
  } catch (error) {
    if (isUserError(error)) {
      resolved.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? error.message : String(error);
    resolved.stderr.write(
      `${PROGRAM}: internal error: ${detail} (set LAMBDATOP_DEBUG=1 for details; please report it)\n`,
    );
    if (resolved.env.LAMBDATOP_DEBUG === '1' && error instanceof Error && error.stack !== undefined) {
      resolved.stderr.write(`${error.stack}\n`);
    }
    return 1;
  }
}
