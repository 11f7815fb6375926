/**
 * What the browser verifier's tests share: the browser build made exactly as `npm run build`
 * makes it (tsup.config.ts's options, into a folder of the test's), a receipt proven in the
 * set-up (the SHA-256 coprocessor guest: a few seconds, and never stale), the receipts that must
 * be rejected, `zkglue verify` run in-process for its verdict, and Debian's chromium through
 * puppeteer-core (a missing browser is an error, never a skip).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { build } from "tsup";
import { main } from "../../cli/main.js";
import type { Io } from "../../cli/io.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { hexId, programIdOf, proveReceipt, serializeReceipt } from "../../glue/receipt.js";
import { loadElf } from "../../glue/riscv/index.js";
import { browserBuild } from "../../tsup.config.js";

export const GUEST = "examples/guests/sha256_1k_cop.elf";
/** Another program: the receipt of GUEST is not for it. */
export const OTHER_GUEST = "examples/guests/fibonacci.elf";

/** Where the tests leave what a person may want to look at (screenshots); gitignored. */
export const OUTPUT_DIR = "test-output/web";

/** Builds the browser verifier and its page into `dir` (what dist/browser/ holds after a build). */
export async function buildSite(dir: string): Promise<void> {
  await build({ ...browserBuild, outDir: dir, dts: false, silent: true, config: false });
}

/** The receipt of GUEST's run, proven now, with its program id and journal (hex). */
export function proveGuest(): { receipt: Uint8Array; programId: string; journal: string } {
  const cops = builtinCoprocessors();
  const program = loadElf(readFileSync(GUEST));
  const { receipt } = proveReceipt(program, { coprocessors: cops });
  return {
    receipt: serializeReceipt(receipt),
    programId: hexId(programIdOf(program, cops)),
    journal: hexId(receipt.journal),
  };
}

/** The receipts a verifier must reject, each written to `dir`; the ELF to check each against. */
export function badReceipts(
  receipt: Uint8Array,
  dir: string,
): { name: string; path: string; elf: string }[] {
  const flipped = receipt.slice();
  flipped[flipped.length - 1000] ^= 0x01; // inside the proof's last FRI openings
  const cases = [
    { name: "flipped-byte", bytes: flipped, elf: GUEST },
    { name: "other-program", bytes: receipt, elf: OTHER_GUEST },
    { name: "truncated", bytes: receipt.slice(0, receipt.length >> 1), elf: GUEST },
  ];
  mkdirSync(dir, { recursive: true });
  return cases.map(({ name, bytes, elf }) => {
    const path = join(dir, `${name}.receipt`);
    writeFileSync(path, bytes);
    return { name, path, elf };
  });
}

/** Runs `zkglue verify <receipt> --elf <elf>` in-process: exit status, stdout and stderr. */
export async function cliVerify(
  receipt: string,
  elf: string,
): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const text = (d: string | Uint8Array) =>
    typeof d === "string" ? d : new TextDecoder().decode(d);
  const io: Io = { stdout: (d) => void (out += text(d)), stderr: (d) => void (err += text(d)) };
  const status = await main(["verify", receipt, "--elf", elf], io);
  return { status, out, err };
}

/** The installed chromium: the first `chromium` on PATH. */
export function chromiumPath(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const path = join(dir, "chromium");
    if (dir !== "" && existsSync(path)) return path;
  }
  throw new Error("chromium is not installed: run scripts/setup.sh (apt-get install chromium)");
}

/** The installed chromium's version line. */
export function chromiumVersion(): string {
  return execFileSync(chromiumPath(), ["--version"], { encoding: "utf8" }).trim();
}

/** Headless chromium, driven over the DevTools protocol by puppeteer-core (it downloads nothing). */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"],
  });
}
