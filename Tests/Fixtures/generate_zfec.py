#!/usr/bin/env python3
"""Writes Tests/Fixtures/zfec/encode.json: zfec reference outputs for the ErasureCode tests.

Run with a Python that has zfec installed (e.g. /tmp/venv-fx/bin/python). Output is
deterministic. Each case's input is the SHA-256 counter stream of its seed
"zfec-<k>-<n>": SHA-256(utf8(seed) || uint64be(i)) for i = 0, 1, ... concatenated and
truncated to k*block_size bytes, split into k blocks of block_size bytes.
"""
import hashlib
import json
import os
import random
import struct

import zfec

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zfec", "encode.json")
HEX_LIMIT = 256       # parity shorter than this is also stored in full
MATRIX_MAX_N = 20     # store the parity rows of the encoding matrix for n <= this


def stream(seed, length):
    out = bytearray()
    i = 0
    while len(out) < length:
        out += hashlib.sha256(seed.encode() + struct.pack(">Q", i)).digest()
        i += 1
    return bytes(out[:length])


def seed_of(k, n):
    return "zfec-%d-%d" % (k, n)


def blocks_for(k, n, size):
    data = stream(seed_of(k, n), k * size)
    return [data[j * size:(j + 1) * size] for j in range(k)]


def parity(k, n, blocks):
    return b"".join(zfec.Encoder(k, n).encode(blocks, list(range(k, n))))


def matrix_rows(k, n):
    # Block j is the unit vector e_j (length k), so parity block r is row r of the matrix.
    units = [bytes(1 if i == j else 0 for i in range(k)) for j in range(k)]
    return parity(k, n, units)


def pairs():
    result = [(k, n) for n in range(1, 21) for k in range(1, n + 1)]
    for n in [32, 64, 100, 128, 200, 255, 256]:
        ks = {1, 2, 3, n // 4, n // 2, (3 * n) // 4, n - 1, n}
        result += [(k, n) for k in sorted(ks)]
    return result


def encode_case(k, n, size):
    par = parity(k, n, blocks_for(k, n, size))
    case = {"k": k, "n": n, "block_size": size, "seed": seed_of(k, n),
            "parity_sha256": hashlib.sha256(par).hexdigest()}
    if len(par) < HEX_LIMIT:
        case["parity_hex"] = par.hex()
    if size == 37 and n <= MATRIX_MAX_N:
        case["matrix_hex"] = matrix_rows(k, n).hex()
    return case


def decode_case(k, n, size, ids):
    blocks = blocks_for(k, n, size)
    shares = zfec.Encoder(k, n).encode(blocks, list(range(n)))
    recovered = zfec.Decoder(k, n).decode([shares[i] for i in ids], list(ids))
    assert b"".join(recovered) == b"".join(blocks)
    return {"k": k, "n": n, "block_size": size, "seed": seed_of(k, n), "share_ids": list(ids),
            "parity_sha256": hashlib.sha256(b"".join(shares[k:])).hexdigest(),
            "recovered_sha256": hashlib.sha256(b"".join(recovered)).hexdigest()}


def main():
    encode = [encode_case(k, n, 37) for (k, n) in pairs()]
    encode += [encode_case(k, n, 4096) for (k, n) in [(1, 2), (3, 10), (7, 20), (25, 100), (128, 256), (101, 256)]]
    encode += [encode_case(k, n, 1) for (k, n) in [(1, 256), (3, 10), (20, 20), (128, 256), (255, 256)]]

    rng = random.Random(20240607)
    decode = [
        decode_case(3, 10, 37, [9, 1, 5]),
        decode_case(3, 10, 4096, [7, 0, 3]),
        decode_case(5, 20, 37, [19, 18, 17, 16, 15]),
        decode_case(2, 256, 37, [255, 200]),
        decode_case(255, 256, 37, [i for i in range(256) if i != 17][::-1]),
    ]
    for (k, n, size) in [(25, 100, 37), (128, 256, 37), (64, 200, 101), (10, 17, 37)]:
        ids = rng.sample(range(n), k)
        assert any(i < k for i in ids) and any(i >= k for i in ids)
        decode.append(decode_case(k, n, size, ids))

    lines = ['{', ' "zfec_version": %s,' % json.dumps(zfec.__version__),
             ' "input": "SHA-256(utf8(seed) || uint64be(i)) for i = 0.. concatenated, truncated to k*block_size",',
             ' "encode": [']
    lines += ['  ' + json.dumps(c, sort_keys=True) + ',' for c in encode]
    lines[-1] = lines[-1].rstrip(',')
    lines += [' ],', ' "decode": [']
    lines += ['  ' + json.dumps(c, sort_keys=True) + ',' for c in decode]
    lines[-1] = lines[-1].rstrip(',')
    lines += [' ]', '}']
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s: %d encode cases, %d decode cases" % (OUT, len(encode), len(decode)))


if __name__ == "__main__":
    main()
