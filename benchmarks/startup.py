#!/usr/bin/env python3
"""Starts the server N times and measures the time from exec to the first 200 on
GET /health (polling every millisecond), and its RSS once idle after start.

usage: startup.py BINARY [RUNS]   (run in an empty directory: each run uses a new database)"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.05) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return sock.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


times, rss = [], []
for _ in range(runs):
    directory = tempfile.mkdtemp()
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{directory}/s.db", DATA_DIR=f"{directory}/data",
               LOG_LEVEL="warning", ADMIN_TOKEN="startup-token-000000", STEP_API_TOKEN="startup-token-000001")
    start = time.perf_counter()
    process = subprocess.Popen([binary, "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    while not health(port):
        if process.poll() is not None:
            sys.exit("the server exited")
        time.sleep(0.001)
    times.append((time.perf_counter() - start) * 1000)
    time.sleep(1)
    rss.append(rss_mb(process.pid))
    process.terminate()
    process.wait()
print(f"start to first 200: median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}, {runs} runs)")
print(f"RSS idle after start: median {statistics.median(rss):.1f} MB")
