/**
 * The verifier in a browser against Node (bench/results/browser-verify.json): the SHA-256
 * coprocessor guest's receipt (examples/guests/sha256_1k_cop.elf, proven first) verified by the
 * browser build in headless Chromium — in the page's Web Worker, as examples/web/ runs it — and
 * by the same code under Node (`verifyReceiptBytes`, Node's worker pool). Medians of
 * BROWSER_VERIFY_BENCH_RUNS runs (default 5) after one warm-up, each side warm:
 * `*_verify_ms` parses and verifies the receipt against its program id (what `zkglue verify`
 * times), `*_program_id_ms` recomputes the id from the ELF. Also the size of the browser bundle
 * (the scripts the page loads for the verifier: verify.js, verify-worker.js and their chunk),
 * plain and gzipped. Needs Debian's chromium (scripts/setup.sh).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startVerifierServer } from "../cli/serve-verifier.js";
import { buildSite, GUEST, launchChromium, proveGuest } from "../test/web/helpers.js";
import { verifyReceiptBytes, type VerifyReport } from "../web/verify.js";
import { report, type BenchResult } from "./report.js";

const RUNS = Number(process.env.BROWSER_VERIFY_BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One warm-up and RUNS timed verifications by program id and by ELF: the figures' medians. */
function figures(reports: { byId: VerifyReport[]; byElf: VerifyReport[] }) {
  for (const r of [...reports.byId, ...reports.byElf])
    if (!r.verified) throw new Error(`the receipt did not verify: ${r.error}`);
  return {
    verifyMs: median(reports.byId.slice(1).map((r) => r.verifyMs!)),
    programIdMs: median(reports.byElf.slice(1).map((r) => r.programIdMs!)),
  };
}

/**
 * What runs in the page (as source: tsx's transform would add helpers a serialized function
 * lacks): the worker the page's form uses, one verification at a time.
 */
function inPage(programId: string, runs: number): string {
  return `(async () => {
    const load = async (path) => new Uint8Array(await (await fetch(path)).arrayBuffer());
    const [receipt, elf] = [await load("bench.receipt"), await load("bench.elf")];
    const { createWorkerVerifier } = await import("/verify.js");
    const verifier = createWorkerVerifier();
    const byId = [], byElf = [];
    for (let i = 0; i <= ${runs}; i++) byId.push(await verifier.verify({ receipt, programId: "${programId}" }));
    for (let i = 0; i <= ${runs}; i++) byElf.push(await verifier.verify({ receipt, elf }));
    verifier.terminate();
    return { byId, byElf };
  })()`;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "zkglue-browser-bench-"));
  const site = join(dir, "site");
  try {
    await buildSite(site);
    const proven = proveGuest();
    const elf = new Uint8Array(readFileSync(GUEST));
    writeFileSync(join(site, "bench.receipt"), proven.receipt);
    writeFileSync(join(site, "bench.elf"), elf);

    const times = Array.from({ length: RUNS + 1 });
    const node = figures({
      byId: times.map(() =>
        verifyReceiptBytes({ receipt: proven.receipt, programId: proven.programId }),
      ),
      byElf: times.map(() => verifyReceiptBytes({ receipt: proven.receipt, elf })),
    });

    const server = await startVerifierServer({ dir: site, port: 0 });
    const browser = await launchChromium();
    let browserReports: { byId: VerifyReport[]; byElf: VerifyReport[] };
    try {
      const page = await browser.newPage();
      await page.goto(server.url, { waitUntil: "load" });
      browserReports = (await page.evaluate(
        inPage(proven.programId, RUNS),
      )) as typeof browserReports;
    } finally {
      await browser.close();
      await server.close();
    }
    const inBrowser = figures(browserReports);

    const scripts = readdirSync(site).filter((f) => f.endsWith(".js") && f !== "app.js");
    const code = scripts.map((f) => readFileSync(join(site, f)));
    const bytes = code.reduce((n, b) => n + b.length, 0);
    const gzipped = code.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);

    const unit = `ms (median of ${RUNS})`;
    const results: BenchResult[] = [
      { name: "browser_verify_ms", value: inBrowser.verifyMs, unit },
      { name: "node_verify_ms", value: node.verifyMs, unit },
      { name: "browser_program_id_ms", value: inBrowser.programIdMs, unit },
      { name: "node_program_id_ms", value: node.programIdMs, unit },
      { name: "browser_bundle_bytes", value: bytes, unit: `bytes (${scripts.length} scripts)` },
      { name: "browser_bundle_gzip_bytes", value: gzipped, unit: "bytes (gzip -9)" },
      { name: "browser_verify_receipt_bytes", value: proven.receipt.length, unit: "bytes" },
    ];
    report("browser-verify.json", results);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
