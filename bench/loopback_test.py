#!/usr/bin/env python3
"""Tests of bench/loopback.py: its paging, shapes, faults and controls.

Run: python3 bench/loopback_test.py  (or -v; -k NAME picks tests)

Each test starts the server as a user would (a subprocess, --port 0,
--latency-ms 0) and talks HTTP to it with a fresh connection per request,
so a fault on one request cannot leak into the next. Nothing here depends
on timing except one lower bound (a slow page takes at least its delay).
"""

import email.utils
import gzip
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no bench/__pycache__ in the tree
import loopback  # noqa: E402  (only for its list of hostile names)
SERVER = os.path.join(HERE, "loopback.py")
TOKEN = "loopback-token"
STATUSES = {"created", "creating", "deleting", "error", "pending_delete"}
IMAGE_KEYS = {"id", "name", "type", "family", "slug", "os_type", "versions", "regions",
              "created_at", "updated_at"}
SNAPSHOT_KEYS = {"id", "name", "os_type", "region", "size", "status", "created_at", "updated_at"}
SNAPSHOT_OPTIONAL = {"source_instance_id", "source_snapshot_id"}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def run_dump(*args):
    out = subprocess.run([sys.executable, SERVER, *args], check=True, capture_output=True, text=True).stdout
    return out


class Reply:
    def __init__(self, status, headers, body, error=None):
        self.status, self.headers, self.body, self.error = status, headers, body, error

    def json(self):
        return json.loads(self.body)


class Loopback:
    """A running server; use as a context manager."""

    def __init__(self, *args, images=541):
        self.tmp = tempfile.TemporaryDirectory()
        self.log = os.path.join(self.tmp.name, "requests.jsonl")
        self.args = ["--images", str(images), "--port", "0", "--latency-ms", "0",
                     "--log", self.log, *args]

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, SERVER, *self.args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.banner = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/compute/v1", self.banner)
        if not m:
            self.proc.kill()
            raise AssertionError("no banner: %r %r" % (self.banner, self.proc.stderr.read()))
        self.port = int(m.group(1))
        self.summary = json.loads(self.proc.stdout.readline().removeprefix("summary "))
        return self

    def __exit__(self, *exc):
        self.stop()
        self.tmp.cleanup()

    def stop(self):
        if self.proc.stdout.closed:
            return self.proc.returncode
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("server did not stop on SIGTERM")
        self.stderr = self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode

    def get(self, path, headers=None, token=TOKEN, method="GET"):
        h = {} if headers is None else dict(headers)
        if token is not None and "X-Auth-Token" not in h and "Authorization" not in h:
            h["Authorization"] = "Bearer " + token
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            c.request(method, "/compute/v1" + path, headers=h)
            r = c.getresponse()
            try:
                body = r.read()
            except http.client.IncompleteRead as e:
                return Reply(r.status, dict(r.getheaders()), e.partial, error=e)
            return Reply(r.status, dict(r.getheaders()), body)
        except (ConnectionError, http.client.RemoteDisconnected) as e:
            return Reply(None, {}, b"", error=e)
        finally:
            c.close()

    def walk(self, path, key, per_page=100):
        """Every item of a list, page by page, until a short page."""
        items, page = [], 1
        sep = "&" if "?" in path else "?"
        while True:
            r = self.get(f"{path}{sep}page={page}&per_page={per_page}")
            assert r.status == 200, (path, page, r.status, r.body)
            got = r.json()[key]
            items += got
            if len(got) < per_page:
                return items
            page += 1

    def requests(self):
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f]


class Case(unittest.TestCase):
    def assertJSONError(self, r, status, code=None):
        self.assertEqual(r.status, status, r.body)
        self.assertTrue(r.headers["Content-Type"].startswith("application/json"))
        body = r.json()
        self.assertIsInstance(body["code"], str)
        self.assertIsInstance(body["message"], str)
        if code:
            self.assertEqual(body["code"], code)
        return body


