/**
 * The store's quota per owner from the environment: DASHBASE_STORE_MAX_KEYS_PER_OWNER and
 * DASHBASE_STORE_MAX_BYTES_PER_OWNER reach the app's store when createApp's options leave them
 * out, the options win over them, and a bad value is a configuration problem.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { isDashbaseError } from "dashbase";
import { openServices } from "../../src/app/app-services.js";
import { loadSettings } from "../../src/config/load-settings.js";

const base = { DASHBASE_ENV: "test", SESSION_SECRET: "q".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" };

it("reads the quota from the environment, the app's options winning, and refuses a bad value", async () => {
  const settings = loadSettings({ env: { ...base, DASHBASE_STORE_MAX_KEYS_PER_OWNER: "2", DASHBASE_STORE_MAX_BYTES_PER_OWNER: "5000" } });
  assert.equal(settings.server.storeMaxKeysPerOwner, 2);
  assert.equal(settings.server.storeMaxBytesPerOwner, 5000);
  const services = await openServices({}, settings, {});
  try {
    await services.store.set("env-owner", "a", 1);
    await services.store.set("env-owner", "b", 2);
    await assert.rejects(services.store.set("env-owner", "c", 3), (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_QUOTA"));
  } finally {
    await services.close();
  }
  const overridden = await openServices({ store: { maxKeysPerOwner: 3 } }, settings, {});
  try {
    for (const key of ["a", "b", "c"]) await overridden.store.set("env-owner", key, 1);
    await assert.rejects(overridden.store.set("env-owner", "d", 1), (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_QUOTA"));
  } finally {
    await overridden.close();
  }
  assert.throws(
    () => loadSettings({ env: { ...base, DASHBASE_STORE_MAX_KEYS_PER_OWNER: "lots" } }),
    (error: unknown) => isDashbaseError(error, "DASHBASE_E_CONFIG") && /DASHBASE_STORE_MAX_KEYS_PER_OWNER/.test((error as Error).message),
  );
});
