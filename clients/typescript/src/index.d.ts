// Type declarations of the wizdb client. No dependency on @types/node: the streams, signals and
// environment it takes are described by the few members it uses.

export declare const VERSION: string;

/** What the client turns integers beyond 2^53 into: a bigint (default), a decimal string, or an error. */
export type Int64Mode = "bigint" | "number" | "string";

/** The shape of one table's types, as `wizdb types --lang typescript` generates them. */
export interface TableTypes {
  row: object;
  insert: object;
  update: object;
  where: object;
  field: string;
}

/** Any table map: `interface Tables` from the generated file satisfies it. */
export type TableMap<T> = { [K in keyof T]: TableTypes };

/** Tables when no generated types are given: any name, loosely typed rows. */
export interface AnyTables {
  [table: string]: {
    row: Record<string, any>;
    insert: Record<string, unknown>;
    update: Record<string, unknown>;
    where: Record<string, unknown>;
    field: string;
  };
}

/** Stable error kinds the server sends in `data.kind`, plus the client's own `unavailable` and `cancelled`. */
export type ErrorKind =
  | "not_found" | "unknown_table" | "unknown_field" | "invalid_value" | "constraint" | "busy" | "read_only"
  | "raw_sql_disabled" | "unsafe_operation" | "assertion_failed" | "transaction_not_found" | "transaction_timeout"
  | "migration_drift" | "migration_failed" | "data_loss_unconfirmed" | "disk_full" | "corrupt" | "path_not_allowed"
  | "cancelled" | "schema_out_of_date" | "limit_exceeded" | "unsupported" | "unavailable" | "invalid_schema"
  | "invalid_params" | "invalid_request" | "method_not_found" | "parse_error" | "internal" | "sql_error" | "file_system"
  | (string & {});

/** Every failure of a call: `code` (JSON-RPC), `kind` (stable, to switch on), `data` (details). */
export declare class WizdbError extends Error {
  readonly code: number;
  readonly kind: ErrorKind;
  readonly data: { kind: ErrorKind; [key: string]: unknown };
  constructor(message: string, options?: { code?: number; kind?: ErrorKind; data?: Record<string, unknown> });
}

/** A `$/progress` value. */
export interface Progress {
  kind: "begin" | "report" | "end";
  title?: string;
  message?: string;
  percentage?: number;
}

/** The part of an AbortSignal the client uses. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export interface CallOptions {
  /** Aborting sends `$/cancelRequest`; the call rejects at once with kind "cancelled". */
  signal?: AbortSignalLike;
  /** Receives the `$/progress` values of a long call (the client makes the workDoneToken). */
  onProgress?: (value: Progress) => void;
}

