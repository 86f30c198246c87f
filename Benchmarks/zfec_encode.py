"""Python zfec encode throughput, for comparison with Ferry's codecs in the same run.

Usage: python zfec_encode.py  -> prints one line per (k, n): "zfec kKnN MB/s".
Encodes 1 MiB segments (as Tahoe-LAFS does: k input blocks of segment/k bytes) for about
three seconds each and reports input bytes per second.
"""
import time

import zfec

SEGMENT = 1 << 20

for k, n in ((3, 10), (25, 100)):
    block = SEGMENT // k
    data = bytes((i * 2654435761 >> 13) & 0xFF for i in range(k * block))
    blocks = [data[i * block:(i + 1) * block] for i in range(k)]
    encoder = zfec.Encoder(k, n)
    ids = list(range(k, n))
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < 3.0:
        encoder.encode(blocks, ids)
        done += 1
    elapsed = time.perf_counter() - start
    print("zfec k%dn%d %.1f MB/s" % (k, n, done * k * block / elapsed / 1e6))
