"""_struct's hot paths: packing and unpacking common records through the
module functions (format cache) and prebuilt Struct objects, pack_into,
unpack_from and iter_unpack over 1 MiB, and the bare call overhead."""

import bench_common

SETUP = """
from _struct import Struct, pack, pack_into, unpack, unpack_from, iter_unpack, calcsize
rec = Struct('<IhQ')
rec14 = rec.pack(1, -2, 3)
d8 = pack('>d', 1.5)
iif12 = pack('@iif', 1, 2, 3.5)
buf = bytearray(64)
mib = bytes(range(256)) * 4096
"""

benchmarks = [
    # Call overhead: the cache lookup, a tiny record.
    ("calcsize('<IhQ')", "calcsize('<IhQ')", ""),
    ("pack('B', 1)", "pack('B', 1)", ""),
    ("Struct('B').unpack 1 byte", "s.unpack(b'x')", "s = Struct('B')"),
    # Common records through the module functions.
    ("pack('<IhQ', ...)", "pack('<IhQ', 1, -2, 3)", ""),
    ("unpack('<IhQ', ...)", "unpack('<IhQ', rec14)", ""),
    ("pack('>d', 1.5)", "pack('>d', 1.5)", ""),
    ("unpack('>d', ...)", "unpack('>d', d8)", ""),
    ("pack('!HHI', ...)", "pack('!HHI', 80, 443, 2 ** 31)", ""),
    ("pack('@iif', ...)", "pack('@iif', 1, 2, 3.5)", ""),
    ("unpack('@iif', ...)", "unpack('@iif', iif12)", ""),
    # Prebuilt Struct objects.
    ("Struct.pack '<IhQ'", "rec.pack(1, -2, 3)", ""),
    ("Struct.unpack '<IhQ'", "rec.unpack(rec14)", ""),
    ("Struct.unpack_from bytearray", "rec.unpack_from(buf, 8)", ""),
    ("Struct.pack_into bytearray", "rec.pack_into(buf, 8, 1, -2, 3)", ""),
    ("pack_into('<IhQ', bytearray)", "pack_into('<IhQ', buf, 8, 1, -2, 3)", ""),
    ("unpack_from('<IhQ', bytearray, 8)", "unpack_from('<IhQ', buf, 8)", ""),
    # Bulk: 1 MiB of records.
    ("iter_unpack '<4I' 1 MiB", "for t in iter_unpack('<4I', mib): pass", ""),
    ("iter_unpack '<d' 1 MiB", "for t in big.iter_unpack(mib): pass", "big = Struct('<d')"),
    ("unpack 65536 ints '<65536i'", "s.unpack(mib[:262144])", "s = Struct('<65536i')"),
    ("pack 1000 floats '1000d'", "s.pack(*floats)", "s = Struct('1000d'); floats = [i / 7 for i in range(1000)]"),
    ("unpack '100s100p'", "s.unpack(mib[:200])", "s = Struct('100s100p')"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
