#!/usr/bin/env python3
"""Holds N idle keep-alive connections open to a server (each sends one request first, so
it is a real keep-alive connection), then measures the server's RSS and the time a fresh
connection takes to get GET /health answered while they stay open.

usage: idle_connections.py PORT PID [N]"""
import resource
import socket
import statistics
import sys
import time

port, pid = int(sys.argv[1]), int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
resource.setrlimit(resource.RLIMIT_NOFILE, (count + 1000, count + 1000))


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])


def fresh_health():
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    assert data.startswith(b"HTTP/1.1 200"), data[:40]
    return (time.perf_counter() - start) * 1000


before = rss_kb(pid)
sockets = []
request = b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n"
for index in range(count):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(request)
    sockets.append(sock)
    if len(sockets) % 500 == 0:  # read the answers in batches, keeping every connection open
        for s in sockets[-500:]:
            s.recv(4096)
for s in sockets[len(sockets) - len(sockets) % 500:]:
    s.recv(4096)
time.sleep(1)
held = rss_kb(pid)
latencies = sorted(fresh_health() for _ in range(50))
print(f"idle connections held: {len(sockets)}")
print(f"server RSS before: {before / 1024:.1f} MB, with them open: {held / 1024:.1f} MB")
print(f"fresh GET /health while open: median {statistics.median(latencies):.2f} ms, "
      f"p99 {latencies[int(len(latencies) * 0.99) - 1]:.2f} ms, max {latencies[-1]:.2f} ms (50 tries)")
for s in sockets:
    s.close()
