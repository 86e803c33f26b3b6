/**
 * @module
 * Masks passwords in connection URLs so that no log line, error or CLI output ever shows one.
 */

const urlPassword = /(postgres(?:ql)?:\/\/[^:/@\s]*:)([^@\s]*)(@)/gi;

/**
 * Replaces the password of every postgres URL in `text` with `****`.
 * @example
 * maskSecrets("postgres://app:hunter2@db:5432/app") // "postgres://app:****@db:5432/app"
 */
export function maskSecrets(text: string): string {
  return text.replace(urlPassword, "$1****$3");
}
