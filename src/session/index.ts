/**
 * @module
 * `dashbase/session`: browser sessions on their own (signed cookie, sessions table) and the signing secret.
 */
export {
  createSessionManager,
  type Session,
  type SessionManager,
  type SessionManagerConfig,
  type SessionBackendChoice,
} from "./session-manager.js";
export { resolveSessionSecret, sessionSecretPath } from "./session-secret.js";
