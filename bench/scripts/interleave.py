#!/usr/bin/env python3
"""Two or more app instances on one database, asked the same requests interleaved in random order (docs/benchmarks.md).

  interleave.py TOKEN_FILE PORTS ZOOM COUNT SEED [tiles|api]

PORTS is a comma-separated list of local ports, each an app instance (Release, Production) on the same database, for
example the database held by `PLANNER_BENCH_HOLD=1 dotnet run -c Release --project bench/Planner.Benchmarks -- draw 100000`;
TOKEN_FILE holds an access token (`planner tokens create NAME --user bench-leader --db …`). Each tile carries a query
parameter of its own, so every request is new to every instance's cache (300 are asked first, to warm the instances up); /api/sites views are boxes of a zoom's size at
random places in the sample district. Prints p50 / p95 per port and the medians of each Server-Timing entry.
"""
import http.client, math, random, re, statistics, sys, time

token_file, ports, z, n, seed = sys.argv[1], [int(p) for p in sys.argv[2].split(',')], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
path = sys.argv[6] if len(sys.argv) > 6 else 'tiles'
token = open(token_file).read().strip()
x0, x1, y0, y1 = 113.64698403, 113.86483341, 34.61414527, 34.76991086  # the sample district's bounds
connections = {p: http.client.HTTPConnection('127.0.0.1', p) for p in ports}
headers = {'Authorization': 'Bearer ' + token}
rng = random.Random(seed)


def tile(lon, lat):
    k = 2 ** z
    return int((lon + 180) / 360 * k), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * k)


def url(i, warm=False):
    if path == 'tiles':
        x, y = tile(rng.uniform(x0, x1), rng.uniform(y0, y1))
        return f'/tiles/sites/{z}/{x}/{y}.mvt?k={seed}_{i}_{warm}'
    w, h = 0.0855 / 2 ** (z - 14) / 2, 0.0603 / 2 ** (z - 14) / 2
    cx, cy = rng.uniform(x0 + w, x1 - w), rng.uniform(y0 + h, y1 - h)
    return f'/api/sites?bbox={cx - w:.5f},{cy - h:.5f},{cx + w:.5f},{cy + h:.5f}&res={9.555 / 2 ** (z - 14):.4f}'


def get(port, u):
    c = connections[port]
    t = time.perf_counter()
    c.request('GET', u, headers=headers)
    r = c.getresponse()
    body = r.read()
    assert r.status == 200, (port, u, r.status, body[:300])
    return (time.perf_counter() - t) * 1000, r.getheader('Server-Timing') or ''


# 300 answers first: .NET's tiered compilation runs an instance's hot methods instrumented for its first few hundred
# answers (a new instance answered a z14 view in 27 ms for its first 300 requests and in 13.5 ms after), and an A/B
# measured before that compares two warm-ups (docs/benchmarks.md, fifteenth session).
for i in range(300):
    u = url(i, True)
    for p in ports:
        get(p, u)
times = {p: [] for p in ports}
timing = {p: {} for p in ports}
for i in range(n):
    u = url(i)
    order = ports[:]
    rng.shuffle(order)
    for p in order:
        ms, t = get(p, u)
        times[p].append(ms)
        for k, v in re.findall(r'(\w+);dur=([\d.]+)', t):
            timing[p].setdefault(k, []).append(float(v))
for p in ports:
    s = sorted(times[p])
    print(f"port {p} {path} z{z} n={n} p50 {statistics.median(s):.2f} p95 {s[int(len(s) * 0.95)]:.2f} ms | "
          + " ".join(f"{k} {statistics.median(v):.2f}" for k, v in timing[p].items()))
