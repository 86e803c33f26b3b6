/**
 * @module
 * The wire protocol's endpoint paths and header names, relative to where the app is mounted.
 */

/** Every dashbase endpoint lives under this prefix. */
export const protocolBase = "/_dashbase";
export const healthPath = `${protocolBase}/health`;
export const dependenciesPath = `${protocolBase}/dependencies`;
export const layoutPath = `${protocolBase}/layout`;
export const callbackPath = `${protocolBase}/callback`;
export const persistPath = `${protocolBase}/persist`;
export const staticPath = `${protocolBase}/static/`;

/** `POST` here for one page of the declared table `id`. */
export function tablePath(id: string): string {
  return `${protocolBase}/table/${encodeURIComponent(id)}`;
}

/** The header every POST carries, with the CSRF token from the boot data. */
export const csrfHeader = "x-dashbase-csrf";
