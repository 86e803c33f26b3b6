/**
 * @module
 * Fastify's schema compilers, loaded when a route first has a schema to compile. Fastify loads
 * both (ajv and fast-json-stringify, about 50 ms of a start) as the server is built, yet none of
 * dashbase's routes declares a schema: its bodies are checked by the protocol's own readers. The
 * builders here load Fastify's own compilers on their first call, so a schema added later
 * compiles exactly as before, only its first compile pays the load.
 *
 * Builders given this way count as "custom" to Fastify, which then leaves a headers schema's
 * property names as written instead of lowercasing them; dashbase's own server declares no
 * headers schema (test/unit/lazy-schema-compilers.test.ts checks that a body schema still
 * validates and a response schema still serializes).
 */
import { createRequire } from "node:module";
import type { FastifyServerOptions } from "fastify";
import { withoutSourceMaps } from "../runtime/without-source-maps.js";

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>;
type Builder = (externalSchemas: unknown, options: unknown) => unknown;

// Resolved from Fastify's own place: they are its dependencies, not ours.
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve("fastify"));

/** A builder that loads `module` (whose export makes Fastify's default builder) on its first call. */
function loadedOnFirstCall(module: string): Builder {
  let builder: Builder | undefined;
  return (externalSchemas, options) => {
    builder ??= withoutSourceMaps(() => (fastifyRequire(module) as () => Builder)());
    return builder(externalSchemas, options);
  };
}

/** Fastify's `schemaController.compilersFactory`, with ajv and fast-json-stringify loaded on first use. */
export const lazySchemaCompilers = {
  buildValidator: loadedOnFirstCall("@fastify/ajv-compiler"),
  buildSerializer: loadedOnFirstCall("@fastify/fast-json-stringify-compiler"),
} as CompilersFactory;
