"""Drives a storage server with the REAL Tahoe-LAFS HTTP storage client (allmydata 1.20).

Usage: python tahoe_storage_client.py NURL
Uploads two shares in chunks (one resumed after a simulated break), reads ranges back,
lists shares, aborts an upload, renews a lease, reports corruption, and prints a JSON
summary that the Swift test checks (and cross-checks with Ferry's own client).
"""
import json
import sys

from hyperlink import DecodedURL
from twisted.internet.defer import ensureDeferred
from twisted.internet.task import react

from allmydata.storage.http_client import (
    ClientException,
    StorageClientFactory,
    StorageClientGeneral,
    StorageClientImmutables,
)

SI = bytes(range(16))
UPLOAD = b"u" * 32
RENEW = b"r" * 32
CANCEL = b"c" * 32
DATA = bytes((i * 7 + 3) % 256 for i in range(100000))


def ranges(rangemap):
    return [[start, end] for start, end, _ in rangemap.ranges()]


async def main(reactor, nurl):
    factory = StorageClientFactory({"tcp": "tcp"}, None)
    client = await factory.create_storage_client(DecodedURL.from_text(nurl), reactor)
    general = StorageClientGeneral(client)
    immutables = StorageClientImmutables(client)
    out = {}
    version = await general.get_version()
    v1 = version[b"http://allmydata.org/tahoe/protocols/storage/v1"]
    out["available"] = v1[b"available-space"]
    created = await immutables.create(SI, {0, 1, 2}, len(DATA), UPLOAD, RENEW, CANCEL)
    out["allocated"] = sorted(created.allocated)
    again = await immutables.create(SI, {0, 1, 2}, len(DATA), UPLOAD, RENEW, CANCEL)
    out["allocated_again"] = sorted(again.allocated)
    first = await immutables.write_share_chunk(SI, 0, UPLOAD, 0, DATA[:30000])
    out["after_first"] = {"finished": first.finished, "required": ranges(first.required)}
    middle = await immutables.write_share_chunk(SI, 0, UPLOAD, 60000, DATA[60000:])
    out["after_middle"] = {"finished": middle.finished, "required": ranges(middle.required)}
    last = await immutables.write_share_chunk(SI, 0, UPLOAD, 30000, DATA[30000:60000])
    out["after_last"] = last.finished
    whole = await immutables.write_share_chunk(SI, 2, UPLOAD, 0, DATA)
    out["share2_finished"] = whole.finished
    try:
        await immutables.write_share_chunk(SI, 2, UPLOAD, 0, DATA[:10])
        out["rewrite_complete"] = "accepted"
    except ClientException as e:
        out["rewrite_complete"] = e.code
    conflicting = bytes(b ^ 1 for b in DATA[:10])
    await immutables.write_share_chunk(SI, 1, UPLOAD, 0, DATA[:100])
    try:
        await immutables.write_share_chunk(SI, 1, UPLOAD, 0, conflicting)
        out["conflict"] = "accepted"
    except ClientException as e:
        out["conflict"] = e.code
    await immutables.abort_upload(SI, 1, UPLOAD)
    out["shares"] = sorted(await immutables.list_shares(SI))
    out["read_middle"] = (await immutables.read_share_chunk(SI, 0, 1000, 500)) == DATA[1000:1500]
    out["read_past_end"] = len(await immutables.read_share_chunk(SI, 0, 99990, 100))
    out["read_whole"] = (await immutables.read_share_chunk(SI, 2, 0, len(DATA))) == DATA
    await general.add_or_renew_lease(SI, RENEW, CANCEL)
    await immutables.advise_corrupt_share(SI, 0, "just testing")
    out["empty_list"] = sorted(await immutables.list_shares(bytes(16)))
    print(json.dumps(out, sort_keys=True))
    await client.shutdown()


react(lambda reactor: ensureDeferred(main(reactor, sys.argv[1])))
