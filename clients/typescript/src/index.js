// The wizdb client for Node.js and Electron main processes: JSON-RPC 2.0 over a child
// process's stdin and stdout (or any pair of streams), many calls in flight on one pipe.
import { spawn as spawnProcess } from "node:child_process";
import { decode, encode, PrecisionError } from "./codec.js";

export const VERSION = "0.1.0";

/** Error codes the client gives itself, the same as the server's for the same kinds. */
const CODES = { cancelled: -32800, unavailable: 1020, invalid_value: 1003, internal: -32603 };
const STDERR_TAIL_LINES = 20;
/** The internal call: a request whose result passes through `transform` before it resolves. */
const REQUEST = Symbol("request");

/** Every failure a call can end with: the server's errors and the client's own (cancelled, unavailable). */
export class WizdbError extends Error {
  constructor(message, { code, kind, data } = {}) {
    super(message);
    this.name = "WizdbError";
    this.code = code ?? CODES.internal;
    this.kind = kind ?? data?.kind ?? "internal";
    this.data = data ?? { kind: this.kind };
  }

  /** The error a JSON-RPC error object stands for. */
  static fromResponse(error) {
    const data = error.data && typeof error.data === "object" ? error.data : undefined;
    return new WizdbError(String(error.message ?? "request failed"), { code: error.code, kind: data?.kind, data });
  }
}

/** A value that refers to an earlier step's result in `run(steps)`: `ref("user.rows.0.id")`. */
export function ref(path) {
  return { $ref: path };
}

/** Calls and typed tables, shared by a connection and a transaction (which adds its `tx`). */
class Caller {
  table(name) {
    return new Table(this, name);
  }

  /** `transaction.run`: the steps all or nothing; `{$ref}` values and `expect` as the server defines them. */
  run(steps, options) {
    return this.call("transaction.run", { steps }, options);
  }
}

