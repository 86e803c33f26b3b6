#!/usr/bin/env node
/**
 * @module create-dashbase
 * `npm create dashbase@latest my-app`: copies the template (one page, one model, one callback, a
 * declared table, its first migration, a smoke test) into a new folder and writes its
 * package.json. Nothing is installed and nothing else is touched: the next steps are printed.
 *
 *   create-dashbase <folder> [--dashbase <version | tarball>] [--docker] [--procfile] [--force]
 *
 * `--dashbase` sets the dependency on dashbase: a version range (default: this package's own
 * version, as they are released together) or a path to a packed tarball (`npm pack` in the
 * dashbase repository), written as an absolute `file:` specifier so `npm install` uses it.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const templateDir = path.join(here, "..", "template");
const self = JSON.parse(fs.readFileSync(path.join(here, "..", "package.json"), "utf8"));

// The versions the scaffold is tested with (test/packaging/create-dashbase.test.ts in dashbase).
// drizzle-orm and zod are dashbase's peers: the app imports them itself, so it owns them.
const dependencyVersions = { "drizzle-orm": "^0.45.4", zod: "^4.6.7" };
const devDependencyVersions = { "@types/node": "^20.19.43", tsx: "^4.23.15", typescript: "~6.0.3" };

// Template files stored under other names: npm never publishes a .gitignore (it would turn into
// .npmignore) and leaves dotfiles like .env.example easy to lose, so they travel as _name.
const renames = { _gitignore: ".gitignore", "_env.example": ".env.example", _dockerignore: ".dockerignore" };
const optional = { Dockerfile: "docker", _dockerignore: "docker", Procfile: "procfile" };

const usage = `usage: create-dashbase <folder> [--dashbase <version | tarball>] [--docker] [--procfile] [--force]

  --dashbase <spec>  the dashbase to depend on: a version range or a path to a tarball (default ^${self.version})
  --docker           add a Dockerfile and .dockerignore
  --procfile         add a Procfile (release: migrations; web: the server)
  --force            write into a folder that is not empty`;

function fail(message) {
  process.stderr.write(`create-dashbase: ${message}\n`);
  process.exit(1);
}

function parse(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dashbase: { type: "string" },
        docker: { type: "boolean", default: false },
        procfile: { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

/** A version range stays as given; a path to an existing file or folder becomes an absolute file: specifier. */
function dashbaseSpecifier(given) {
  if (given === undefined) return `^${self.version}`;
  const looksLikePath = given.endsWith(".tgz") || given.startsWith(".") || given.startsWith("/") || given.startsWith("file:");
  if (!looksLikePath) return given;
  const file = path.resolve(given.replace(/^file:/, ""));
  if (!fs.existsSync(file)) fail(`--dashbase ${given}: no such file (${file})`);
  return `file:${file}`;
}

/** A package name from the folder's name: lower case, npm's allowed characters only. */
function packageName(folder) {
  const name = path
    .basename(path.resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "");
  return name === "" ? "dashbase-app" : name;
}

function copyTemplate(from, to, options) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const wanted = optional[entry.name];
    if (wanted !== undefined && !options[wanted]) continue;
    const target = path.join(to, renames[entry.name] ?? entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(target, { recursive: true });
      copyTemplate(path.join(from, entry.name), target, options);
    } else fs.copyFileSync(path.join(from, entry.name), target);
  }
}

function main() {
  const { values, positionals } = parse(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const folder = positionals[0];
  if (folder === undefined || positionals.length > 1) fail(`name one folder to create\n${usage}`);
  const target = path.resolve(folder);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0 && !values.force) {
    fail(`${target} is not empty (use --force to write into it anyway)`);
  }
  fs.mkdirSync(target, { recursive: true });
  copyTemplate(templateDir, target, values);

  const manifest = {
    name: packageName(folder),
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=20.19" },
    scripts: {
      dev: "dashbase dev",
      start: "dashbase start --migrate",
      db: "dashbase db",
      typecheck: "tsc --noEmit",
      test: "node --import tsx --test test/app.test.ts",
    },
    dependencies: { dashbase: dashbaseSpecifier(values.dashbase), ...dependencyVersions },
    devDependencies: devDependencyVersions,
  };
  fs.writeFileSync(path.join(target, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  const relative = path.relative(process.cwd(), target) || ".";
  process.stdout.write(
    [
      `Created ${manifest.name} in ${target}`,
      "",
      "Next:",
      `  cd ${relative}`,
      "  npm install",
      "  npm run dev            # the app at http://127.0.0.1:8050",
      "  npm test               # the smoke test in test/app.test.ts",
      "",
      'Change models.ts, then: npm run db -- generate "what changed" && npm run db -- upgrade',
      "",
    ].join("\n"),
  );
}

main();
