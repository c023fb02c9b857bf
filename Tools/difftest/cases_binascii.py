"""Differential cases for binascii: (label, function, args, kwargs)."""

import array
import binascii as B

from hostile import BadIndex

B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


class BadBool:
    def __bool__(self):
        raise RuntimeError("hostile __bool__")


def blobs(rng):
    for n in (0, 1, 2, 3, 4, 5, 44, 45, 46, 57, 58, 76, 77, 100, 255, 1000):
        yield f"random[{n}]", bytes(rng.randrange(256) for _ in range(n))
    yield "big", rng.randbytes(100_003)
    yield "text", b"Hello, World!\r\nline two\tend \n" * 3


# Inputs are derived without the module under test, so both interpreters
# get the same inputs whatever the module computes.
def base64_of(data):
    bits = "".join(f"{byte:08b}" for byte in data)
    bits += "0" * (-len(bits) % 6)
    text = bytes(B64[int(bits[i:i + 6], 2)] for i in range(0, len(bits), 6))
    return text + b"=" * (-len(text) % 4)


def uu_of(data):
    bits = "".join(f"{byte:08b}" for byte in data)
    bits += "0" * (-len(bits) % 24)
    return bytes([32 + len(data)]) + bytes(32 + int(bits[i:i + 6], 2) for i in range(0, len(bits), 6)) + b"\n"


def qp_like(rng):
    pieces = [b"abc", b"=3D", b"=\n", b"=\r\n", b" ", b"\t", b"_", b"=4", b"=G1", b"\n", b"\r\n", b"x" * 80, b"=e9", b"=E9"]
    return b"".join(rng.choice(pieces) for _ in range(rng.randrange(12)))


def mangle_base64(rng, data):
    """Valid, nearly valid and invalid base64 text from data."""
    enc = base64_of(data)
    yield "valid", enc
    yield "newline", enc + b"\n"
    yield "no padding", enc.rstrip(b"=")
    yield "extra padding", enc + b"=="
    yield "data after padding", enc + b"QUJD"
    yield "leading padding", b"=" + enc
    if len(enc) > 4:
        i = rng.randrange(1, len(enc) - 1)
        yield "garbage inside", enc[:i] + bytes([rng.choice(b"!@#$%^&*() \n\t-_.:")]) + enc[i:]
        yield "padding inside", enc[:i] + b"=" + enc[i:]
        yield "one char dropped", enc[:i] + enc[i + 1:]
    yield "random alphabet", bytes(rng.choice(B64 + b"=") for _ in range(rng.randrange(1, 40)))



class Hook:
    """A truth value (__bool__) or int (__index__) whose conversion first
    runs `action` on the data being converted (C reads the data after its
    other arguments' conversions)."""

    def __init__(self, value, action, label):
        self.value, self.action, self.label = value, action, label

    def __bool__(self):
        self.action()
        return bool(self.value)

    def __index__(self):
        self.action()
        return self.value

    def __repr__(self):
        return f"Hook({self.value!r}, {self.label})"


def hooked_call(name, data, position, value, how):
    """B.<name>(data, ...) with the argument at `position` (or the keyword
    argument named so) a Hook that writes or resizes `data` (a bytearray)."""
    buf = bytearray(data)

    def action():
        if how == "write":
            buf[0:3] = b"=\t\n"
        elif how == "write base64":
            buf[0:4] = b"QUJD"
        else:
            buf.append(0x41)

    hook = Hook(value, action, how)
    kwargs = {}
    if isinstance(position, str):  # a keyword-only argument
        args, kwargs = [buf], {position: hook}
    elif name == "hexlify":
        args = [buf, ":", hook]
    else:
        args = [buf, True, True, False][:position] + [hook]
    try:
        return getattr(B, name)(*args, **kwargs), bytes(buf)
    except Exception as exc:  # compared as data
        return ("raised", type(exc).__name__, str(exc), bytes(buf))


def sep_len_writes(data):
    """hexlify with a separator whose __len__ writes the data (C reads the
    data after measuring the separator)."""
    buf = bytearray(data)

    class Sep(str):
        def __len__(self):
            buf[0] = 0xee
            return 1

    return B.hexlify(buf, Sep(":"), 2), bytes(buf)


