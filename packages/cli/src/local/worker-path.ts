import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker a runtime process runs. From dist/local it sits next to this module; when the
 * harness itself runs from TypeScript sources (a test runner), the worker still has to be the compiled one.
 */
export function resolveWorkerPath(moduleUrl: string = import.meta.url): string {
  const modulePath = fileURLToPath(moduleUrl);
  const here = dirname(modulePath);
  const distLocal = modulePath.endsWith('.ts') ? join(here, '..', '..', 'dist', 'local') : here;
  return join(distLocal, 'lambda-worker.js');
}
