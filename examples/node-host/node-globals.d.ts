// The few Node.js globals and modules host.mjs uses, declared here because this machine has no
// @types/node; a host with @types/node installed does not need this file.
declare const process: { argv: string[]; env: Record<string, string | undefined> };
declare const console: { log(...values: unknown[]): void };
declare module "node:fs" {
  export function mkdtempSync(prefix: string): string;
}
declare module "node:os" {
  export function tmpdir(): string;
}
declare module "node:path" {
  export function join(...parts: string[]): string;
}
declare module "node:url" {
  export function fileURLToPath(url: URL | string): string;
}
declare class URL {
  constructor(url: string, base?: string | URL);
}
interface ImportMeta {
  url: string;
}
