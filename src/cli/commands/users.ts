/**
 * @module
 * `dashbase users create | list | set-password | grant | revoke | sign-out-everywhere | link`:
 * the app's users, in the database the command names first (as the `db` and `jobs` commands do:
 * the URL with its password masked). Passwords come from a hidden prompt or, for scripts,
 * `--password-stdin`; weak ones are refused with the strength rule's reason.
 */
import { Writable } from "node:stream";
import readline from "node:readline";
import type { Command } from "commander";
import { DashbaseError } from "../../errors/dashbase-error.js";
import type { Database } from "../../db/database.js";
import { signOutEverywhere } from "../../auth/sign-out-everywhere.js";
import { createSignInLink, defaultSignInLinkTtlMs, signInLinkPath } from "../../auth/sign-in-links.js";
import { safeNextPath } from "../../auth/safe-next.js";
import {
  assertUsersSetUp,
  changeRole,
  createUser,
  findUserByEmail,
  listUsers,
  setPassword,
  type UserListing,
} from "../../auth/user-admin.js";
import { exitCodes } from "../output.js";
import { asAction, collect, runCommand, usageExitCodes, withCommonOptions, type CommandIo, type CommonOptions } from "./db-context.js";

interface PasswordOptions extends CommonOptions {
  passwordStdin?: boolean;
}

interface CreateOptions extends PasswordOptions {
  name?: string;
  role: string[];
  /** Commander's `--no-password`: false when given. */
  password?: boolean;
}

interface LinkOptions extends CommonOptions {
  baseUrl?: string;
  next?: string;
  minutes?: string;
}

type Stdin = NonNullable<CommandIo["stdin"]>;

