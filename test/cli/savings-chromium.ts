/**
 * Renders a page in headless Chromium (Debian's `chromium`, which scripts/setup.sh installs) for
 * the savings page's tests: a screenshot, and the drawn size of every chart bar, measured by the
 * browser's own layout (a script appended to a copy of the page writes them into the DOM, which
 * `--dump-dom` then returns). A missing browser is an error, never a skip.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** One drawn `rect.bar`: its chart, bar, key and rendered size in CSS pixels. */
export interface DrawnBar {
  chart: string;
  bar: string;
  key: string;
  width: number;
  height: number;
}

// Runs after load: the browser has laid out the SVG, so these are the sizes on screen.
const MEASURE = `<script>
const bars = [...document.querySelectorAll("svg rect.bar")].map((r) => {
  const box = r.getBoundingClientRect();
  return { chart: r.closest("svg").id, bar: r.dataset.bar, key: r.dataset.key,
    width: box.width, height: box.height };
});
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify(bars);
document.body.append(out);
</script>`;

/** Runs chromium headless on `html` with `flags`; returns its stdout. */
async function chromium(html: string, flags: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "zkglue-chromium-"));
  try {
    const page = join(dir, "page.html");
    writeFileSync(page, html);
    const { stdout } = await run(
      "chromium",
      [
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--hide-scrollbars",
        "--no-first-run",
        `--user-data-dir=${join(dir, "profile")}`,
        ...flags,
        `file://${page}`,
      ],
      { timeout: 90_000, maxBuffer: 64 << 20 },
    );
    return stdout;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error("chromium is not installed: run scripts/setup.sh (apt-get install chromium)");
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The version line of the installed chromium (throws if there is none). */
export async function chromiumVersion(): Promise<string> {
  try {
    return (await run("chromium", ["--version"])).stdout.trim();
  } catch (e) {
    throw new Error(
      `chromium is not installed (${(e as Error).message}): run scripts/setup.sh, which installs Debian's chromium`,
    );
  }
}

/** Every chart bar of `html` as the browser drew it. */
export async function drawnBars(html: string, width = 1000): Promise<DrawnBar[]> {
  const withScript = html.replace("</body>", `${MEASURE}</body>`);
  const dom = await chromium(withScript, [`--window-size=${width},1400`, "--dump-dom"]);
  const m = /<pre id="measured">([^<]*)<\/pre>/.exec(dom);
  if (m === null) throw new Error("the page's measuring script produced nothing");
  const json = m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return JSON.parse(json) as DrawnBar[];
}

/** A PNG screenshot of `html` at `width` × `height`, saved to `path`; returns its bytes. */
export async function screenshot(
  html: string,
  path: string,
  width = 1000,
  height = 1500,
): Promise<Uint8Array> {
  await chromium(html, [`--window-size=${width},${height}`, `--screenshot=${path}`]);
  return new Uint8Array(readFileSync(path));
}
