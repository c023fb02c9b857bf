"""binascii's hot paths: the codecs behind base64, email and hex dumps,
at sizes from a few bytes to MiBs, and the bare call overhead."""

import bench_common

SETUP = """
import binascii, os, random
from binascii import (a2b_base64, a2b_qp, a2b_uu, b2a_base64, b2a_hex, b2a_qp, b2a_uu,
                      crc32, crc_hqx, hexlify, unhexlify)
rng = random.Random(1)
def data(n):
    return rng.randbytes(n)
text_line = b"The quick brown fox jumps over the lazy dog. = _ \\t\\n"
"""

SIZES = {"16B": 16, "1KiB": 1024, "1MiB": 1 << 20}

benchmarks = [
    # Call overhead: argument parsing and the result object, no real work.
    ("crc32(b'')", "crc32(b'')", ""),
    ("b2a_hex(b'')", "b2a_hex(b'')", ""),
    ("a2b_base64(b'', strict_mode=True)", "a2b_base64(b'', strict_mode=True)", ""),
]
for label, n in SIZES.items():
    benchmarks += [
        (f"b2a_base64 {label}", "b2a_base64(raw)", f"raw = data({n})"),
        (f"a2b_base64 {label}", "a2b_base64(enc)", f"enc = b2a_base64(data({n}), newline=False)"),
        (f"hexlify {label}", "hexlify(raw)", f"raw = data({n})"),
        (f"unhexlify {label}", "unhexlify(enc)", f"enc = hexlify(data({n}))"),
        (f"crc32 {label}", "crc32(raw)", f"raw = data({n})"),
    ]
benchmarks += [
    ("a2b_base64 strict 1MiB", "a2b_base64(enc, strict_mode=True)",
     "enc = b2a_base64(data(1 << 20), newline=False)"),
    # base64.encodebytes/decodebytes: 76-character MIME lines.
    ("a2b_base64 MIME lines 1MiB", "a2b_base64(enc)",
     "import base64; enc = base64.encodebytes(data(1 << 20))"),
    ("a2b_base64 str 1KiB", "a2b_base64(enc)", "enc = b2a_base64(data(1024)).decode()"),
    ("hexlify sep=':' 1KiB", "hexlify(raw, ':')", "raw = data(1024)"),
    ("hexlify sep=b' ' bytes_per_sep=-4 1MiB", "hexlify(raw, b' ', -4)", "raw = data(1 << 20)"),
    ("crc_hqx 1KiB", "crc_hqx(raw, 0)", "raw = data(1024)"),
    ("crc_hqx 1MiB", "crc_hqx(raw, 0)", "raw = data(1 << 20)"),
    ("b2a_qp text 64KiB", "b2a_qp(raw)", "raw = text_line * 1200"),
    ("b2a_qp binary 64KiB", "b2a_qp(raw, istext=False)", "raw = data(65536)"),
    ("a2b_qp 64KiB", "a2b_qp(enc)", "enc = b2a_qp(text_line * 1200)"),
    ("b2a_uu 45B", "b2a_uu(raw)", "raw = data(45)"),
    ("a2b_uu 45B", "a2b_uu(enc)", "enc = b2a_uu(data(45))"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