class TestPaging(Case):
    def test_defaults_and_total(self):
        with Loopback() as lb:
            body = lb.get("/images").json()
            self.assertEqual((len(body["images"]), body["page"], body["per_page"], body["total_count"]),
                             (50, 1, 50, 541))
            self.assertEqual(body, lb.get("/images?page=1&per_page=50").json())
            body = lb.get("/images?page=6&per_page=100").json()
            self.assertEqual((len(body["images"]), body["page"], body["per_page"]), (41, 6, 100))
            body = lb.get("/images?page=99").json()
            self.assertEqual((body["images"], body["page"], body["total_count"]), ([], 99, 541))

    def test_walk_every_id_once_in_dump_order(self):
        with Loopback() as lb:
            for per in (1, 7, 50, 100):
                ids = [im["id"] for im in lb.walk("/images", "images", per)]
                self.assertEqual(len(ids), 541)
                self.assertEqual(len(set(ids)), 541)
        dumped = [json.loads(line)["id"] for line in run_dump("--images", "541", "--dump", "images").splitlines()]
        self.assertEqual(ids, dumped)

    def test_bad_paging_is_400_json(self):
        with Loopback() as lb:
            for q in ["page=0", "page=-1", "page=abc", "page=", "page=1.5", "page=%2B1", "page=%201",
                      "per_page=0", "per_page=101", "per_page=-5", "per_page=x", "per_page=",
                      "page=1&page=2", "per_page=5&per_page=5", "type=cloud-image&type=base-os"]:
                with self.subTest(q=q):
                    self.assertJSONError(lb.get("/images?" + q), 400)
                    self.assertJSONError(lb.get("/snapshots?" + q), 400) if "type" not in q else None
            self.assertEqual(lb.get("/images?page=01&per_page=007").json()["per_page"], 7)
            self.assertEqual(lb.get("/images?unknown=1").status, 200)

    def test_fields_follow_the_notes(self):
        with Loopback() as lb:
            for im in lb.walk("/images", "images"):
                self.assertEqual(set(im), IMAGE_KEYS)
                self.assertRegex(im["id"], UUID)
                self.assertIn(im["os_type"], ("linux", "windows"))
                self.assertIsInstance(im["regions"], list)
                self.assertTrue(im["regions"])
                self.assertRegex(im["created_at"], RFC3339)
                self.assertRegex(im["updated_at"], RFC3339)
                self.assertTrue(im["versions"] is None or isinstance(im["versions"], list))
                if im["type"] == "snapshot":
                    self.assertIsNone(im["slug"])
                    self.assertEqual(len(im["regions"]), 1)

    def test_realistic_catalog(self):
        with Loopback() as lb:
            page1 = lb.get("/images").json()["images"]
            # The provider's own example response comes first.
            self.assertEqual([im["slug"] for im in page1[:4]],
                             ["ubuntu-ml-nvidia-pytorch", "ubuntu-24.04", "ubuntu-22.04", "debian-12"])
            self.assertEqual(page1[0]["name"], "Ubuntu ML PyTorch for NVIDIA\u00ae")
            every = lb.walk("/images", "images")
            slugs = {im["slug"] for im in every}
            self.assertIn("rocky-9", slugs)
            self.assertIn(None, slugs)
            self.assertIn(None, {im["family"] for im in every})
            self.assertIn(None, [im["versions"] for im in every])
            self.assertIn([], [im["versions"] for im in every])
            self.assertEqual({im["os_type"] for im in every}, {"linux", "windows"})
            self.assertIn("ARC-IS-HAF-1", {r for im in every for r in im["regions"]})
            self.assertTrue(any(len(im["versions"] or []) > 1 for im in every if im["type"] == "cloud-image"))
            slugged = [im["slug"] for im in every if im["slug"]]
            self.assertEqual(len(slugged), len(set(slugged)), "slugs are unique")


