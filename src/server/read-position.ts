/**
 * @module
 * Read-your-writes across processes: after a request that may write (a callback, a persisted
 * value), the primary's WAL position goes back in a cookie; the session's next page renders and
 * table pages read only from a replica that has replayed past it. The position travels with the
 * browser, not in a process, so it holds whichever process the balancer picks next; and it is a
 * WAL position, not a time, so no clocks need to agree. Without read replicas nothing is sent.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppCore } from "../app/app-core.js";
import { cookieValue } from "./request-session.js";

const cookieName = "dashbase_read_after";
const lsnText = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;
// A replica past DASHBASE_DB_READ_MAX_LAG_MS is not used anyway; a few minutes covers any bound
// a deployment would set, and an expired position only means the replica already has the write.
const maxAgeSeconds = 600;

/**
 * The session's last write position, from its cookie; undefined when absent or malformed.
 * @example
 * const page = await core.render(path, session, readPositionOf(request));
 */
export function readPositionOf(request: FastifyRequest): string | undefined {
  let value: string | undefined;
  try {
    value = cookieValue(request, cookieName);
  } catch {
    return undefined;
  }
  return value !== undefined && lsnText.test(value) ? value : undefined;
}

/**
 * Sends the primary's WAL position after a request that may have written (nothing without replicas).
 * @example
 * await noteWritePosition(core, request, reply);
 */
export async function noteWritePosition(core: AppCore, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const position = await core.writePosition();
  if (position === undefined) return;
  const secure = request.protocol === "https" ? "; Secure" : "";
  reply.header("set-cookie", `${cookieName}=${position}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`);
}
