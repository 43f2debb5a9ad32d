// Shared by the tests: the real wizdb binary, temporary folders, the example app's schema.
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Wizdb } from "../src/index.js";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** WIZDB_BINARY (set by `swift test`), else the debug build of this checkout. */
export const binary = process.env.WIZDB_BINARY ?? join(repoRoot, ".build/debug/wizdb");
if (!existsSync(binary)) {
  throw new Error(`no wizdb binary at ${binary}: run \`swift build\` first, or set WIZDB_BINARY`);
}

export function tempFolder(t) {
  const folder = mkdtempSync(join(tmpdir(), "wizdb-ts-"));
  t?.after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** wizdb on a new database of the example app (users, profiles, roles, credit transactions). */
export async function spawnApp(t, options = {}) {
  const folder = tempFolder(t);
  const db = await Wizdb.spawn({
    command: binary,
    db: join(folder, "app.sqlite"),
    schema: join(repoRoot, "wizdb.schema.json"),
    migrations: join(repoRoot, "migrations"),
    cwd: folder,
    ...options,
  });
  t?.after(() => db.close());
  return db;
}

/** wizdb on a new database with `schema`, migrated through the protocol (generate, then migrate). */
export async function spawnWithSchema(t, schema, options = {}) {
  const folder = tempFolder(t);
  writeFileSync(join(folder, "wizdb.schema.json"), JSON.stringify(schema));
  mkdirSync(join(folder, "migrations"));
  const db = await Wizdb.spawn({ command: binary, db: join(folder, "db.sqlite"), migrations: join(folder, "migrations"), cwd: folder, ...options });
  t?.after(() => db.close());
  await db.call("schema.generate", { name: "init" });
  await db.call("schema.migrate", {});
  return db;
}