class TestAuthAndRoutes(Case):
    def test_auth(self):
        with Loopback() as lb:
            self.assertJSONError(lb.get("/images", token=None), 401)
            self.assertJSONError(lb.get("/images", token="wrong"), 401)
            self.assertJSONError(lb.get("/images", headers={"Authorization": "Basic " + TOKEN}), 401)
            self.assertJSONError(lb.get("/images", headers={"Authorization": TOKEN}), 401)
            self.assertJSONError(lb.get("/snapshots", token=None), 401)
            self.assertJSONError(lb.get("/images", headers={"X-Auth-Token": "wrong"}), 401)
            self.assertEqual(lb.get("/images", headers={"X-Auth-Token": TOKEN}).status, 200)
            self.assertEqual(lb.get("/images", headers={"Authorization": "bearer " + TOKEN}).status, 200)
            self.assertEqual(lb.get("/snapshots").status, 200)
            auths = [r["auth"] for r in lb.requests()]
            self.assertEqual(auths[:7], ["missing", "wrong", "wrong", "wrong", "missing", "wrong", "x-auth-token"])
            with open(lb.log, encoding="utf-8") as f:
                self.assertNotIn(TOKEN, f.read(), "the log never holds the token")

    def test_auth_status_and_token_flags(self):
        with Loopback("--auth-status", "403", "--token", "s3cret") as lb:
            self.assertJSONError(lb.get("/images"), 403)
            self.assertEqual(lb.get("/images", token="s3cret").status, 200)

    def test_unknown_paths_and_methods(self):
        with Loopback() as lb:
            for path in ["/nope", "/images/", "/images/3b29b09e-138e-11ef-a299-7fd37e9e8724",
                         "/snapshots/", "/instances/x", "/instances//snapshots", "/../images"]:
                with self.subTest(path=path):
                    self.assertJSONError(lb.get(path), 404)
            c = http.client.HTTPConnection("127.0.0.1", lb.port, timeout=10)
            c.request("GET", "/compute/v2/images", headers={"Authorization": "Bearer " + TOKEN})
            self.assertEqual(c.getresponse().status, 404)
            c.close()
            r = lb.get("/images", method="POST")
            self.assertJSONError(r, 405)
            self.assertEqual(r.headers["Allow"], "GET")


class TestSnapshots(Case):
    def test_seed_overlap_and_fields(self):
        with Loopback() as lb:
            as_images = lb.walk("/images?type=snapshot", "images")
            snaps = lb.walk("/snapshots", "snapshots")
            self.assertEqual(lb.get("/snapshots").json()["total_count"], len(snaps))
            by_id = {s["id"]: s for s in snaps}
            self.assertEqual(len(by_id), len(snaps))
            image_ids = [im["id"] for im in as_images]
            self.assertTrue(set(image_ids) <= set(by_id), "every listed snapshot image has a /snapshots entry")
            only = [s for s in snaps if s["id"] not in set(image_ids)]
            self.assertEqual(len(only), 6)
            self.assertEqual({s["status"] for s in only}, {"creating", "error"})
            self.assertEqual(snaps[:6], only, "the not-ready ones are the newest, first on page 1")
            self.assertEqual({s["status"] for s in snaps}, STATUSES)
            for s in snaps:
                self.assertTrue(SNAPSHOT_KEYS <= set(s) <= SNAPSHOT_KEYS | SNAPSHOT_OPTIONAL, s)
                self.assertIsInstance(s["size"], int)
                self.assertIsInstance(s["region"], str)
                if "source_snapshot_id" in s:
                    self.assertIn(s["source_snapshot_id"], by_id)
            self.assertTrue(any("source_snapshot_id" in s for s in snaps))
            self.assertTrue(any(s.get("source_instance_id") is None for s in snaps))
            for im in as_images:  # the same snapshot, seen from both endpoints
                s = by_id[im["id"]]
                self.assertEqual((im["name"], im["os_type"], im["regions"], im["created_at"]),
                                 (s["name"], s["os_type"], [s["region"]], s["created_at"]))
            created = [s["created_at"] for s in snaps]
            self.assertEqual(created, sorted(created, reverse=True), "newest first")

    def test_single_and_instance(self):
        with Loopback() as lb:
            snaps = lb.walk("/snapshots", "snapshots")
            for s in (snaps[0], snaps[-1]):
                self.assertEqual(lb.get("/snapshots/" + s["id"]).json(), {"snapshot": s})
            self.assertJSONError(lb.get("/snapshots/3b29b09e-138e-11ef-a299-7fd37e9e8724"), 404)
            inst = next(s["source_instance_id"] for s in snaps if s.get("source_instance_id"))
            want = [s for s in snaps if s.get("source_instance_id") == inst]
            self.assertEqual(lb.walk(f"/instances/{inst}/snapshots", "snapshots", 1), want)
            self.assertJSONError(lb.get(f"/instances/{inst}/snapshots?per_page=0"), 400)
            self.assertJSONError(lb.get("/instances/00000000-0000-4000-8000-000000000000/snapshots"), 404)

    def test_snapshots_only_flag(self):
        with Loopback("--snapshots-only", "0") as lb:
            self.assertEqual(lb.get("/snapshots").json()["total_count"],
                             lb.get("/images?type=snapshot").json()["total_count"])


