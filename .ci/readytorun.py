#!/usr/bin/env python3
"""Checks what the csperf packages hold, from file headers alone (no .NET needed).

usage: readytorun.py r2r|il|native FILE...
  r2r:    every FILE must be a ReadyToRun .NET assembly;
  il:     every FILE must be a .NET assembly without ReadyToRun code (csperf.any, the portable fallback, and the
          library packages);
  native: every FILE must be a Linux x86-64 ELF executable and not a .NET assembly (csperf.linux-x64, the Native AOT
          tool package installed on linux-x64).
An assembly is ReadyToRun when its CLR header has the IL-library flag (COMIMAGE_FLAGS_IL_LIBRARY, 0x4) and a
ManagedNativeHeader pointing at the READYTORUN_HEADER signature "RTR" (what crossgen2 writes).
"""
import struct
import sys


def is_ready_to_run(path):
    data = open(path, "rb").read()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise ValueError(f"{path}: not a PE file")
    sections, optional_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (96 if magic == 0x10B else 112)
    clr_rva, clr_size = struct.unpack_from("<II", data, directories + 14 * 8)
    if clr_size == 0:
        raise ValueError(f"{path}: no CLR header (not a .NET assembly)")
    table = optional + optional_size

    def offset(rva):
        for i in range(sections):
            vsize, vaddr, rawsize, rawptr = struct.unpack_from("<IIII", data, table + i * 40 + 8)
            if vaddr <= rva < vaddr + max(vsize, rawsize):
                return rva - vaddr + rawptr
        raise ValueError(f"{path}: RVA {rva:#x} outside every section")

    clr = offset(clr_rva)
    flags = struct.unpack_from("<I", data, clr + 16)[0]
    native_rva, native_size = struct.unpack_from("<II", data, clr + 64)
    if not flags & 0x4 or native_rva == 0 or native_size == 0:
        return False
    return struct.unpack_from("<I", data, offset(native_rva))[0] == 0x00525452  # "RTR\0"


def is_native_x64_executable(path):
    """An ELF 64-bit little-endian executable (ET_EXEC or ET_DYN, as PIE) for x86-64 (EM_X86_64)."""
    head = open(path, "rb").read(64)
    if head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
        return False
    e_type, e_machine = struct.unpack_from("<HH", head, 16)
    return e_type in (2, 3) and e_machine == 62


def main(argv):
    expected, files = argv[1], argv[2:]
    if expected not in ("r2r", "il", "native") or not files:
        print(__doc__)
        return 2
    if expected == "native":
        bad = [path for path in files if not is_native_x64_executable(path)]
        for path in files:
            print(f"{'native x86-64' if path not in bad else 'NOT native   '}  {path}")
        if bad:
            print(f"expected Linux x86-64 executables: {', '.join(bad)}")
            return 1
        return 0
    bad = []
    for path in files:
        r2r = is_ready_to_run(path)
        print(f"{'ReadyToRun' if r2r else 'IL only   '}  {path}")
        if r2r != (expected == "r2r"):
            bad.append(path)
    if bad:
        print(f"expected {'ReadyToRun' if expected == 'r2r' else 'IL only'}: {', '.join(bad)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
