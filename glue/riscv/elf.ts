/**
 * ELF loader: turns the bytes of a static ELF32 little-endian RISC-V executable into a
 * `Program` — its PT_LOAD segments and entry point — checking every field the executor relies
 * on. Only the program headers matter (sections are a linker's view and are ignored), as they
 * do for the Linux loader that `qemu-riscv32` imitates. Every refusal names the problem, so a
 * user who built a guest with the wrong flags learns which flag.
 */
import { inGuestMemory } from "./constants.js";
import { ElfError, hex32 } from "./errors.js";

/** One PT_LOAD segment: `data` is its file image, zero-filled up to `memsz` when loaded. */
export interface Segment {
  vaddr: number;
  memsz: number;
  data: Uint8Array;
  executable: boolean;
  writable: boolean;
}

/** A loadable program: where execution starts and what memory holds at the start. */
export interface Program {
  entry: number;
  segments: Segment[];
}

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const EM_RISCV = 243;
const ET_EXEC = 2;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const PF_X = 1;
const PF_W = 2;
// e_flags: RVC (compressed instructions), float ABI (two bits), RVE.
const EF_RISCV_RVC = 0x1;
const EF_RISCV_FLOAT_ABI = 0x6;
const EF_RISCV_RVE = 0x8;

/**
 * Parses a static RV32 executable. Throws `ElfError` when the file is not one, is truncated,
 * needs an extension the guest ABI lacks, or places a segment outside guest memory.
 *
 * @example
 * const program = loadElf(readFileSync("examples/guests/fibonacci.elf"));
 */
export function loadElf(bytes: Uint8Array): Program {
  if (bytes.length < EHDR_SIZE) {
    throw new ElfError(`not an ELF file: ${bytes.length} bytes is shorter than an ELF32 header`);
  }
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError("not an ELF file: bad magic (expected 7f 45 4c 46)");
  }
  if (bytes[4] !== 1)
    throw new ElfError(
      `not a 32-bit ELF (EI_CLASS ${bytes[4]}); build with -march=rv32im -mabi=ilp32`,
    );
  if (bytes[5] !== 1) throw new ElfError(`not a little-endian ELF (EI_DATA ${bytes[5]})`);
  if (bytes[6] !== 1) throw new ElfError(`unknown ELF version ${bytes[6]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);

  const type = u16(16);
  const machine = u16(18);
  if (machine !== EM_RISCV)
    throw new ElfError(`not a RISC-V ELF (e_machine ${machine}, expected ${EM_RISCV})`);
  if (type !== ET_EXEC)
    throw new ElfError(`not a static executable (e_type ${type}, expected ET_EXEC = 2)`);
  const flags = u32(36);
  if (flags & EF_RISCV_RVC)
    throw new ElfError("ELF uses compressed instructions (RVC); build with -march=rv32im");
  if (flags & EF_RISCV_FLOAT_ABI)
    throw new ElfError("ELF uses a hard-float ABI; build with -mabi=ilp32");
  if (flags & EF_RISCV_RVE)
    throw new ElfError("ELF uses the RV32E register file; build with -march=rv32im");

  const entry = u32(24);
  const phoff = u32(28);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum === 0) throw new ElfError("ELF has no program headers");
  if (phentsize !== PHDR_SIZE)
    throw new ElfError(`bad program header size ${phentsize} (expected ${PHDR_SIZE})`);
  if (phoff + phnum * PHDR_SIZE > bytes.length) {
    throw new ElfError(
      `truncated ELF: program headers end at ${phoff + phnum * PHDR_SIZE}, file has ${bytes.length} bytes`,
    );
  }

  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const h = phoff + i * PHDR_SIZE;
    const ptype = u32(h);
    if (ptype === PT_INTERP || ptype === PT_DYNAMIC) {
      throw new ElfError("ELF is dynamically linked; link a static executable (-static -nostdlib)");
    }
    if (ptype !== PT_LOAD) continue;
    const offset = u32(h + 4);
    const vaddr = u32(h + 8);
    const filesz = u32(h + 16);
    const memsz = u32(h + 20);
    const pflags = u32(h + 24);
    const where = `segment ${i} (vaddr ${hex32(vaddr)}, memsz ${memsz})`;
    if (filesz > memsz) throw new ElfError(`${where}: file size ${filesz} exceeds memory size`);
    if (offset + filesz > bytes.length) {
      throw new ElfError(
        `truncated ELF: ${where} needs file bytes up to ${offset + filesz}, file has ${bytes.length}`,
      );
    }
    if (memsz === 0) continue;
    if (!inGuestMemory(vaddr, memsz)) {
      throw new ElfError(`${where} lies outside guest memory [0x00001000, 0x78000000)`);
    }
    const executable = (pflags & PF_X) !== 0;
    if (executable && (vaddr & 3) !== 0)
      throw new ElfError(`${where}: executable segment not 4-byte aligned`);
    for (const s of segments) {
      if (vaddr < s.vaddr + s.memsz && s.vaddr < vaddr + memsz) {
        throw new ElfError(`${where} overlaps the segment at ${hex32(s.vaddr)}`);
      }
    }
    const data = bytes.slice(offset, offset + filesz);
    segments.push({ vaddr, memsz, data, executable, writable: (pflags & PF_W) !== 0 });
  }
  if (segments.length === 0) throw new ElfError("ELF has no loadable segments");
  const code = segments.find((s) => s.executable && entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (code === undefined)
    throw new ElfError(`entry point ${hex32(entry)} is not in an executable segment`);
  if ((entry & 3) !== 0) throw new ElfError(`entry point ${hex32(entry)} is not 4-byte aligned`);
  return { entry, segments };
}