class TestShapes(Case):
    def test_seed_types(self):
        with Loopback() as lb:
            total = 0
            for t in ("base-os", "cloud-image", "preconfigured", "snapshot"):
                items = lb.walk("/images?type=" + t, "images")
                self.assertTrue(items, t)
                self.assertEqual({im["type"] for im in items}, {t})
                self.assertEqual(lb.get("/images?type=" + t).json()["total_count"], len(items))
                total += len(items)
            self.assertEqual(total, 541)
            self.assertEqual(lb.get("/images?type=").json()["total_count"], 541, "empty type = no filter")
            self.assertJSONError(lb.get("/images?type=gpu-image"), 400, "00003")

    def test_today(self):
        with Loopback("--shape", "today") as lb:
            images = lb.walk("/images", "images")
            self.assertEqual({im["type"] for im in images}, {"cloud-image"})
            self.assertEqual(lb.walk("/images?type=cloud-image", "images"), images)
            for t in ("base-os", "preconfigured", "snapshot", "gpu-image"):
                body = self.assertJSONError(lb.get("/images?type=" + t), 400)
                self.assertEqual(body, {"code": "00003", "message": "invalid type"})
            today_snaps = lb.walk("/snapshots", "snapshots")
        with Loopback() as lb:
            seed_images = lb.walk("/images", "images")
            seed_snaps = lb.walk("/snapshots", "snapshots")
        self.assertEqual(today_snaps, seed_snaps)
        self.assertEqual({im["id"] for im in images}, {im["id"] for im in seed_images if im["type"] != "snapshot"})
        seed_union = {im["id"] for im in seed_images} | {s["id"] for s in seed_snaps}
        today_union = {im["id"] for im in images} | {s["id"] for s in today_snaps}
        self.assertEqual(seed_union, today_union)
        self.assertEqual(len(seed_union), 547)

    def test_today_other_types_empty(self):
        with Loopback("--shape", "today", "--other-types", "empty") as lb:
            for t in ("base-os", "snapshot", "nonsense"):
                body = lb.get("/images?type=" + t).json()
                self.assertEqual((body["images"], body["total_count"], body["page"]), ([], 0, 1))

    def test_dump_matches_server_and_is_deterministic(self):
        for shape in ("seed", "today"):
            ids = run_dump("--images", "541", "--shape", shape, "--dump", "ids").split()
            snap_ids = run_dump("--images", "541", "--shape", shape, "--dump", "snapshot-ids").split()
            self.assertEqual((len(ids), len(set(ids)), len(snap_ids)), (547, 547, 443))
        self.assertEqual(run_dump("--images", "300", "--dump", "ids"), run_dump("--images", "300", "--dump", "ids"))
        self.assertNotEqual(run_dump("--images", "300", "--dump", "ids"),
                            run_dump("--images", "300", "--seed", "2", "--dump", "ids"))
        self.assertEqual(run_dump("--images", "300", "--dump", "ids"),
                         run_dump("--images", "300", "--hostile-names", "--unknown-values", "--dump", "ids"),
                         "faults and oddities never move an ID")
        with Loopback("--shape", "today") as lb:
            got = {im["id"] for im in lb.walk("/images", "images")} | {s["id"] for s in lb.walk("/snapshots", "snapshots")}
        self.assertEqual(got, set(ids))

    def test_small_catalogs(self):
        for n in (0, 1, 11, 12):
            s = json.loads(run_dump("--images", str(n), "--dump", "summary"))
            self.assertEqual(s["images"], n)
        with Loopback(images=0) as lb:
            self.assertEqual(lb.get("/images").json(), {"images": [], "total_count": 0, "page": 1, "per_page": 50})
            self.assertEqual(len(lb.walk("/snapshots", "snapshots")), 6)

    def test_100k(self):
        with Loopback("--shape", "today", images=100_000) as lb:
            s = lb.summary
            self.assertEqual(s["ids"], 100_006)
            self.assertEqual(s["images"] + s["snapshots"], 100_006)
            last = (s["snapshots"] - 1) // 100 + 1
            body = lb.get(f"/snapshots?page={last}&per_page=100").json()
            self.assertEqual(len(body["snapshots"]), s["snapshots"] - (last - 1) * 100)
            self.assertEqual(body["total_count"], s["snapshots"])


