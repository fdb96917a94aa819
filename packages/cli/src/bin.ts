#!/usr/bin/env node
import { runCli } from './cli.js';

// The one place the exit code is set; the process then ends when its output is flushed.
process.exitCode = await runCli(process.argv.slice(2));
