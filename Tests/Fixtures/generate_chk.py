#!/usr/bin/env python3
"""
Generate Tahoe-LAFS immutable (CHK / LIT) reference fixtures for Ferry.

This drives the REAL tahoe-lafs encoder (allmydata.immutable.encode.Encoder)
with Tahoe's own uploadable/encryption wrappers and WriteBucketProxy, but
replaces the storage servers with in-memory fakes, so no grid is needed.

Outputs (relative to this file's directory):
  chk/manifest.json           one entry per case (caps, keys, UEB, share digests)
  chk/shares/<case>/<n>.bin   exact bytes written by WriteBucketProxy (only
                              for shares <= 16 KiB)
  chk/share_hash_order.json   Python set iteration order of
                              HashTree.needed_hashes(i, include_leaf=True)

Output is deterministic: running twice gives identical files.
Run with a Python that has tahoe-lafs==1.20.0 and zfec==1.6.0.0 installed
(see generate.sh).
"""

import hashlib
import json
import os
import platform
import shutil
import struct
import sys
import time

from twisted.internet import defer, task

import allmydata
import zfec
from allmydata import hashtree, uri
from allmydata.crypto import aes
from allmydata.immutable import encode, layout, upload
from allmydata.storage.server import si_b2a
from allmydata.util import base32, hashutil

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "chk")
SHARES_DIR = os.path.join(OUT_DIR, "shares")

EXPECTED_TAHOE = "1.20.0"
EXPECTED_ZFEC = "1.6.0.0"

CONVERGENCE_SECRET = bytes(range(32))
MIB = 1048576
DEFAULT_SEGSIZE = MIB
LIT_THRESHOLD = upload.Uploader.URI_LIT_SIZE_THRESHOLD  # 55
MAX_SHARE_FILE = 16 * 1024  # write share bytes to disk only if <= 16 KiB

PLAINTEXT_RULE = ("concat SHA-256(utf8(seed) || uint64be(i)) for i = 0.., "
                  "truncated to size")

SHARE_HASH_ORDER_NS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 17, 25, 31,
                       32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 255, 256]


def plaintext(seed, size):
    seed_b = seed.encode("utf-8")
    out = bytearray()
    i = 0
    while len(out) < size:
        out += hashlib.sha256(seed_b + struct.pack(">Q", i)).digest()
        i += 1
    return bytes(out[:size])


def build_cases():
    cases = []
    lit_sizes = [0, 1, 55]
    chk_sizes = [56, MIB - 1, MIB + 1, 3 * MIB + 12345, 5 * MIB + 7]
    encodings = [(1, 1), (2, 3), (3, 10), (25, 100)]
    for size in lit_sizes:
        assert size <= LIT_THRESHOLD
        cases.append(dict(name="lit-%d" % size, size=size, kind="lit"))
    for size in chk_sizes:
        assert size > LIT_THRESHOLD
        for (k, n) in encodings:
            cases.append(dict(name="chk-%d-k%dn%d" % (size, k, n), size=size,
                              kind="chk", k=k, n=n,
                              max_segment_size=DEFAULT_SEGSIZE, v2=False))
    extras = [
        # (size, k, n, max_segment_size, force_v2)
        (100000, 3, 10, 4096, False),    # many segments, deep hash trees
        (1000, 25, 100, 128, False),     # many small segments, many shares
        (70000, 3, 10, 131072, False),   # Tahoe's older 128 KiB default
        (200000, 3, 10, 65536, True),    # v2 layout (8-byte offsets)
    ]
    for (size, k, n, seg, v2) in extras:
        name = "chk-%d-k%dn%d-seg%d" % (size, k, n, seg)
        if v2:
            name += "-v2"
        cases.append(dict(name=name, size=size, kind="chk", k=k, n=n,
                          max_segment_size=seg, v2=v2))
    for c in cases:
        c["seed"] = c["name"]
        if c["kind"] == "chk":
            c["happy"] = min(7, c["n"])
    return cases


# ---------------------------------------------------------------- fakes

