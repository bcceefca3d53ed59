#!/usr/bin/env python3
"""A loopback stand-in for GET /compute/v1/images with a large catalog.

It shares no code with gcimg (unlike api/fakeapi), so it checks the real
binary against an independent reading of the API notes: bearer token,
`type`, `page` (1-based) and `per_page` (1..100, default 50), and
{"images", "total_count", "page", "per_page"} replies. Images are made up
deterministically: mostly snapshots with free-form names, some public
images with slugs, families and versions, nulls where the API has them.

    python3 bench/loopback.py --images 100000 --port 8765 --latency-ms 20 --warm
    GENESISCLOUD_ENDPOINT=http://127.0.0.1:8765/compute/v1 \\
    GENESISCLOUD_TOKEN=loopback-token gcimg
"""

import argparse
import gc
import json
import random
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "loopback-token"
REGIONS = ["EUC-DE-MUC-1", "EUW-GB-MNC-1", "EUW-NL-AMS-1", "NA-CA-FTS-1",
           "NA-CA-MNZ-1", "NA-CA-PRG-1", "NORD-NO-KRS-1", "ARC-IS-HAF-1"]
DISTROS = [("Ubuntu", "ubuntu", ["20.04", "22.04", "24.04"]),
           ("Debian", "debian", ["11", "12"]),
           ("Rocky Linux", "rocky", ["8", "9"]),
           ("Windows Server", "windows-server", ["2019", "2022"])]
WORDS = ["train", "eval", "prod", "staging", "backup", "gpu", "cuda", "llama",
         "bert", "render", "node", "db", "postgres", "redis", "api", "worker",
         "sandbox", "before", "upgrade", "golden", "jupyter", "ml", "data"]


def make_catalog(n, seed):
    rng = random.Random(seed)
    images = []
    for i in range(n):
        distro, slug_base, versions = rng.choice(DISTROS)
        version = rng.choice(versions)
        created = 1577836800 + rng.randrange(220_000_000)
        roll = rng.randrange(100)
        if roll < 15:
            kind = rng.choice(["base-os", "cloud-image", "preconfigured"])
            name = f"{distro} {version}" + (" ML PyTorch" if kind == "preconfigured" else "")
            slug = f"{slug_base}-{version}-{i}"
            family, vers = distro, ([f"{version}-{rng.randrange(1, 9)}"] if kind == "cloud-image" else None)
        else:
            kind = "snapshot"
            name = "-".join(rng.choice(WORDS) for _ in range(rng.randrange(2, 5)))
            name += f"-{rng.randrange(1000)}"
            slug, vers = None, None
            family = distro if rng.randrange(100) < 70 else None
        images.append({
            "id": "%08x-%04x-4%03x-8%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16),
                                                   rng.getrandbits(12), rng.getrandbits(12), rng.getrandbits(48)),
            "name": name,
            "type": kind,
            "family": family,
            "slug": slug,
            "os_type": "windows" if distro.startswith("Windows") else "linux",
            "versions": vers,
            "regions": rng.sample(REGIONS, rng.randrange(1, 4)),
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created)),
            "updated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created + rng.randrange(9_000_000))),
        })
    return images


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=100_000)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--latency-ms", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warm", action="store_true", help="encode every page of 100 before serving")
    args = ap.parse_args()

    catalog = make_catalog(args.images, args.seed)
    by_type = {}
    for im in catalog:
        by_type.setdefault(im["type"], []).append(im)
    lock = threading.Lock()
    counts = {"requests": 0}
    pages = {}  # (type, page, per_page) -> encoded reply: Python's JSON is slow

    def encoded(kind, page, per):
        key = (kind, page, per)
        data = pages.get(key)
        if data is None:
            src = by_type.get(kind, []) if kind else catalog
            lo = (page - 1) * per
            data = json.dumps({"images": src[lo:lo + per], "total_count": len(src),
                               "page": page, "per_page": per}).encode()
            pages[key] = data
        return data

    if args.warm:
        for kind in [None] + sorted(by_type):
            n = len(by_type[kind]) if kind else len(catalog)
            for page in range(1, n // 100 + 2):
                encoded(kind, page, 100)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def setup(self):
            super().setup()
            # Headers and body go out in two writes: without this, Nagle's
            # algorithm and delayed ACKs add 40 ms to every reply.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def reply(self, status, body):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            time.sleep(args.latency_ms / 1000)
            with lock:
                counts["requests"] += 1
            u = urlparse(self.path)
            if u.path != "/compute/v1/images":
                return self.reply(404, {"code": "03004", "message": "not found"})
            if self.headers.get("Authorization", "") != "Bearer " + TOKEN:
                return self.reply(401, {"code": "01001", "message": "invalid token"})
            q = parse_qs(u.query)
            try:
                page = int(q.get("page", ["1"])[0])
                per = int(q.get("per_page", ["50"])[0])
            except ValueError:
                return self.reply(400, {"code": "02021", "message": "bad paging"})
            if page < 1 or not 1 <= per <= 100:
                return self.reply(400, {"code": "02022", "message": "bad paging"})
            self.reply(200, encoded(q["type"][0] if "type" in q else None, page, per))

    gc.freeze()  # the catalog is permanent: keep the collector off it
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"serving {len(catalog)} images on http://127.0.0.1:{args.port}/compute/v1 (token {TOKEN})", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