/** The part of a readable stream the client uses (a child's stdout, a socket). */
export interface ReadableLike {
  on(event: "data", listener: (chunk: any) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  setEncoding?(encoding: "utf8"): unknown;
}

/** The part of a writable stream the client uses (a child's stdin, a socket). */
export interface WritableLike {
  write(text: string): boolean;
  on(event: "drain", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  end?(): unknown;
}

export interface ClientOptions {
  /** Integers beyond 2^53: "bigint" (default), "string", or "number" (such a result rejects with invalid_value). */
  int64?: Int64Mode;
}

export interface SpawnOptions extends ClientOptions {
  /** The wizdb executable: default the WIZDB_BINARY environment variable, then `wizdb` on the PATH. */
  command?: string;
  /** More command-line arguments (flags such as "--readers", "4"). */
  args?: readonly string[];
  /** The database file (`--db`). */
  db?: string;
  /** The declared schema (`--schema`). */
  schema?: string;
  /** The migrations folder (`--migrations`). */
  migrations?: string;
  cwd?: string;
  /** Added to the current environment. */
  env?: Record<string, string | undefined>;
}

/** What `initialize` answers. */
export interface ServerInfo {
  serverInfo: { name: string; version: string };
  protocolVersion: string;
  capabilities: { methods: string[]; backend: string; sqlDialect: string; readOnly: boolean; rawSql: boolean; [key: string]: unknown };
}

/** `{"$ref": "step.path"}`: a value taken from an earlier step's result in `run(steps)`. */
export interface Ref {
  $ref: string;
}
export declare function ref(path: string): Ref;

/** One step of `transaction.run`. */
export interface Step {
  method: string;
  params?: Record<string, unknown>;
  as?: string;
  expect?: { changes?: number; minRows?: number; maxRows?: number; message?: string };
}

type Field<T extends TableTypes> = T["field"];
type Row<T extends TableTypes> = T["row"];
type IdOf<T extends TableTypes> = T["row"] extends { id: infer I } ? I : string | number | bigint;

export interface OrderBy<F extends string> {
  field: F;
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
}

export type Deactivated = "exclude" | "include" | "only";

export interface Join {
  table: string;
  as?: string;
  on: Record<string, string>;
  type?: "left" | "inner";
  fields?: readonly string[];
}

/** A row of a select with `join`: one object per table (or `as`), null where a left join found nothing. */
export interface JoinedRow {
  [tableOrAlias: string]: Record<string, any> | null;
}

export interface SelectOptions<T extends TableTypes, K extends Field<T>> {
  where?: T["where"];
  orderBy?: readonly OrderBy<Field<T>>[];
  limit?: number;
  offset?: number;
  fields?: readonly K[];
  deactivated?: Deactivated;
}

export interface WriteResult<R> {
  rows: R[];
  changes: number;
}

/** Which rows a write applies to: `id`, `where` (both must hold when given together), or `all: true`. */
export interface Target<T extends TableTypes> {
  id?: IdOf<T>;
  where?: T["where"];
  all?: boolean;
}

export interface InsertOptions<T extends TableTypes> {
  returning?: readonly Field<T>[] | false;
  onConflict?: { target: readonly Field<T>[]; do: "nothing" | { update: readonly Field<T>[] } };
}

export interface Aggregate<F extends string> {
  fn: "count" | "sum" | "avg" | "min" | "max";
  field?: F;
  filter?: object;
}

export interface Page<R> {
  rows: R[];
  nextCursor: string | null;
  hasMore: boolean;
}

export interface NumberedPage<R> {
  rows: R[];
  page: number;
  pageSize: number;
  totalCount: number;
  totalPages: number;
}

export interface PaginateOptions<T extends TableTypes> {
  where?: T["where"];
  orderBy?: readonly OrderBy<Field<T>>[];
  limit?: number;
  cursor?: string;
  fields?: readonly Field<T>[];
  deactivated?: Deactivated;
}

/** A promise of the first page that is also an async iterator over every page. */
export interface Pages<R> extends PromiseLike<Page<R>>, AsyncIterable<Page<R>> {
  catch<E = never>(onRejected?: (reason: unknown) => E | PromiseLike<E>): Promise<Page<R> | E>;
}

/** The query methods on one table, typed by its generated types. */
export interface Table<T extends TableTypes> {
  readonly name: string;
  /** Inserts one row; resolves with it as stored. */
  insert(values: T["insert"]): Promise<Row<T>>;
  /** With `onConflict` the row may be skipped (null). */
  insert(values: T["insert"], options: InsertOptions<T>): Promise<Row<T> | null>;
  insertMany(rows: readonly T["insert"][], options?: InsertOptions<T>): Promise<WriteResult<Row<T>>>;
  get<K extends Field<T> = Field<T>>(id: IdOf<T>, options?: { fields?: readonly K[]; deactivated?: Deactivated }): Promise<Pick<Row<T>, K & keyof Row<T>> | null>;
  select<K extends Field<T> = Field<T>>(options?: SelectOptions<T, K>): Promise<Pick<Row<T>, K & keyof Row<T>>[]>;
  select(options: SelectOptions<T, Field<T>> & { join: readonly Join[] }): Promise<JoinedRow[]>;
  update(options: Target<T> & { set?: T["update"]; increment?: { [F in Field<T>]?: number | bigint }; returning?: readonly Field<T>[] | false }): Promise<WriteResult<Row<T>>>;
  softDelete(options: Target<T> & { by?: string; returning?: readonly Field<T>[] | false }): Promise<WriteResult<Row<T>>>;
  restore(options: Target<T> & { returning?: readonly Field<T>[] | false }): Promise<WriteResult<Row<T>>>;
  delete(options: Target<T>): Promise<{ changes: number }>;
  count(options?: { where?: T["where"]; deactivated?: Deactivated }): Promise<number>;
  aggregate<A extends Record<string, Aggregate<Field<T>>>, G extends Field<T> = never>(options: {
    aggregates: A;
    groupBy?: readonly G[] | "status";
    where?: T["where"];
    having?: object;
    deactivated?: Deactivated;
  }): Promise<Array<{ [Alias in keyof A]: number | null } & Pick<Row<T>, G & keyof Row<T>> & { status?: "active" | "inactive" }>>;
  /** Keyset pages (`cursor`): await the first, or `for await` over all of them. */
  paginate(options?: PaginateOptions<T>): Pages<Row<T>>;
  /** One page: keyset (`cursor`) or numbered (`page`, `pageSize`). */
  page(options: PaginateOptions<T>): Promise<Page<Row<T>>>;
  page(options: { page: number; pageSize: number; where?: T["where"]; orderBy?: readonly OrderBy<Field<T>>[]; deactivated?: Deactivated }): Promise<NumberedPage<Row<T>>>;
}

/** The methods `query.watch` can keep live. */
export type WatchableMethod = "query.select" | "query.get" | "query.count" | "query.aggregate" | "query.paginate" | "query.sql";

export interface WatchOptions {
  /** Wait this long after a commit before re-running (changes meanwhile are coalesced). */
  debounceMs?: number;
  /** An error a re-run met (the live query stays open). */
  onError?: (error: WizdbError) => void;
  signal?: AbortSignalLike;
}

/** A live query: its id, the latest result (the method's result shape), and `stop()`. */
export interface LiveQuery<R = any> {
  readonly id: string;
  result: R;
  stop(): Promise<void>;
}

/** What a connection and a transaction share: calls and typed tables. */
export interface Caller<T extends TableMap<T>> {
  call<R = any>(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<R>;
  table<K extends keyof T & string>(name: K): Table<T[K]>;
}

/** One interactive transaction: every call carries its `tx`. */
export interface Transaction<T extends TableMap<T>> extends Caller<T> {
  readonly id: string;
}

export declare class Wizdb<T extends TableMap<T> = AnyTables> implements Caller<T> {
  /** Starts wizdb and sends `initialize`; rejects (kind "unavailable", with its stderr) when it cannot start. */
  static spawn<T extends TableMap<T> = AnyTables>(options?: SpawnOptions): Promise<Wizdb<T>>;
  /** A client over any pair of streams. */
  static over<T extends TableMap<T> = AnyTables>(readable: ReadableLike, writable: WritableLike, options?: ClientOptions): Wizdb<T>;