class FakeServer(object):
    def __init__(self, shnum):
        self._serverid = hashlib.sha256(b"ferry-fake-server-%d" % shnum).digest()[:20]
        self._name = b"fake-%d" % shnum

    def get_name(self):
        return self._name

    def get_serverid(self):
        return self._serverid


class FakeBucketWriterRRef(object):
    """Stands in for a foolscap RemoteReference to a RIBucketWriter."""

    def __init__(self):
        self.buf = bytearray()
        self.closed = False
        self.aborted = False

    def callRemote(self, methname, *args, **kwargs):
        if methname == "write":
            offset, data = args
            assert not self.closed
            # WriteBucketProxy writes sequentially with no holes.
            assert offset == len(self.buf), (offset, len(self.buf))
            self.buf[offset:offset + len(data)] = data
            return defer.succeed(None)
        if methname == "close":
            self.closed = True
            return defer.succeed(None)
        if methname == "abort":
            self.aborted = True
            return defer.succeed(None)
        raise AssertionError("unexpected remote call %r" % (methname,))


# ---------------------------------------------------------------- encode

@defer.inlineCallbacks
def encode_chk(case, data):
    k, happy, n = case["k"], case["happy"], case["n"]
    u = upload.Data(data, convergence=CONVERGENCE_SECRET)
    u.set_default_encoding_parameters({
        "k": k, "happy": happy, "n": n,
        "max_segment_size": case["max_segment_size"],
    })
    eu = upload.EncryptAnUploadable(u)
    encoder = encode.Encoder()
    yield encoder.set_encrypted_uploadable(eu)

    share_size = encoder.get_param("share_size")
    block_size = encoder.get_param("block_size")
    num_segments = encoder.get_param("num_segments")
    segment_size = encoder.get_param("segment_size")
    storage_index = encoder.get_param("storage_index")
    # mirrors Tahoe2ServerSelector.get_shareholders
    num_share_hashes = len(hashtree.IncompleteHashTree(n).needed_hashes(0, include_leaf=True))
    uri_extension_size = encoder.get_uri_extension_size()

    rrefs = {}
    landlords = {}
    servermap = {}
    old_force_v2 = layout.FORCE_V2
    layout.FORCE_V2 = bool(case["v2"])
    try:
        for shnum in range(n):
            server = FakeServer(shnum)
            rref = FakeBucketWriterRRef()
            wbp = layout.make_write_bucket_proxy(rref, server, share_size,
                                                 block_size, num_segments,
                                                 num_share_hashes,
                                                 uri_extension_size)
            rrefs[shnum] = (rref, wbp.get_allocated_size())
            landlords[shnum] = wbp
            servermap[shnum] = {server.get_serverid()}
    finally:
        layout.FORCE_V2 = old_force_v2

    encoder.set_shareholders(landlords, servermap)
    verifycap = yield encoder.start()
    # EncryptAnUploadable has no get_encryption_key(); like
    # Uploader.upload's turn_verifycap_into_read_cap, ask the uploadable.
    key = yield u.get_encryption_key()
    readcap = uri.CHKFileURI(key, encoder.get_uri_extension_hash(), k, n, len(data))

    shares = {}
    for shnum, (rref, allocated) in rrefs.items():
        assert rref.closed and not rref.aborted, shnum
        assert len(rref.buf) == allocated, (shnum, len(rref.buf), allocated)
        shares[shnum] = bytes(rref.buf)

    return dict(
        encoder=encoder, key=key, readcap=readcap, verifycap=verifycap,
        storage_index=storage_index, shares=shares, share_size=share_size,
        block_size=block_size, num_segments=num_segments,
        segment_size=segment_size,
    )


# ---------------------------------------------------------------- checks

