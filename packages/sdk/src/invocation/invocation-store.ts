import { AsyncLocalStorage } from 'node:async_hooks';
import type { Invocation } from './invocation.js';

/**
 * The invocation each piece of async work belongs to. Lambda Managed Instances run several invocations in one
 * process at once, so per-invocation state lives here, never in module variables.
 */
export const invocationStore = new AsyncLocalStorage<Invocation>();
