import assert from "node:assert/strict";
import { it } from "node:test";
import { cellText } from "../../src/client/cell-text.js";

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

it("shows a datetime column's ISO timestamps as a date and time, keeping the ISO form for <time>", () => {
  assert.deepEqual(cellText("2024-05-01T14:03:00.000Z", "datetime", utc), {
    text: "1 May 2024, 14:03",
    dateTime: "2024-05-01T14:03:00.000Z",
  });
  assert.deepEqual(
    cellText("2024-05-01", "datetime", utc),
    { text: "1 May 2024", dateTime: "2024-05-01" },
    "a calendar day stays that day",
  );
});

it("leaves text, numbers, non-dates in datetime columns and empty values as they are", () => {
  assert.deepEqual(cellText("2024-05-01T14:03:00.000Z", "text", utc), { text: "2024-05-01T14:03:00.000Z" });
  assert.deepEqual(cellText("yesterday", "datetime", utc), { text: "yesterday" });
  assert.deepEqual(cellText(42, "numeric", utc), { text: "42" });
  assert.deepEqual(cellText(null, "datetime", utc), { text: "" });
  assert.deepEqual(cellText({ a: 1 }, "text", utc), { text: '{"a":1}' });
});
