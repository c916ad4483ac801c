/**
 * An error the user can fix (bad flag, config, file, credentials). The CLI prints its message as one line
 * and exits with code 2; it never carries a stack trace to the terminal.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
