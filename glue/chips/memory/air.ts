/**
 * Memory boundary: the initial image and the first/last state of every address a run touches.
 *
 * Image table (preprocessed, part of the verifying key): one row per nonzero word of the initial
 * state — the ELF's loaded words (address 32 + byte address / 4) and the nonzero initial
 * registers (sp). Sends IMAGE [addr, lo, hi] with its preprocessed multiplicity isWord, so each
 * image word must be consumed exactly once.
 *
 * Boundary table (main): one row per address touched or in the image, sorted by address.
 *   sends   MEMORY [addr, init, 0]          the initial value at timestamp 0
 *   receives MEMORY [addr, final, finalTs]  whatever the last access left
 *   receives IMAGE [addr, init] when inImage; otherwise init = 0 (zero-filled memory, x0..x31)
 *
 * The table accepts exactly the memory-bus addresses [0, MEMORY_END): registers 0..31 and guest
 * words 32 + w for w < 0x1E00_0000 (byte addresses below 0x7800_0000, the guest range's end).
 * Every access must meet a row here to balance the memory bus, so an access to any other field
 * element has no proof: the chips that compute word indices (the coprocessor pointer gadget
 * `guestPointer`, whose w is only proven in [1024, 2^30 + 1024)) rely on this to stay inside
 * guest memory. How, with every relation an integer relation:
 * - each real row: addr + 0xFFE0 = aLo + 2^16·aHi, aLo u16, aHi u14 and aHi + 0x21FF u14, so
 *   aHi ≤ 0x1E00 and addr lies in the window [−0xFFE0, MEMORY_END) (the offset puts the end on a
 *   limb boundary: MEMORY_END + 0xFFE0 = 0x1E01·2^16);
 * - consecutive real rows: addr' − addr − 1 = dLo + 2^16·dHi, dLo u16, dHi u14 (any gap up to
 *   the whole range). Two window values differ by less than 0x1E01_0001 and a gap d − p would be
 *   below 2^30 − p = −0x3800_0001, so the difference is the integer d ≥ 0: addresses strictly
 *   increase as integers, and none has two initial values; the gap is 0 where no real row
 *   follows;
 * - the first row's address is 0 (x0: trace generation always lists it), so by that order no
 *   address is negative. Without it, p − 1 (in the window) could lead the table.
 */
import { defineAir } from "../../../core/air/compile.js";
import { IMAGE_BUS, MEMORY_BUS, U14_BUS, U16_BUS } from "../buses.js";
import type { RowOf } from "../../../core/air/layout.js";
import type { AirBuilder } from "../../../core/air/types.js";
import { PAGE_WORD_BUS } from "../../paging/buses.js";
import { boundaryCols, imageCols, imagePrepCols } from "./columns.js";

type BoundaryRow = RowOf<(typeof boundaryCols)["spec"]>;
import { ADDR_OFFSET, HI_END } from "./constants.js";

export const imageAir = defineAir({
  name: "rv.image",
  mainColumns: imageCols,
  preprocessedColumns: imagePrepCols,
  eval(b) {
    const p = b.prepLocal;
    b.assertZero("no main data", b.local.unused);
    b.send(IMAGE_BUS, [p.addr, p.lo, p.hi], p.isWord);
  },
});

/**
 * The boundary's constraints: what every row proves whatever its initial values come from
 * (isReal boolean, padding at the end, the address window, the first address 0, strictly
 * increasing addresses, the initial value sent at timestamp 0 and the final one received), and
 * where those come from: the image table (`image`: the initial value is an image word or 0) or
 * the page table (`paged`: both values belong to a paged page). The image kind's constraints keep
 * their order of before the paged kind existed, so its AIR (and every program id) is unchanged.
 */
function evalBoundary(b: AirBuilder<BoundaryRow>, kind: "image" | "paged"): void {
  const l = b.local;
  const n = b.next;
  b.assertBool("isReal bool", l.isReal);
  if (kind === "image") b.assertBool("inImage bool", l.inImage);
  b.whenTransition().assertZero("padding only at the end", n.isReal.mul(l.isReal.neg().add(1)));
  if (kind === "image") {
    b.assertZero("image rows are real", l.inImage.mul(l.isReal.neg().add(1)));
    b.assertZero("outside the image lo = 0", l.inImage.neg().add(1).mul(l.initLo));
    b.assertZero("outside the image hi = 0", l.inImage.neg().add(1).mul(l.initHi));
  } else {
    b.assertZero("no image in a chunk", l.inImage);
  }
  // The address window of every real row, the first address 0 and the increasing order.
  b.assertZero(
    "address limbs",
    l.isReal.mul(l.addr.add(ADDR_OFFSET).sub(l.aLo).sub(l.aHi.mul(65536))),
  );
  b.send(U16_BUS, [l.aLo], l.isReal);
  b.send(U14_BUS, [l.aHi], l.isReal);
  b.send(U14_BUS, [l.aHi.add(16384 - HI_END)], l.isReal);
  b.whenFirstRow().assertZero("the first address is 0", l.addr);
  b.whenTransition().assertZero(
    "addresses increase",
    n.isReal.mul(n.addr.sub(l.addr).sub(1).sub(l.dLo).sub(l.dHi.mul(65536))),
  );
  b.send(U16_BUS, [l.dLo], n.isReal);
  b.send(U14_BUS, [l.dHi], n.isReal);
  // The gap is read only before a real row (not across the wrap): 0 on the last real row.
  // (isLastRow is 0/1 on the trace domain; isTransition is x − h there, usable only as a scope.)
  const noGap = n.isReal.neg().add(1).add(b.isLastRow.mul(n.isReal));
  b.assertZero("gap lo only before an address", noGap.mul(l.dLo));
  b.assertZero("gap hi only before an address", noGap.mul(l.dHi));
  b.send(MEMORY_BUS, [l.addr, l.initLo, l.initHi, 0], l.isReal, "initial value");
  b.receive(MEMORY_BUS, [l.addr, l.finLo, l.finHi, l.finTs], l.isReal, "final value");
  if (kind === "image") {
    b.receive(IMAGE_BUS, [l.addr, l.initLo, l.initHi], l.inImage);
  } else {
    b.receive(PAGE_WORD_BUS, [l.addr, l.initLo, l.initHi, l.finLo, l.finHi], l.isReal);
    b.send(U16_BUS, [l.finLo], l.isReal, "final lo");
    b.send(U16_BUS, [l.finHi], l.isReal, "final hi");
  }
}

export const boundaryAir = defineAir({
  name: "rv.boundary",
  mainColumns: boundaryCols,
  eval: (b) => evalBoundary(b, "image"),
});

/**
 * The boundary of a *chunk* (glue/paging): the same rows, but every real row's initial and final
 * values belong to a paged page — it receives PAGE_WORD [addr, init, final] from the page table,
 * which hashes the page's start and end contents into the chunk's start and end image. So the
 * table lists every word of every page the chunk touches (untouched words with final = init at
 * timestamp 0), and an address outside the paged pages has no row and no access to it balances.
 * inImage is unused here and pinned to 0. The final limbs are range-checked (U16) here, although
 * every value on the memory bus already is where it was created: they go into the end image,
 * which every later chunk starts from, so the image's words are u16 limbs by this table alone,
 * not only by the rule that every chip (and every coprocessor) range-checks what it writes.
 */
export const pagedBoundaryAir = defineAir({
  name: "rv.pagedboundary",
  mainColumns: boundaryCols,
  eval: (b) => evalBoundary(b, "paged"),
});