/** Everything on stdin, without the final line break (`echo "$PW" | dashbase users create ... --password-stdin`). */
async function readAll(stdin: Stdin): Promise<string> {
  let text = "";
  for await (const chunk of stdin) text += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
  return text.replace(/\r?\n$/, "");
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(stdin: Stdin, stderr: NodeJS.WritableStream, question: string): Promise<string> {
  stderr.write(question);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = readline.createInterface({ input: stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question("", (answer) => {
      rl.close();
      stderr.write("\n");
      resolve(answer);
    });
  });
}

/** The new password: from stdin with --password-stdin, else asked twice on a terminal. */
async function newPassword(io: CommandIo, options: PasswordOptions): Promise<string> {
  const stdin = io.stdin ?? process.stdin;
  if (options.passwordStdin === true) return readAll(stdin);
  if (stdin.isTTY !== true) {
    throw new DashbaseError(
      "DASHBASE_E_CLI_USAGE",
      "no terminal to ask the password on; pipe it with --password-stdin (never put a password on the command line)",
    );
  }
  const first = await askHidden(stdin, process.stderr, "New password: ");
  const second = await askHidden(stdin, process.stderr, "Repeat it: ");
  if (first !== second) throw new DashbaseError("DASHBASE_E_CLI_USAGE", "the two passwords differ; run the command again");
  return first;
}

function describeUser(user: UserListing): string {
  const flags = [user.disabled ? "disabled" : "", user.hasPassword ? "" : "no password"].filter((flag) => flag !== "");
  return `${user.email ?? "(no e-mail)"}  ${user.name}  roles: ${user.roles.length === 0 ? "-" : user.roles.join(",")}${flags.length === 0 ? "" : `  (${flags.join(", ")})`}  id ${user.id}`;
}

/** Opens the database, checks it has the user tables, and runs `fn`. */
function withUsers<T>(withDatabase: <R>(fn: (db: Database) => Promise<R>) => Promise<R>, fn: (db: Database) => Promise<T>): Promise<T> {
  return withDatabase(async (db) => {
    await assertUsersSetUp(db);
    return fn(db);
  });
}

/**
 * Adds the `users` command and its subcommands.
 * @example
 * registerUserCommands(program, io);
 */
export function registerUserCommands(program: Command, io: CommandIo = {}): void {
  const users = program
    .command("users")
    .description("create users, set passwords, grant roles, sign users out, print one-time sign-in links")
    .exitOverride(usageExitCodes);

  withCommonOptions(
    users
      .command("create <email>")
      .description("create a user (asks for the password; --password-stdin for scripts)")
      .option("--name <name>", "the name to show (default: the part of the e-mail before @)")
      .option("--role <role>", "a role to grant (repeatable)", collect, [])
      .option("--password-stdin", "read the password from stdin")
      .option("--no-password", "no password: the user signs in with a one-time link (`users link`) or a provider"),
  ).action(
    asAction((email: string, options: CreateOptions) =>
      runCommand(options, io, async ({ out, withDatabase }) => {
        const password = options.password === false ? undefined : await newPassword(io, options);
        const user = await withUsers(withDatabase, (db) => createUser(db, { email, name: options.name, password, roles: options.role }));
        out.result({ ok: true, user }, () => [
          `Created ${user.email} (${user.name})${user.roles.length > 0 ? ` with roles ${user.roles.join(", ")}` : ""}.`,
        ]);
        return exitCodes.ok;
      }),
    ),
  );

  withCommonOptions(users.command("list").description("list the users")).action(
    asAction((options: CommonOptions) =>
      runCommand(options, io, async ({ out, withDatabase }) => {
        const list = await withUsers(withDatabase, (db) => listUsers(db));
        out.result({ ok: true, users: list.map((user) => ({ ...user, createdAt: user.createdAt.toISOString() })) }, () =>
          list.length === 0 ? ["No users."] : list.map(describeUser),
        );
        return exitCodes.ok;
      }),
    ),
  );

  withCommonOptions(
    users
      .command("set-password <email>")
      .description("set a user's password (asks for it; --password-stdin for scripts)")
      .option("--password-stdin", "read the password from stdin"),
  ).action(
    asAction((email: string, options: PasswordOptions) =>
      runCommand(options, io, async ({ out, withDatabase }) => {
        const password = await newPassword(io, options);
        const user = await withUsers(withDatabase, (db) => setPassword(db, email, password));
        out.result({ ok: true, user }, () => [
          `Password of ${user.email} set. Their other sessions stay signed in: \`dashbase users sign-out-everywhere ${user.email}\` ends them.`,
        ]);
        return exitCodes.ok;
      }),
    ),
  );

  for (const grant of [true, false]) {
    withCommonOptions(
      users
        .command(`${grant ? "grant" : "revoke"} <email> <role>`)
        .description(grant ? "give a user a role (roles stay sorted and unique)" : "take a role from a user"),
    ).action(
      asAction((email: string, role: string, options: CommonOptions) =>
        runCommand(options, io, async ({ out, withDatabase }) => {
          const user = await withUsers(withDatabase, (db) => changeRole(db, email, role, grant));
          out.result({ ok: true, user }, () => [
            `${user.email} now has the roles: ${user.roles.length === 0 ? "(none)" : user.roles.join(", ")}. Running servers see it within their session cache time (default 1 s).`,
          ]);
          return exitCodes.ok;
        }),
      ),
    );
  }

  withCommonOptions(
    users.command("sign-out-everywhere <email>").description("end every session of a user, on every browser and device"),
  ).action(
    asAction((email: string, options: CommonOptions) =>
      runCommand(options, io, async ({ out, withDatabase }) => {
        const { user, ended } = await withUsers(withDatabase, async (db) => {
          const found = await findUserByEmail(db, email);
          return { user: found, ended: await signOutEverywhere(db, found.id) };
        });
        out.result({ ok: true, user, sessionsEnded: ended }, () => [
          `Ended ${ended} session${ended === 1 ? "" : "s"} of ${user.email}. A running server may answer from its session cache for up to session.cacheMs (default 1 s) more.`,
        ]);
        return exitCodes.ok;
      }),
    ),
  );

  withCommonOptions(
    users
      .command("link <email>")
      .description("print a one-time sign-in link (for a forgotten password; no e-mail needed)")
      .option("--base-url <url>", "where the app is reached (default http://localhost:$PORT, PORT default 8050)")
      .option("--next <path>", "the page to open once signed in (default /)")
      .option("--minutes <n>", `how long the link works (default ${defaultSignInLinkTtlMs / 60_000})`),
  ).action(
    asAction((email: string, options: LinkOptions) =>
      runCommand(options, io, async ({ out, withDatabase, env }) => {
        const minutes = options.minutes === undefined ? defaultSignInLinkTtlMs / 60_000 : Number(options.minutes);
        if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 7 * 24 * 60)
          throw new DashbaseError(
            "DASHBASE_E_CLI_USAGE",
            `--minutes: expected a number of minutes above 0 (at most 7 days), found "${options.minutes}"`,
          );
        const base = (options.baseUrl ?? `http://localhost:${env["PORT"] ?? 8050}`).replace(/\/+$/, "");
        if (!/^https?:\/\/[^\s/]+/.test(base))
          throw new DashbaseError("DASHBASE_E_CLI_USAGE", `--base-url: expected http(s)://host[:port][/mount], found "${base}"`);
        const next = options.next === undefined ? undefined : safeNextPath(options.next, "/");
        const { user, token, expiresAt } = await withUsers(withDatabase, async (db) => {
          const found = await findUserByEmail(db, email);
          return { user: found, ...(await createSignInLink(db, found.id, { ttlMs: Math.round(minutes * 60_000) })) };
        });
        const url = `${base}${signInLinkPath}?token=${token}${next === undefined ? "" : `&next=${encodeURIComponent(next)}`}`;
        out.result({ ok: true, user, url, expiresAt: expiresAt.toISOString() }, () => [
          `One-time sign-in link for ${user.email}, valid until ${expiresAt.toISOString()} and for one use:`,
          url,
          "Once signed in, the user sets a new password (your app's page, or `dashbase users set-password`).",
        ]);
        return exitCodes.ok;
      }),
    ),
  );
}