export class Wizdb extends Caller {
  /**
   * Starts wizdb as a child process and sends `initialize`. `command` defaults to the
   * WIZDB_BINARY environment variable, then `wizdb` on the PATH.
   */
  static async spawn(options = {}) {
    const command = options.command ?? process.env.WIZDB_BINARY ?? "wizdb";
    const args = [...(options.args ?? [])];
    if (options.db !== undefined) args.push("--db", options.db);
    if (options.schema !== undefined) args.push("--schema", options.schema);
    if (options.migrations !== undefined) args.push("--migrations", options.migrations);
    const child = spawnProcess(command, args, {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const db = new Wizdb(child.stdout, child.stdin, options, child);
    try {
      db.server = await db.call("initialize", { clientInfo: { name: "wizdb-typescript", version: VERSION } });
    } catch (error) {
      db.#kill();
      throw error;
    }
    return db;
  }

  /** A client over any pair of streams that carry wizdb's protocol (a socket, a test double). */
  static over(readable, writable, options = {}) {
    return new Wizdb(readable, writable, options);
  }

  #readable;
  #writable;
  #child;
  #int64;
  #nextId = 1;
  #pending = new Map();
  #progress = new Map();
  #watches = new Map();
  #buffer = "";
  #outgoing = [];
  #flushScheduled = false;
  #blocked = false;
  #failure = null;
  #stderrTail = [];
  #resolveClosed;

  constructor(readable, writable, options = {}, child = null) {
    super();
    this.#readable = readable;
    this.#writable = writable;
    this.#child = child;
    this.#int64 = options.int64 ?? "bigint";
    if (!["bigint", "number", "string"].includes(this.#int64)) throw new TypeError(`int64 must be "bigint", "number" or "string"`);
    /** What `initialize` answered (spawn only). */
    this.server = undefined;
    /** Resolves when the connection ends: the exit code and signal of the process (null over streams). */
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));

    readable.setEncoding?.("utf8");
    readable.on("data", (chunk) => this.#receive(chunk));
    readable.on("error", () => {});
    writable.on("drain", () => {
      this.#blocked = false;
      this.#flush();
    });
    writable.on("error", () => {});
    if (child) {
      child.stderr.setEncoding("utf8");
      let partial = "";
      child.stderr.on("data", (chunk) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        this.#stderrTail.push(...lines);
        if (this.#stderrTail.length > STDERR_TAIL_LINES) this.#stderrTail.splice(0, this.#stderrTail.length - STDERR_TAIL_LINES);
      });
      child.on("error", (error) => {
        // Without a pid the process never started, and no "close" with a status will follow.
        const started = child.pid !== undefined;
        this.#end(`could not ${started ? "talk to" : "start"} ${JSON.stringify(child.spawnfile)}: ${error.message}`, null, null, !started);
      });
      // "close" comes after stdout and stderr are drained: answers written before exit are read.
      child.on("close", (code, signal) => {
        if (partial) this.#stderrTail.push(partial);
        this.#end(signal ? `wizdb was killed by ${signal}` : `wizdb exited with status ${code}`, code, signal, true);
      });
    } else {
      readable.on("end", () => this.#end("the wizdb stream ended", null, null, true));
      readable.on("close", () => this.#end("the wizdb stream closed", null, null, true));
    }
  }

  /** The process id of a spawned server. */
  get pid() {
    return this.#child?.pid;
  }

  /** The last lines the process wrote on stderr (its logs), newest last. */
  get stderrTail() {
    return this.#stderrTail.join("\n");
  }

  /**
   * Sends one request and resolves with its result. `signal` cancels it ($/cancelRequest; the
   * call rejects with kind "cancelled" at once); `onProgress` receives `$/progress` values.
   */
  call(method, params, options) {
    return this[REQUEST](method, params, options, undefined);
  }

  // One promise per call, settled by the reader with the transformed result: table methods
  // add no promise of their own, which matters when thousands are in flight.
  [REQUEST](method, params, options, transform) {
    if (this.#failure) return Promise.reject(this.#failure);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(cancelledError(method));
    const id = this.#nextId++;
    let token;
    if (options?.onProgress) {
      token = `wizdb-progress-${id}`;
      params = { ...(params ?? {}), workDoneToken: token };
      this.#progress.set(token, options.onProgress);
    }
    let text;
    try {
      text = params === undefined
        ? `{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)}}\n`
        : `{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)},"params":${encode(params)}}\n`;
    } catch (error) {
      if (token) this.#progress.delete(token);
      return Promise.reject(new WizdbError(`cannot send the params of ${method}: ${error.message}`, { code: CODES.invalid_value, kind: "invalid_value" }));
    }
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, transform, token, signal, onAbort: undefined };
      if (signal) {
        entry.onAbort = () => {
          if (!this.#pending.delete(id)) return;
          this.#settle(entry);
          this.notify("$/cancelRequest", { id });
          reject(cancelledError(method));
        };
        signal.addEventListener("abort", entry.onAbort, { once: true });
      }
      this.#pending.set(id, entry);
      this.#send(text);
    });
  }

  /**
   * `query.watch`: runs `method` (`query.select`, `query.get`, `query.count`,
   * `query.aggregate`, `query.paginate`, or `query.sql` with `readOnly: true`) with `params`,
   * resolves with a live query holding the first result, then calls `onChange` with each new
   * result after commits (by this process or another) change it. `options.onError` receives an
   * error a re-run met; `options.debounceMs` waits that long before re-running.
   */
  watch(method, params, onChange, options = {}) {
    if (typeof onChange !== "function") return Promise.reject(new TypeError("watch needs an onChange function"));
    const request = { method, params: params ?? {} };
    if (options.debounceMs !== undefined) request.debounceMs = options.debounceMs;
    // Registered by the reader as the answer is read: a change sent right behind the answer
    // finds its live query.
    return this[REQUEST]("query.watch", request, { signal: options.signal }, (answer) => {
      const live = new LiveQuery(this, answer.watch, answer.result);
      this.#watches.set(answer.watch, { live, onChange, onError: options.onError });
      return live;
    });
  }

  /** Ends a live query (`query.unwatch`); no change is delivered after this is called. */
  async unwatch(id) {
    if (!this.#watches.delete(id)) return;
    if (this.#failure) return;
    await this.call("query.unwatch", { watch: id });
  }

  /** Sends a notification (no answer). */
  notify(method, params) {
    if (this.#failure) return;
    const text = params === undefined
      ? `{"jsonrpc":"2.0","method":${JSON.stringify(method)}}\n`
      : `{"jsonrpc":"2.0","method":${JSON.stringify(method)},"params":${encode(params)}}\n`;
    this.#send(text);
  }

  /**
   * Runs `body` inside `transaction.begin` ... `transaction.commit`; rolls back and rethrows when
   * it throws. `tx` has the same `call`, `table` and `run` as the connection.
   */
  async transaction(body, options = {}) {
    const params = {};
    if (options.timeoutMs !== undefined) params.timeoutMs = options.timeoutMs;
    if (options.readOnly !== undefined) params.readOnly = options.readOnly;
    const { tx: id } = await this.call("transaction.begin", params);
    const tx = new Transaction(this, id);
    let result;
    try {
      result = await body(tx);
    } catch (error) {
      tx.done = true;
      try {
        await this.call("transaction.rollback", { tx: id });
      } catch {
        // The transaction may already be gone (timed out); the body's error is the one to report.
      }
      throw error;
    }
    tx.done = true;
    await this.call("transaction.commit", { tx: id });
    return result;
  }

  /** Sends `shutdown` and `exit`, waits for the process to end, and kills it after `timeoutMs`. */
  async close(options = {}) {
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!this.#failure) {
      const timer = delay(timeoutMs);
      try {
        await Promise.race([this.call("shutdown"), timer.promise]);
      } catch {
        // Already gone: nothing to shut down.
      } finally {
        timer.cancel();
      }
      this.notify("exit");
      this.#flush();
      this.#writable.end?.();
    }
    if (this.#child) {
      const timer = delay(timeoutMs);
      const ended = await Promise.race([this.closed.then(() => true), timer.promise.then(() => false)]);
      timer.cancel();
      if (!ended) this.#kill();
    } else {
      this.#end("the client was closed", null, null, true);
    }
    return this.closed;
  }

  #kill() {
    if (this.#child && this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill("SIGKILL");
  }

  // Writing: lines sent in the same turn go out in one write; when the pipe is full, lines wait
  // for "drain" instead of piling into the stream's own buffer.
  #send(text) {
    this.#outgoing.push(text);
    if (!this.#flushScheduled && !this.#blocked) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#flush());
    }
  }

  #flush() {
    this.#flushScheduled = false;
    if (this.#blocked || this.#outgoing.length === 0 || this.#failure) return;
    const text = this.#outgoing.length === 1 ? this.#outgoing[0] : this.#outgoing.join("");
    this.#outgoing = [];
    if (!this.#writable.write(text)) this.#blocked = true;
  }

  // Reading never stops: every chunk is split into lines and each answer settles its call.
  #receive(chunk) {
    let text = this.#buffer.length ? this.#buffer + chunk : chunk;
    let start = 0;
    let end;
    while ((end = text.indexOf("\n", start)) !== -1) {
      if (end > start) this.#handleLine(text.slice(start, end));
      start = end + 1;
    }
    this.#buffer = start === text.length ? "" : text.slice(start);
  }

  #handleLine(line) {
    let message;
    try {
      message = decode(line, this.#int64);
    } catch (error) {
      if (error instanceof PrecisionError) {
        const id = /"id":(\d+)/.exec(line)?.[1];
        const entry = id !== undefined ? this.#pending.get(Number(id)) : undefined;
        if (entry) {
          this.#pending.delete(Number(id));
          this.#settle(entry);
          entry.reject(new WizdbError(error.message, { code: CODES.invalid_value, kind: "invalid_value", data: { kind: "invalid_value", value: error.literal } }));
        }
      }
      return;
    }
    if (message === null || typeof message !== "object") return;
    const id = message.id;
    if (id === undefined) {
      if (message.method === "$/progress") {
        const callback = this.#progress.get(message.params?.token);
        if (callback) callback(message.params.value);
      } else if (message.method === "watch/changed") {
        const watch = this.#watches.get(message.params?.watch);
        if (!watch) return;
        if (message.params.error !== undefined) {
          watch.onError?.(WizdbError.fromResponse(message.params.error));
        } else {
          watch.live.result = message.params.result;
          watch.onChange(message.params.result);
        }
      }
      return;
    }
    const entry = this.#pending.get(id);
    if (!entry) return;
    this.#pending.delete(id);
    this.#settle(entry);
    if (message.error !== undefined) entry.reject(WizdbError.fromResponse(message.error));
    else if (entry.transform === undefined) entry.resolve(message.result);
    else {
      try {
        entry.resolve(entry.transform(message.result));
      } catch (error) {
        entry.reject(error);
      }
    }
  }

  #settle(entry) {
    if (entry.token) this.#progress.delete(entry.token);
    if (entry.onAbort) entry.signal.removeEventListener("abort", entry.onAbort);
  }

  // The end of the connection: every pending call (and every later one) fails with kind
  // "unavailable", carrying the last lines the process wrote on stderr.
  #end(reason, code, signal, final) {
    if (final) this.#resolveClosed({ code, signal });
    if (this.#failure) return;
    const stderr = this.stderrTail;
    this.#failure = new WizdbError(stderr ? `${reason}; its last messages:\n${stderr}` : reason, {
      code: CODES.unavailable,
      kind: "unavailable",
      data: { kind: "unavailable", retryable: false, exitCode: code, signal, stderr },
    });
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#watches.clear();
    for (const entry of pending) {
      this.#settle(entry);
      entry.reject(this.#failure);
    }
    this.#outgoing = [];
  }
}

/** One `query.watch`: its id, its latest result, and `stop()`. */
class LiveQuery {
  constructor(db, id, result) {
    this.db = db;
    this.id = id;
    this.result = result;
  }

  stop() {
    return this.db.unwatch(this.id);
  }
}

/** The calls of one interactive transaction: the connection's calls with `tx` added. */
class Transaction extends Caller {
  constructor(db, id) {
    super();
    this.db = db;
    this.id = id;
    this.done = false;
  }

  call(method, params, options) {
    return this[REQUEST](method, params, options, undefined);
  }

  [REQUEST](method, params, options, transform) {
    if (this.done) return Promise.reject(new WizdbError(`the transaction ${this.id} has ended`, { code: 1010, kind: "transaction_not_found", data: { kind: "transaction_not_found", tx: this.id } }));
    return this.db[REQUEST](method, { ...(params ?? {}), tx: this.id }, options, transform);
  }

  run() {
    return Promise.reject(new WizdbError("transaction.run cannot run inside an interactive transaction; call the steps one by one", { code: -32602, kind: "invalid_params" }));
  }
}

const firstRow = (result) => result.rows?.[0] ?? null;
const row = (result) => result.row;
const rows = (result) => result.rows;
const count = (result) => result.count;

/** Typed access to one table through the query methods. */
class Table {
  constructor(caller, name) {
    this.caller = caller;
    this.name = name;
  }

  #request(method, options, extra, transform) {
    const params = options ? { ...options, ...extra, table: this.name } : { ...extra, table: this.name };
    return this.caller[REQUEST](method, params, undefined, transform);
  }

  /** Inserts one row and resolves with it as stored (null when `onConflict` skipped it). */
  insert(values, options) {
    return this.#request("query.insert", options, { values }, firstRow);
  }

  /** Inserts several rows in one transaction. */
  insertMany(rows, options) {
    return this.#request("query.insert", options, { rows }, undefined);
  }

  get(id, options) {
    return this.#request("query.get", options, { id }, row);
  }

  select(options) {
    return this.#request("query.select", options, undefined, rows);
  }

  update(options) {
    return this.#request("query.update", options, undefined, undefined);
  }

  softDelete(options) {
    return this.#request("query.softDelete", options, undefined, undefined);
  }

  restore(options) {
    return this.#request("query.restore", options, undefined, undefined);
  }

  delete(options) {
    return this.#request("query.delete", options, undefined, undefined);
  }

  count(options) {
    return this.#request("query.count", options, undefined, count);
  }

  aggregate(options) {
    return this.#request("query.aggregate", options, undefined, rows);
  }

  /** One page (await it), or every page in turn (for await ... of): keyset pages by `cursor`. */
  paginate(options = {}) {
    return new Pages(this, options);
  }

  page(options) {
    return this.#request("query.paginate", options, undefined, undefined);
  }
}

/** `table.paginate(...)`: a promise of the first page that is also an async iterator over all pages. */
class Pages {
  constructor(table, options) {
    this.table = table;
    this.options = options;
    this.first = undefined;
  }

  #firstPage() {
    this.first ??= this.table.page(this.options);
    return this.first;
  }

  then(onFulfilled, onRejected) {
    return this.#firstPage().then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.#firstPage().catch(onRejected);
  }

  async *[Symbol.asyncIterator]() {
    let page = await this.#firstPage();
    yield page;
    while (page.hasMore && page.nextCursor) {
      page = await this.table.page({ ...this.options, cursor: page.nextCursor });
      yield page;
    }
  }
}

function cancelledError(method) {
  return new WizdbError(`${method} was cancelled`, { code: CODES.cancelled, kind: "cancelled" });
}

function delay(ms) {
  let timer;
  const promise = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}