class TestFaults(Case):
    def test_ignore_page(self):
        with Loopback("--ignore-page") as lb:
            one = lb.get("/images?per_page=100").json()
            three = lb.get("/images?page=3&per_page=100").json()
            self.assertEqual(three, one)
            self.assertEqual(three["page"], 1)
            self.assertEqual(lb.requests()[-1]["page"], 3, "the log keeps the page asked for")

    def test_total_count_delta_and_cap(self):
        with Loopback("--total-count-delta", "-500") as lb:
            self.assertEqual(lb.get("/images").json()["total_count"], 41)
            self.assertEqual(lb.get("/snapshots").json()["total_count"], 443 - 500)
        with Loopback("--total-count-delta", "50", "--faults-on", "snapshots") as lb:
            self.assertEqual(lb.get("/images").json()["total_count"], 541)
            self.assertEqual(lb.get("/snapshots").json()["total_count"], 493)
        with Loopback("--cap-per-page", "25") as lb:
            body = lb.get("/images?per_page=100").json()
            self.assertEqual((len(body["images"]), body["per_page"]), (25, 25))
            self.assertEqual(len(lb.get("/images?per_page=10").json()["images"]), 10)

    def test_fail_once_repeats_and_scopes(self):
        with Loopback("--fail-once", "2:503", "--fail-once", "2:429", "--fail-once", "snapshots:1:500",
                      "--fail-once", "images/snapshot:1:502:html") as lb:
            self.assertEqual(lb.get("/images").status, 200)
            self.assertJSONError(lb.get("/images?page=2"), 503)
            r = lb.get("/snapshots?page=2")
            self.assertJSONError(r, 429)
            self.assertEqual(r.headers["Retry-After"], "1")
            self.assertEqual(lb.get("/images?page=2").status, 200)
            self.assertJSONError(lb.get("/snapshots"), 500)
            self.assertEqual(lb.get("/snapshots").status, 200)
            r = lb.get("/images?type=snapshot")
            self.assertEqual((r.status, r.headers["Content-Type"]), (502, "text/html"))
            self.assertEqual(lb.get("/images?type=snapshot").status, 200)
            faults = [(r["path"].rsplit("/", 1)[1], r["page"], r["status"], r["fault"]) for r in lb.requests()]
            self.assertEqual([f for f in faults if f[3]], [
                ("images", 2, 503, "fail-once"), ("snapshots", 2, 429, "fail-once"),
                ("snapshots", 1, 500, "fail-once"), ("images", 1, 502, "fail-once")])

    def test_fail_once_any_page_and_retry_after_date(self):
        with Loopback("--fail-once", "*:429", "--retry-after", "7", "--retry-after-date") as lb:
            r = lb.get("/snapshots?page=4")
            self.assertEqual(r.status, 429)
            when = email.utils.parsedate_to_datetime(r.headers["Retry-After"]).timestamp()
            self.assertGreater(when, time.time() + 3)
            self.assertEqual(lb.get("/snapshots?page=4").status, 200)

    def test_once_faults_in_command_line_order(self):
        with Loopback("--truncate-once", "2", "--fail-once", "2:500", "--garble-once", "2", "--reset-once", "2") as lb:
            r = lb.get("/images?page=2")
            self.assertEqual(r.status, 200)
            self.assertIsInstance(r.error, http.client.IncompleteRead)
            self.assertTrue(0 < len(r.body) < int(r.headers["Content-Length"]))
            self.assertEqual(lb.get("/images?page=2").status, 500)
            r = lb.get("/images?page=2")
            self.assertEqual((r.status, r.error, len(r.body)), (200, None, int(r.headers["Content-Length"])))
            with self.assertRaises(ValueError):
                r.json()
            r = lb.get("/images?page=2")
            self.assertIsNone(r.status)
            self.assertIsInstance(r.error, (ConnectionError, http.client.RemoteDisconnected))
            self.assertEqual(len(lb.get("/images?page=2").json()["images"]), 50)
            self.assertEqual([(q["status"], q["fault"]) for q in lb.requests()], [
                (200, "truncate-once"), (500, "fail-once"), (200, "garble-once"), (None, "reset"), (200, None)])

    def test_faults_spare_rejected_and_bad_requests(self):
        with Loopback("--shape", "today", "--fail-once", "1:500") as lb:
            self.assertJSONError(lb.get("/images?type=base-os"), 400, "00003")
            self.assertJSONError(lb.get("/images?page=0"), 400)
            self.assertJSONError(lb.get("/images"), 500)

    def test_rate_limit(self):
        with Loopback("--rate-limit", "3") as lb:
            for path in ("/images", "/snapshots", "/images?page=2"):
                r = lb.get(path)
                self.assertJSONError(r, 429)
                self.assertEqual(r.headers["Retry-After"], "1")
            self.assertEqual(lb.get("/images").status, 200)
            self.assertEqual([q["page"] for q in lb.requests()], [1, 1, 2, 1], "the log has the page asked")
        with Loopback("--rate-limit", "1", "--faults-on", "snapshots") as lb:
            self.assertEqual(lb.get("/images").status, 200)
            self.assertEqual(lb.get("/snapshots").status, 429)
            self.assertEqual(lb.get("/snapshots").status, 200)

    def test_html_error(self):
        with Loopback("--html-error", "502") as lb:
            r = lb.get("/images")
            self.assertEqual((r.status, r.headers["Content-Type"]), (502, "text/html"))
            self.assertIn(b"\x1b[2J", r.body)
            self.assertIn(b"\x1b]0;", r.body)
            self.assertIn(b"\x07", r.body)
            self.assertIn(b"Bad Gateway", r.body)
            self.assertEqual(lb.get("/snapshots", token=None).status, 502, "a proxy answers before the API")
        with Loopback("--html-error", "snapshots:503") as lb:
            self.assertEqual(lb.get("/images").status, 200)
            self.assertEqual(lb.get("/snapshots").status, 503)
            self.assertEqual(lb.get("/snapshots/x").status, 503)

    def test_endpoint_status(self):
        with Loopback("--snapshots-status", "404") as lb:
            self.assertEqual(lb.get("/images?type=snapshot").status, 200)
            for path in ("/snapshots", "/snapshots/x", "/instances/x/snapshots"):
                self.assertJSONError(lb.get(path), 404)
            self.assertJSONError(lb.get("/snapshots", token=None), 401, None)
        with Loopback("--images-status", "500", "--shape", "today") as lb:
            self.assertJSONError(lb.get("/images"), 500)
            self.assertEqual(lb.get("/snapshots").status, 200)

    def test_slow_pages_lower_bound(self):
        with Loopback("--slow-pages", "300", "--slow-after", "1") as lb:
            t = time.monotonic()
            self.assertEqual(lb.get("/images?page=2").status, 200)
            self.assertGreaterEqual(time.monotonic() - t, 0.3)

    def test_keepalive(self):
        for flags, reused in (((), True), (("--no-keepalive",), False)):
            with Loopback(*flags) as lb:
                c = http.client.HTTPConnection("127.0.0.1", lb.port, timeout=10)
                c.request("GET", "/compute/v1/images", headers={"Authorization": "Bearer " + TOKEN})
                r = c.getresponse()
                r.read()
                self.assertEqual(r.getheader("Connection") != "close", reused)
                c.close()

    def test_gzip(self):
        with Loopback("--gzip") as lb:
            plain = lb.get("/images?page=2")
            zipped = lb.get("/images?page=2", headers={"Accept-Encoding": "gzip",
                                                        "Authorization": "Bearer " + TOKEN})
            self.assertNotIn("Content-Encoding", plain.headers)
            self.assertEqual(zipped.headers["Content-Encoding"], "gzip")
            self.assertEqual(gzip.decompress(zipped.body), plain.body)


