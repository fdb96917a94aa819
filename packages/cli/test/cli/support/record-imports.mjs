// Module resolve hook: appends every module URL resolved (after resolution) to the file named by LAMBDATOP_IMPORT_LOG.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.LAMBDATOP_IMPORT_LOG) appendFileSync(process.env.LAMBDATOP_IMPORT_LOG, `${resolved.url}\n`);
  return resolved;
}
