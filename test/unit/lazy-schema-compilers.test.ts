/**
 * @module
 * Fastify's schema compilers load on first use (src/server/lazy-schema-compilers.ts): a server
 * without schemas never loads them, and routes with schemas validate and serialize as with
 * Fastify's defaults.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import Fastify from "fastify";
import { lazySchemaCompilers } from "../../src/server/lazy-schema-compilers.js";

const require = createRequire(import.meta.url);
const loaded = (name: string): boolean => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`));

describe("Fastify's schema compilers, loaded on first use", () => {
  it("are not loaded by a server whose routes have no schema", async () => {
    const server = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers } });
    server.post("/echo", async (request) => request.body);
    await server.ready();
    const answer = await server.inject({ method: "POST", url: "/echo", payload: { a: 1 } });
    assert.deepEqual(answer.json(), { a: 1 });
    assert.equal(loaded("@fastify/ajv-compiler"), false, "ajv's compiler stayed unloaded");
    assert.equal(loaded("@fastify/fast-json-stringify-compiler"), false, "fast-json-stringify's compiler stayed unloaded");
    await server.close();
  });

  it("validate a body schema and serialize a response schema as Fastify's defaults do", async () => {
    const server = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers } });
    server.post(
      "/rate",
      {
        schema: {
          body: { type: "object", required: ["stars"], properties: { stars: { type: "integer", minimum: 1, maximum: 5 } } },
          response: { 200: { type: "object", properties: { stars: { type: "integer" } } } },
        },
      },
      async (request) => ({ ...(request.body as object), secret: "not in the schema" }),
    );
    await server.ready();
    const good = await server.inject({ method: "POST", url: "/rate", payload: { stars: 4 } });
    assert.equal(good.statusCode, 200);
    assert.deepEqual(good.json(), { stars: 4 }, "the response schema dropped the field it does not name");
    const bad = await server.inject({ method: "POST", url: "/rate", payload: { stars: 9 } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ message: string }>().message, /stars must be <= 5/);
    assert.equal(loaded("@fastify/ajv-compiler"), true);
    await server.close();
  });
});