class TestHostileAndUnknown(Case):
    def test_hostile_names(self):
        with Loopback("--hostile-names") as lb:
            r = lb.get("/snapshots")
            r.body.decode("utf-8")  # raw bytes are valid UTF-8: oddities travel as \u escapes
            self.assertIn(b"\\ud800", r.body)
            names = [s["name"] for s in r.json()["snapshots"]]
            joined = "".join(names)
            for needle in ["\x1b[2J", "\x1b]0;", "\x1b]52;", "\x9b", "\x00", "\r", "\u202e", "\u200b",
                           "\u6df1", "\U0001f680", "\u0301", "\ud800", TOKEN]:
                self.assertIn(needle, joined, repr(needle))
            self.assertTrue(any(len(n) > 300 for n in names))
            self.assertIn("", names)
            as_images = {im["id"]: im["name"] for im in lb.get("/images?type=snapshot").json()["images"]}
            shared = [s for s in r.json()["snapshots"] if s["id"] in as_images]
            self.assertEqual(set(loopback.hostile_names(TOKEN)) - {im for im in as_images.values()}, set(),
                             "every hostile name is on page 1 of /images?type=snapshot")
            self.assertTrue(all("\x1b" in s["name"] for s in r.json()["snapshots"][:3]),
                            "snapshot-only ones are hostile too")
            for s in shared:
                self.assertEqual(as_images[s["id"]], s["name"])
            public = lb.walk("/images?type=cloud-image", "images") + lb.walk("/images?type=base-os", "images") + \
                lb.walk("/images?type=preconfigured", "images")
            self.assertTrue(any("\x1b" in (im["slug"] or "") for im in public))
            body = self.assertJSONError(lb.get("/images", token="tok-echo-123"), 401)
            self.assertIn("tok-echo-123", body["message"])
            self.assertIn("\x1b[2J", body["message"])
        with Loopback("--hostile-names", "--shape", "today") as lb:
            body = lb.get("/images?type=snapshot").json()
            self.assertEqual(body["message"], "invalid type", "the documented 400 stays exact")

    def test_unknown_values(self):
        with Loopback("--unknown-values") as lb:
            images = lb.walk("/images", "images")
            self.assertIn("gpu-image", {im["type"] for im in images})
            self.assertIn("freebsd", {im["os_type"] for im in images})
            self.assertTrue(all("labels" in im for im in images))
            self.assertEqual(lb.get("/images?type=gpu-image").json()["total_count"], 1)
            snaps = lb.walk("/snapshots", "snapshots")
            self.assertIn("restoring", {s["status"] for s in snaps})
            self.assertIn("APAC-JP-TYO-1", {s["region"] for s in snaps})
            self.assertIn("links", lb.get("/snapshots").json())
            self.assertIn("trace_id", lb.get("/nope").json())


