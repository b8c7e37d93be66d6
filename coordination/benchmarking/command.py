"""`manage.py benchmark --national`: build or reuse the national data set and its seed-scale twin,
each in a PostgreSQL database of its own, then measure every public URL kind in both and print
national ÷ seed. Each database is worked on by a child process with its own DATABASE_URL, so the
two never share a connection, a cache or Python's warm state.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import CommandError

# The environment the children run in: as in production (DEBUG off, hashed static
# files), on loopback, with a key that is thrown away, and no e-mail leaves the machine. The page
# cache is on, in the child's own memory (one process), for the "cached" figures.
MEASURE_ENV = {
    "PUBLIC_CACHE": "true",
    "REDIS_URL": "",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "PYTHONUNBUFFERED": "1",
}


def run_national(command, options) -> None:
    step = options["national_step"]
    if step:
        return _step(command, step, options)
    url = options["database_url"] or _current_url()
    if not url.startswith(("postgres://", "postgresql://")):
        raise CommandError(
            "The national benchmark needs PostgreSQL (the production database): pass --database-url postgres://…/medborgarloften_national."
        )
    seed_url = _with_name(url, _name(url) + "_seed")
    _ensure_database(url, fresh=options["fresh"])
    _ensure_database(seed_url, fresh=options["fresh"])
    started = time.perf_counter()
    # Hashed static files, as in production; the PDFs and pages name them.
    _child(["collectstatic", "--noinput", "--verbosity", "0"], url)
    common = ["--seed", str(options["seed"]), "--years", str(options["years"]), "--pdf-sample", str(options["pdf_sample"])]
    for target, municipalities, label in ((seed_url, 0, "seed"), (url, options["municipalities"], "national")):
        command.stdout.write(f"The {label} database ({_name(target)}):")
        _child(["migrate", "--noinput", "--verbosity", "0"], target)
        _child(["benchmark", "--national-step", "build", "--municipalities", str(municipalities), *common], target)
    command.stdout.write(f"Data sets ready in {time.perf_counter() - started:.0f} s.")
    if options["build_only"]:
        return
    results = {}
    for target, scale in ((seed_url, "seed"), (url, "national")):
        command.stdout.write(f"Public URLs at {scale} scale (uncached: queries, median, size, tracemalloc peak | cached):")
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            _child(
                ["benchmark", "--national-step", "measure", "--scale", scale, "--repeat", str(options["repeat"]), "--json-out", out.name],
                target,
            )
            results[scale] = json.loads(Path(out.name).read_text())
    from coordination.benchmarking.measure import comparison

    command.stdout.write("National ÷ seed (uncached unless marked; the time ratio is national ÷ seed):")
    for line in comparison(results["seed"], results["national"]):
        command.stdout.write(line)
    command.stdout.write(f"Total {time.perf_counter() - started:.0f} s.")


def _step(command, step: str, options) -> None:
    """One step in this process's own database."""
    from coordination.benchmarking import measure, national

    if step == "build":
        plan = national.Plan(
            seed=options["seed"], municipalities=options["municipalities"], years=options["years"], pdf_sample=options["pdf_sample"]
        )
        try:
            national.build(plan, say=command.stdout.write)
        except national.NationalError as error:
            raise CommandError(str(error)) from error
    elif step == "measure":
        figures = measure.measure_all(options["scale"], repeat=options["repeat"], say=command.stdout.write)
        Path(options["json_out"]).write_text(json.dumps([figure.as_dict() for figure in figures]))
    else:  # the URLs the load test asks for, and a static file to compare them with
        from django.templatetags.static import static

        found = dict(measure.urls("national"))
        found["static"] = static("css/site.css")
        measure.forget_cached_pages()  # a server about to be measured serves nothing from an earlier data set
        command.stdout.write(json.dumps(found))


def _child(arguments: list[str], url: str, *, capture: bool = False) -> str:
    env = {**os.environ, **MEASURE_ENV, "DATABASE_URL": url}
    env.setdefault("SECRET_KEY", "benchmark-only-" + os.urandom(16).hex())
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    result = subprocess.run([sys.executable, manage, *arguments], env=env, text=True, capture_output=capture)
    if result.returncode:
        raise CommandError(f"`manage.py {' '.join(arguments)}` failed on {_name(url)}{': ' + result.stderr[-2000:] if capture else ''}")
    return result.stdout if capture else ""


def _current_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return ""
    auth = db.get("USER") or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _ensure_database(url: str, *, fresh: bool) -> None:
    """Create the database when missing; with `fresh`, drop it first, but only if it is a national
    benchmark database (its comment says so), never anyone's data."""
    import psycopg
    from psycopg import sql

    from coordination.benchmarking.national import MARKER

    name = _name(url)
    with psycopg.connect(_with_name(url, "postgres"), autocommit=True) as connection:
        row = connection.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]).fetchone()
        if row is not None and fresh:
            if not (row[0] or "").startswith(MARKER):
                raise CommandError(f"--fresh drops only a national benchmark database; {name} is not marked as one.")
            connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            row = None
        if row is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
