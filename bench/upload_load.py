#!/usr/bin/env python3
"""Readers while a kabupaten officer uploads a PK file through the web (issue 11 benchmark), standard library only.

READERS threads, each on its own keep-alive connection, load a mix of pages one after another: the login page,
the province index JSON with children, another kabupaten/kota's dashboard, and (for one logged-in reader, whose
session is looked up in the database on every request) the same dashboard. They run for IDLE seconds alone, then
while one upload of FAMILIES/MEMBERS goes through `POST /unggah` as UPLOADER, and stop when the upload's answer
arrives. Prints one JSON object: latencies (ms) of the reads before and during the upload, errors, the upload's
status and time, and what the server said it imported.

Usage: upload_load.py BASE_URL UPLOADER PASSWORD READER PASSWORD --families F.csv --members M.csv
                      --dashboard /wilayah/17.01 [--readers 6] [--idle 5]
"""

import argparse
import http.client
import json
import re
import threading
import time
import urllib.parse
import uuid


class Client:
    def __init__(self, base: str):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
        self.cookies = {}

    def request(self, method: str, path: str, body: bytes = b"", headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body or None, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
                if attempt == 1:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return r.status, data

    def login(self, username: str, password: str):
        status, page = self.request("GET", "/masuk")
        csrf = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"username": username, "password": password, "csrf": csrf, "next": "/"})
        status, _ = self.request("POST", "/masuk", form.encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 303 or "kkb_session" not in self.cookies:
            raise SystemExit(f"login of {username} failed: {status}")

    def csrf_of(self, path: str) -> str:
        status, page = self.request("GET", path)
        if status != 200:
            raise SystemExit(f"{path}: {status}")
        return re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (filename, data) in files.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f'Content-Type: text/csv\r\n\r\n').encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def percentile(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def summary(xs):
    return {"n": len(xs), "p50": percentile(xs, 50), "p99": percentile(xs, 99), "max": max(xs) if xs else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("uploader")
    ap.add_argument("uploader_password")
    ap.add_argument("reader")
    ap.add_argument("reader_password")
    ap.add_argument("--families", required=True)
    ap.add_argument("--members", required=True)
    ap.add_argument("--dashboard", required=True, help="another kabupaten/kota's dashboard path")
    ap.add_argument("--readers", type=int, default=6)
    ap.add_argument("--idle", type=float, default=5.0)
    a = ap.parse_args()

    paths = ["/masuk", "/api/v1/regions/17/index?children=true", a.dashboard]
    phase = {"name": "idle"}
    stop = threading.Event()
    lat = {"idle": [], "upload": []}
    by_path = {"idle": {}, "upload": {}}
    errors = {"idle": 0, "upload": 0}
    lock = threading.Lock()

    def reader(i: int, logged_in: bool):
        c = Client(a.base)
        if logged_in:
            c.login(a.reader, a.reader_password)
        k = i
        while not stop.is_set():
            path = a.dashboard if logged_in else paths[k % len(paths)]
            k += 1
            started = time.perf_counter()
            try:
                status, _ = c.request("GET", path)
            except Exception:
                status = 0
            ms = (time.perf_counter() - started) * 1000
            with lock:
                p = phase["name"]
                lat[p].append(ms)
                by_path[p].setdefault(path if not logged_in else path + " (logged in)", []).append(ms)
                if status != 200:
                    errors[p] += 1

    uploader = Client(a.base)
    uploader.login(a.uploader, a.uploader_password)
    csrf = uploader.csrf_of("/unggah")
    with open(a.families, "rb") as f:
        fam = f.read()
    with open(a.members, "rb") as f:
        mem = f.read()
    body, ctype = multipart({"csrf": csrf}, {"families": ("keluarga.csv", fam), "members": ("anggota.csv", mem)})

    threads = [threading.Thread(target=reader, args=(i, i == 0), daemon=True) for i in range(a.readers)]
    for t in threads:
        t.start()
    time.sleep(a.idle)
    with lock:
        phase["name"] = "upload"
    started = time.perf_counter()
    status, page = uploader.request("POST", "/unggah", body, {"Content-Type": ctype})
    upload_s = time.perf_counter() - started
    stop.set()
    for t in threads:
        t.join()
    text = re.sub(rb"<[^>]+>", b" ", page).decode("utf-8", "replace")
    done = re.search(r"[\d.]+ keluarga baru, [\d.]+ keluarga diganti, [\d.]+ anggota", text)
    print(json.dumps({
        "upload": {"status": status, "seconds": round(upload_s, 2), "bytes": len(body),
                   "imported": done.group(0) if done else None},
        "idle": {**summary(lat["idle"]), "errors": errors["idle"]},
        "during_upload": {**summary(lat["upload"]), "errors": errors["upload"]},
        "during_upload_by_path": {p: summary(v) for p, v in by_path["upload"].items()},
    }))


if __name__ == "__main__":
    main()
