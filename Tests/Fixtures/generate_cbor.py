#!/usr/bin/env python3
"""Writes Tests/Fixtures/cbor/cases.json: bytes from cbor2 (the CBOR library Tahoe-LAFS
uses for its HTTP storage protocol) for Ferry's CBOR tests.

Run with a Python that has cbor2 installed (a tahoe-lafs dependency; e.g.
/tmp/venv-fx/bin/python). Output is deterministic.

Each case holds:
  name           what it is
  hex            cbor2.dumps(obj), exactly as Tahoe sends it (Tahoe calls plain
                 cbor2.dumps: map pairs in insertion order, sets as tag 258 in Python's
                 iteration order, floats as doubles, definite lengths)
  canonical_hex  cbor2.dumps(obj, canonical=True): map keys and set items in RFC 7049
                 canonical order (shorter encoding first, then bytewise), minimal floats
  indefinite_hex cbor2.dumps(obj, indefinite_containers=True), only when it differs
  reencodes      whether encoding the decoded value in preferred serialization gives
                 `hex` again (false when a float was written wider than needed)
  value          the item `hex` holds, as a tree of one-key objects:
                 {"uint": "n"} {"nint": "n"} (meaning -1-n) {"bytes": "hex"} {"text": s}
                 {"array": [..]} {"map": [[k, v], ..]} (in wire order)
                 {"tag": "n", "value": v} {"bool": b} {"null": true} {"undefined": true}
                 {"float": "hex of the IEEE double"}
Every description is checked here: rebuilt into Python objects and re-encoded, it
must give `hex` again.
"""
import json
import os
import struct

import cbor2

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cbor", "cases.json")

try:
    from allmydata.storage.mutable import MAX_MUTABLE_SHARE_SIZE
except ImportError:  # cbor2 alone is enough; this is the value in tahoe-lafs 1.20
    MAX_MUTABLE_SHARE_SIZE = 69105 * 1000 * 1000 * 1000 * 1000

V1 = b"http://allmydata.org/tahoe/protocols/storage/v1"


def version(available):
    """The body of GET /storage/v1/version, shaped as HTTPServer._get_version builds it."""
    return {
        V1: {
            b"maximum-immutable-share-size": available,
            b"maximum-mutable-share-size": MAX_MUTABLE_SHARE_SIZE,
            b"available-space": available,
        },
        b"application-version": b"tahoe-lafs/1.20.0",
    }


PROTOCOL = [
    ("version", version(2**40 + 12345)),
    # StorageServer.get_version uses 2**64 when the platform has no disk statistics:
    # one more than a CBOR uint holds, so cbor2 writes a bignum (tag 2).
    ("version-no-disk-stats", version(2**64)),
    ("allocate-request", {"share-numbers": {1, 7, 200}, "allocated-size": 12345}),
    ("allocate-request-many", {"share-numbers": set(range(0, 256, 5)), "allocated-size": 2**33}),
    ("allocate-response", {"already-have": {1}, "allocated": {7, 200}}),
    ("allocate-response-empty", {"already-have": set(), "allocated": set()}),
    ("required", {"required": [{"begin": 0, "end": 65536}, {"begin": 2**32, "end": 2**32 + 1}]}),
    ("required-none", {"required": []}),
    ("list-shares", {0, 1, 2, 255}),
    ("list-shares-empty", set()),
    ("corruption-advisory", {"reason": "expected hash abcd, got hash efgh"}),
    ("corruption-advisory-unicode", {"reason": "h\u00e9llo \u6c34 \U0001f986"}),
    ("read-test-write-request", {
        "test-write-vectors": {
            0: {"test": [{"offset": 3, "size": 5, "specimen": b"hello"}],
                "write": [{"offset": 9, "data": b"world"}],
                "new-length": None},
            3: {"test": [], "write": [], "new-length": 12},
        },
        "read-vector": [{"offset": 0, "size": 10}],
    }),
    ("read-test-write-response", {"success": True, "data": {0: [b"foo"], 5: [b"bar", b""]}}),
]

EDGES = [(f"uint-{n}", n) for n in
         [0, 1, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**63, 2**64 - 1]]
EDGES += [(f"nint-{-n}", n) for n in
          [-1, -24, -25, -256, -257, -65536, -65537, -2**32, -2**32 - 1, -2**63, -2**64]]
EDGES += [
    ("bignum-2^64", 2**64),
    ("bignum-minus-2^64-1", -2**64 - 1),
    ("bytes-empty", b""),
    ("bytes-23", bytes(range(23))),
    ("bytes-24", bytes(range(24))),
    ("bytes-300", bytes(i % 251 for i in range(300))),
    ("text-empty", ""),
    ("text-ascii", "IETF"),
    ("text-unicode", "\u00fc\u6c34\U00010151 \U0001f986"),
    ("text-nul", "a\x00b"),
    ("text-1000", "x" * 1000),
    ("array-empty", []),
    ("map-empty", {}),
    ("array-nested", [1, [2, 3], [4, [5, [6, []]]]]),
    ("array-25", list(range(25))),
    ("map-mixed-keys", {"zz": 1, "a": 2, b"x": 3, 10: 4, -1: 5, "bb": [None, True, False]}),
    ("map-nested", {"b": {"y": 1, "x": 2}, "a": {3, 2}}),
    ("bool-true", True),
    ("bool-false", False),
    ("null", None),
    ("undefined", cbor2.undefined),
    ("float-1.5", 1.5),
    ("float-1.1", 1.1),
    ("float-100000", 100000.0),
    ("float-neg-zero", -0.0),
    ("float-infinity", float("inf")),
    ("float-subnormal-half", 5.960464477539063e-8),
    ("tag-unknown", cbor2.CBORTag(1234567, [b"x", "y"])),
]


