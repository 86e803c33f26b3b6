/**
 * @module
 * Partial updates (Dash's `Patch`): the operations a `Patch` records, their wire form, and the
 * renderer's application of them to a prop's current value without changing that value.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Patch } from "dashbase";
import { applyPatch, resolvePatches } from "../../src/client/apply-patch.js";
import type { PatchOperation } from "../../src/protocol/patch-ops.js";

const opsOf = (patch: Patch): PatchOperation[] =>
  (JSON.parse(JSON.stringify(patch)) as { "dashbase:patch": PatchOperation[] })["dashbase:patch"];

describe("Patch", () => {
  it("records operations under paths and serializes as a marked list", () => {
    const patch = new Patch();
    patch.at("data", 0, "y").append(3).extend([4, 5]);
    patch.at("layout").merge({ title: "t" }).delete("width");
    patch.set("extra", 1);
    assert.deepEqual(opsOf(patch), [
      { op: "append", path: ["data", 0, "y"], values: [3] },
      { op: "append", path: ["data", 0, "y"], values: [4, 5] },
      { op: "merge", path: ["layout"], value: { title: "t" } },
      { op: "delete", path: ["layout", "width"] },
      { op: "set", path: ["extra"], value: 1 },
    ]);
    assert.ok(patch.at("x") instanceof Patch);
  });

  it("refuses bad arguments with DASHBASE_E_CALLBACK_RESULT", () => {
    assert.throws(() => new Patch().at(1.5), { code: "DASHBASE_E_CALLBACK_RESULT" });
    assert.throws(() => new Patch().merge([] as never), { code: "DASHBASE_E_CALLBACK_RESULT" });
    assert.throws(() => new Patch().insert(Number.NaN, 1), { code: "DASHBASE_E_CALLBACK_RESULT" });
  });
});

describe("applyPatch", () => {
  const figure = { data: [{ x: [1, 2], y: [10, 20] }], layout: { title: "old", width: 400 } };

  it("applies list and object operations in order, leaving the old value unchanged", () => {
    const frozen = structuredClone(figure);
    const patch = new Patch();
    patch.at("data", 0, "x").append(3);
    patch.at("data", 0, "y").extend([30]);
    patch.at("layout").merge({ title: "new" }).delete("width");
    const next = applyPatch(figure, opsOf(patch));
    assert.deepEqual(next, { data: [{ x: [1, 2, 3], y: [10, 20, 30] }], layout: { title: "new" } });
    assert.deepEqual(figure, frozen);
  });

  it("prepends, inserts, removes, reverses, clears and sets items, with negative indexes from the end", () => {
    const list = (patch: Patch, start: unknown = ["a", "b", "c"]) => applyPatch(start, opsOf(patch));
    assert.deepEqual(list(new Patch().prepend("z")), ["z", "a", "b", "c"]);
    assert.deepEqual(list(new Patch().insert(1, "z")), ["a", "z", "b", "c"]);
    assert.deepEqual(list(new Patch().insert(-1, "z")), ["a", "b", "z", "c"]);
    assert.deepEqual(list(new Patch().remove("b")), ["a", "c"]);
    assert.deepEqual(list(new Patch().reverse()), ["c", "b", "a"]);
    assert.deepEqual(list(new Patch().clear()), []);
    assert.deepEqual(list(new Patch().set(-1, "z")), ["a", "b", "z"]);
    assert.deepEqual(list(new Patch().set(3, "d")), ["a", "b", "c", "d"]);
    assert.deepEqual(list(new Patch().delete(0)), ["b", "c"]);
    assert.deepEqual(applyPatch(undefined, opsOf(new Patch().append(1))), [1]);
    assert.deepEqual(list(new Patch().at("k").set("n", 1), { k: { m: 0 } }), { k: { m: 0, n: 1 } });
    assert.deepEqual(list(new Patch().remove({ id: 1 }), [{ id: 1 }, { id: 2 }]), [{ id: 2 }]);
  });

  it("names the operation and path when the path does not fit the value", () => {
    assert.throws(
      () => applyPatch(figure, opsOf(new Patch().at("data", 3, "y").append(1))),
      /Patch append at data\.3\.y: data has no item 3/,
    );
    assert.throws(() => applyPatch(figure, opsOf(new Patch().at("layout", "missing").append(1))), /layout has no key "missing"/);
    assert.throws(() => applyPatch(figure, opsOf(new Patch().at("layout").append(1))), /expected an array there, found object/);
    assert.throws(() => applyPatch(5, opsOf(new Patch().set("a", 1))), /expected an object or array there, found number/);
    assert.throws(() => applyPatch(figure, opsOf(new Patch().at("data", "x").append(1))), /data has no item x/);
  });

  it("resolves only the patched props of a response against the current values", () => {
    const response = { chart: { figure: JSON.parse(JSON.stringify(new Patch().at("data", 0, "y").append(30))) as unknown, id: "keep" } };
    const resolved = resolvePatches(response, (key, property) => (key === "chart" && property === "figure" ? figure : undefined));
    assert.deepEqual(resolved, { chart: { figure: { ...figure, data: [{ x: [1, 2], y: [10, 20, 30] }] }, id: "keep" } });
  });
});
