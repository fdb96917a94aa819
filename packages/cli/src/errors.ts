/** A mistake in how lambdatop was called (an unknown flag, a bad value): one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** Input lambdatop could not read (a missing file, a permission, a broken gzip stream): one line, exit code 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = 1;
}

/** Errors whose message is meant for the user as it stands, without a stack trace. */
export function isUserError(error: unknown): error is UsageError | InputError {
  return error instanceof UsageError || error instanceof InputError;
}
