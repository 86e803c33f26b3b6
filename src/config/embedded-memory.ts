/**
 * @module
 * How much memory the embedded database (PGlite) is given. PostgreSQL inside PGlite sizes its
 * page cache (`shared_buffers`) at 128 MB by default and touches all of it, which with the
 * WebAssembly code made an embedded app hold 700+ MB (issue 15). A small dashboard's working set
 * is a few MB of pages: 16 MB keeps it cached; DASHBASE_EMBEDDED_MEMORY raises it for bigger data.
 */
import v8 from "node:v8";

/** The page cache in MB when DASHBASE_EMBEDDED_MEMORY is not set. */
export const defaultEmbeddedMemoryMb = 16;

/**
 * PostgreSQL settings (`-c name=value` start parameters) for an embedded database with a page
 * cache of `memoryMb`. `work_mem` and the rest keep PostgreSQL's defaults: they are taken per
 * sort or hash only while one runs.
 * @example
 * embeddedMemoryParameters(16) // ["-c", "shared_buffers=16MB"]
 */
export function embeddedMemoryParameters(memoryMb: number = defaultEmbeddedMemoryMb): string[] {
  return ["-c", `shared_buffers=${memoryMb}MB`];
}

/**
 * Keeps WebAssembly compiled by V8's baseline compiler (Liftoff) from here on, process-wide:
 * V8 otherwise recompiles PGlite's hot functions with its optimising compiler, which makes heavy
 * queries about 1.4 times faster but costs about 0.6 s of a start on two cores and leaves some
 * 40 MB resident (the memory that compiler worked in, kept by the C library's allocator in its
 * threads' arenas). Called before PGlite compiles its module.
 */
export function keepWasmAtBaseline(): void {
  v8.setFlagsFromString("--liftoff-only");
}
