/**
 * The installed command: the node build of tsup.config.ts (what `npm run build` writes to dist/),
 * run as `node <out>/cli/main.js`, as `npx zkglue` runs it. The other CLI tests run the sources
 * under tsx; this one catches what only the bundle can get wrong: files a command finds beside
 * its own code (the worker script of `--workers`, which the bundle once looked for where it was
 * not) and the dependencies bundled into it.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeBuild } from "../../tsup.config.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const GUEST = join(ROOT, "examples/guests/page_kinds.elf"); // 2,591 cycles
// Inside the repository, so that the bundle's external packages (bullmq, esbuild) resolve.
const OUT = join(ROOT, "node_modules/.cache", `zkglue-built-cli-${process.pid}`);
const run = promisify(execFile);

/** `node <OUT>/cli/main.js ...argv`: status and output. */
async function zkglue(...argv: string[]): Promise<{ status: number; out: string }> {
  try {
    const { stdout, stderr } = await run("node", [join(OUT, "cli/main.js"), ...argv]);
    return { status: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { status: err.code, out: err.stdout + err.stderr };
  }
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await build({
    ...nodeBuild,
    outDir: OUT,
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
  });
}, 180_000);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe("the built zkglue command", () => {
  it("answers --help", async () => {
    const r = await zkglue("--help");
    expect(r.status).toBe(0);
    expect(r.out).toContain("zkglue prove");
  });

  it("proves on worker processes (--workers) and verifies the receipt", async () => {
    const receipt = join(OUT, "page_kinds.receipt");
    const proved = await zkglue(
      "prove",
      GUEST,
      "--no-zk",
      "--segment-cycles",
      "1024",
      "--workers",
      "2",
      "-o",
      receipt,
    );
    expect(proved.out).toMatch(/segments: +3\n/);
    expect(proved.status).toBe(0);
    const verified = await zkglue("verify", receipt, "--elf", GUEST);
    expect(verified.out).toContain("receipt verified");
    expect(verified.status).toBe(0);
  }, 180_000);

  it("validates with the bundled zod: a bad FRI parameter is refused by name, in English", async () => {
    const { checkFriParams } = (await import(join(OUT, "index.js"))) as {
      checkFriParams(p: object): unknown;
    };
    const bad = { logBlowup: 9, numQueries: 100, powBits: 16, logFinalPolyLen: 3 };
    expect(() => checkFriParams(bad)).toThrow(/logBlowup: Too big/);
  });
});
