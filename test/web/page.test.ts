/**
 * The receipt-verifying page (examples/web/ with the browser build of the verifier) in headless
 * Chromium, served by `zkglue serve-verifier`'s server on a free loopback port: a receipt proven
 * in the set-up verifies against its ELF and against its program id; a receipt with a flipped
 * byte, one checked against another program and a truncated one are rejected with exactly the
 * message `zkglue verify` prints for them (both are run). The page asks for nothing but its own
 * files. A screenshot of each state goes to test-output/web/ (gitignored). Last, the README's
 * embedding example runs as written.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVerifierServer, type VerifierServer } from "../../cli/serve-verifier.js";
import {
  GUEST,
  OUTPUT_DIR,
  badReceipts,
  buildSite,
  chromiumVersion,
  cliVerify,
  launchChromium,
  proveGuest,
} from "./helpers.js";

/** The little of the DOM the callbacks run in the page use (the project has no DOM types). */
interface Element {
  textContent: string | null;
  dataset: Record<string, string | undefined>;
}
declare const document: {
  getElementById(id: string): Element | null;
  querySelector(selector: string): Element | null;
};

const work = mkdtempSync(join(tmpdir(), "zkglue-web-page-"));
const site = join(work, "site");
const receiptPath = join(work, "sha256_1k_cop.receipt");
let proven: ReturnType<typeof proveGuest>;
let server: VerifierServer;
let browser: Browser;
/** Every URL a page or its worker asked for (puppeteer reports the worker's requests too). */
const requested: string[] = [];
/** Errors and warnings of pages (console and uncaught). */
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await buildSite(site);
  proven = proveGuest();
  writeFileSync(receiptPath, proven.receipt);
  server = await startVerifierServer({ dir: site, port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 900, height: 600 }); // screenshots take the page's height
  page.on("request", (r) => requested.push(r.url()));
  page.on("pageerror", (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") problems.push(`console: ${m.text()}`);
  });
  await page.goto(server.url, { waitUntil: "load" });
  // The footer lists the coprocessors once app.js (and the verifier) has loaded.
  await page.waitForFunction(() => document.getElementById("coprocessors")?.textContent !== "…");
  return page;
}

