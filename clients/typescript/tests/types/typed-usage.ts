// Type tests: compiled by `tsc -p clients/typescript` (strict), never run. Each
// `@ts-expect-error` line must be an error: tsc fails when one compiles cleanly.
import { Wizdb, WizdbError, ref } from "../../src/index.js";
import type { Tables, UsersRow, UsersInsert } from "./app-types.js";

export async function typedUsage(): Promise<void> {
  const db = await Wizdb.spawn<Tables>({ db: "app.sqlite" });
  const users = db.table("users");

  // Right: required fields given, optional ones left out, values of the right types.
  const ann: UsersRow = await users.insert({ email: "ann@example.com", name: "Ann", credits: 100 });
  const id: string = ann.id;
  const credits: number = ann.credits;
  const phone: string | null = ann.phoneNumber;
  await users.insert({ email: "big@example.com", name: "Big", credits: 9007199254740993n });
  await users.insert({ email: "later@example.com", name: "Later", createdAt: new Date() });

  // A wrong table name.
  // @ts-expect-error "user" is not a table
  db.table("user");

  // A wrong field name in an insert.
  // @ts-expect-error "emial" is not a field of users
  await users.insert({ emial: "x@example.com", name: "X" });

  // A wrong value type.
  // @ts-expect-error credits is an integer, not text
  await users.insert({ email: "y@example.com", name: "Y", credits: "lots" });

  // A missing required insert field.
  // @ts-expect-error name is required
  await users.insert({ email: "z@example.com" });

  const missingName: UsersInsert = {
    email: "w@example.com",
    // @ts-expect-error null is not a name
    name: null,
  };
  void missingName;

  // Filters: operators per type.
  await users.select({ where: { credits: { gte: 10, lt: 100 }, email: { like: "%@example.com" } } });
  await users.select({ where: { or: [{ name: "Ann" }, { phoneNumber: null }] } });
  // @ts-expect-error like is for text, not integers
  await users.select({ where: { credits: { like: "1%" } } });
  // @ts-expect-error email is not nullable
  await users.select({ where: { email: null } });
  // @ts-expect-error "emial" is not a field to filter on
  await users.count({ where: { emial: "x" } });

  // Field lists and orderBy take field names only; picked fields narrow the row type.
  const names = await users.select({ fields: ["name", "credits"], orderBy: [{ field: "credits", direction: "desc" }] });
  const firstName: string | undefined = names[0]?.name;
  void firstName;
  // @ts-expect-error email was not selected
  names[0]?.email;
  // @ts-expect-error "nmae" is not a field
  await users.select({ orderBy: [{ field: "nmae" }] });

  // Updates: no id in set, typed values.
  await users.update({ id, set: { name: "Ann B." }, increment: { credits: -5 } });
  // @ts-expect-error id cannot be set
  await users.update({ id, set: { id: "other" } });
  // @ts-expect-error credits takes a number
  await users.update({ id, set: { credits: "5" } });

  // Pagination: a promise of the first page, and an async iterator over all.
  const page = await users.paginate({ limit: 10, orderBy: [{ field: "createdAt" }] });
  const more: boolean = page.hasMore;
  void more;
  for await (const each of users.paginate({ limit: 10 })) {
    const rows: UsersRow[] = each.rows;
    void rows;
  }

  // Aggregates: aliases become keys.
  const totals = await users.aggregate({ aggregates: { total: { fn: "sum", field: "credits" } } });
  const total: number | null | undefined = totals[0]?.total;
  void total;

  // Transactions: the same typed tables.
  await db.transaction(async (tx) => {
    const profile = await tx.table("user_profiles").insert({ userId: id, bio: "hi" });
    const bio: string | null = profile.bio;
    void bio;
    // @ts-expect-error userId is required
    await tx.table("user_profiles").insert({ bio: "no user" });
  });
  await db.run([{ method: "query.get", params: { table: "users", id }, as: "user" }, { method: "query.update", params: { table: "users", id: ref("user.row.id"), set: { name: "X" } } }]);

  const live = await db.watch<{ rows: { name: string }[] }>("query.select", { table: "users", fields: ["name"] }, (result) => {
    const names: string[] = result.rows.map((row) => row.name);
    void names;
  }, { debounceMs: 10, onError: (error) => void error.kind });
  const latest: { name: string }[] = live.result.rows;
  void latest;
  await live.stop();
  // @ts-expect-error query.insert cannot be watched
  await db.watch("query.insert", { table: "users" }, () => {});

  try {
    await db.call("ping");
  } catch (error) {
    if (error instanceof WizdbError) {
      const kind: string = error.kind;
      const code: number = error.code;
      void kind, code;
    }
  }
  void credits, phone;
  await db.close();
}
