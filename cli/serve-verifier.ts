/**
 * `zkglue serve-verifier [--port N] [--dir <folder>]`: serves the receipt-verifying page — the
 * browser build of the verifier with the page of examples/web/, which `npm run build` writes to
 * dist/browser/ — on the loopback interface only, until interrupted. Any static file server
 * would do; this one sends a Content-Security-Policy that keeps the page and its worker to their
 * own files, and serves nothing outside the folder.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Command, InputError, type Io, parseCommandLine, UsageError } from "./io.js";

const USAGE = `usage: zkglue serve-verifier [--port <n>] [--dir <folder>]

Serves the receipt-verifying page on http://127.0.0.1:<port>/ until interrupted (Ctrl-C). The
page verifies receipts in the browser; nothing is uploaded.

options:
  --port <n>       the port (default 8080; 0 picks a free one)
  --dir <folder>   the page's folder (default: dist/browser, written by npm run build)
`;

const DEFAULT_PORT = 8080;

/** The page's scripts may compile WebAssembly and generated code; nothing reaches the network. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};
const TEXT = "text/plain; charset=utf-8";

/** The browser build's folder in this package: dist/browser beside the package.json. */
export function defaultSiteDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, "dist/browser");
}

/** Options of `startVerifierServer`. */
export interface VerifierServerOptions {
  /** Port on 127.0.0.1; 0 (the default here) picks a free one. */
  port?: number;
  /** The folder served: the browser build with the page (default `defaultSiteDir()`). */
  dir?: string;
}

/** A running server: its address, and how to stop it. */
export interface VerifierServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string | Uint8Array, type: string) {
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/**
 * Serves the files of `dir` on 127.0.0.1 (GET and HEAD; `/` is index.html); nothing outside the
 * folder, and no directory listings.
 *
 * @example
 * const server = await startVerifierServer({ port: 0 });
 * console.log(`open ${server.url}`);
 * await server.close();
 */
export async function startVerifierServer(
  options: VerifierServerOptions = {},
): Promise<VerifierServer> {
  const root = resolve(options.dir ?? defaultSiteDir());
  for (const file of ["index.html", "verify.js", "verify-worker.js"]) {
    if (!existsSync(join(root, file)))
      throw new InputError(
        `no browser verifier in ${root} (${file} is missing): run npm run build`,
      );
  }
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(res, 405, "method not allowed\n", TEXT);
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return send(res, 400, "bad request\n", TEXT);
    }
    const file = resolve(root, `.${path.endsWith("/") ? `${path}index.html` : path}`);
    const inside = file.startsWith(root + sep);
    if (!inside || !existsSync(file) || !statSync(file).isFile())
      return send(res, 404, "not found\n", TEXT);
    send(res, 200, readFileSync(file), TYPES[extname(file)] ?? "application/octet-stream");
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((e) => (e ? fail(e) : ok()));
        server.closeAllConnections();
      }),
  };
}

function parse(argv: string[]): { port: number; dir?: string } {
  const { values, positionals } = parseCommandLine(argv, {
    port: { type: "string" },
    dir: { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? "0") || port > 65535)
    throw new UsageError("--port must be a port number from 0 to 65535");
  return { port, dir: values.dir };
}

async function serveMain(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  let server: VerifierServer;
  try {
    server = await startVerifierServer(args);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES")
      throw new InputError(`cannot listen on 127.0.0.1:${args.port}: ${code}`);
    throw e;
  }
  io.stdout(`serving the receipt verifier at ${server.url} (Ctrl-C stops)\n`);
  await new Promise<void>((stop) => {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return 0;
}

/** The `serve-verifier` subcommand. */
export const serveVerifierCommand: Command = {
  summary: "serve the page that verifies receipts in a browser (loopback only)",
  usage: USAGE,
  main: serveMain,
};
