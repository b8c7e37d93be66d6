"""`make loadtest`: the national data set served by gunicorn as in production, measured with wrk.

    python -m coordination.benchmarking.loadtest [--database-url URL] [--seconds 60] [--timeout 1500]

Builds or reuses the national database (`manage.py benchmark --national --build-only`), collects
the static files, starts gunicorn (3 sync workers, DEBUG off, a throwaway SECRET_KEY, on a free
port of 127.0.0.1, with Redis as the cache) and waits for /health/. Then, with wrk on loopback:
a static file, a municipality's page (cached) and a report's PDF, each for `--short` seconds,
giving page ÷ static and PDF ÷ static; and 50 connections for `--seconds` over a mix of every
public URL kind across many municipalities (p50, p99, errors). The workers' peak resident memory
(VmHWM) is read from /proc at the end. Everything is bounded by `--timeout`, and gunicorn is
stopped on the way out, on failure and on Ctrl-C alike.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
LUA = Path(__file__).with_name("wrk_report.lua")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/medborgarloften_national"


class Deadline(Exception):
    pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/9"))
    parser.add_argument("--seconds", type=int, default=60, help="duration of the 50-reader mix")
    parser.add_argument("--short", type=int, default=10, help="duration of each single-URL run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--timeout", type=int, default=1500, help="the whole run stops after this many seconds")
    args = parser.parse_args(argv)

    def out_of_time(signum, frame):
        raise Deadline(f"the load test took longer than --timeout {args.timeout} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.timeout)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECRET_KEY": "loadtest-only-" + os.urandom(16).hex(),
        "REDIS_URL": args.redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PUBLIC_CACHE": "true",
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    server = None
    try:
        _run([*manage, "benchmark", "--national", "--build-only", "--database-url", args.database_url], env)
        _run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env)
        urls = json.loads(_run([*manage, "benchmark", "--national-step", "urls"], env, capture=True).strip().splitlines()[-1])
        mix = json.loads(_run([*manage, "shell", "-c", MIX_QUERY], env, capture=True).strip().splitlines()[-1])
        mix += [url for kind, url in urls.items() if kind.startswith("open data ")]  # and the open data, once each
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=BASE_DIR,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/health/", seconds=60)
        results = _measure(base, urls, mix, args)
        results["workers"] = _worker_memory(server.pid)
        _summary(results, args)
        return 0
    except (Deadline, subprocess.CalledProcessError, RuntimeError) as error:
        print(f"loadtest: {error}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # gunicorn's master and its workers: the group this run started
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


# A realistic reading list: every kind of public page for a sample of municipalities, promises and
# reports spread over the country, the country-wide pages, the PDFs and the open data.
MIX_QUERY = """
import json, random
from agreements.models import Municipality
from followup.models import FollowUpReport
from promises.models import Promise
rng = random.Random(14)
slugs = sorted(Municipality.objects.values_list("slug", flat=True))
reports = list(FollowUpReport.objects.published().select_related("agreement__municipality").defer("pdf", "snapshot").order_by("pk"))
promises = list(Promise.objects.published().select_related("agreement__municipality").order_by("pk"))
paths = ["/", "/fokusomraden/", "/fokusomraden/narkotika/", "/flode/", "/sitemap.xml", "/oppna-data/", "/tillganglighet/"]
paths += [f"/{slug}/" for slug in rng.sample(slugs, min(60, len(slugs)))]
paths += [f"/{slug}/flode/" for slug in rng.sample(slugs, min(10, len(slugs)))]
paths += [p.get_absolute_url() for p in rng.sample(promises, min(60, len(promises)))]
chosen = rng.sample(reports, min(60, len(reports)))
paths += [r.get_absolute_url() for r in chosen] + [r.get_pdf_url() for r in chosen[:20]]
paths += [f"/{r.agreement.municipality.slug}/ar/{r.period_year}/" for r in chosen[:20]]
print(json.dumps(paths))
"""


def _run(command: list[str], env: dict, *, capture: bool = False) -> str:
    result = subprocess.run(command, env=env, cwd=BASE_DIR, text=True, capture_output=capture, check=False)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command[1:4])} failed" + (f": {result.stderr[-1500:]}" if capture else ""))
    return result.stdout if capture else ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, *, seconds: int) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


def _wrk(base: str, paths: list[str], *, connections: int, seconds: int, threads: int = 2) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        result = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                str(LUA),
                base,
                "--",
                listing.name,
            ],
            text=True,
            capture_output=True,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(listing.name)
    found = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    if result.returncode or not found:
        raise RuntimeError(f"wrk failed: {result.stderr[-500:] or result.stdout[-500:]}")
    return json.loads(found[-1].removeprefix("RESULT "))


def _measure(base: str, urls: dict, mix: list[str], args) -> dict:
    for path in [urls["municipality"], urls["report PDF"], *mix]:  # fill the page cache, as readers would
        try:
            urllib.request.urlopen(base + path, timeout=60).read()
        except OSError:
            pass
    single = {}
    for label, path in (("static file", urls["static"]), ("municipality page", urls["municipality"]), ("report PDF", urls["report PDF"])):
        single[label] = _wrk(base, [path], connections=10, seconds=args.short)
        print(f"  {label:<20} {single[label]['rps']:9.1f} req/s  p50 {single[label]['p50_ms']:7.1f} ms  ({path})")
    random.Random(14).shuffle(mix)
    mixed = _wrk(base, mix, connections=args.connections, seconds=args.seconds)
    return {"single": single, "mix": mixed, "mix_paths": len(mix)}


def _worker_memory(master: int) -> list[dict]:
    """Peak and current resident memory of each worker (the master's children) from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    workers = []
    for pid in children:
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
        workers.append(
            {"pid": int(pid), "peak_mb": int(status["VmHWM"].split()[0]) / 1024, "rss_mb": int(status["VmRSS"].split()[0]) / 1024}
        )
    return workers


def _summary(results: dict, args) -> None:
    single, mix = results["single"], results["mix"]
    static = single["static file"]["rps"]
    errors = mix["errors"]
    peak = max((w["peak_mb"] for w in results["workers"]), default=0)
    lines = [
        ("cached anonymous municipality page ÷ static file", f"{single['municipality page']['rps'] / static:.3f}"),
        ("report PDF ÷ static file", f"{single['report PDF']['rps'] / static:.3f}"),
        (f"{args.connections} readers × {args.seconds} s: requests/s", f"{mix['rps']:.1f}"),
        ("  p50 / p99 / max", f"{mix['p50_ms']:.0f} ms / {mix['p99_ms']:.0f} ms / {mix['max_ms']:.0f} ms"),
        (
            "  errors (status ≥ 400, timeouts, socket)",
            f"{errors['status']} / {errors['timeout']} / {errors['connect'] + errors['read'] + errors['write']}",
        ),
        ("worker peak memory (VmHWM), largest of 3", f"{peak:.0f} MB"),
    ]
    print(
        f"Load test, {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores ({mix['requests']:,} requests over {results['mix_paths']} URLs in the mix):"
    )
    for label, value in lines:
        print(f"  {label:<48} {value}")
    print("RESULTS " + json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())
