// Exact values on the wire: integers beyond 2^53 (bigint or string, never a rounded number),
// blobs as {"$base64": "..."} <-> Uint8Array. Lines without either take JSON.parse and
// JSON.stringify unchanged, so the common case costs one scan.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
/** A run of 16 digits: the shortest integer literal that can be beyond 2^53. */
const LONG_DIGITS = /\d{16}/;

/** Thrown by decode in int64 mode "number" for an integer a JavaScript number cannot hold. */
export class PrecisionError extends Error {
  constructor(literal) {
    super(`the integer ${literal} does not fit a JavaScript number exactly; open the client with int64: "bigint" or "string"`);
    this.literal = literal;
  }
}

/**
 * Parses one line of server output. `int64` says what an integer beyond 2^53 becomes:
 * "bigint", "string", or "number" (which throws PrecisionError rather than round).
 */
export function decode(line, int64) {
  const hasLong = LONG_DIGITS.test(line);
  if (!hasLong) {
    const value = JSON.parse(line);
    return line.includes('"$base64"') ? revive(value) : value;
  }
  return new ExactParser(line, int64).parseDocument();
}

/** Turns every {"$base64": "..."} object into a Uint8Array, in place where possible. */
function revive(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === "$base64" && typeof value.$base64 === "string") return fromBase64(value.$base64);
  for (const key of keys) value[key] = revive(value[key]);
  return value;
}

function fromBase64(text) {
  const buffer = Buffer.from(text, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

function toBase64(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** A JSON parser that keeps integers exact; used only for lines that may hold long integers. */
class ExactParser {
  constructor(text, int64) {
    this.text = text;
    this.at = 0;
    this.int64 = int64;
  }

  parseDocument() {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) this.fail("unexpected text after the value");
    return value;
  }

  fail(message) {
    throw new SyntaxError(`${message} at offset ${this.at} of a wizdb response`);
  }

  space() {
    const text = this.text;
    let at = this.at;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 32 || c === 10 || c === 13 || c === 9) at++;
      else break;
    }
    this.at = at;
  }

  value() {
    this.space();
    const c = this.text[this.at];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "t") return this.literal("true", true);
    if (c === "f") return this.literal("false", false);
    if (c === "n") return this.literal("null", null);
    return this.number();
  }

  literal(word, value) {
    if (!this.text.startsWith(word, this.at)) this.fail("invalid literal");
    this.at += word.length;
    return value;
  }

  object() {
    this.at++;
    const result = {};
    this.space();
    if (this.text[this.at] === "}") {
      this.at++;
      return result;
    }
    let count = 0;
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail("expected a key");
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ":") this.fail("expected ':'");
      this.at++;
      const value = this.value();
      // Defined as a plain property even for "__proto__", as JSON.parse does.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      count++;
      this.space();
      const c = this.text[this.at++];
      if (c === "}") break;
      if (c !== ",") this.fail("expected ',' or '}'");
    }
    if (count === 1 && typeof result.$base64 === "string") return fromBase64(result.$base64);
    return result;
  }

  array() {
    this.at++;
    const result = [];
    this.space();
    if (this.text[this.at] === "]") {
      this.at++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.space();
      const c = this.text[this.at++];
      if (c === "]") return result;
      if (c !== ",") this.fail("expected ',' or ']'");
    }
  }

  string() {
    const start = this.at;
    let at = start + 1;
    const text = this.text;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(at);
      if (Number.isNaN(c)) this.fail("unterminated string");
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        at += 2;
      } else at++;
    }
    this.at = at + 1;
    const raw = text.slice(start, at + 1);
    return escaped ? JSON.parse(raw) : raw.slice(1, -1);
  }

  number() {
    const match = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 400));
    if (!match) this.fail("invalid value");
    const literal = match[0];
    this.at += literal.length;
    if (match[1] !== undefined || match[2] !== undefined) return Number(literal);
    const digits = literal[0] === "-" ? literal.length - 1 : literal.length;
    if (digits < 16) return Number(literal);
    const big = BigInt(literal);
    if (big <= MAX_SAFE && big >= MIN_SAFE) return Number(literal);
    if (this.int64 === "string") return literal;
    if (this.int64 === "number") throw new PrecisionError(literal);
    return big;
  }
}

/** Whether a value holds something JSON.stringify would not send exactly (bigint, bytes). */
function needsExact(value, depth) {
  if (typeof value === "bigint") return true;
  if (value === null || typeof value !== "object") return false;
  if (value instanceof Uint8Array) return true;
  if (depth > 64) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsExact(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) if (needsExact(value[key], depth + 1)) return true;
  return false;
}

/** The JSON text of a request's params: bigint as exact integers, Uint8Array as {"$base64"}. */
export function encode(value) {
  return needsExact(value, 0) ? encodeExact(value) : JSON.stringify(value);
}

function encodeExact(value) {
  if (value === null) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "string":
    case "number":
    case "boolean":
      return JSON.stringify(value);
    case "object":
      break;
    default:
      return undefined;
  }
  if (value instanceof Uint8Array) return `{"$base64":"${toBase64(value)}"}`;
  if (typeof value.toJSON === "function") return encodeExact(value.toJSON());
  if (Array.isArray(value)) {
    return "[" + value.map((item) => encodeExact(item) ?? "null").join(",") + "]";
  }
  const parts = [];
  for (const key of Object.keys(value)) {
    const text = encodeExact(value[key]);
    if (text !== undefined) parts.push(JSON.stringify(key) + ":" + text);
  }
  return "{" + parts.join(",") + "}";
}
