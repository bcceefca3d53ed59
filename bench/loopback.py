#!/usr/bin/env python3
"""An independent stand-in for the Genesis Cloud compute API on loopback.

Written only from /work/shared/reference/api-notes.md and images-api.txt,
never from gcimg's code or its fake API (api/fakeapi), so it checks the
real binary against an independent reading of the notes. Python 3.11
standard library only.

Serves, under /compute/v1, with a bearer token (X-Auth-Token accepted too):

  GET /images?type=&page=&per_page=      {"images", "total_count", "page", "per_page"}
  GET /snapshots?page=&per_page=         {"snapshots", "total_count", "page", "per_page"}
  GET /snapshots/{id}                    {"snapshot": {...}}
  GET /instances/{id}/snapshots?page=... {"snapshots", ...} for one instance

in one of two API generations (--shape), with a deterministic catalog
(--images, --seed), and with faults switched on by flags. See --help and
bench/README.md.

    python3 bench/loopback.py --images 100000 --port 8765 --latency-ms 20 --warm
    GENESISCLOUD_ENDPOINT=http://127.0.0.1:8765/compute/v1 \\
    GENESISCLOUD_TOKEN=loopback-token gcimg
"""

import argparse
import email.utils
import gc
import gzip
import http
import json
import os
import random
import re
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_TOKEN = "loopback-token"
BASE = "/compute/v1"
# Region codes of the current official clients, and one older code that
# still appears in older data (api-notes.md, "Regions").
REGIONS = ["EUC-DE-MUC-1", "EUW-GB-MNC-1", "EUW-NL-AMS-1", "NA-CA-FTS-1",
           "NA-CA-MNZ-1", "NA-CA-PRG-1", "NORD-NO-KRS-1"]
OLD_REGION = "ARC-IS-HAF-1"
SEED_TYPES = ("base-os", "cloud-image", "preconfigured", "snapshot")
TODAY_TYPES = ("cloud-image",)
STATUSES = ("created", "creating", "deleting", "error", "pending_delete")
UNKNOWN_STATUS = "restoring"
UNKNOWN_TYPE = "gpu-image"
UNKNOWN_OS = "freebsd"
UNKNOWN_REGION = "APAC-JP-TYO-1"
PUBLIC_PERCENT = 15  # of the generated entries of the seed /images list

# (display name, slug stem, family, versions, os_type)
DISTROS = [("Ubuntu", "ubuntu", "Ubuntu", ["20.04", "22.04", "24.04"], "linux"),
           ("Debian", "debian", "Debian", ["11", "12"], "linux"),
           ("Rocky Linux", "rocky", "Rocky Linux", ["8", "9"], "linux"),
           ("AlmaLinux", "almalinux", "AlmaLinux", ["9"], "linux"),
           ("Windows Server", "windows-server", "Windows", ["2019", "2022"], "windows")]
STACKS = ["ML PyTorch", "ML TensorFlow", "ML JAX", "Stable Diffusion", "Jupyter Lab",
          "vLLM", "CUDA 12.4 Toolkit", "Ollama"]
WORDS = ["train", "eval", "prod", "staging", "backup", "gpu", "cuda", "llama",
         "bert", "render", "node", "db", "postgres", "redis", "api", "worker",
         "sandbox", "before", "upgrade", "golden", "jupyter", "ml", "data"]
SIZES = [20, 40, 50, 80, 100, 128, 200, 256, 500, 1000, 2000]


