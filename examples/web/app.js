// The receipt-verifying page: reads the chosen (or dropped) files, verifies them in a Web Worker
// with zkglue's browser verifier (verify.js, built into dist/browser/ beside this file) and shows
// the verdict, the reason of a rejection, and the journal and figures of a verified receipt.
import { builtinCoprocessors, createWorkerVerifier } from "./verify.js";

const $ = (id) => document.getElementById(id);
const form = $("verify-form");
const receiptInput = $("receipt");
const elfInput = $("elf");
const idInput = $("program-id");
const result = $("result");

// Started now, so the worker has loaded the verifier by the time a receipt is chosen.
let verifier = createWorkerVerifier();

$("coprocessors").textContent = builtinCoprocessors()
  .map((c) => c.name)
  .join(", ");

// The radio buttons choose which of the two program inputs counts.
function byElf() {
  return $("by-elf").checked;
}
function syncProgramChoice() {
  elfInput.disabled = !byElf();
  idInput.disabled = byElf();
}
for (const radio of form.elements.namedItem("program")) {
  radio.addEventListener("change", syncProgramChoice);
}

// Dropped files are sorted by their first bytes: "ZKGR" is a receipt, "\x7fELF" an ELF.
async function kindOf(file) {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const magic = String.fromCharCode(...head);
  return magic === "ZKGR" ? "receipt" : magic === "\x7fELF" ? "elf" : undefined;
}
function setFile(input, file) {
  const list = new DataTransfer();
  list.items.add(file);
  input.files = list.files;
}
document.addEventListener("dragover", (event) => {
  event.preventDefault();
  document.body.classList.add("dragging");
});
document.addEventListener("dragleave", (event) => {
  if (event.relatedTarget === null) document.body.classList.remove("dragging");
});
document.addEventListener("drop", async (event) => {
  event.preventDefault();
  document.body.classList.remove("dragging");
  for (const file of event.dataTransfer?.files ?? []) {
    const kind = await kindOf(file);
    if (kind === "receipt") setFile(receiptInput, file);
    if (kind === "elf") {
      setFile(elfInput, file);
      $("by-elf").checked = true;
      syncProgramChoice();
    }
    if (kind === undefined) show("incomplete", "Not a receipt or an ELF", `${file.name}`);
  }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const receipt = receiptInput.files?.[0];
  const elf = elfInput.files?.[0];
  const id = idInput.value.trim();
  if (receipt === undefined) return show("incomplete", "Choose a receipt", "No receipt file.");
  if (byElf() && elf === undefined) return show("incomplete", "Choose an ELF", "No ELF file.");
  if (!byElf() && !/^[0-9a-fA-F]{64}$/.test(id))
    return show("incomplete", "Enter a program id", "A program id is 64 hex digits.");
  show("working", "Verifying…", `${receipt.name}`);
  $("verify").disabled = true;
  try {
    const request = { receipt: new Uint8Array(await receipt.arrayBuffer()) };
    if (byElf()) {
      request.elf = new Uint8Array(await elf.arrayBuffer());
      request.elfName = elf.name;
    } else {
      request.programId = id;
    }
    render(await verifier.verify(request));
  } catch (e) {
    // The worker itself failed (not a verdict): report it and start a fresh one.
    verifier.terminate();
    verifier = createWorkerVerifier();
    show("failed", "The verifier failed", String(e?.message ?? e));
  } finally {
    $("verify").disabled = false;
  }
});

/** Sets the verdict's state, heading and reason, and hides the figures. */
function show(state, verdict, reason) {
  result.dataset.state = state;
  $("verdict").textContent = verdict;
  $("reason").textContent = reason;
  $("details").hidden = true;
}

const bytes = (n) => `${n.toLocaleString("en")} bytes (${(n / 1024).toFixed(0)} KiB)`;
const ms = (t) => `${t.toFixed(0)} ms`;

/** Shows a report of verifyReceiptBytes (web/verify.ts). */
function render(report) {
  if (report.verified) {
    show(
      "verified",
      "✓ Verified",
      "The proof holds: this program, run to exit code 0, output the journal below.",
    );
  } else {
    show("rejected", "✗ Rejected", report.error);
  }
  const rows = { "program-id": report.programId !== undefined, size: true, time: true };
  rows.segments = rows.journal = report.verified;
  for (const row of document.querySelectorAll("#details [data-row]")) {
    row.hidden = !rows[row.dataset.row];
  }
  // A rejected receipt may claim another program: the id shown is the one it was checked against.
  $("label-program-id").textContent = report.verified ? "Program id" : "Expected program id";
  $("out-program-id").textContent = report.programId ?? "";
  $("out-size").textContent = bytes(report.receiptBytes);
  const times = [];
  if (report.verifyMs !== undefined) times.push(`${ms(report.verifyMs)} to verify`);
  if (report.programIdMs !== undefined)
    times.push(`${ms(report.programIdMs)} to recompute the program id from the ELF`);
  $("out-time").textContent = times.join(", ") || "—";
  if (report.verified) {
    $("out-segments").textContent =
      report.chunks === undefined
        ? String(report.segments)
        : `${report.segments} in a chain of ${report.chunks} chunks`;
    $("out-segments").textContent += report.zk ? " (zero-knowledge)" : " (not zero-knowledge)";
    $("out-journal-hex").textContent = report.journalHex || "(empty)";
    const text = $("out-journal-text");
    text.textContent =
      report.journalText === undefined ? "not valid UTF-8" : report.journalText || "(empty)";
    text.classList.toggle("muted", report.journalText === undefined);
  }
  $("details").hidden = false;
}