/** Chooses the files, presses Verify, waits for the verdict; returns state, heading, reason. */
async function verifyOnPage(
  page: Page,
  receipt: string,
  program: { elf: string } | { programId: string },
) {
  await (await page.$("#receipt"))!.uploadFile(receipt);
  if ("elf" in program) {
    await page.click("#by-elf");
    await (await page.$("#elf"))!.uploadFile(program.elf);
  } else {
    await page.click("#by-id");
    await page.type("#program-id", program.programId);
  }
  // A verdict already shown must not pass for this one's.
  await page.$eval("#result", (e) => ((e as unknown as Element).dataset.state = "idle"));
  await page.click("#verify");
  await page.waitForFunction(
    () => !["idle", "working"].includes(document.getElementById("result")!.dataset.state!),
    { timeout: 60_000 },
  );
  return page.evaluate(() => {
    const text = (id: string) => document.getElementById(id)!.textContent!;
    return {
      state: document.getElementById("result")!.dataset.state,
      verdict: text("verdict"),
      reason: text("reason"),
      programId: text("out-program-id"),
      segments: text("out-segments"),
      size: text("out-size"),
      time: text("out-time"),
      journalHex: text("out-journal-hex"),
      journalText: text("out-journal-text"),
    };
  });
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`) as `${string}.png`, fullPage: true });

describe("the receipt-verifying page in Chromium", () => {
  it("chromium is installed (scripts/setup.sh installs it)", () => {
    expect(chromiumVersion()).toMatch(/Chromium \d+/);
  });

  it("verifies the bundled receipt against its ELF: journal, segments, size, time", async () => {
    const page = await openPage();
    await shot(page, "empty");
    const r = await verifyOnPage(page, receiptPath, { elf: GUEST });
    await shot(page, "verified");
    expect(r.state).toBe("verified");
    expect(r.verdict).toMatch(/Verified/);
    expect(r.programId).toBe(proven.programId);
    expect(r.journalHex).toBe(proven.journal);
    expect(r.journalText).toBe("not valid UTF-8"); // a SHA-256 digest
    expect(r.segments).toBe("1 (zero-knowledge)");
    const n = proven.receipt.length;
    expect(r.size).toBe(`${n.toLocaleString("en")} bytes (${(n / 1024).toFixed(0)} KiB)`);
    expect(r.time).toMatch(/^\d+ ms to verify, \d+ ms to recompute the program id from the ELF$/);
    // The same verdict and journal as Node's `zkglue verify`.
    const cli = await cliVerify(receiptPath, GUEST);
    expect(cli.status).toBe(0);
    expect(cli.out).toContain(`journal (32 bytes): ${proven.journal}`);
    await page.close();
  });

  it("verifies it against its program id", async () => {
    const page = await openPage();
    const r = await verifyOnPage(page, receiptPath, { programId: proven.programId });
    expect([r.state, r.journalHex]).toEqual(["verified", proven.journal]);
    expect(r.time).toMatch(/^\d+ ms to verify$/);
    await page.close();
  });

  it("rejects a flipped byte, another program and a truncated file with Node's messages", async () => {
    const page = await openPage();
    for (const bad of badReceipts(proven.receipt, work)) {
      const r = await verifyOnPage(page, bad.path, { elf: bad.elf });
      await shot(page, bad.name);
      const cli = await cliVerify(bad.path, bad.elf);
      expect(cli.status, bad.name).toBe(1);
      expect(r.state, bad.name).toBe("rejected");
      expect(r.verdict, bad.name).toMatch(/Rejected/);
      expect(`zkglue verify: ${r.reason}\n`, bad.name).toBe(cli.err);
    }
    const reasons = await page.evaluate(() => document.getElementById("reason")!.textContent);
    expect(reasons).toMatch(/^receipt rejected: truncated at byte \d+/);
    await page.close();
  });

  it("asks for nothing but its own files, and logs no errors", () => {
    expect(requested.length).toBeGreaterThan(5);
    expect(requested.filter((url) => !url.startsWith(server.url))).toEqual([]);
    expect(requested).toContain(`${server.url}verify-worker.js`);
    expect(problems).toEqual([]);
  });

  it("a worker that cannot start fails its verifications instead of leaving them pending", async () => {
    const page = await browser.newPage();
    await page.goto(server.url, { waitUntil: "load" });
    const outcome = await page.evaluate(`(async () => {
      const { createWorkerVerifier } = await import("/verify.js");
      const verifier = createWorkerVerifier("/no-such-worker.js");
      const attempt = () => verifier.verify({ receipt: new Uint8Array(4), programId: "00" });
      const messages = [];
      for (let i = 0; i < 2; i++) await attempt().then(() => messages.push("resolved"), (e) => messages.push(e.message));
      return messages;
    })()`);
    expect(outcome).toEqual([
      `the verifier's worker failed: could not load /no-such-worker.js`,
      `the verifier's worker failed: could not load /no-such-worker.js`,
    ]);
    await page.close();
  });

  it("runs the README's embedding example as written", async () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("### Embed the verifier in your page"));
    const html = /```html\n([\s\S]*?)```/.exec(section)?.[1];
    const script = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(html, "the README's page").toContain('src="my-page.js"');
    expect(script, "the README's script").toMatch(/^\/\/ my-page\.js\n/);
    // The one change: the program id the README leaves for the reader to fill in.
    const trusting = script!.replace(
      /const PROGRAM_ID = "[^"]*"/,
      `const PROGRAM_ID = "${proven.programId}"`,
    );
    expect(trusting).toContain(proven.programId);
    writeFileSync(join(site, "embed.html"), html!);
    writeFileSync(join(site, "my-page.js"), trusting);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push((e as Error).message));
    await page.goto(`${server.url}embed.html`, { waitUntil: "load" });
    await (await page.$("input[type=file]"))!.uploadFile(receiptPath);
    await page.waitForFunction(() => document.querySelector("output")?.textContent !== "", {
      timeout: 60_000,
    });
    const text = await page.$eval("output", (o) => o.textContent);
    expect(text).toBe(`verified: journal ${proven.journal}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
