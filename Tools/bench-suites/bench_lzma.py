"""_lzma's hot paths: one-shot lzma.compress/decompress on 1 MiB (text-like
and random data), incremental use with max_length, and the per-call
overhead of the objects on small inputs (liblzma does the same work on
both interpreters: the difference is the module around it)."""

import bench_common

SETUP = """
import lzma, random
import _lzma
rng = random.Random(1)
words = [b"stream", b"filter", b"preset", b"block", b"check", b"index", b"\\n"]
text = b" ".join(rng.choice(words) for _ in range(1 << 18))[:1 << 20]
noise = rng.randbytes(1 << 20)
"""

benchmarks = [
    # Call overhead: small objects and calls.
    ("LZMADecompressor()", "_lzma.LZMADecompressor()", ""),
    ("decompress 100B xz", "_lzma.LZMADecompressor().decompress(small)", "small = lzma.compress(text[:100])"),
    ("decompress 100B raw", "_lzma.LZMADecompressor(_lzma.FORMAT_RAW, None, filters).decompress(small)",
     "filters = [{'id': _lzma.FILTER_LZMA2, 'preset': 0}]; "
     "small = lzma.compress(text[:100], format=_lzma.FORMAT_RAW, filters=filters)"),
    ("compressor.compress(b'')", "comp.compress(b'')", "comp = _lzma.LZMACompressor(preset=0)"),
    ("compressor.compress 100B", "comp.compress(piece)", "comp = _lzma.LZMACompressor(preset=0); piece = text[:100]"),
    ("lzma.compress 100B preset 0", "lzma.compress(piece, preset=0)", "piece = text[:100]"),
    ("_encode_filter_properties", "_lzma._encode_filter_properties(spec)",
     "spec = {'id': _lzma.FILTER_LZMA2, 'dict_size': 1 << 20}"),
    ("_decode_filter_properties", "_lzma._decode_filter_properties(_lzma.FILTER_LZMA1, b']\\x00\\x00\\x80\\x00')", ""),
    # 1 MiB.
    ("lzma.compress text 1MiB preset 0", "lzma.compress(text, preset=0)", ""),
    ("lzma.compress text 1MiB", "lzma.compress(text)", ""),
    ("lzma.decompress text 1MiB", "lzma.decompress(packed)", "packed = lzma.compress(text)"),
    ("lzma.decompress noise 1MiB", "lzma.decompress(packed)", "packed = lzma.compress(noise, preset=0)"),
    ("decompress 1MiB max_length=64KiB",
     "d = _lzma.LZMADecompressor()\nout = d.decompress(packed, 65536)\n"
     "while not d.eof:\n    out = d.decompress(b'', 65536)",
     "packed = lzma.compress(text)"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
