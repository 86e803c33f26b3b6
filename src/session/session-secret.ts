/**
 * @module
 * Where the session signing secret comes from: SESSION_SECRET when set; in development and test
 * without it, a random secret generated once and kept beside the embedded data (mode 0600), so
 * sessions survive restarts without any setup. Production without SESSION_SECRET is refused
 * earlier, by loadSettings.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Settings } from "../config/settings.js";
import { DashbaseError } from "../errors/dashbase-error.js";

/**
 * Where a generated secret is kept: `<dataDir>/../session-secret` for an embedded database on
 * disk, `<cwd>/.dashbase/session-secret` for a server database in development; none for an
 * in-memory database (its sessions die with it anyway).
 */
export function sessionSecretPath(settings: Settings, cwd: string = process.cwd()): string | null {
  const database = settings.database;
  if (database.kind === "embedded") return database.dataDir === null ? null : path.join(path.dirname(database.dataDir), "session-secret");
  return path.join(cwd, ".dashbase", "session-secret");
}

function generate(): string {
  return randomBytes(32).toString("hex");
}

function fileError(file: string, problem: string, cause?: unknown): DashbaseError {
  return new DashbaseError(
    "DASHBASE_E_SESSION_SECRET",
    `session secret file ${file}: ${problem}; delete the file to have a new one generated (every browser then starts a new session), or set SESSION_SECRET`,
    { cause, details: { file } },
  );
}

async function readSecret(file: string): Promise<string> {
  let text: string;
  try {
    text = (await fs.readFile(file, "utf8")).trim();
  } catch (error) {
    throw fileError(file, `expected a readable file, found ${(error as NodeJS.ErrnoException).code ?? "an error"}`, error);
  }
  if (text.length < 32) throw fileError(file, `expected a secret of at least 32 characters, found ${text.length}`);
  return text;
}

/**
 * The session signing secret for these settings.
 * @throws DashbaseError DASHBASE_E_SESSION_SECRET when none is set in production, or the kept file is unusable.
 * @example
 * const settings = loadSettings();
 * const sessions = createSessionManager({ db }, { secret: await resolveSessionSecret(settings) });
 */
export async function resolveSessionSecret(settings: Settings, options: { cwd?: string } = {}): Promise<string> {
  const configured = settings.session.secret;
  if (configured !== undefined && configured !== "") return configured;
  if (settings.profile === "production") {
    throw new DashbaseError("DASHBASE_E_SESSION_SECRET", "SESSION_SECRET: required in production, found none (try: openssl rand -hex 32)");
  }
  const file = sessionSecretPath(settings, options.cwd);
  if (file === null) return generate();
  await fs.mkdir(path.dirname(file), { recursive: true });
  const secret = generate();
  // Written whole to a private temporary file, then linked into place: link() fails when the
  // file exists, so when several processes start at once exactly one secret wins, and no
  // process can read a half-written file.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await fs.writeFile(temporary, `${secret}\n`, { mode: 0o600, flag: "wx" });
    await fs.link(temporary, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw fileError(file, "could not be created", error);
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return readSecret(file);
}