class TestControl(Case):
    def test_log_lines(self):
        with Loopback() as lb:
            lb.get("/images?type=base-os&page=2&per_page=5")
            lb.get("/nope?x=1")
            a, b = lb.requests()
            self.assertEqual({k: a[k] for k in ("seq", "method", "path", "query", "endpoint", "type", "page",
                                                "per_page", "auth", "status", "fault", "items")},
                             {"seq": 1, "method": "GET", "path": "/compute/v1/images",
                              "query": "type=base-os&page=2&per_page=5", "endpoint": "images", "type": "base-os",
                              "page": 2, "per_page": 5, "auth": "bearer", "status": 200, "fault": None, "items": 5})
            self.assertEqual((b["path"], b["query"], b["status"], b["endpoint"]), ("/compute/v1/nope", "x=1", 404, None))

    def test_port_file_sigterm_and_banner(self):
        with tempfile.TemporaryDirectory() as d:
            pf = os.path.join(d, "port")
            with Loopback("--port-file", pf) as lb:
                self.assertIn("(seed shape)", lb.banner)
                self.assertIn("token loopback-token", lb.banner)
                with open(pf) as f:
                    self.assertEqual(int(f.read()), lb.port)
                self.assertEqual(lb.summary["ids"], 547)
                lb.get("/images")
                self.assertEqual(lb.stop(), 0)
                self.assertIn("stopped after 1 requests", lb.stderr)

    def test_bad_flags_exit_2(self):
        for flags in (["--fail-once", "2"], ["--fail-once", "x:2:500"], ["--fail-once", "2:999"],
                      ["--truncate-once", "0"], ["--html-error", "nope"], ["--faults-on", "everything"],
                      ["--shape", "tomorrow"]):
            with self.subTest(flags=flags):
                p = subprocess.run([sys.executable, SERVER, "--dump", "summary", *flags], capture_output=True, text=True)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("usage:", p.stderr)

    def test_help_names_every_flag(self):
        out = subprocess.run([sys.executable, SERVER, "--help"], capture_output=True, text=True, check=True).stdout
        for flag in ["--images", "--port", "--latency-ms", "--warm", "--seed", "--shape", "--other-types",
                     "--snapshots-only", "--hostile-names", "--unknown-values", "--dump", "--port-file", "--token",
                     "--auth-status", "--gzip", "--no-keepalive", "--log", "--retry-after", "--retry-after-date", "--faults-on",
                     "--ignore-page", "--total-count-delta", "--cap-per-page", "--fail-once", "--reset-once",
                     "--truncate-once", "--garble-once", "--rate-limit", "--html-error", "--images-status",
                     "--snapshots-status", "--slow-pages", "--slow-after"]:
            self.assertIn(flag, out)


if __name__ == "__main__":
    unittest.main()