  /** What `initialize` answered (spawn only). */
  server: ServerInfo | undefined;
  /** Resolves when the connection ends: the process's exit code and signal (null over streams). */
  readonly closed: Promise<{ code: number | null; signal: string | null }>;
  /** The process id of a spawned server. */
  readonly pid: number | undefined;
  /** The last lines wizdb wrote on stderr. */
  readonly stderrTail: string;

  call<R = any>(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<R>;
  notify(method: string, params?: Record<string, unknown>): void;
  /**
   * `query.watch`: the method's first result now, then `onChange` with each new result after a
   * commit (by this process or another) changes it, until `stop()` or the end of the connection.
   */
  watch<R = any>(method: WatchableMethod, params: Record<string, unknown>, onChange: (result: R) => void, options?: WatchOptions): Promise<LiveQuery<R>>;
  /** `query.unwatch`; no change is delivered after it is called. */
  unwatch(id: string): Promise<void>;
  table<K extends keyof T & string>(name: K): Table<T[K]>;
  /** `transaction.run`: all steps or none; `ref()` values and `expect` guards. */
  run(steps: readonly Step[], options?: CallOptions): Promise<{ results: any[] }>;
  /** begin, the body, commit; rollback (and rethrow) when the body throws. */
  transaction<R>(body: (tx: Transaction<T>) => Promise<R>, options?: { timeoutMs?: number; readOnly?: boolean }): Promise<R>;
  /** `shutdown`, `exit`, then waits for the process; kills it after `timeoutMs` (default 5000). */
  close(options?: { timeoutMs?: number }): Promise<{ code: number | null; signal: string | null }>;
}
