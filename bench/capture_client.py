#!/usr/bin/env python3
"""Phones sending PK forms to kampungkb's OpenRosa endpoint (issue 14 benchmark), standard library only.

Each client is one phone of the same kecamatan officer, logged in with Digest as ODK Collect does (one challenge,
then the nonce reused with a growing count; a stale nonce renewed): it sends new families into the villages of
the officer's kecamatan, a few of them deliberately broken (two heads: kept for review) and a few sent twice (the
answer "lost": counted once). It prints one JSON object: every submission's round trip and what the server said.

Usage: capture_client.py BASE_URL USERNAME PASSWORD --clients 20 --submissions 1000 --year 2021
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import threading
import time
import urllib.parse
import uuid

REALM = "kampungkb"


def md5(s: str) -> str:
    return hashlib.md5(s.encode()).hexdigest()


class Phone:
    def __init__(self, base: str, username: str, password: str):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port or 80
        self.username, self.password = username, password
        self.nonce, self.nc = None, 0
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def _auth(self, method: str, path: str) -> dict:
        if self.nonce is None:
            return {}
        self.nc += 1
        nc = f"{self.nc:08x}"
        cnonce = uuid.uuid4().hex[:16]
        ha1 = md5(f"{self.username}:{REALM}:{self.password}")
        ha2 = md5(f"{method}:{path}")
        resp = md5(f"{ha1}:{self.nonce}:{nc}:{cnonce}:auth:{ha2}")
        return {"Authorization": f'Digest username="{self.username}", realm="{REALM}", nonce="{self.nonce}", '
                                 f'uri="{path}", qop=auth, nc={nc}, cnonce="{cnonce}", response="{resp}", algorithm=MD5'}

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = ""):
        for _ in range(3):
            headers = {"X-OpenRosa-Version": "1.0", **self._auth(method, path)}
            if content_type:
                headers["Content-Type"] = content_type
            try:
                self.conn.request(method, path, body=body or None, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                continue
            if r.status == 401:
                challenge = [v for k, v in r.getheaders() if k.lower() == "www-authenticate" and v.startswith("Digest")]
                if challenge:
                    self.nonce = challenge[0].split('nonce="')[1].split('"')[0]
                    self.nc = 0
                    continue
            return r.status, data.decode("utf-8", "replace")
        return 0, "no answer"


def multipart(xml: str):
    boundary = "----kkbbench" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; filename=\"s.xml\"\r\n"
            f"Content-Type: text/xml\r\n\r\n{xml}\r\n--{boundary}--\r\n").encode()
    return body, f"multipart/form-data; boundary={boundary}"


def nik(village: str, birth: str, female: bool, serial: int) -> str:
    day = int(birth[8:10]) + (40 if female else 0)
    return f"{village[:6]}{day:02d}{birth[5:7]}{birth[2:4]}{serial:04d}"


def family_xml(form_version: str, village: str, year: int, serial: int, broken: bool) -> str:
    """A complete new family (a couple and a child), as ODK Collect writes it."""
    members = [
        (1, nik(village, "1981-03-12", False, serial), "Kepala Uji", 1, "1981-03-12", 2, 1),
        (2, nik(village, "1985-07-21", True, serial), "Istri Uji", 2, "1985-07-21", 2, 1 if broken else 2),
        (3, nik(village, "2012-09-05", False, serial), "Anak Uji", 1, "2012-09-05", 1, 3),
    ]
    family = {"village_code": village, "pk_year": str(year), "rw": "1", "rt": str(serial % 999 + 1),
              "kk_number": f"{village[:6]}{7000000000 + serial:010d}", "family_id": f"BENCH-{serial:05d}",
              "jumlah_anggota": "3", "ada_pus": "1", "pakai_kb": "1", "kb_method": "3"}
    answers = {c: "1" for c in ["p01", "p02", "p04", "p05", "savings", "online_media", "daily_interaction",
                                 "joint_parenting", "recreation", "social_activity"] + [f"p{i}" for i in range(19, 27)]}
    answers.update({c: "2" for c in ["p03a", "p03b", "p03c", "p03d", "ada_sakit"]})
    out = [f'<pk-keluarga id="pk-keluarga" version="{form_version}">']
    out += [f"<{k}>{v}</{k}>" for k, v in family.items()]
    for no, n, name, sex, birth, marital, relation in members:
        school = "<in_school>1</in_school>" if no == 3 else ""
        out.append(f"<anggota><member_no>{no}</member_no><name>{name}</name><nik>{n}</nik><sex>{sex}</sex>"
                   f"<birth_date>{birth}</birth_date><marital_status>{marital}</marital_status>"
                   f"<birth_certificate>1</birth_certificate><relation>{relation}</relation><religion>1</religion>"
                   f"<education>5</education>{school}<health_insurance>2</health_insurance></anggota>")
    out += [f"<{k}>{v}</{k}>" for k, v in answers.items()]
    out.append(f"<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></pk-keluarga>")
    return "".join(out)


def read_latencies(url: str, readers: int, stop) -> list:
    """Readers loading `url` until `stop()`; returns (ms, status) of every read."""
    out, lock = [], threading.Lock()

    def read():
        u = urllib.parse.urlparse(url)
        conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=60)
        while not stop():
            t0 = time.perf_counter()
            conn.request("GET", u.path)
            r = conn.getresponse()
            r.read()
            with lock:
                out.append(((time.perf_counter() - t0) * 1000, r.status))

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def read_only(args) -> None:
    end = time.perf_counter() + args.seconds
    reads = read_latencies(args.reader, args.readers, lambda: time.perf_counter() > end)
    ms = sorted(m for m, _ in reads)
    pct = lambda p: round(ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))], 1)
    print(json.dumps({"reads": len(ms), "read_errors": sum(st != 200 for _, st in reads),
                      "read_p50_ms": pct(50), "read_p99_ms": pct(99)}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("username")
    ap.add_argument("password")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--submissions", type=int, default=1000)
    ap.add_argument("--year", type=int, default=2021)
    ap.add_argument("--broken", type=float, default=0.05, help="share of forms with a broken rule")
    ap.add_argument("--resent", type=float, default=0.05, help="share of forms sent twice")
    ap.add_argument("--reader", default="", help="a page to read meanwhile (its latencies are reported)")
    ap.add_argument("--readers", type=int, default=2, help="concurrent readers of --reader")
    ap.add_argument("--serial", type=int, default=5000, help="first NIK serial (runs must not overlap)")
    ap.add_argument("--seconds", type=float, default=10, help="with --submissions 0: how long the readers read")
    args = ap.parse_args()
    if args.submissions == 0:
        return read_only(args)

    setup = Phone(args.base, args.username, args.password)
    status, form_list = setup.request("GET", "/openrosa/formList")
    assert status == 200, (status, form_list)
    status, form = setup.request("GET", "/openrosa/forms/pk-keluarga")
    version = form.split('<pk-keluarga id="pk-keluarga" version="')[1].split('"')[0]
    status, desa = setup.request("GET", "/openrosa/forms/pk-keluarga/media/desa.csv")
    villages = [line.split(",")[0] for line in desa.strip().splitlines()[1:]]
    assert villages, desa

    rng = random.Random(14)
    jobs = []
    for i in range(args.submissions):
        broken = rng.random() < args.broken
        jobs.append((family_xml(version, villages[i % len(villages)], args.year, args.serial + i, broken), broken,
                     rng.random() < args.resent))
    per_client = [jobs[c::args.clients] for c in range(args.clients)]
    results, lock = [], threading.Lock()

    def run(mine):
        phone = Phone(args.base, args.username, args.password)
        phone.request("HEAD", "/openrosa/submission")
        for xml, broken, resend in mine:
            body, ct = multipart(xml)
            t0 = time.perf_counter()
            status, text = phone.request("POST", "/openrosa/submission", body, ct)
            ms = (time.perf_counter() - t0) * 1000
            again = phone.request("POST", "/openrosa/submission", body, ct)[0] if resend else None
            with lock:
                results.append({"status": status, "ms": ms, "broken": broken, "resent_status": again})

    done = threading.Event()
    reads = []
    readers = []
    if args.reader:
        readers.append(threading.Thread(target=lambda: reads.extend(read_latencies(args.reader, args.readers, done.is_set))))
    for t in readers:
        t.start()
    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(m,)) for m in per_client]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    done.set()
    for t in readers:
        t.join()
    read_ms = sorted(ms for ms, _ in reads)
    read_pct = lambda p: read_ms[min(len(read_ms) - 1, int(round(p / 100 * (len(read_ms) - 1))))] if read_ms else None
    ms = sorted(r["ms"] for r in results)
    pct = lambda p: ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))]
    print(json.dumps({
        "submissions": len(results), "clients": args.clients, "villages": len(villages), "wall_s": round(wall, 2),
        "per_s": round(len(results) / wall, 1),
        "p50_ms": round(pct(50), 1), "p99_ms": round(pct(99), 1), "max_ms": round(ms[-1], 1),
        "created": sum(r["status"] == 201 for r in results), "accepted": sum(r["status"] == 202 for r in results),
        "other": sum(r["status"] not in (201, 202) for r in results),
        "broken_sent": sum(r["broken"] for r in results),
        "resent": sum(r["resent_status"] is not None for r in results),
        "resent_answers": sorted({r["resent_status"] for r in results if r["resent_status"] is not None}),
        "reads": len(read_ms), "read_errors": sum(st != 200 for _, st in reads),
        "read_p50_ms": read_pct(50) and round(read_pct(50), 1), "read_p99_ms": read_pct(99) and round(read_pct(99), 1),
    }))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