def stamp(t):
    """RFC 3339 with milliseconds, as in the provider's example response."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(int(t))) + ".%03dZ" % int(t * 1000 % 1000)


def uuid4(rng):
    return "%08x-%04x-4%03x-%x%03x-%012x" % (
        rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
        8 + rng.getrandbits(2), rng.getrandbits(12), rng.getrandbits(48))


def fixed_public():
    """Public images named as the notes and the provider's page name them.

    The first four are the provider's own example response. Types are the
    seed generation's; today's shape retypes every public image cloud-image.
    """
    def img(id_, name, kind, family, slug, versions, regions, created,
            updated="2024-07-05T13:29:29.357Z", os_type="linux"):
        return {"id": id_, "name": name, "type": kind, "family": family, "slug": slug,
                "os_type": os_type, "versions": versions, "regions": regions,
                "created_at": created, "updated_at": updated}
    return [
        img("df3718d1-c738-49e4-9d44-6b39579a2c6a", "Ubuntu ML PyTorch for NVIDIA\u00ae", "cloud-image",
            "Ubuntu ML", "ubuntu-ml-nvidia-pytorch", ["20240308"], ["EUC-DE-MUC-1", "NORD-NO-KRS-1"],
            "2024-03-19T16:08:40.235Z"),
        img("3b29b09e-138e-11ef-a299-7fd37e9e8724", "Ubuntu 24.04", "cloud-image", "Ubuntu",
            "ubuntu-24.04", ["20240423"], ["NORD-NO-KRS-1"], "2024-06-03T10:07:09.366Z"),
        img("2cd0e25f-a39e-4bc6-aa78-b4c40b87072a", "Ubuntu 22.04", "cloud-image", "Ubuntu",
            "ubuntu-22.04", ["20230927"], ["NORD-NO-KRS-1"], "2023-10-24T08:49:47.816Z"),
        img("55e261aa-f74d-447f-aa0a-c2d39739d995", "Debian 12", "cloud-image", "Debian",
            "debian-12", ["20240702-1796"], ["NORD-NO-KRS-1"], "2023-10-25T11:22:47.482Z"),
        img("0b7c6a3e-5d4f-4e21-9a8b-1c2d3e4f5a60", "Rocky Linux 9", "cloud-image", "Rocky Linux",
            "rocky-9", ["20240515", "20240110"], ["EUC-DE-MUC-1", "NORD-NO-KRS-1", "NA-CA-MNZ-1"],
            "2024-05-20T09:12:33.104Z"),
        img("6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "Ubuntu 20.04", "base-os", "Ubuntu", None, None,
            ["NORD-NO-KRS-1", OLD_REGION], "2020-05-04T12:00:00.000Z", "2023-01-10T08:00:00.000Z"),
        img("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", "Ubuntu 22.04", "base-os", "Ubuntu", None, [],
            ["NORD-NO-KRS-1", "EUW-NL-AMS-1"], "2022-05-02T12:00:00.000Z", "2023-11-01T08:00:00.000Z"),
        img("8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e", "Windows Server 2022", "base-os", "Windows",
            "windows-server-2022", None, ["EUC-DE-MUC-1"], "2023-02-14T10:30:00.000Z", os_type="windows"),
        img("9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f", "Ubuntu 22.04 ML TensorFlow 2.15 for NVIDIA\u00ae",
            "preconfigured", "Ubuntu ML", None, None, ["NORD-NO-KRS-1", "EUC-DE-MUC-1"],
            "2024-01-22T14:00:00.000Z"),
        img("a0b1c2d3-e4f5-4a6b-9c7d-8e9fa0b1c2d3", "Ubuntu 20.04 TensorFlow 2.4.1 (CUDA 11.2)",
            "preconfigured", None, None, None, [OLD_REGION], "2021-03-01T09:00:00.000Z",
            "2021-03-01T09:00:00.000Z"),
        img("b1c2d3e4-f5a6-4b7c-8d8e-9fa0b1c2d3e4", "Debian 11", "base-os", None, None, None,
            [OLD_REGION, "NORD-NO-KRS-1"], "2021-08-16T07:45:00.000Z", "2022-02-01T07:45:00.000Z"),
    ]


class Catalog:
    """Every image and snapshot the server knows, independent of the shape.

    public:    public images, seed typing (base-os, cloud-image, preconfigured)
    entries:   the seed shape's /images order, each ("image", dict) or
               ("snapshot", dict): public images and the snapshots that are
               also images (every snapshot except the snapshot-only ones)
    snapshots: every snapshot in /snapshots order (newest first): the
               snapshot-only ones (creating, error), then the rest
    """

    def __init__(self, n, seed, snapshots_only):
        rng = random.Random(seed)
        self.entries = []
        fixed = fixed_public()[:n]
        self.entries += [("image", im) for im in fixed]
        shared = []
        clock = 1748736000.0  # 2025-06-01: the newest shared snapshot; older ones follow
        for i in range(len(fixed), n):
            if rng.randrange(100) < PUBLIC_PERCENT:
                self.entries.append(("image", self._public(rng, i)))
            else:
                clock -= rng.uniform(60, 1200)
                s = self._snapshot(rng, clock)
                self.entries.append(("snapshot", s))
                shared.append(s)
        # A separate stream, so the snapshot-only count never moves an ID
        # of the main catalog.
        rng2 = random.Random(f"{seed}/snapshots-only")
        only = []
        for k in range(snapshots_only):
            s = self._snapshot(rng2, 1748736000.0 + 3600 * (snapshots_only - k))
            s["status"] = ("creating", "error")[k % 2]
            only.append(s)
        self.snapshots = only + shared
        self.only_ids = {s["id"] for s in only}
        self._link(random.Random(f"{seed}/links"))

    @staticmethod
    def _public(rng, i):
        distro, stem, family, versions, os_type = rng.choice(DISTROS)
        version = rng.choice(versions)
        kind = rng.choice(["base-os", "cloud-image", "cloud-image", "preconfigured"])
        created = 1577836800 + rng.randrange(150_000_000) + rng.random()
        name = f"{distro} {version}"
        slug = None
        vers = rng.choice([None, []])
        if kind == "preconfigured":
            stack = rng.choice(STACKS)
            name += f" {stack} for NVIDIA\u00ae" if stack.startswith("ML") else f" {stack}"
            if rng.randrange(100) < 30:
                slug = f"{stem}-{version}-{stack.lower().replace(' ', '-').replace('.', '')}-{i}"
        elif kind == "cloud-image":
            if rng.randrange(100) < 85:
                slug = f"{stem}-{version}-{i}"
            vers = sorted({time.strftime("%Y%m%d", time.gmtime(created + rng.randrange(40_000_000)))
                           + rng.choice(["", "", "-%d" % rng.randrange(100, 2000)])
                           for _ in range(rng.randrange(1, 4))}, reverse=True)
        elif rng.randrange(100) < 10:
            slug = f"{stem}-{version}-base-{i}"
        regions = rng.sample(REGIONS, rng.randrange(1, 5))
        if created < 1640995200 and rng.randrange(3) == 0:
            regions.append(OLD_REGION)
        return {"id": uuid4(rng), "name": name, "type": kind,
                "family": family if rng.randrange(100) < 90 else None,
                "slug": slug, "os_type": os_type, "versions": vers, "regions": regions,
                "created_at": stamp(created), "updated_at": stamp(created + rng.randrange(9_000_000))}

    @staticmethod
    def _snapshot(rng, created):
        distro, _, family, _, os_type = rng.choice(DISTROS)
        name = "-".join(rng.choice(WORDS) for _ in range(rng.randrange(2, 5))) + f"-{rng.randrange(1000)}"
        roll = rng.randrange(1000)
        status = "deleting" if roll < 8 else "pending_delete" if roll < 16 else "created"
        region = rng.choice(REGIONS) if rng.randrange(50) else OLD_REGION
        return {"id": uuid4(rng), "name": name, "os_type": os_type, "region": region,
                "size": rng.choice(SIZES), "status": status,
                "created_at": stamp(created), "updated_at": stamp(created + rng.randrange(600)),
                # not served: the images view's family
                "_family": family if rng.randrange(100) < 70 else None}

    def _link(self, rng):
        """Sources: most snapshots come from an instance, some are clones of
        an older snapshot, a few have no recorded source."""
        n = len(self.snapshots)
        instances = [uuid4(rng) for _ in range(max(1, n // 8))]
        for j, s in enumerate(self.snapshots):
            roll = rng.randrange(100)
            if roll < 8 and j + 1 < n:
                s["source_snapshot_id"] = self.snapshots[rng.randrange(j + 1, n)]["id"]
            elif roll < 11:
                s["source_instance_id"] = None
            else:
                s["source_instance_id"] = rng.choice(instances)

    def public(self):
        return [e for kind, e in self.entries if kind == "image"]

    def all_ids(self):
        return [e["id"] for _, e in self.entries] + [s["id"] for s in self.snapshots if s["id"] in self.only_ids]

    def apply_hostile(self, token):
        """Every hostile name goes to the newest shared snapshots, so both
        endpoints have them on page 1; the snapshot-only ones (first on
        /snapshots) repeat the first few."""
        names = hostile_names(token)
        only = len(self.only_ids)
        shared = self.snapshots[only:]
        for s, name in zip(shared, names):
            s["name"] = name
        for s, name in zip(self.snapshots[:only], names):
            s["name"] = name
        if len(shared) > len(names):
            shared[len(names)]["region"] = "NORD-NO-KRS-1\x1b[2J"
        generated = self.public()[len(fixed_public()):]
        if generated:
            im = generated[0]
            im["name"] = "Ubuntu 24.04 \x1b[2J\x1b]0;pwned\x07\u202egnp.exe"
            im["slug"] = "ubuntu-\x1b[31m24.04\n"
            im["family"] = "Ubuntu\u202e\u0000"
            im["versions"] = ["2024\x1b[2J0423", "v\r\n2", "\ud800"]

    def apply_unknown(self):
        generated = self.public()[len(fixed_public()):]
        if generated:
            generated[0]["type"] = UNKNOWN_TYPE
            generated[-1]["os_type"] = UNKNOWN_OS
            generated[-1]["regions"] = generated[-1]["regions"] + [UNKNOWN_REGION]
        if self.snapshots:
            target = self.snapshots[len(self.only_ids) - 1] if self.only_ids else self.snapshots[0]
            target["status"] = UNKNOWN_STATUS
            self.snapshots[-1]["region"] = UNKNOWN_REGION


def hostile_names(token):
    """Names a terminal program must not pass through raw. Each is what a
    user could name a snapshot (or what a broken backend could send)."""
    long_words = "-".join(["nightly-checkpoint-of-the-llama-finetune"] * 8)
    return [
        "\x1b[2J\x1b[Hscreen-cleared",                      # CSI erase display, cursor home
        "\x1b]0;pwned-title\x07title-set",                   # OSC 0 window title, BEL-terminated
        "\x1b]52;c;cm0gLXJmIH4K\x07clipboard-write",         # OSC 52 sets the clipboard
        "\x1b]8;;https://evil.example/\x1b\\hyperlink\x1b]8;;\x1b\\",  # OSC 8, ST-terminated
        "\x1bP+q544e\x1b\\dcs-query",                        # DCS request (XTGETTCAP)
        "\x1b[6n-cursor-report",                             # the terminal answers on stdin
        "\x1b[31mred\x1b[0m-\x1b[5mblink\x1b[0m-sgr",         # colours and blink
        "\x9b2J-c1-csi",                                     # CSI as the C1 control U+009B
        "tab\there\rcarriage\bback\x7fdel\x00nul\x07bel",    # C0 controls, DEL, NUL
        "two\nlines\u2028line-sep\u2029para-sep",            # newlines, Unicode separators
        "\u202egnp.exe\u202c-bidi-override",                 # RLO: displays as "exe.png"
        "\u2066isolate\u2069\u200frlm\u200bzero\u200dwidth\ufeffbom",
        "\u6df1\u5ea6\u5b66\u4e60\u5feb\u7167-\u8bad\u7ec3-\uff21\uff22\uff23",  # wide CJK, fullwidth
        "\U0001f680 GPU \U0001f9e0 \U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 "
        "\U0001f1e9\U0001f1ea \U0001f44d\U0001f3fd snapshot",   # emoji, ZWJ family, flag, skin tone
        "Z\u0337\u0322a\u0335\u0327l\u0338g\u0336\u031bo\u0334 e\u0301 combining",
        "lone-surrogate-\ud800-and-\udfff",                  # invalid UTF-16 in \u escapes
        "reversed-pair-\udc00\ud800",
        "long-" + long_words[:330],                          # 300+ characters with dashes
        "x" * 420,                                           # 420 characters, no break
        f"restored from Bearer {token}",                     # the token itself
        "GENESISCLOUD_TOKEN=gc_0123456789abcdef0123456789abcdef01234567",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb29wYmFjayJ9.c2lnbmF0dXJlLW5vdC1yZWFs",
        "",                                                  # empty
        "   ",                                               # blank
        "\x1b[2J",                                           # nothing but an escape sequence
        "$(rm -rf ~) `id` %s %d %v {{.Name}} [red]x[/red] <b>b</b> \\u001b[2J",
        "quote \" apostrophe ' backslash \\ end",
        "ubuntu-24.04",                                      # a snapshot named like a slug
        "3b29b09e-138e-11ef-a299-7fd37e9e8724",              # another image's ID as a name
    ]


def image_view(s):
    """A snapshot as /images?type=snapshot shows it: fewer fields than
    /snapshots (no status, size or source)."""
    return {"id": s["id"], "name": s["name"], "type": "snapshot", "family": s["_family"],
            "slug": None, "os_type": s["os_type"], "versions": None, "regions": [s["region"]],
            "created_at": s["created_at"], "updated_at": s["updated_at"]}


SNAPSHOT_KEYS = ("id", "name", "os_type", "region", "size", "source_instance_id",
                 "source_snapshot_id", "status", "created_at", "updated_at")


def snapshot_view(s):
    """A snapshot as /snapshots shows it; absent sources stay absent."""
    return {k: s[k] for k in SNAPSHOT_KEYS if k in s}


def with_extra(obj):
    d = dict(obj)
    d["labels"] = {"team": "ml", "cost-center": None}
    d["x_internal_rev"] = 7
    return d


class Shape:
    """What each endpoint lists, for one generation of the API."""

    def __init__(self, cat, shape, extra_fields):
        self.shape = shape
        fix = with_extra if extra_fields else (lambda o: o)
        images = []
        for kind, e in cat.entries:
            if kind == "snapshot":
                if shape == "seed":
                    images.append(fix(image_view(e)))
            elif shape == "today" and e["type"] in ("base-os", "preconfigured"):
                images.append(fix(dict(e, type="cloud-image")))
            else:
                images.append(fix(e))
        self.images = {None: images}
        for im in images:
            self.images.setdefault(im["type"], []).append(im)
        self.types = set(SEED_TYPES if shape == "seed" else TODAY_TYPES) | {t for t in self.images if t}
        self.snapshots = [fix(snapshot_view(s)) for s in cat.snapshots]
        self.by_id = {s["id"]: s for s in self.snapshots}
        self.by_instance = {}
        for s in self.snapshots:
            if s.get("source_instance_id"):
                self.by_instance.setdefault(s["source_instance_id"], []).append(s)

    def summary(self, cat):
        status = {}
        for s in self.snapshots:
            status[s["status"]] = status.get(s["status"], 0) + 1
        snap_ids = {s["id"] for s in self.snapshots} | {im["id"] for im in self.images.get("snapshot", [])}
        return {"shape": self.shape,
                "images": len(self.images[None]),
                "images_by_type": {t: len(v) for t, v in sorted(self.images.items(), key=lambda kv: str(kv[0])) if t},
                "snapshots": len(self.snapshots),
                "snapshots_by_status": dict(sorted(status.items())),
                "snapshots_only_in_snapshots": len(cat.only_ids),
                "snapshot_ids": len(snap_ids),
                "ids": len(set(cat.all_ids())),
                "instances": len(self.by_instance)}


# ---------------------------------------------------------------- flags

SCOPE_RE = re.compile(r"^(all|images|images/[^:]+|snapshots|instances)$")
SCOPE_HELP = ("SCOPE is all (every endpoint: the default, or --faults-on), images, "
              "images/TYPE (one type; images/all = no type parameter), snapshots "
              "(/snapshots and /snapshots/{id}) or instances (/instances/{id}/snapshots)")


def _scope(parts):
    if parts and not re.match(r"^(\d+|\*)$", parts[0]):
        scope = parts.pop(0)
        if not SCOPE_RE.match(scope):
            raise argparse.ArgumentTypeError(f"unknown scope {scope!r}; " + SCOPE_HELP)
        return scope
    return None


def scope_arg(text):
    if not SCOPE_RE.match(text):
        raise argparse.ArgumentTypeError(f"unknown scope {text!r}; " + SCOPE_HELP)
    return text


def _page(text):
    if text == "*":
        return "*"
    if not re.match(r"^\d+$", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"page {text!r} is not a positive integer or *")
    return int(text)


def _status(text):
    if not re.match(r"^\d{3}$", text) or not 100 <= int(text) <= 599:
        raise argparse.ArgumentTypeError(f"status {text!r} is not an HTTP status (100-599)")
    return int(text)


def _fields(text, count, form):
    """Splits [SCOPE:]FIELD[:FIELD...] into its scope and exactly count fields."""
    parts = text.split(":")
    scope = _scope(parts)
    if len(parts) != count:
        raise argparse.ArgumentTypeError(f"{text!r}: want {form}")
    return scope, parts


def page_status_spec(text):
    html = text.endswith(":html")
    scope, (page, status) = _fields(text.removesuffix(":html"), 2,
                                    "[SCOPE:]PAGE:STATUS[:html], e.g. 3:503 or snapshots:2:429")
    return {"scope": scope, "page": _page(page), "status": _status(status), "html": html}


def page_spec(text):
    scope, (page,) = _fields(text, 1, "[SCOPE:]PAGE, e.g. 2 or images/snapshot:2")
    return {"scope": scope, "page": _page(page)}


def status_spec(text):
    scope, (status,) = _fields(text, 1, "[SCOPE:]STATUS, e.g. 502 or snapshots:503")
    return {"scope": scope, "status": _status(status)}


class OnceFault(argparse.Action):
    """Collects every *-once flag into one list in command-line order, so
    `--fail-once 2:500 --truncate-once 2` fails page 2, then truncates it."""

    def __call__(self, parser, ns, value, option_string=None):
        value = dict(value, kind=self.const)
        ns.once = (ns.once or []) + [value]


def build_parser():
    ap = argparse.ArgumentParser(
        prog="loopback.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\n\n")[0] + "\n\n" + (
            "Endpoints (under /compute/v1; anything else is 404):\n"
            "  GET /images?type=&page=&per_page=      GET /snapshots?page=&per_page=\n"
            "  GET /snapshots/{id}                    GET /instances/{id}/snapshots?page=&per_page=\n"
            "page is 1-based (default 1), per_page 1..100 (default 50); anything else is 400\n"
            "with a JSON body {\"code\", \"message\"}. A bad or missing token is 401 (JSON).\n\n"
            "Faults are off unless asked for and combine freely. Value-taking fault flags\n"
            "accept a SCOPE prefix. SCOPE is all (every endpoint: the default, or\n"
            "--faults-on), images, images/TYPE (one type; images/all = no type parameter),\n"
            "snapshots (/snapshots and /snapshots/{id}) or instances (/instances/{id}/snapshots).\n"
            "Order of checks: latency, route (404), method (405), --rate-limit, --html-error,\n"
            "token (401), --images-status/--snapshots-status, query (400), --slow-pages,\n"
            "the *-once faults (first match in command-line order, each fires once), reply."),
        epilog=(
            "examples:\n"
            "  loopback.py --port 0 --latency-ms 0 --images 541 --shape today --log /tmp/req.jsonl\n"
            "  loopback.py --ignore-page --total-count-delta 50\n"
            "  loopback.py --fail-once 2:503 --fail-once 2:429 --truncate-once images/snapshot:3\n"
            "  loopback.py --html-error 502 --hostile-names\n"
            "  loopback.py --images 100000 --warm --slow-pages 800 --slow-after 1\n"
            "  loopback.py --images 1000 --shape today --dump snapshot-ids   # what a client must list"))
    g = ap.add_argument_group("catalog")
    g.add_argument("--shape", choices=["seed", "today"], default="seed",
                   help="API generation. seed: /images has the page's four types (base-os, cloud-image, "
                        "preconfigured, snapshot), and /snapshots lists every snapshot with status, size "
                        "and source; the not-ready snapshot-only ones are missing from /images. today: "
                        "/images has only cloud-image (every public image retyped); other types are "
                        "rejected (--other-types); snapshots only at /snapshots (default: seed)")
    g.add_argument("--other-types", choices=["400", "empty"], default="400",
                   help="how a type the shape does not serve is answered (today: base-os, preconfigured, "
                        "snapshot; both shapes: unknown names): 400 {\"code\":\"00003\",\"message\":"
                        "\"invalid type\"}, or 200 with no images (default: 400)")
    g.add_argument("--images", type=int, default=100_000, metavar="N",
                   help="entries of the seed shape's /images list: 11 fixed public images (the "
                        "provider's examples first), then %d%%%% generated public images and the rest "
                        "snapshots. The same IDs exist in both shapes (default: 100000)" % PUBLIC_PERCENT)
    g.add_argument("--snapshots-only", type=int, default=6, metavar="K",
                   help="snapshots that only /snapshots lists (status creating or error, the newest, "
                        "so first on /snapshots page 1); in addition to --images (default: 6)")
    g.add_argument("--seed", type=int, default=1, help="random seed of the catalog (default: 1)")
    g.add_argument("--hostile-names", action="store_true",
                   help="the 29 newest snapshots (page 1 of every snapshot listing) get names with "
                        "escape sequences (CSI, OSC title/clipboard/hyperlink, DCS, C1), control "
                        "characters, bidi overrides, zero-width and combining marks, wide CJK and "
                        "emoji, lone surrogates as \\u escapes, 300+ and 420-character names, the "
                        "token and token-like strings, empty and blank names; one public image gets a "
                        "hostile slug, family and versions; one snapshot a hostile region. JSON error "
                        "messages carry an escape sequence, and 401 echoes the presented token")
    g.add_argument("--unknown-values", action="store_true",
                   help=f"values a client must show, not drop: an image of type {UNKNOWN_TYPE}, "
                        f"os_type {UNKNOWN_OS}, region {UNKNOWN_REGION}, a snapshot with status "
                        f"{UNKNOWN_STATUS}, and unknown extra fields on every object and error body")
    g.add_argument("--dump", choices=["summary", "ids", "snapshot-ids", "images", "snapshots"],
                   help="print instead of serving, then exit: summary (JSON counts), ids (every ID "
                        "of either endpoint, once), snapshot-ids (every snapshot ID of either endpoint, "
                        "once), images or snapshots (the unpaged list, one JSON object a line)")

    g = ap.add_argument_group("server")
    g.add_argument("--port", type=int, default=8765,
                   help="TCP port on 127.0.0.1; 0 picks a free one. The bound port is printed on the "
                        "first line of stdout (default: 8765)")
    g.add_argument("--port-file", metavar="FILE", help="also write the bound port to FILE once serving")
    g.add_argument("--token", default=DEFAULT_TOKEN,
                   help=f"the accepted token, as 'Authorization: Bearer TOKEN' or the deprecated "
                        f"'X-Auth-Token: TOKEN' (default: {DEFAULT_TOKEN})")
    g.add_argument("--auth-status", type=int, choices=[401, 403], default=401,
                   help="status for a bad or missing token (default: 401)")
    g.add_argument("--latency-ms", type=float, default=20, metavar="MS",
                   help="delay before every reply (default: 20)")
    g.add_argument("--warm", action="store_true",
                   help="encode every page of 100 of every list before serving")
    g.add_argument("--no-keepalive", action="store_true",
                   help="close the connection after every reply (Connection: close). Go's transport "
                        "silently re-sends a GET whose reused connection dies before the reply, so "
                        "without this a client may never see a --reset-once")
    g.add_argument("--gzip", action="store_true",
                   help="gzip replies when the client sends Accept-Encoding: gzip")
    g.add_argument("--log", metavar="FILE",
                   help="one JSON line per request: seq, t (seconds since start), method, path, query, "
                        "endpoint, type, page, per_page, auth (bearer, x-auth-token, missing, wrong), "
                        "status (null when the connection was reset), fault, items, bytes. '-' is stderr")
    g.add_argument("--retry-after", type=int, default=1, metavar="SECONDS",
                   help="Retry-After on every 429 (default: 1)")
    g.add_argument("--retry-after-date", action="store_true",
                   help="send Retry-After as an HTTP date (now + --retry-after) instead of seconds")

    g = ap.add_argument_group("faults")
    g.add_argument("--faults-on", default="all", metavar="SCOPE", type=scope_arg,
                   help="scope of the faults without their own SCOPE prefix (default: all)")
    g.add_argument("--ignore-page", action="store_true",
                   help="serve page 1 (and say page 1) whatever page is asked")
    g.add_argument("--total-count-delta", type=int, default=0, metavar="N",
                   help="add N (may be negative) to every total_count")
    g.add_argument("--cap-per-page", type=int, default=0, metavar="N",
                   help="silently serve at most N items a page, echoing per_page N")
    g.add_argument("--fail-once", type=page_status_spec, action=OnceFault, const="fail", dest="once",
                   metavar="[SCOPE:]PAGE:STATUS[:html]",
                   help="the first request of PAGE (* = any) answers STATUS once: a JSON error body, "
                        "or with :html a proxy HTML page; 429 carries Retry-After. Repeat it to fail a "
                        "page several times (e.g. 2:503 twice)")
    g.add_argument("--reset-once", type=page_spec, action=OnceFault, const="reset", dest="once",
                   metavar="[SCOPE:]PAGE",
                   help="close the connection of the first request of PAGE with a TCP reset, no reply")
    g.add_argument("--truncate-once", type=page_spec, action=OnceFault, const="truncate", dest="once",
                   metavar="[SCOPE:]PAGE",
                   help="a 200 for PAGE whose body stops in the middle: Content-Length of the whole "
                        "body, half of it sent, then the connection closed (once)")
    g.add_argument("--garble-once", type=page_spec, action=OnceFault, const="garble", dest="once",
                   metavar="[SCOPE:]PAGE",
                   help="a complete 200 for PAGE whose body is the first half of the JSON (Content-"
                        "Length matches), so it does not decode (once)")
    g.add_argument("--rate-limit", type=int, default=0, metavar="N",
                   help="answer the first N requests 429 with Retry-After")
    g.add_argument("--html-error", type=status_spec, metavar="[SCOPE:]STATUS",
                   help="answer every request with a proxy's HTML error page of STATUS whose text "
                        "holds ESC[2J and ESC]0;title BEL")
    g.add_argument("--images-status", type=_status, metavar="STATUS",
                   help="answer every /images request STATUS with a JSON error body (404: an API "
                        "without the endpoint)")
    g.add_argument("--snapshots-status", type=_status, metavar="STATUS",
                   help="the same for /snapshots, /snapshots/{id} and /instances/{id}/snapshots")
    g.add_argument("--slow-pages", type=float, default=0, metavar="MS",
                   help="extra delay for each list page (after --latency-ms)")
    g.add_argument("--slow-after", type=int, default=0, metavar="PAGE",
                   help="only pages after PAGE are slow, so the first screen is fast (default: 0)")
    return ap


# ---------------------------------------------------------------- serving

ERROR_CODES = {400: "00003", 401: "01001", 403: "01003", 404: "03004", 405: "03005",
               429: "04029", 500: "05000", 502: "05002", 503: "05003", 504: "05004"}


def html_page(status):
    phrase = phrase_of(status)
    return ("<!DOCTYPE html>\n<html><head><title>%d %s</title></head>\n<body>\x1b[2J\x1b[H"
            "\x1b]0;%d %s\x07<center><h1>%d %s</h1></center>\n<hr><center>nginx</center>\n"
            "</body></html>\n" % (status, phrase, status, phrase, status, phrase)).encode()


def phrase_of(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class Server:
    def __init__(self, args, cat, shape):
        self.args = args
        self.cat = cat
        self.shape = shape
        self.lock = threading.Lock()
        self.seq = 0
        self.rate_left = args.rate_limit
        self.once = [dict(f, fired=False) for f in (args.once or [])]
        self.cache = {}
        self.started = time.monotonic()
        self.fired = {}
        if args.log == "-":
            self.log = sys.stderr
        elif args.log:
            self.log = open(args.log, "w", buffering=1, encoding="utf-8")
        else:
            self.log = None

    def in_scope(self, scope, ctx, lists_only):
        if lists_only and ctx["endpoint"] == "snapshot":
            return False
        ep = ctx["endpoint"]
        scope = scope or self.args.faults_on
        if scope == "all":
            return True
        if scope == "images":
            return ep == "images"
        if scope.startswith("images/"):
            return ep == "images" and (ctx["type"] or "all") == scope[len("images/"):]
        if scope == "snapshots":
            return ep in ("snapshots", "snapshot")
        return ep == "instance-snapshots"

    def take_rate(self):
        with self.lock:
            if self.rate_left > 0:
                self.rate_left -= 1
                return True
            return False

    def take_once(self, ctx):
        with self.lock:
            for f in self.once:
                if f["fired"] or not self.in_scope(f["scope"], ctx, True):
                    continue
                if f["page"] == "*" or f["page"] == ctx["page"]:
                    f["fired"] = True
                    return f
        return None

    def note(self, ctx):
        """Count and log a request once. Called before the reply's first
        byte, so a client that has its reply can read its log line."""
        if ctx.get("noted"):
            return
        ctx["noted"] = True
        with self.lock:
            self.seq += 1
            ctx["seq"] = self.seq
            if ctx["fault"]:
                self.fired[ctx["fault"]] = self.fired.get(ctx["fault"], 0) + 1
            if self.log:
                ctx["t"] = round(time.monotonic() - self.started, 4)
                line = {k: v for k, v in ctx.items() if k != "noted"}
                self.log.write(json.dumps(line, ensure_ascii=False) + "\n")
                self.log.flush()

    def encode(self, obj):
        # Raw UTF-8 for text; a lone surrogate can only be sent as a \u
        # escape, which backslashreplace writes in JSON's own syntax.
        return json.dumps(obj, ensure_ascii=False).encode("utf-8", "backslashreplace")

    def page_body(self, name, listname, items, page, per, lie, gz):
        """The encoded reply for one page of a list, cached: Python's JSON
        encoder is slow and pages are asked for again and again. lie adds
        --total-count-delta to total_count."""
        args = self.args
        total = len(items) + (args.total_count_delta if lie else 0)
        ck = (listname, page, per, total, gz)
        data = self.cache.get(ck)
        if data is None:
            lo = (page - 1) * per
            body = {name: items[lo:lo + per], "total_count": total, "page": page, "per_page": per}
            if args.unknown_values:
                body["links"] = {"self": f"?page={page}&per_page={per}"}
            data = self.encode(body)
            if gz:
                data = gzip.compress(data, 1)
            self.cache[ck] = data
        return data

    def warm(self):
        lists = [("images", "images:%s" % t, v) for t, v in self.shape.images.items()]
        lists.append(("snapshots", "snapshots", self.shape.snapshots))
        lie = self.args.faults_on == "all"
        for name, listname, items in lists:
            for page in range(1, len(items) // 100 + 2):
                self.page_body(name, listname, items, page, 100, lie, False)


def route(path):
    """(endpoint, path parameter) for a known path, else None."""
    if not path.startswith(BASE + "/"):
        return None
    rest = path[len(BASE) + 1:].split("/")
    if rest == ["images"]:
        return ("images", None)
    if rest == ["snapshots"]:
        return ("snapshots", None)
    if len(rest) == 2 and rest[0] == "snapshots" and rest[1]:
        return ("snapshot", unquote(rest[1]))
    if len(rest) == 3 and rest[0] == "instances" and rest[1] and rest[2] == "snapshots":
        return ("instance-snapshots", unquote(rest[1]))
    return None


def make_handler(srv):
    args = srv.args
    hostile_tail = " \x1b[2J\x1b]0;pwned\x07" if args.hostile_names else ""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def version_string(self):
            return "loopback"

        def log_message(self, *a):
            pass

        def setup(self):
            super().setup()
            # Headers and body go out in two writes: without this, Nagle's
            # algorithm and delayed ACKs add 40 ms to every reply.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        # -- replies

        def send(self, status, data, ctype="application/json; charset=utf-8", headers=(), gz=False):
            self.ctx["status"] = status
            self.ctx["bytes"] = len(data)
            srv.note(self.ctx)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if gz:
                self.send_header("Content-Encoding", "gzip")
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            if args.no_keepalive:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def error(self, status, message, code=None, fault=None, headers=(), hostile=False):
            """A JSON error body. With --hostile-names, fault replies and
            401 carry an escape sequence; the documented 400s stay exact."""
            if hostile or fault:
                message += hostile_tail
            body = {"code": code or ERROR_CODES.get(status, "0%d" % status), "message": message}
            if args.unknown_values:
                body["trace_id"] = "lb-%06d" % (srv.seq + 1)
            if status == 429:
                headers = tuple(headers) + (("Retry-After", self.retry_after()),)
            self.ctx["fault"] = fault
            self.send(status, srv.encode(body), headers=headers)

        def retry_after(self):
            if args.retry_after_date:
                return email.utils.formatdate(time.time() + args.retry_after, usegmt=True)
            return str(args.retry_after)

        def html(self, status, fault):
            self.ctx["fault"] = fault
            headers = (("Retry-After", self.retry_after()),) if status == 429 else ()
            self.send(status, html_page(status), "text/html", headers)

        def reset(self):
            self.ctx["fault"] = "reset"
            srv.note(self.ctx)
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

        # -- requests

        def do_GET(self):
            self.dispatch("GET")

        def do_HEAD(self):
            self.dispatch("HEAD")

        def do_POST(self):
            self.dispatch("POST")

        def do_PUT(self):
            self.dispatch("PUT")

        def do_PATCH(self):
            self.dispatch("PATCH")

        def do_DELETE(self):
            self.dispatch("DELETE")

        def dispatch(self, method):
            u = urlsplit(self.path)
            self.ctx = {"seq": 0, "t": 0, "method": method, "path": u.path, "query": u.query,
                        "endpoint": None, "type": None, "page": None, "per_page": None,
                        "auth": None, "status": None, "fault": None, "items": None, "bytes": 0}
            try:
                self.serve(method, u)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            finally:
                srv.note(self.ctx)

        def serve(self, method, u):
            ctx = self.ctx
            if args.latency_ms:
                time.sleep(args.latency_ms / 1000)
            r = route(u.path)
            if r is None:
                return self.error(404, "not found")
            ctx["endpoint"], param = r
            if method != "GET":
                self.close_connection = True
                return self.error(405, "method not allowed", headers=(("Allow", "GET"),))
            params = parse_qsl(u.query, keep_blank_values=True)
            query = dict(params)
            listing = ctx["endpoint"] != "snapshot"
            if ctx["endpoint"] == "images":
                ctx["type"] = query.get("type") or None
            if listing and re.match(r"^\d{1,9}$", query.get("page", "1")):
                ctx["page"] = int(query.get("page", "1"))  # as asked, for the log; checked later
            if srv.in_scope(None, ctx, False) and srv.take_rate():
                return self.error(429, "rate limit exceeded", fault="rate-limit")
            if args.html_error and srv.in_scope(args.html_error["scope"], ctx, False):
                return self.html(args.html_error["status"], "html-error")
            if not self.authorized():
                msg = "invalid token"
                if args.hostile_names and self.presented:
                    msg += ": " + self.presented
                return self.error(args.auth_status, msg, hostile=True)
            override = args.images_status if ctx["endpoint"] == "images" else args.snapshots_status
            if override:
                return self.error(override, "not found" if override == 404 else phrase_of(override).lower(),
                                  fault="endpoint-status")
            if not listing:
                s = srv.shape.by_id.get(param)
                if s is None:
                    return self.error(404, "snapshot not found")
                return self.send(200, srv.encode({"snapshot": s}))
            return self.listing(params, query, param)

        def authorized(self):
            self.presented = None
            auth = self.headers.get("Authorization")
            legacy = self.headers.get("X-Auth-Token")
            if auth is not None:
                scheme, _, token = auth.partition(" ")
                self.presented = token.strip() or auth
                ok = scheme.lower() == "bearer" and token.strip() == args.token
                self.ctx["auth"] = "bearer" if ok else "wrong"
                return ok
            if legacy is not None:
                self.presented = legacy
                ok = legacy.strip() == args.token
                self.ctx["auth"] = "x-auth-token" if ok else "wrong"
                return ok
            self.ctx["auth"] = "missing"
            return False

        def listing(self, params, query, param):
            ctx = self.ctx
            for key in ("page", "per_page", "type"):
                if sum(1 for k, _ in params if k == key) > 1:
                    return self.error(400, f"{key} given more than once", code="00002")
            page_s, per_s = query.get("page", "1"), query.get("per_page", "50")
            if not re.match(r"^\d{1,9}$", page_s) or int(page_s) < 1:
                return self.error(400, "invalid page: a positive integer, default 1", code="00001")
            if not re.match(r"^\d{1,9}$", per_s) or not 1 <= int(per_s) <= 100:
                return self.error(400, "invalid per_page: an integer from 1 to 100, default 50", code="00001")
            page, per = int(page_s), int(per_s)
            ctx["page"], ctx["per_page"] = page, per
            ep = ctx["endpoint"]
            if ep == "images":
                kind = ctx["type"]
                if kind and kind not in srv.shape.types:
                    if args.other_types == "400":
                        return self.error(400, "invalid type", code="00003")
                    items, name, listname = [], "images", "images:rejected"
                else:
                    items, name, listname = srv.shape.images.get(kind, []), "images", "images:%s" % kind
            elif ep == "snapshots":
                items, name, listname = srv.shape.snapshots, "snapshots", "snapshots"
            else:
                if param not in srv.shape.by_instance:
                    return self.error(404, "instance not found")
                items, name, listname = srv.shape.by_instance[param], "snapshots", "instance:" + param
            faulty = srv.in_scope(None, ctx, True)
            if faulty and args.slow_pages and page > args.slow_after:
                time.sleep(args.slow_pages / 1000)
            f = srv.take_once(ctx)
            if f and f["kind"] == "fail":
                if f["html"]:
                    return self.html(f["status"], "fail-once")
                return self.error(f["status"], phrase_of(f["status"]).lower(), fault="fail-once")
            if f and f["kind"] == "reset":
                return self.reset()
            if faulty and args.ignore_page:
                page = 1
            if faulty and args.cap_per_page and per > args.cap_per_page:
                per = args.cap_per_page
            gz = args.gzip and "gzip" in self.headers.get("Accept-Encoding", "")
            data = srv.page_body(name, listname, items, page, per, faulty, gz)
            ctx["items"] = max(0, min(per, len(items) - (page - 1) * per))
            if f and f["kind"] == "garble":
                ctx["fault"] = "garble-once"
                return self.send(200, data[:len(data) // 2], gz=gz)
            if f and f["kind"] == "truncate":
                ctx["fault"] = "truncate-once"
                ctx["status"], ctx["bytes"] = 200, len(data) // 2
                srv.note(ctx)
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                if gz:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[:len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send(200, data, gz=gz)

    return Handler


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.images < 0 or args.snapshots_only < 0:
        sys.exit("loopback.py: --images and --snapshots-only must be 0 or more")
    if not 0 <= args.port <= 65535:
        sys.exit("loopback.py: --port must be 0..65535")
    cat = Catalog(args.images, args.seed, args.snapshots_only)
    if args.hostile_names:
        cat.apply_hostile(args.token)
    if args.unknown_values:
        cat.apply_unknown()
    shape = Shape(cat, args.shape, args.unknown_values)

    if args.dump:
        try:
            return dump(args.dump, cat, shape)
        except BrokenPipeError:  # e.g. | head: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0

    srv = Server(args, cat, shape)
    if args.warm:
        srv.warm()
    gc.freeze()  # the catalog is permanent: keep the collector off it
    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(srv))
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    s = shape.summary(cat)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"serving {s['images']} images and {s['snapshots']} snapshots ({args.shape} shape) on "
          f"http://127.0.0.1:{port}/compute/v1 (token {args.token})", flush=True)
    print("summary " + json.dumps(s), flush=True)

    def stop(signum, frame):
        # shutdown() waits for serve_forever to return: not from its own thread.
        threading.Thread(target=httpd.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    httpd.serve_forever()
    httpd.server_close()
    print(f"stopped after {srv.seq} requests; faults fired: {json.dumps(srv.fired)}", file=sys.stderr, flush=True)
    if srv.log and srv.log is not sys.stderr:
        srv.log.close()
    return 0


def dump(what, cat, shape):
    out = sys.stdout
    if what == "summary":
        print(json.dumps(shape.summary(cat)), file=out)
    elif what == "ids":
        seen = set()
        for i in [im["id"] for im in shape.images[None]] + [s["id"] for s in shape.snapshots]:
            if i not in seen:
                seen.add(i)
                print(i, file=out)
    elif what == "snapshot-ids":
        seen = set()
        for i in [im["id"] for im in shape.images.get("snapshot", [])] + [s["id"] for s in shape.snapshots]:
            if i not in seen:
                seen.add(i)
                print(i, file=out)
    else:
        items = shape.images[None] if what == "images" else shape.snapshots
        for it in items:
            out.write(json.dumps(it, ensure_ascii=False).encode("utf-8", "backslashreplace").decode() + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
