import { toFunctionNameFromStream } from '../core/function-name.js';
import type { FunctionTarget } from './function-configuration.js';

/**
 * The log groups to read and, for each, which function an event belongs to. A custom group may hold several functions
 * (their streams are `YYYY/MM/DD/<function>[<version>]<id>`); its stream names start with the date, so no single
 * `logStreamNamePrefix` selects one function across days: the group is read once and events are routed by the
 * function in their stream name. Events of functions nobody asked for are dropped (and counted).
 */
export interface LogGroupRoute {
  readonly logGroup: string;
  readonly targets: readonly FunctionTarget[];
}

export function toLogGroupRoutes(targets: readonly FunctionTarget[]): LogGroupRoute[] {
  const byGroup = new Map<string, FunctionTarget[]>();
  for (const target of targets) {
    const list = byGroup.get(target.logGroup) ?? [];
    if (!list.some((known) => known.functionName === target.functionName)) list.push(target);
    byGroup.set(target.logGroup, list);
  }
  return [...byGroup].map(([logGroup, list]) => ({ logGroup, targets: list }));
}

/**
 * The function an event of this route belongs to, or undefined when it belongs to none asked for. A default group is
 * its function's alone; in a custom group the stream names the function, and streams that do not (default stream
 * names) belong to the group's function when it has only one.
 */
export function routeEvent(route: LogGroupRoute, logStream: string | undefined): string | undefined {
  const only = route.targets.length === 1 ? route.targets[0] : undefined;
  if (only !== undefined && !only.customGroup) return only.functionName;
  const named = logStream === undefined ? undefined : toFunctionNameFromStream(logStream);
  if (named === undefined) return only?.functionName;
  return route.targets.find((target) => target.functionName === named)?.functionName;
}
