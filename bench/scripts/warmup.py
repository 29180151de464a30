#!/usr/bin/env python3
"""How an app instance warms up: the same /api/sites view asked in batches, each batch's p50 and the CPU per request
spent by the app and by PostgreSQL (docs/benchmarks.md, fifteenth session).

  warmup.py TOKEN_FILE PORT APP_PID [BATCHES] [REQUESTS_PER_BATCH]

Start a new instance (Release, Production) on a held database, for example the one
`PLANNER_BENCH_HOLD=1 dotnet run -c Release --project bench/Planner.Benchmarks -- draw 10000` prints, and run this at once.
CPU is read from /proc (the app's process; every process named postgres on the machine).
"""
import http.client, os, sys, time

token_file, port, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
batches = int(sys.argv[4]) if len(sys.argv) > 4 else 5
n = int(sys.argv[5]) if len(sys.argv) > 5 else 300
token = open(token_file).read().strip()
view = '/api/sites?bbox=113.7,34.65,113.7855,34.7103&res=9.555'  # a z14 view in the sample district
connection = http.client.HTTPConnection('127.0.0.1', port)


def cpu(p):
    fields = open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def postgres_cpu():
    total = 0.0
    for d in filter(str.isdigit, os.listdir('/proc')):
        try:
            if open(f'/proc/{d}/comm').read().strip() == 'postgres':
                total += cpu(d)
        except OSError:
            pass  # a backend that ended meanwhile
    return total


for batch in range(1, batches + 1):
    app, db, times = cpu(pid), postgres_cpu(), []
    for _ in range(n):
        t = time.perf_counter()
        connection.request('GET', view, headers={'Authorization': 'Bearer ' + token})
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, (response.status, body[:300])
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f'batch {batch}: p50 {times[n // 2]:.2f} ms; CPU per request: app {(cpu(pid) - app) / n * 1000:.2f} ms, '
          f'postgres {(postgres_cpu() - db) / n * 1000:.2f} ms; {len(body)} bytes')