def parse_share(share):
    (version,) = struct.unpack(">L", share[0:4])
    if version == 1:
        fields = struct.unpack(">LLLLLLLL", share[4:0x24])
        fieldsize, fieldstruct = 4, ">L"
    elif version == 2:
        fields = struct.unpack(">QQQQQQQQ", share[4:0x44])
        fieldsize, fieldstruct = 8, ">Q"
    else:
        raise AssertionError(version)
    names = ["block_size", "data_size", "data", "plaintext_hash_tree",
             "crypttext_hash_tree", "block_hashes", "share_hashes",
             "uri_extension"]
    off = dict(zip(names, fields))
    off["version"] = version
    ueb_off = off["uri_extension"]
    (ueb_len,) = struct.unpack(fieldstruct, share[ueb_off:ueb_off + fieldsize])
    off["ueb"] = share[ueb_off + fieldsize:ueb_off + fieldsize + ueb_len]
    assert ueb_off + fieldsize + ueb_len == len(share)
    sh = share[off["share_hashes"]:off["uri_extension"]]
    assert len(sh) % 34 == 0
    off["share_hash_chain"] = [
        (struct.unpack(">H", sh[i:i + 2])[0], sh[i + 2:i + 34])
        for i in range(0, len(sh), 34)]
    return off


def check_chk(case, data, r, share_orders):
    k, n, size = case["k"], case["n"], case["size"]
    enc = r["encoder"]
    key = r["key"]
    ueb_data = enc.get_uri_extension_data()
    ueb = uri.pack_extension(ueb_data)

    # storage index from key (second path)
    assert r["storage_index"] == hashutil.storage_index_hash(key)
    assert r["readcap"].get_storage_index() == r["storage_index"]
    # verify cap from read cap equals encoder's verify cap
    assert r["readcap"].get_verify_cap().to_string() == r["verifycap"].to_string()
    # cap round-trips through the parser
    parsed = uri.from_string(r["readcap"].to_string())
    assert parsed.key == key and parsed.needed_shares == k \
        and parsed.total_shares == n and parsed.size == size
    # UEB hash
    assert hashutil.uri_extension_hash(ueb) == enc.get_uri_extension_hash()
    # convergent key derivation (independent recomputation)
    h = hashutil.convergence_hasher(k, n, r["segment_size"], CONVERGENCE_SECRET)
    h.update(data)
    assert h.digest() == key

    d = uri.unpack_extension(ueb)
    assert d["size"] == size and d["needed_shares"] == k and d["total_shares"] == n
    assert d["segment_size"] == r["segment_size"]
    assert d["num_segments"] == r["num_segments"]

    # every share: parse it, check UEB and share hash order, then decode
    # the file from the LAST k shares (mostly parity shares) and decrypt.
    parsed_shares = {}
    for shnum, share in r["shares"].items():
        p = parse_share(share)
        assert p["version"] == (2 if case["v2"] else 1)
        assert p["ueb"] == ueb
        assert p["block_size"] == r["block_size"]
        assert p["data_size"] == r["share_size"]
        order = [i for (i, _) in p["share_hash_chain"]]
        assert order == share_orders[n][shnum], (shnum, order)
        parsed_shares[shnum] = p
    use = list(range(n - k, n))
    segsize = r["segment_size"]
    nseg = r["num_segments"]
    bs = r["block_size"]
    tail_size = size % segsize or segsize
    padded_tail = -(-tail_size // k) * k
    dec = zfec.Decoder(k, n)
    tail_dec = dec
    ct = bytearray()
    for seg in range(nseg):
        is_tail = seg == nseg - 1
        this_bs = padded_tail // k if is_tail else bs
        blocks = []
        for shnum in use:
            p = parsed_shares[shnum]
            start = p["data"] + seg * bs
            blocks.append(r["shares"][shnum][start:start + this_bs])
        out = (tail_dec if is_tail else dec).decode(blocks, use)
        ct += b"".join(out)
    ct = bytes(ct[:size])
    assert hashutil.crypttext_hash(ct) == ueb_data["crypttext_hash"]
    pt = aes.decrypt_data(aes.create_decryptor(key), ct)
    assert pt == data, case["name"]


# ---------------------------------------------------------------- main

def share_hash_orders():
    orders = {}
    for N in SHARE_HASH_ORDER_NS:
        t = hashtree.HashTree([b"\0" * 32] * N)
        orders[N] = [list(t.needed_hashes(leaf, include_leaf=True))
                     for leaf in range(N)]
        # same order from the IncompleteHashTree Tahoe uses for sizing
        it = hashtree.IncompleteHashTree(N)
        assert len(it.needed_hashes(0, include_leaf=True)) == len(orders[N][0])
    return orders


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, sort_keys=True, indent=1)
        f.write("\n")


