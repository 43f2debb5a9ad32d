// The client against the real binary: calls, typed tables, errors, values, lifecycle.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { Wizdb, WizdbError } from "../src/index.js";
import { join } from "node:path";
import { binary, spawnApp, spawnWithSchema, tempFolder } from "./helpers.mjs";

test("spawn sends initialize and exposes what the server said", async (t) => {
  const db = await spawnApp(t);
  assert.equal(db.server.serverInfo.name, "wizdb");
  assert.ok(db.server.capabilities.methods.includes("schema.types"));
  assert.deepEqual(await db.call("ping"), {});
});

test("table methods: insert, get, select, update, count, aggregate, delete", async (t) => {
  const db = await spawnApp(t);
  const users = db.table("users");
  const ann = await users.insert({ email: "ann@example.com", name: "Ann", credits: 100 });
  assert.equal(ann.email, "ann@example.com");
  assert.equal(ann.credits, 100);
  assert.equal(ann.phoneNumber, null);
  assert.match(ann.id, /^[0-9a-f-]{36}$/);
  assert.match(ann.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const { rows, changes } = await users.insertMany([
    { email: "bob@example.com", name: "Bob", credits: 40 },
    { email: "cy@example.com", name: "Cy" },
  ]);
  assert.equal(changes, 2);
  assert.equal(rows[1].credits, 0);

  assert.deepEqual(await users.get(ann.id), ann);
  assert.equal(await users.get("no-such-id"), null);
  assert.deepEqual(await users.get(ann.id, { fields: ["name"] }), { name: "Ann" });

  const rich = await users.select({ where: { credits: { gte: 10 } }, orderBy: [{ field: "credits", direction: "desc" }], fields: ["name", "credits"] });
  assert.deepEqual(rich, [{ name: "Ann", credits: 100 }, { name: "Bob", credits: 40 }]);
  assert.deepEqual((await users.select({ where: { email: { like: "%@EXAMPLE.com" } } })).length, 3);

  const updated = await users.update({ id: ann.id, where: { credits: { gte: 30 } }, increment: { credits: -30 }, returning: ["credits"] });
  assert.deepEqual(updated, { rows: [{ credits: 70 }], changes: 1 });
  assert.equal(await users.count({ where: { credits: { gt: 0 } } }), 2);

  const totals = await users.aggregate({ aggregates: { users: { fn: "count" }, credits: { fn: "sum", field: "credits" } } });
  assert.deepEqual(totals, [{ users: 3, credits: 110 }]);

  assert.deepEqual(await users.delete({ where: { email: "cy@example.com" } }), { changes: 1 });
  assert.equal(await users.count(), 2);
});

test("errors are WizdbError with code, kind, data and a message for a person", async (t) => {
  const db = await spawnApp(t);
  const users = db.table("users");
  await users.insert({ email: "ann@example.com", name: "Ann" });
  const duplicate = await users.insert({ email: "ann@example.com", name: "Ann again" }).catch((error) => error);
  assert.ok(duplicate instanceof WizdbError);
  assert.ok(duplicate instanceof Error);
  assert.equal(duplicate.code, 1004);
  assert.equal(duplicate.kind, "constraint");
  assert.equal(duplicate.data.constraint, "unique");
  assert.deepEqual(duplicate.data.fields, ["email"]);
  assert.match(duplicate.message, /UNIQUE/);

  const unknown = await users.select({ where: { emial: "x" } }).catch((error) => error);
  assert.equal(unknown.kind, "unknown_field");
  assert.ok(unknown.data.available.includes("email"));
  const method = await db.call("no.such.method").catch((error) => error);
  assert.equal(method.code, -32601);
  const unsafe = await users.delete({}).catch((error) => error);
  assert.equal(unsafe.kind, "unsafe_operation");
});

test("soft delete hides a row, restore brings it back", async (t) => {
  const db = await spawnApp(t);
  const users = db.table("users");
  const bob = await users.insert({ email: "bob@example.com", name: "Bob" });
  const deleted = await users.softDelete({ id: bob.id, by: "admin" });
  assert.equal(deleted.changes, 1);
  assert.equal(deleted.rows[0].deactivatedBy, "admin");
  assert.notEqual(deleted.rows[0].deactivatedAt, null);
  assert.equal(await users.get(bob.id), null);
  assert.equal(await users.count(), 0);
  assert.equal(await users.count({ deactivated: "only" }), 1);
  // A deactivated email does not block a new account (partial unique index).
  await users.insert({ email: "bob@example.com", name: "Bob, again" });
  await users.delete({ where: { name: "Bob, again" } });
  const restored = await users.restore({ id: bob.id });
  assert.equal(restored.rows[0].deactivatedAt, null);
  assert.equal((await users.get(bob.id)).name, "Bob");
});

test("joins keep a user whose profile is deactivated, with a null profile", async (t) => {
  const db = await spawnApp(t);
  const ann = await db.table("users").insert({ email: "ann@example.com", name: "Ann" });
  const bob = await db.table("users").insert({ email: "bob@example.com", name: "Bob" });
  await db.table("user_profiles").insert({ userId: ann.id, bio: "Ann's bio" });
  const bobProfile = await db.table("user_profiles").insert({ userId: bob.id, bio: "Bob's bio" });
  await db.table("user_profiles").softDelete({ id: bobProfile.id });
  const rows = await db.table("users").select({
    join: [{ table: "user_profiles", as: "profile", on: { id: "userId" }, type: "left", fields: ["bio"] }],
    fields: ["name"],
    orderBy: [{ field: "name" }],
  });
  assert.deepEqual(rows, [
    { users: { name: "Ann" }, profile: { bio: "Ann's bio" } },
    { users: { name: "Bob" }, profile: null },
  ]);
});

test("sign-up with a profile in one interactive transaction; a throwing body rolls back", async (t) => {
  const db = await spawnApp(t);
  const user = await db.transaction(async (tx) => {
    const created = await tx.table("users").insert({ email: "new@example.com", name: "New" });
    await tx.table("user_profiles").insert({ userId: created.id, bio: "hello" });
    return created;
  });
  assert.equal((await db.table("user_profiles").select({ where: { userId: user.id } }))[0].bio, "hello");

  const failure = await db.transaction(async (tx) => {
    await tx.table("users").insert({ email: "ghost@example.com", name: "Ghost" });
    throw new Error("the payment failed");
  }).catch((error) => error);
  assert.equal(failure.message, "the payment failed");
  assert.equal(await db.table("users").count({ where: { email: "ghost@example.com" } }), 0);
  // The writer is free again after the rollback.
  await db.table("users").insert({ email: "after@example.com", name: "After" });
});

test("credit transfer with run(steps): all or nothing, \"Insufficient credits\"", async (t) => {
  const db = await spawnApp(t);
  const users = db.table("users");
  const ann = await users.insert({ email: "ann@example.com", name: "Ann", credits: 100 });
  const bob = await users.insert({ email: "bob@example.com", name: "Bob", credits: 0 });
  const transfer = (amount) => db.run([
    { method: "query.update", as: "debit", params: { table: "users", id: ann.id, where: { credits: { gte: amount } }, increment: { credits: -amount } }, expect: { changes: 1, message: "Insufficient credits" } },
    { method: "query.update", params: { table: "users", id: bob.id, increment: { credits: amount } }, expect: { changes: 1, message: "Unknown receiver" } },
    { method: "query.insert", params: { table: "credit_transactions", values: { fromUserId: ann.id, toUserId: bob.id, amount, type: "transfer" } } },
  ]);
  const done = await transfer(30);
  assert.equal(done.results.length, 3);
  const refused = await transfer(500).catch((error) => error);
  assert.ok(refused instanceof WizdbError);
  assert.equal(refused.kind, "assertion_failed");
  assert.match(refused.message, /Insufficient credits/);
  assert.equal((await users.get(ann.id)).credits, 70);
  assert.equal((await users.get(bob.id)).credits, 30);
  assert.equal(await db.table("credit_transactions").count(), 1);
});

test("keyset pagination walks 250 rows created in the same second, each once, in order", async (t) => {
  const db = await spawnApp(t, { args: ["--fixed-clock", "2026-01-01T00:00:00Z"] });
  const users = db.table("users");
  const rows = Array.from({ length: 250 }, (_, i) => ({ email: `u${String(i).padStart(3, "0")}@example.com`, name: `User ${i}` }));
  await users.insertMany(rows);
  const seen = [];
  let pages = 0;
  for await (const page of users.paginate({ limit: 40, orderBy: [{ field: "createdAt" }] })) {
    pages++;
    seen.push(...page.rows.map((row) => row.id));
  }
  assert.equal(pages, 7);
  assert.equal(seen.length, 250);
  assert.equal(new Set(seen).size, 250);
  assert.deepEqual(seen, [...seen].sort(), "ids (UUIDv7) break the createdAt tie in order");
  const first = await users.paginate({ limit: 10 });
  assert.equal(first.rows.length, 10);
  assert.equal(first.hasMore, true);
  const numbered = await users.page({ page: 2, pageSize: 100 });
  assert.equal(numbered.totalCount, 250);
  assert.equal(numbered.totalPages, 3);
});

test("integers beyond 2^53 round-trip exactly: bigint by default, string or an error on request", async (t) => {
  const db = await spawnWithSchema(t, { tables: { numbers: { columns: { n: { type: "integer", notNull: true } } } } });
  const numbers = db.table("numbers");
  const row = await numbers.insert({ n: 9007199254740993n });
  assert.equal(row.n, 9007199254740993n);
  assert.equal((await numbers.get(row.id)).n, 9007199254740993n);
  assert.equal((await numbers.select({ where: { n: 9007199254740993n } })).length, 1);
  assert.equal((await numbers.insert({ n: -9007199254740993n })).n, -9007199254740993n);
  const small = await numbers.insert({ n: 9007199254740991 });
  assert.equal(typeof small.n, "number");
  const sql = await db.call("query.sql", { sql: "SELECT ? AS big, 9223372036854775807 AS max", params: [9007199254740993n], readOnly: true });
  assert.deepEqual(sql.rows, [{ big: 9007199254740993n, max: 9223372036854775807n }]);
});

test("int64: \"string\" gives decimal text; \"number\" refuses to round", async (t) => {
  for (const mode of ["string", "number"]) {
    const folder = tempFolder(t);
    const db = await Wizdb.spawn({ command: binary, db: `${folder}/db.sqlite`, int64: mode });
    const result = db.call("query.sql", { sql: "SELECT 9007199254740993 AS big, 12 AS small", readOnly: true });
    if (mode === "string") {
      assert.deepEqual((await result).rows, [{ big: "9007199254740993", small: 12 }]);
    } else {
      const error = await result.catch((e) => e);
      assert.ok(error instanceof WizdbError);
      assert.equal(error.kind, "invalid_value");
      assert.match(error.message, /9007199254740993/);
      assert.deepEqual(await db.call("ping"), {}, "the connection goes on");
    }
    await db.close();
  }
});

test("blobs are Uint8Array both ways, json columns are values, booleans and timestamps typed", async (t) => {
  const db = await spawnWithSchema(t, {
    tables: {
      things: {
        columns: {
          data: { type: "blob" },
          doc: { type: "json" },
          flag: { type: "boolean", notNull: true, default: false },
          ratio: { type: "real" },
          at: { type: "timestamp" },
        },
      },
    },
  });
  const things = db.table("things");
  const bytes = new Uint8Array(300).map((_, i) => (i * 7) % 256);
  const doc = { name: "x", list: [1, 2.5, null, true], nested: { deep: "é🎉" } };
  const row = await things.insert({ data: bytes, doc, flag: true, ratio: 0.25, at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
  assert.ok(row.data instanceof Uint8Array);
  assert.deepEqual([...row.data], [...bytes]);
  assert.deepEqual(row.doc, doc);
  assert.equal(row.flag, true);
  assert.equal(row.ratio, 0.25);
  assert.equal(row.at, "2026-01-02T03:04:05Z");
  const back = await things.get(row.id);
  assert.deepEqual([...back.data], [...bytes]);
  assert.equal((await things.select({ where: { data: { eq: bytes } } })).length, 1);
  assert.equal((await things.select({ where: { at: { gte: "2026-01-01T00:00:00Z" } } })).length, 1);
  const empty = await things.insert({ data: new Uint8Array(0) });
  assert.deepEqual([...(await things.get(empty.id)).data], []);
});

test("10,000 pipelined calls share the pipe and each gets its own answer", async (t) => {
  const db = await spawnApp(t);
  const users = db.table("users");
  const created = await users.insertMany(Array.from({ length: 100 }, (_, i) => ({ email: `p${i}@example.com`, name: `P${i}`, credits: i })));
  const ids = created.rows.map((row) => row.id);
  const calls = Array.from({ length: 10_000 }, (_, i) => users.get(ids[i % 100]));
  const rows = await Promise.all(calls);
  rows.forEach((row, i) => assert.equal(row.credits, i % 100));
});

test("writes respect the pipe's backpressure: large requests in flight all arrive", async (t) => {
  const db = await spawnApp(t);
  const big = "x".repeat(256 * 1024);
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) => db.call("query.sql", { sql: "SELECT length(?) AS n, ? AS i", params: [big, i], readOnly: true })),
  );
  results.forEach((result, i) => assert.deepEqual(result.rows, [{ n: big.length, i }]));
});

