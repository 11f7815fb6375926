/**
 * The browser verifier outside the browser: `verifyReceiptBytes` (web/verify.ts) gives the
 * verdicts and messages of `zkglue verify`, both as Node runs it (worker pool) and as the built
 * browser bundle runs it (core/wasm/pool-browser.ts), so verification does not depend on the
 * build; the bundle holds no Node built-ins; the browser pool has the Node pool's API; and
 * `zkglue serve-verifier` serves the page's folder, and nothing else, on loopback.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import {
  CONTENT_SECURITY_POLICY,
  startVerifierServer,
  type VerifierServer,
} from "../../cli/serve-verifier.js";
import * as nodePool from "../../core/wasm/pool.js";
import * as browserPool from "../../core/wasm/pool-browser.js";
import * as web from "../../web/verify.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { proveChain, serializeChainReceipt } from "../../glue/paging/chain.js";
import { execute, loadElf } from "../../glue/riscv/index.js";
import { badReceipts, buildSite, cliVerify, GUEST, proveGuest } from "./helpers.js";

const work = mkdtempSync(join(tmpdir(), "zkglue-web-verify-"));
const site = join(work, "site");
const receiptPath = join(work, "sha256_1k_cop.receipt");
let proven: ReturnType<typeof proveGuest>;
let bundle: typeof web;

beforeAll(async () => {
  await buildSite(site);
  bundle = (await import(pathToFileURL(join(site, "verify.js")).href)) as typeof web;
  proven = proveGuest();
  writeFileSync(receiptPath, proven.receipt);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const file = (path: string) => new Uint8Array(readFileSync(path));

describe("verifyReceiptBytes on a chain receipt (zkglue prove --chunk-cycles)", () => {
  it("verifies it against its ELF and its chain program id, and refuses a flipped byte, in both builds", async () => {
    const elfPath = "examples/guests/page_kinds.elf";
    const program = loadElf(file(elfPath));
    const input = new Uint8Array(Uint32Array.of(64).buffer);
    const coprocessors = builtinCoprocessors();
    const chain = await proveChain(program, {
      input,
      coprocessors,
      chunkCycles: 1024,
      segmentCycles: 512,
    });
    const receipt = serializeChainReceipt(chain.receipt);
    const journalHex = Buffer.from(execute(program, { input, coprocessors }).journal).toString(
      "hex",
    );
    const id = Buffer.from(chain.receipt.programId).toString("hex");
    const flipped = receipt.slice();
    flipped[flipped.length - 100] ^= 1;
    for (const verifier of [web, bundle]) {
      expect(verifier.verifyReceiptBytes({ receipt, elf: file(elfPath) })).toMatchObject({
        verified: true,
        programId: id,
        journalHex,
        chunks: chain.chunks.length,
      });
      expect(verifier.verifyReceiptBytes({ receipt, programId: id })).toMatchObject({
        verified: true,
      });
      const bad = verifier.verifyReceiptBytes({ receipt: flipped, programId: id });
      expect(bad).toMatchObject({ verified: false });
      expect((bad as { error: string }).error).toMatch(/^receipt rejected: /);
    }
  }, 300_000);
});

describe("verifyReceiptBytes: the CLI's verdicts, whichever build runs it", () => {
  it("verifies the receipt against its ELF and its program id, in both builds", () => {
    for (const verifier of [web, bundle]) {
      const byElfRequest = () => ({ receipt: proven.receipt, elf: file(GUEST) });
      const byElf = verifier.verifyReceiptBytes(byElfRequest());
      expect(byElf).toMatchObject({
        verified: true,
        programId: proven.programId,
        journalHex: proven.journal,
        segments: 1,
        zk: true,
        receiptBytes: proven.receipt.length,
      });
      expect(verifier.verifyReceiptBytes({ ...byElfRequest(), requireZk: true }).verified).toBe(
        true,
      );
      const byId = verifier.verifyReceiptBytes({
        receipt: proven.receipt,
        programId: proven.programId.toUpperCase(),
      });
      expect(byId).toMatchObject({ verified: true, journalHex: proven.journal });
      expect(byId.programIdMs).toBeUndefined();
    }
  });

  it("rejects what zkglue verify rejects, with its message, in both builds", async () => {
    for (const bad of badReceipts(proven.receipt, work)) {
      const cli = await cliVerify(bad.path, bad.elf);
      expect(cli.status, bad.name).toBe(1);
      for (const verifier of [web, bundle]) {
        const r = verifier.verifyReceiptBytes({ receipt: file(bad.path), elf: file(bad.elf) });
        expect(r.verified, bad.name).toBe(false);
        expect(`zkglue verify: ${(r as web.Rejected).error}\n`, bad.name).toBe(cli.err);
      }
    }
  });

  it("names a file that is not an ELF as the CLI does", async () => {
    const path = join(work, "not-an-elf.bin");
    writeFileSync(path, "hello");
    let err = "";
    const status = await main(["verify", receiptPath, "--elf", path], {
      stdout: () => {},
      stderr: (d) => void (err += String(d)),
    });
    expect(status).toBe(2);
    const r = web.verifyReceiptBytes({ receipt: proven.receipt, elf: file(path), elfName: path });
    expect(`zkglue verify: ${(r as web.Rejected).error}\n`).toBe(err);
  });

  it("asks for exactly one program, and a program id of 64 hex digits", () => {
    const receipt = proven.receipt;
    const error = (r: web.VerifyReport) => (r.verified ? "verified" : r.error);
    expect(error(web.verifyReceiptBytes({ receipt }))).toBe(
      "give exactly one of an ELF and a program id",
    );
    expect(
      error(web.verifyReceiptBytes({ receipt, elf: file(GUEST), programId: proven.programId })),
    ).toBe("give exactly one of an ELF and a program id");
    expect(error(web.verifyReceiptBytes({ receipt, programId: "abc" }))).toBe(
      "the program id must be 64 hex digits",
    );
    expect(error(web.verifyReceiptBytes({ receipt, programId: new Uint8Array(31) }))).toBe(
      "a program id is 32 bytes",
    );
  });
});

describe("the browser build", () => {
  it("holds no Node built-ins: no node: imports, require, Buffer or process", () => {
    const scripts = readdirSync(site).filter((f) => f.endsWith(".js") && f !== "app.js");
    expect(scripts).toEqual(expect.arrayContaining(["verify.js", "verify-worker.js"]));
    for (const name of scripts) {
      const code = readFileSync(join(site, name), "utf8");
      // The match with some context, not the whole minified bundle, when there is one.
      const found = (re: RegExp) => {
        const m = re.exec(code);
        return m && code.slice(Math.max(0, m.index - 60), m.index + 60);
      };
      expect(found(/["'`]node:|\brequire\(/), name).toBeNull();
      expect(found(/(?<![\w$.])(Buffer|process)\s*\./), name).toBeNull();
    }
  });

  it("substitutes core/wasm/pool-browser.ts, which has pool.ts's API", () => {
    const api: typeof nodePool = browserPool; // checked by tsc
    expect(Object.keys(api).sort()).toEqual(Object.keys(nodePool).sort());
    expect(browserPool.threadCount()).toBe(1);
  });

  it("copies the page beside the bundle; its CSP is the one serve-verifier sends", () => {
    const html = readFileSync(join(site, "index.html"), "utf8");
    expect(html).toContain('<script type="module" src="app.js">');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe("zkglue serve-verifier", () => {
  let server: VerifierServer;
  beforeAll(async () => (server = await startVerifierServer({ dir: site, port: 0 })));
  afterAll(() => server.close());

  it("serves the page and the bundle from 127.0.0.1, with the page's CSP", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe(readFileSync(join(site, "index.html"), "utf8"));
    const script = await fetch(`${server.url}verify-worker.js`);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  });

  it("serves nothing outside its folder, and only GET and HEAD", async () => {
    for (const path of ["%2e%2e/package.json", "..%2fpackage.json", "missing.js", ""]) {
      const status = (await fetch(`${server.url}${path}`)).status;
      expect(status, path).toBe(path === "" ? 200 : 404);
    }
    expect((await fetch(server.url, { method: "POST", body: "x" })).status).toBe(405);
    expect((await fetch(server.url, { method: "HEAD" })).status).toBe(200);
  });

  it("refuses a folder without the browser build, and a bad port", async () => {
    await expect(startVerifierServer({ dir: work })).rejects.toThrow(
      /no browser verifier in .* \(index\.html is missing\): run npm run build/,
    );
    let err = "";
    const io = { stdout: () => {}, stderr: (d: string | Uint8Array) => void (err += String(d)) };
    expect(await main(["serve-verifier", "--port", "http"], io)).toBe(2);
    expect(err).toMatch(/--port must be a port number from 0 to 65535/);
  });

  it("runs as a command until interrupted", async () => {
    const child = spawn(
      "node_modules/.bin/tsx",
      ["cli/main.ts", "serve-verifier", "--port", "0", "--dir", site],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /serving the receipt verifier at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`serve-verifier exited with ${code}`)));
    });
    expect((await fetch(`${url}app.js`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});
