/**
 * Writes a minimal static ELF32 RISC-V executable (System V ABI layouts): a read-execute text
 * segment at `textAddr` and a read-write data segment at `dataAddr`, each at a file offset
 * congruent to its address modulo 4 KiB, as the Linux loader under qemu-riscv32 requires.
 * Lets tests hand qemu programs generated in TypeScript, without the C toolchain. (The file
 * must be executable: qemu-riscv32 refuses others with status 1 and no message.)
 */
export function writeElf(
  text: Uint32Array,
  textAddr: number,
  data: Uint8Array,
  dataAddr: number,
): Uint8Array {
  const textOff = 0x1000 + (textAddr & 0xfff);
  const dataOff = ((textOff + text.byteLength + 0xfff) & ~0xfff) + (dataAddr & 0xfff);
  const out = new Uint8Array(dataOff + data.length);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]); // magic, ELFCLASS32, ELFDATA2LSB, EV_CURRENT
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 243, true); // EM_RISCV
  v.setUint32(20, 1, true); // e_version
  v.setUint32(24, textAddr, true); // e_entry
  v.setUint32(28, 52, true); // e_phoff
  v.setUint16(40, 52, true); // e_ehsize
  v.setUint16(42, 32, true); // e_phentsize
  v.setUint16(44, 2, true); // e_phnum
  const ph = (i: number, off: number, addr: number, size: number, flags: number) => {
    const h = 52 + 32 * i;
    v.setUint32(h, 1, true); // PT_LOAD
    v.setUint32(h + 4, off, true);
    v.setUint32(h + 8, addr, true);
    v.setUint32(h + 12, addr, true);
    v.setUint32(h + 16, size, true);
    v.setUint32(h + 20, size, true);
    v.setUint32(h + 24, flags, true);
    v.setUint32(h + 28, 0x1000, true);
  };
  ph(0, textOff, textAddr, text.byteLength, 5); // R X
  ph(1, dataOff, dataAddr, data.length, 6); // R W
  out.set(new Uint8Array(text.buffer, text.byteOffset, text.byteLength), textOff);
  out.set(data, dataOff);
  return out;
}
