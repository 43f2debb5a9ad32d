// The client's cost over raw stream code, in one Node process, against the same wizdb build:
// 10,000 pipelined query.get (throughput), and query.get one at a time (p50 latency).
//
//   swift build -c release --static-swift-stdlib
//   node clients/typescript/bench.mjs [--binary .build/release/wizdb] [--rounds 5] [--calls 10000]
//   taskset -c 0 node clients/typescript/bench.mjs --server-cpu 1   # steadier: fixed cores
//
// The raw side does what any host must: JSON.stringify each request, one write per burst,
// split the output into lines, JSON.parse each and match it to its request by id.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Wizdb } from "./src/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const options = { binary: join(root, ".build/release/wizdb"), rounds: 5, calls: 10_000, sequential: 3_000, "server-cpu": undefined };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, "");
  options[key] = key === "binary" ? process.argv[i + 1] : Number(process.argv[i + 1]);
}

const folder = mkdtempSync(join(tmpdir(), "wizdb-bench-ts-"));
// Both servers on one given core (through taskset), so neither side gets the luckier placement.
const pin = options["server-cpu"] === undefined ? [] : ["taskset", "-c", String(options["server-cpu"])];
const serverArgs = ["--db", join(folder, "bench.sqlite"), "--schema", join(root, "wizdb.schema.json"), "--migrations", join(root, "migrations")];

/** Raw JSON-RPC over a child's pipes: the least a host can do. */
class Raw {
  constructor() {
    const argv = [...pin, options.binary, ...serverArgs];
    this.child = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "pipe", "inherit"] });
    this.child.stdout.setEncoding("utf8");
    this.buffer = "";
    this.waiting = new Map();
    this.nextId = 1;
    this.child.stdout.on("data", (chunk) => {
      const text = this.buffer + chunk;
      let start = 0;
      let end;
      while ((end = text.indexOf("\n", start)) !== -1) {
        const message = JSON.parse(text.slice(start, end));
        const done = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        done(message.result);
        start = end + 1;
      }
      this.buffer = text.slice(start);
    });
  }

  /** Sends every request in one write and resolves when every answer has come. */
  burst(method, paramsList) {
    return new Promise((resolveAll) => {
      let left = paramsList.length;
      const lines = paramsList.map((params) => {
        const id = this.nextId++;
        this.waiting.set(id, () => {
          if (--left === 0) resolveAll();
        });
        return JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n";
      });
      this.child.stdin.write(lines.join(""));
    });
  }

  call(method, params) {
    return new Promise((resolveOne) => {
      const id = this.nextId++;
      this.waiting.set(id, resolveOne);
      this.child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
    });
  }

  close() {
    this.child.stdin.end();
    return new Promise((resolveClose) => this.child.on("close", resolveClose));
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const launcher = [...pin, options.binary];
const db = await Wizdb.spawn({ command: launcher[0], args: [...launcher.slice(1), ...serverArgs.slice(2)], db: serverArgs[1] });
const users = db.table("users");
const created = await users.insertMany(Array.from({ length: 1000 }, (_, i) => ({ email: `bench${i}@example.com`, name: `Bench ${i}`, credits: i })));
const ids = created.rows.map((row) => row.id);
const raw = new Raw();
const paramsList = Array.from({ length: options.calls }, (_, i) => ({ table: "users", id: ids[i % ids.length] }));

// Warm both paths (JIT, page cache, statement caches).
await Promise.all(paramsList.slice(0, 2000).map((params) => db.call("query.get", params)));
await raw.burst("query.get", paramsList.slice(0, 2000));

const clientRates = [];
const rawRates = [];
for (let round = 0; round < options.rounds; round++) {
  let started = process.hrtime.bigint();
  await raw.burst("query.get", paramsList);
  rawRates.push(options.calls / (Number(process.hrtime.bigint() - started) / 1e9));
  started = process.hrtime.bigint();
  await Promise.all(paramsList.map((params) => users.get(params.id)));
  clientRates.push(options.calls / (Number(process.hrtime.bigint() - started) / 1e9));
}

const clientLatency = [];
const rawLatency = [];
for (let i = 0; i < options.sequential; i++) {
  const params = paramsList[i];
  let started = process.hrtime.bigint();
  await raw.call("query.get", params);
  rawLatency.push(Number(process.hrtime.bigint() - started) / 1000);
  started = process.hrtime.bigint();
  await users.get(params.id);
  clientLatency.push(Number(process.hrtime.bigint() - started) / 1000);
}

const clientRate = median(clientRates);
const rawRate = median(rawRates);
const clientP50 = median(clientLatency);
const rawP50 = median(rawLatency);
// Each client call next to the raw call just before it: the median of those differences is
// less moved by the machine's load drifting during the run than the difference of two medians.
const pairedP50 = median(clientLatency.map((latency, i) => latency - rawLatency[i]));
console.log(`node ${process.version}, wizdb ${db.server.serverInfo.version} at ${options.binary}, median of ${options.rounds} rounds`);
console.log(`${options.calls} pipelined query.get   raw streams ${rawRate.toFixed(0).padStart(8)} calls/s   client ${clientRate.toFixed(0).padStart(8)} calls/s   client/raw ${(100 * clientRate / rawRate).toFixed(1)}%  (goal >= 70%)`);
console.log(`${options.sequential} query.get one at a time   raw p50 ${rawP50.toFixed(1).padStart(6)} us   client p50 ${clientP50.toFixed(1).padStart(6)} us   added ${(clientP50 - rawP50).toFixed(1)} us per call (paired: ${pairedP50.toFixed(1)} us)  (goal <= 10 us)`);

await raw.close();
await db.close();
rmSync(folder, { recursive: true, force: true });