def describe(obj):
    """The one-key-object description of obj, as cbor2 encodes it."""
    if obj is None:
        return {"null": True}
    if obj is cbor2.undefined:
        return {"undefined": True}
    if isinstance(obj, bool):
        return {"bool": obj}
    if isinstance(obj, int):
        if 0 <= obj < 2**64:
            return {"uint": str(obj)}
        if -2**64 <= obj < 0:
            return {"nint": str(-1 - obj)}
        magnitude = obj if obj >= 0 else -1 - obj
        raw = magnitude.to_bytes((magnitude.bit_length() + 7) // 8, "big")
        return {"tag": "2" if obj >= 0 else "3", "value": {"bytes": raw.hex()}}
    if isinstance(obj, float):
        return {"float": struct.pack(">d", obj).hex()}
    if isinstance(obj, bytes):
        return {"bytes": obj.hex()}
    if isinstance(obj, str):
        return {"text": obj}
    if isinstance(obj, (list, tuple)):
        return {"array": [describe(item) for item in obj]}
    if isinstance(obj, (set, frozenset)):
        # cbor2 iterates the set as Python does; so does list().
        return {"tag": "258", "value": {"array": [describe(item) for item in list(obj)]}}
    if isinstance(obj, dict):
        return {"map": [[describe(k), describe(v)] for k, v in obj.items()]}
    if isinstance(obj, cbor2.CBORTag):
        return {"tag": str(obj.tag), "value": describe(obj.value)}
    raise TypeError(type(obj))


class Pairs(list):
    """A described map, rebuilt: its pairs in wire order."""


def rebuild(desc):
    """Python objects for `desc` that encode_rebuilt() turns back into bytes."""
    if "tag" in desc:
        return cbor2.CBORTag(int(desc["tag"]), rebuild(desc["value"]))
    (kind, value), = desc.items()
    return {
        "null": lambda: None,
        "undefined": lambda: cbor2.undefined,
        "bool": lambda: value,
        "uint": lambda: int(value),
        "nint": lambda: -1 - int(value),
        "float": lambda: struct.unpack(">d", bytes.fromhex(value))[0],
        "bytes": lambda: bytes.fromhex(value),
        "text": lambda: value,
        "array": lambda: [rebuild(item) for item in value],
        "map": lambda: Pairs((rebuild(k), rebuild(v)) for k, v in value),
    }[kind]()


def encode_rebuilt(obj):
    """Encodes a rebuilt object: containers and tags by hand, in the described order,
    scalars by cbor2."""
    if isinstance(obj, cbor2.CBORTag):
        return head(6, obj.tag) + encode_rebuilt(obj.value)
    if isinstance(obj, Pairs):
        return head(5, len(obj)) + b"".join(encode_rebuilt(k) + encode_rebuilt(v) for k, v in obj)
    if isinstance(obj, list):
        return head(4, len(obj)) + b"".join(encode_rebuilt(item) for item in obj)
    return cbor2.dumps(obj)


def head(major, argument):
    """The head of a non-integer item, with cbor2 supplying the shortest argument."""
    encoded = bytearray(cbor2.dumps(argument))
    encoded[0] |= major << 5
    return bytes(encoded)


def contains_float(obj):
    if isinstance(obj, float):
        return True
    if isinstance(obj, dict):
        return any(contains_float(k) or contains_float(v) for k, v in obj.items())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return any(contains_float(item) for item in obj)
    if isinstance(obj, cbor2.CBORTag):
        return contains_float(obj.value)
    return False


def case(name, obj):
    encoded = cbor2.dumps(obj)
    desc = describe(obj)
    assert encode_rebuilt(rebuild(desc)) == encoded, name
    out = {"name": name, "hex": encoded.hex(), "canonical_hex": cbor2.dumps(obj, canonical=True).hex()}
    indefinite = cbor2.dumps(obj, indefinite_containers=True)
    if indefinite != encoded:
        out["indefinite_hex"] = indefinite.hex()
    out["reencodes"] = not contains_float(obj)
    out["value"] = desc
    return out


def main():
    cases = [case(name, obj) for name, obj in PROTOCOL + EDGES]
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"generator": "Tests/Fixtures/generate_cbor.py",
                   "cbor2_version": cbor2_version(), "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(OUT)))


def cbor2_version():
    from importlib.metadata import version as dist_version
    return dist_version("cbor2")


if __name__ == "__main__":
    main()
