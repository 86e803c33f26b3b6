/**
 * Runs the notes app in a process of its own, configured by the environment like a deployed
 * app (DATABASE_URL or DASHBASE_DATA_DIR, SESSION_SECRET), on PORT (0 = any free port).
 * Prints "listening <url>" once it serves.
 */
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import { notesApp, prepareNotes } from "./notes-app.js";

const settings = loadSettings();
const db = await createDatabase({ settings: settings.database });
await prepareNotes(db);
await db.close();
// The app opens (and on SIGTERM closes) its own handle, as a deployed app does.
const running = await notesApp().listen({ settings, host: "127.0.0.1" });
process.stdout.write(`listening ${running.url}\n`);
