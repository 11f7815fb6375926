/**
 * A sample of secp256k1 verdicts proven and verified in receipts: the ECDSA verify guest on a
 * valid signature, a high-s one (accepted, as Ethereum's ecrecover accepts it) and a changed
 * message (rejected), and the ecrecover guest on a valid signature — each proven with the
 * built-in coprocessors, serialized, parsed and verified against the program id recomputed from
 * the ELF, its journal @noble/curves' verdict. The verdict tables over hundreds of cases run in
 * the executor (test/riscv/secp256k1-guests.test.ts); this is the same guests end to end.
 *
 * Each proof takes seconds, so these run with ZKGLUE_LARGE_TESTS=1 (as `npm test` and CI do).
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { proveExample } from "../machine/helpers.js";

const COPROCESSORS = builtinCoprocessors();
const N = secp256k1.Point.Fn.ORDER;
const SECRET = sha256(new TextEncoder().encode("zkglue receipts test key"));
const PUBLIC = secp256k1.getPublicKey(SECRET, false).slice(1); // x‖y
const MESSAGE = sha256(new TextEncoder().encode("a message worth proving"));

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};
const be32 = (x: bigint) => {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
};
const num = (b: Uint8Array) => BigInt("0x" + Buffer.from(b).toString("hex"));
const u32le = (...xs: number[]) => new Uint8Array(Uint32Array.from(xs).buffer);

/** noble's recoverable signature of MESSAGE: r‖s (low s) and the recovery id. */
function signMessage(msg: Uint8Array): { sig: Uint8Array; recid: number } {
  const s = secp256k1.sign(msg, SECRET, { prehash: false, format: "recovered" });
  return { recid: s[0], sig: s.slice(1) };
}

/** The same signature with s replaced by n − s (valid for ECDSA; rejected by lowS checks). */
function highS(sig: Uint8Array): Uint8Array {
  return cat(sig.slice(0, 32), be32(N - num(sig.slice(32))));
}

const nobleVerdict = (msg: Uint8Array, sig: Uint8Array) =>
  secp256k1.verify(sig, msg, cat(Uint8Array.of(4), PUBLIC), { prehash: false, lowS: false });

describe("secp256k1 verdicts proven in receipts", () => {
  const { sig, recid } = signMessage(MESSAGE);
  const changed = MESSAGE.slice();
  changed[7] ^= 1;

  it.each([
    ["a valid signature", MESSAGE, sig, true],
    ["a high-s signature", MESSAGE, highS(sig), true],
    ["a changed message", changed, sig, false],
  ])(
    "ECDSA verify of %s: the receipt verifies and its verdict is noble's",
    (_, msg, signature, expected) => {
      expect(nobleVerdict(msg, signature)).toBe(expected);
      const p = proveExample("ecdsa_verify_cop", cat(msg, signature, PUBLIC), COPROCESSORS);
      expect(Buffer.from(p.verified)).toEqual(Buffer.from(p.executed));
      expect(Buffer.from(p.verified)).toEqual(
        Buffer.from(cat(msg, PUBLIC, u32le(0, expected ? 1 : 0))),
      );
    },
    600_000,
  );

  it("ecrecover of a valid signature: the receipt verifies and holds noble's key", () => {
    const want = new secp256k1.Signature(num(sig.slice(0, 32)), num(sig.slice(32)), recid)
      .recoverPublicKey(MESSAGE)
      .toBytes(false)
      .slice(1);
    expect(Buffer.from(want)).toEqual(Buffer.from(PUBLIC));
    const p = proveExample("ecrecover_cop", cat(MESSAGE, sig, Uint8Array.of(recid)), COPROCESSORS);
    expect(Buffer.from(p.verified)).toEqual(Buffer.from(p.executed));
    expect(Buffer.from(p.verified)).toEqual(Buffer.from(cat(MESSAGE, u32le(0), PUBLIC)));
  }, 600_000);
});
