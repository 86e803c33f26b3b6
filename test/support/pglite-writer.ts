/**
 * A child process for crash tests: opens the embedded database in argv[2] and inserts rows
 * forever, printing "ack <n>" after each insert has been acknowledged.
 */
import { createDatabase } from "dashbase/db";

const dataDir = process.argv[2]!;
const db = await createDatabase({ settings: { kind: "embedded", dataDir } });
await db.exec("create table if not exists acked (n integer primary key, body text not null)");
process.stdout.write("ready\n");
for (let n = 1; ; n += 1) {
  await db.query("insert into acked (n, body) values ($1, $2)", [n, `row ${n}`]);
  process.stdout.write(`ack ${n}\n`);
}