@defer.inlineCallbacks
def run(reactor):
    assert allmydata.__version__ == EXPECTED_TAHOE, allmydata.__version__
    assert zfec.__version__ == EXPECTED_ZFEC, zfec.__version__
    t0 = time.time()

    orders = share_hash_orders()
    os.makedirs(OUT_DIR, exist_ok=True)
    write_json(os.path.join(OUT_DIR, "share_hash_order.json"), {
        "python": ".".join(platform.python_version_tuple()[:2]),
        "orders": {str(N): orders[N] for N in SHARE_HASH_ORDER_NS},
    })

    if os.path.isdir(SHARES_DIR):
        shutil.rmtree(SHARES_DIR)
    os.makedirs(SHARES_DIR)

    out_cases = []
    for case in build_cases():
        data = plaintext(case["seed"], case["size"])
        entry = {"name": case["name"], "seed": case["seed"],
                 "size": case["size"], "kind": case["kind"]}
        if case["kind"] == "lit":
            entry["cap"] = uri.LiteralFileURI(data).to_string().decode("ascii")
            assert uri.from_string(entry["cap"]).data == data
            out_cases.append(entry)
            print("%-34s %s" % (case["name"], entry["cap"]), flush=True)
            continue

        ts = time.time()
        r = yield encode_chk(case, data)
        check_chk(case, data, r, orders)
        enc = r["encoder"]
        ueb_data = enc.get_uri_extension_data()
        ueb = uri.pack_extension(ueb_data)
        shares_out = []
        for shnum in range(case["n"]):
            share = r["shares"][shnum]
            rel = None
            if len(share) <= MAX_SHARE_FILE:
                rel = "shares/%s/%d.bin" % (case["name"], shnum)
                path = os.path.join(OUT_DIR, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(share)
            shares_out.append({"shnum": shnum, "length": len(share),
                               "sha256": hashlib.sha256(share).hexdigest(),
                               "file": rel})
        entry.update({
            "cap": r["readcap"].to_string().decode("ascii"),
            "k": case["k"], "happy": case["happy"], "n": case["n"],
            "max_segment_size": case["max_segment_size"],
            "layout_version": 2 if case["v2"] else 1,
            "verify_cap": r["verifycap"].to_string().decode("ascii"),
            "storage_index": si_b2a(r["storage_index"]).decode("ascii"),
            "key_hex": r["key"].hex(),
            "uri_extension_hex": ueb.hex(),
            "uri_extension_hash_hex": enc.get_uri_extension_hash().hex(),
            "segment_size": r["segment_size"],
            "num_segments": r["num_segments"],
            "block_size": r["block_size"],
            "share_size": r["share_size"],
            "crypttext_hash_hex": ueb_data["crypttext_hash"].hex(),
            "crypttext_root_hash_hex": ueb_data["crypttext_root_hash"].hex(),
            "share_root_hash_hex": ueb_data["share_root_hash"].hex(),
            "shares": shares_out,
        })
        out_cases.append(entry)
        print("%-34s seg=%d nseg=%d share=%dB  %.1fs" % (
            case["name"], r["segment_size"], r["num_segments"],
            len(r["shares"][0]), time.time() - ts), flush=True)

    manifest = {
        "generator": "tahoe-lafs %s, zfec %s, Python %s" % (
            allmydata.__version__, zfec.__version__, ".".join(platform.python_version_tuple()[:2])),
        "convergence_secret_base32": base32.b2a(CONVERGENCE_SECRET).decode("ascii"),
        "plaintext_rule": PLAINTEXT_RULE,
        "cases": out_cases,
    }
    write_json(os.path.join(OUT_DIR, "manifest.json"), manifest)
    print("wrote %d cases in %.1fs" % (len(out_cases), time.time() - t0))


if __name__ == "__main__":
    task.react(run)