def qp_soup(rng, n):
    """Text that makes every branch of the quoted-printable encoder fire."""
    return bytes(rng.choice(b" \t\n\r.=_x\x00\xff") for _ in range(n))

def cases(rng):
    for name, data in blobs(rng):
        for kind, value in (("bytes", data), ("bytearray", bytearray(data)), ("memoryview", memoryview(data))):
            label = f"{name} as {kind}"
            yield f"b2a_base64 {label}", B.b2a_base64, (value,), {}
            yield f"b2a_base64 {label} newline=False", B.b2a_base64, (value,), {"newline": False}
            yield f"hexlify {label}", B.hexlify, (value,), {}
            yield f"crc32 {label}", B.crc32, (value,), {}
            yield f"crc_hqx {label}", B.crc_hqx, (value, 0x1234), {}
            yield f"b2a_qp {label}", B.b2a_qp, (value,), {}
        yield f"b2a_uu {name}", B.b2a_uu, (data,), {}
        yield f"b2a_uu {name} backtick", B.b2a_uu, (data,), {"backtick": True}
        for strict in (False, True):
            for how, text in mangle_base64(rng, data):
                yield f"a2b_base64 {name} {how} strict={strict}", B.a2b_base64, (text,), {"strict_mode": strict}
                yield f"a2b_base64 {name} {how} as str", B.a2b_base64, (text.decode("latin-1"),), {"strict_mode": strict}
        if len(data) <= 45:
            uu = uu_of(data)
            yield f"a2b_uu {name}", B.a2b_uu, (uu,), {}
            yield f"a2b_uu {name} trailing garbage", B.a2b_uu, (uu[:-1] + b"!!!\n",), {}
            yield f"a2b_uu {name} truncated", B.a2b_uu, (uu[: len(uu) // 2],), {}
        hexed = data.hex().encode()
        yield f"unhexlify {name}", B.unhexlify, (hexed,), {}
        yield f"unhexlify {name} upper str", B.unhexlify, (hexed.upper().decode("ascii"),), {}
        yield f"unhexlify {name} odd", B.unhexlify, (hexed + b"a",), {}
        yield f"unhexlify {name} bad digit", B.a2b_hex, (b"zz" + hexed,), {}
        qp = qp_like(rng)
        yield f"a2b_qp {name}", B.a2b_qp, (qp,), {}
        yield f"a2b_qp {name} header", B.a2b_qp, (qp,), {"header": True}
        for quotetabs in (False, True):
            for istext in (False, True):
                for header in (False, True):
                    yield (f"b2a_qp {name} q={quotetabs} t={istext} h={header}", B.b2a_qp, (data,),
                           {"quotetabs": quotetabs, "istext": istext, "header": header})

    small = b"\x00\x01\xfe\xffabc"
    for sep in (None, "-", b":", "\xe9", b"\xff", "ab", "", 3, "\u20ac", ["x"]):
        for per in (-5, -2, -1, 0, 1, 2, 7, 2**31 - 1):
            args = (small,) if sep is None else (small, sep, per)
            yield f"b2a_hex sep={sep!r} per={per}", B.b2a_hex, args, {}
    yield "hexlify bytes_per_sep too big", B.hexlify, (small, "-", 2**31), {}
    yield "hexlify bytes_per_sep float", B.hexlify, (small, "-", 1.0), {}

    for text in (b"", b"=", b"==", b"a=\n", b"a=\r\nb", b"=4", b"=4G", b"=41=42", b"a_b", b"a b \n",
                 b"=\n", b"x" * 100, b"=0A=0a", b"=\r", "abc=3D", "\u00e9"):
        for header in (False, True):
            yield f"a2b_qp {text!r} header={header}", B.a2b_qp, (text,), {"header": header}
    for text in (b"a\tb \n", b" \n", b"\t", b"x" * 80, b"." + b"x" * 80, b"From x\n", b".\n",
                 b"a\r\nb", b"a\rb", b"\r", b"=", b"a_b c", b"\x7f\x80", b"line  \r\n"):
        for quotetabs in (False, True):
            for istext in (False, True):
                for header in (False, True):
                    yield (f"b2a_qp {text!r} q={quotetabs} t={istext} h={header}", B.b2a_qp, (text,),
                           {"quotetabs": quotetabs, "istext": istext, "header": header})

    for line in (b"", b"\n", b" \n", b"!!!!", b"#86)C\n", b"$86)C\n", b"`\n", b"a" * 80, b"-\n",
                 b"!@@\n", "#86)C\n", "\u00e9", b"\x80"):
        yield f"a2b_uu {line!r}", B.a2b_uu, (line,), {}
    yield "b2a_uu 46 bytes", B.b2a_uu, (b"x" * 46,), {}

    for crc in (0, 1, -1, 2**32, 2**32 + 5, -(2**40), 2**100, 0xFFFF, 0x10000, True, 1.5, "1", None, BadIndex()):
        yield f"crc32 crc={crc!r}", B.crc32, (b"data", crc), {}
        yield f"crc_hqx crc={crc!r}", B.crc_hqx, (b"data", crc), {}

    strided = memoryview(bytes(range(20)))[::2]
    hostile = [("None", None), ("int", 5), ("list", [1, 2]), ("str", "abc"), ("non-ascii str", "\u00e9t\u00e9"),
               ("surrogate str", "\ud800"), ("strided memoryview", strided), ("array", array.array("B", b"QUJD")),
               ("array of int", array.array("i", [1, 2])), ("bytes subclass", type("Sub", (bytes,), {})(b"QUJD")),
               # The ascii_buffer converter's message cuts the name ("%.100s").
               ("long type name", type("L" * 300, (), {})())]
    for label, value in hostile:
        for func in (B.a2b_uu, B.a2b_base64, B.a2b_hex, B.unhexlify, B.a2b_qp, B.b2a_uu, B.b2a_base64,
                     B.b2a_hex, B.hexlify, B.b2a_qp, B.crc32):
            yield f"{func.__name__}({label})", func, (value,), {}
    yield "b2a_base64 hostile bool", B.b2a_base64, (b"x",), {"newline": BadBool()}
    yield "a2b_base64 hostile bool", B.a2b_base64, (b"QUJD",), {"strict_mode": BadBool()}

    # Python code run by an argument's conversion, after the data's.
    for name, position, value in (("b2a_base64", "newline", True), ("b2a_qp", 1, False), ("b2a_qp", 2, True),
                                  ("b2a_qp", 3, True), ("a2b_qp", 1, True), ("a2b_base64", 1, False),
                                  ("b2a_uu", "backtick", True), ("crc32", 1, 5), ("crc_hqx", 1, 5), ("hexlify", 2, 1)):
        for how in ("write", "write base64", "resize"):
            data = b"YWJjZGVm\n" if name == "a2b_base64" else b"abc def\n"
            if name == "a2b_base64":
                # strict_mode is keyword-only.
                def call(data, how=how, value=value):
                    buf = bytearray(data)
                    def action():
                        if how == "resize":
                            buf.append(0x41)
                        else:
                            buf[0:4] = b"QUJD"
                    try:
                        return B.a2b_base64(buf, strict_mode=Hook(value, action, how)), bytes(buf)
                    except Exception as exc:  # compared as data
                        return ("raised", type(exc).__name__, str(exc), bytes(buf))
                yield f"a2b_base64 strict_mode hook {how}", call, (data,), {}
            else:
                yield f"{name} hook at {position} {how}", hooked_call, (name, data, position, value, how), {}

    yield "hexlify sep __len__ writes data", sep_len_writes, (b"\x01\x02\x03",), {}
    # Quoted-printable output sized exactly (every branch, many lengths).
    for n in list(range(0, 12)) + [75, 76, 77, 150, 1000]:
        text = qp_soup(rng, n)
        for quotetabs in (False, True):
            for istext in (False, True):
                for header in (False, True):
                    yield (f"b2a_qp soup {text!r:.30} q={quotetabs} t={istext} h={header}", B.b2a_qp, (text,),
                           {"quotetabs": quotetabs, "istext": istext, "header": header})
        yield f"a2b_qp soup {text!r:.30}", B.a2b_qp, (text,), {}
        yield f"a2b_qp soup {text!r:.30} header", B.a2b_qp, (text,), {"header": True}
    # Long runs of escapes and of plain bytes (the encoder takes them a
    # line at a time, the decoder a word at a time), ending at every
    # position of a word and of a line.
    for data in (bytes(range(256)) * 3, bytes(range(255, -1, -1)) * 2):
        for quotetabs in (False, True):
            for istext in (False, True):
                for header in (False, True):
                    yield (f"b2a_qp all bytes {data[:2]!r} q={quotetabs} t={istext} h={header}", B.b2a_qp, (data,),
                           {"quotetabs": quotetabs, "istext": istext, "header": header})
    for n in list(range(0, 20)) + [70, 73, 74, 75, 76, 77, 150, 151]:
        for tail in (b"", b"=", b"_", b" ", b"\t", b".", b"\n", b" \n", b"\r\n", b"=41", b"=\n", b"==", b"\xe9"):
            text = b"ab_cd efgh" * (n // 10) + b"x" * (n % 10) + tail
            yield f"b2a_qp run n={n} tail={tail!r}", B.b2a_qp, (text,), {}
            yield f"b2a_qp run n={n} tail={tail!r} header", B.b2a_qp, (text,), {"header": True}
            yield f"a2b_qp run n={n} tail={tail!r}", B.a2b_qp, (text + text,), {}
            yield f"a2b_qp run n={n} tail={tail!r} header", B.a2b_qp, (text + text,), {"header": True}
            escapes = b"=E9" * n + tail
            yield f"b2a_qp escapes n={n} tail={tail!r}", B.b2a_qp, (bytes.fromhex("e9" * n) + tail,), {}
            yield f"a2b_qp escapes n={n} tail={tail!r}", B.a2b_qp, (escapes,), {}
    # Outputs around the encoder's first guess (input + 1/8 + 8 bytes):
    # each '=' grows the output by two.
    for n in (0, 7, 40, 200):
        for escapes in range(0, 30, 3):
            text = b"a" * n + b"=" * escapes
            yield f"b2a_qp guess n={n} escapes={escapes}", B.b2a_qp, (text,), {}
            yield f"b2a_qp guess n={n} escapes={escapes} header", B.b2a_qp, (text.replace(b"a", b" "),), {"header": True}
    # Long base64 with line breaks and junk: the lenient decoder's fast path.
    data = rng.randbytes(3000)
    encoded = base64_of(data)
    for sep in (b"\n", b"\r\n", b" ", b"!"):
        broken = sep.join(encoded[i:i + 76] for i in range(0, len(encoded), 76))
        for strict in (False, True):
            yield f"a2b_base64 lines sep={sep!r} strict={strict}", B.a2b_base64, (broken,), {"strict_mode": strict}
            yield (f"a2b_base64 lines sep={sep!r} strict={strict} cut", B.a2b_base64, (broken[:-3],),
                   {"strict_mode": strict})

    # Argument errors.
    yield "b2a_base64 no args", B.b2a_base64, (), {}
    yield "b2a_base64 data by keyword", B.b2a_base64, (), {"data": b"x"}
    yield "b2a_base64 too many", B.b2a_base64, (b"x", True), {}
    yield "b2a_base64 unknown keyword", B.b2a_base64, (b"x",), {"newlin": True}
    yield "crc32 keyword", B.crc32, (b"x",), {"crc": 1}
    yield "crc32 too many", B.crc32, (b"x", 1, 2), {}
    yield "crc_hqx too few", B.crc_hqx, (b"x",), {}
    yield "hexlify dup", B.hexlify, (b"x",), {"data": b"y"}
    yield "b2a_qp all keywords", B.b2a_qp, (), {"data": b"a b", "quotetabs": 1, "istext": 0, "header": 1}
    yield "a2b_hex keyword", B.a2b_hex, (), {"hexstr": b"00"}
