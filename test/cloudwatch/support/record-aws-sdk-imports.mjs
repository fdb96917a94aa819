// Module resolve hook: appends every @aws-sdk/* specifier resolved to the file named by LAMBDATOP_IMPORT_LOG.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('@aws-sdk/') && process.env.LAMBDATOP_IMPORT_LOG) {
    appendFileSync(process.env.LAMBDATOP_IMPORT_LOG, `${specifier}\n`);
  }
  return nextResolve(specifier, context);
}
