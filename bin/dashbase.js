#!/usr/bin/env node
// The `dashbase` command. tsx's loader is registered first so that apps written in TypeScript
// (app.ts, models.ts) load with no build step of their own.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../dist/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
