// @ts-check
// An example host: spawns wizdb on the example app (the repository's wizdb.schema.json and
// migrations/) and runs its flows through the typed client. Type-checked by
// `tsc -p examples/node-host` against the generated wizdb-types.ts.
//
//   node examples/node-host/host.mjs [DATA_FOLDER [WIZDB_FLAGS...]]
//
// wizdb is found through WIZDB_BINARY, then on the PATH. Flags after the data folder go to
// wizdb, for example `--record-session sessions --fixed-clock 2026-01-01T00:00:00Z --id-seed 1`
// to record the session as a case for `wizdb replay`.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Wizdb, WizdbError, ref } from "../../clients/typescript/src/index.js";

/** @typedef {import("./wizdb-types.js").Tables} Tables */

const app = fileURLToPath(new URL("../..", import.meta.url));
const folder = process.argv[2] ?? mkdtempSync(join(tmpdir(), "wizdb-example-"));

const db = /** @type {Wizdb<Tables>} */ (await Wizdb.spawn({
  args: process.argv.slice(3),
  db: join(folder, "app.sqlite"),
  schema: join(app, "wizdb.schema.json"),
  migrations: join(app, "migrations"),
  cwd: folder,
}));

try {
  const users = db.table("users");
  const profiles = db.table("user_profiles");

  // Sign-up: a user and a profile, in one transaction.
  /** @param {string} email @param {string} name @param {number} credits */
  const signUp = (email, name, credits) =>
    db.transaction(async (tx) => {
      const user = await tx.table("users").insert({ email, name, credits });
      await tx.table("user_profiles").insert({ userId: user.id, bio: `Hello, I am ${name}` });
      return user;
    });
  const ann = await signUp("ann@example.com", "Ann", 100);
  const bob = await signUp("bob@example.com", "Bob", 10);
  console.log(`signed up ${ann.name} and ${bob.name}`);

  // A role, granted.
  const admin = await db.table("roles").insert({ name: "admin", description: "Can do everything" });
  await db.table("user_roles").insert({ userId: ann.id, roleId: admin.id });

  // Credit transfer: debit only with enough credits, credit, record; all or nothing.
  /** @param {string} from @param {string} to @param {number} amount */
  const transfer = (from, to, amount) =>
    db.run([
      { method: "query.update", as: "debit", params: { table: "users", id: from, where: { credits: { gte: amount } }, increment: { credits: -amount } }, expect: { changes: 1, message: "Insufficient credits" } },
      { method: "query.update", params: { table: "users", id: to, increment: { credits: amount } }, expect: { changes: 1, message: "Unknown receiver" } },
      { method: "query.insert", params: { table: "credit_transactions", values: { fromUserId: ref("debit.rows.0.id"), toUserId: to, amount, type: "transfer" } } },
    ]);
  await transfer(ann.id, bob.id, 30);
  console.log("transferred 30 credits from Ann to Bob");
  try {
    await transfer(bob.id, ann.id, 1000);
  } catch (error) {
    if (!(error instanceof WizdbError) || error.kind !== "assertion_failed") throw error;
    console.log(`refused: ${error.message}`);
  }
  const balances = await users.select({ fields: ["name", "credits"], orderBy: [{ field: "name" }] });
  console.log(`balances: ${balances.map((user) => `${user.name} ${user.credits}`).join(", ")}`);

  // Soft delete and restore: the row is hidden, not gone.
  await users.softDelete({ id: bob.id, by: "example" });
  console.log(`after soft delete: ${await users.count()} active user(s), ${await users.count({ deactivated: "only" })} deactivated`);
  await users.restore({ id: bob.id });
  console.log(`after restore: ${await users.count()} active user(s)`);

  // A join: users with their profile's bio (a deactivated profile shows as null).
  const withProfiles = await users.select({
    fields: ["name"],
    join: [{ table: "user_profiles", as: "profile", on: { id: "userId" }, type: "left", fields: ["bio"] }],
    orderBy: [{ field: "name" }],
  });
  for (const row of withProfiles) console.log(`${row.users?.name}: ${row.profile?.bio ?? "(no profile)"}`);
  void profiles;

  // Keyset pagination through rows created in the same second.
  await users.insertMany(Array.from({ length: 95 }, (_, i) => ({ email: `user${i}@example.com`, name: `User ${i}` })));
  let pages = 0;
  let rows = 0;
  for await (const page of users.paginate({ limit: 25, orderBy: [{ field: "createdAt" }] })) {
    pages++;
    rows += page.rows.length;
  }
  console.log(`paginated ${rows} users in ${pages} pages`);
} finally {
  const { code } = await db.close();
  console.log(`wizdb exited with status ${code}`);
}