const LONG_QUERY = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) AS n FROM c";

test("an AbortSignal cancels a running call with kind cancelled; the server goes on", async (t) => {
  const db = await spawnApp(t);
  const controller = new AbortController();
  const running = db.call("query.sql", { sql: LONG_QUERY, readOnly: true }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  const error = await running.catch((e) => e);
  assert.ok(error instanceof WizdbError);
  assert.equal(error.kind, "cancelled");
  assert.equal(error.code, -32800);
  const started = Date.now();
  assert.deepEqual(await db.call("ping"), {});
  assert.deepEqual((await db.call("query.sql", { sql: "SELECT 1 AS one", readOnly: true })).rows, [{ one: 1 }]);
  assert.ok(Date.now() - started < 2000, "the long query was stopped, not left running");
  const already = new AbortController();
  already.abort();
  assert.equal((await db.call("ping", {}, { signal: already.signal }).catch((e) => e)).kind, "cancelled");
});

test("onProgress receives $/progress values of a long call", async (t) => {
  const db = await spawnApp(t);
  await db.table("users").insert({ email: "a@example.com", name: "A" });
  const seen = [];
  const result = await db.call("maintenance.backup", { name: "copy.sqlite" }, { onProgress: (value) => seen.push(value.kind) });
  assert.equal(result.verified, true);
  assert.equal(seen[0], "begin");
  assert.equal(seen.at(-1), "end");
  assert.ok(seen.includes("report"));
});

test("a server killed mid-call: pending calls reject with kind unavailable, closed gives the signal", async (t) => {
  const db = await spawnApp(t);
  const pending = [db.call("query.sql", { sql: LONG_QUERY, readOnly: true }), db.call("query.sql", { sql: LONG_QUERY, readOnly: true })];
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.kill(db.pid, "SIGKILL");
  for (const call of pending) {
    const error = await call.catch((e) => e);
    assert.ok(error instanceof WizdbError);
    assert.equal(error.kind, "unavailable");
    assert.match(error.message, /SIGKILL/);
  }
  assert.deepEqual(await db.closed, { code: null, signal: "SIGKILL" });
  assert.equal((await db.call("ping").catch((e) => e)).kind, "unavailable");
});

test("a server that cannot start: spawn rejects with its stderr", async (t) => {
  const folder = tempFolder(t);
  const error = await Wizdb.spawn({ command: binary, db: `${folder}/db.sqlite`, args: ["--readers", "0"] }).catch((e) => e);
  assert.ok(error instanceof WizdbError);
  assert.equal(error.kind, "unavailable");
  assert.match(error.message, /exited with status/);
  assert.match(error.data.stderr, /positive/);
  const missing = await Wizdb.spawn({ command: `${folder}/no-such-wizdb` }).catch((e) => e);
  assert.equal(missing.kind, "unavailable");
  assert.match(missing.message, /could not start/);
});

test("close sends shutdown and exit and resolves with status 0", async (t) => {
  const folder = tempFolder(t);
  const db = await Wizdb.spawn({ command: binary, db: `${folder}/db.sqlite`, cwd: folder });
  assert.deepEqual(await db.close(), { code: 0, signal: null });
  assert.deepEqual(await db.closed, { code: 0, signal: null });
  assert.equal((await db.call("ping").catch((e) => e)).kind, "unavailable");
});

test("Wizdb.over works on any pair of streams", async (t) => {
  const folder = tempFolder(t);
  const child = spawn(binary, ["--db", `${folder}/db.sqlite`], { stdio: ["pipe", "pipe", "inherit"] });
  const db = Wizdb.over(child.stdout, child.stdin);
  assert.deepEqual(await db.call("ping"), {});
  assert.deepEqual((await db.call("query.sql", { sql: "SELECT 2 AS two", readOnly: true })).rows, [{ two: 2 }]);
  await db.close();
  const status = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", resolve)));
  assert.equal(status, 0);
});

test("close kills a server that does not stop within the timeout", async () => {
  const stubborn = new URL("./fixtures/stubborn-server.mjs", import.meta.url).pathname;
  const db = await Wizdb.spawn({ command: process.execPath, args: [stubborn] });
  assert.deepEqual(await db.call("ping"), {});
  const started = Date.now();
  assert.deepEqual(await db.close({ timeoutMs: 300 }), { code: null, signal: "SIGKILL" });
  assert.ok(Date.now() - started < 3000);
});

test("watch keeps a list live: changes by this connection and by another process", async (t) => {
  const path = join(tempFolder(t), "app.sqlite");
  const db = await spawnApp(t, { db: path });
  const users = db.table("users");
  await users.insert({ email: "ann@example.com", name: "Ann", credits: 10 });
  const seen = [];
  let notify;
  const live = await db.watch("query.select", { table: "users", fields: ["name"], orderBy: [{ field: "name" }] }, (result) => {
    seen.push(result.rows.map((row) => row.name));
    notify?.();
  });
  assert.deepEqual(live.result.rows, [{ name: "Ann" }]);
  const next = () => new Promise((resolve) => (notify = resolve));

  let changed = next();
  await users.insert({ email: "bob@example.com", name: "Bob" });
  await changed;
  assert.deepEqual(seen.at(-1), ["Ann", "Bob"]);
  assert.deepEqual(live.result.rows, [{ name: "Ann" }, { name: "Bob" }]);

  // An update of a field the list does not show changes nothing it shows: no call.
  await users.update({ where: { name: "Ann" }, set: { credits: 11 } });
  // Another process writes to the same database file.
  changed = next();
  const other = await spawnApp(t, { db: path });
  t.after(() => other.close());
  await other.table("users").insert({ email: "cy@example.com", name: "Cy" });
  await changed;
  assert.deepEqual(seen, [["Ann", "Bob"], ["Ann", "Bob", "Cy"]]);

  await live.stop();
  await users.insert({ email: "dee@example.com", name: "Dee" });
  await db.call("ping");
  assert.equal(seen.length, 2);
});
