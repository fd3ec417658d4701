"""`make bench` (`python -m bench.run`): the site under gunicorn, under load.

1. A throw-away database: a SQLite file, or, when DATABASE_URL is set, a new
   PostgreSQL database on that server (created here and dropped at the end).
2. migrate, collectstatic, and generated content (bench/content.py): one
   programme with 200 categories, 32 entrants signed in with a draft each.
3. gunicorn with gunicorn.conf.py on a free loopback port, production
   settings (REDIS_URL is passed on if set).
4. wrk from a second process, about 10 s per endpoint; autosave from this
   one (bench/autosave.py, a thread per entrant); then every entrant's saved
   draft is checked against what the client saw acknowledged.
5. The server is stopped and the database removed, even on error; one table.

Options: --duration SECONDS (10), --connections N for the GET endpoints (16).
"""

import argparse
import json
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import autosave, deadline, submit

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "bench"
PYTHON = sys.executable
ENTRANTS = 32
TEXT = re.compile(r"^entrant (\d+) save (\d+)\. the partnership")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, env, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=BASE_DIR, check=True, **kwargs)


class Database:
    """A database of the benchmark's own, removed afterwards."""

    def __init__(self, workdir: Path):
        self.admin_url = os.environ.get("DATABASE_URL", "")
        self.name = f"awards_bench_{secrets.token_hex(4)}"
        if self.admin_url:
            parts = urlsplit(self.admin_url)
            # Created and dropped from the server's maintenance database, so
            # that DATABASE_URL may name a database that does not exist yet.
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self.label = f"PostgreSQL ({parts.hostname}:{parts.port or 5432})"
        else:
            self.url = f"sqlite:///{workdir / 'bench.sqlite3'}"
            self.label = "SQLite"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        if self.admin_url:
            self._admin(f'CREATE DATABASE "{self.name}"')

    def settle(self) -> None:
        """Write out what loading the content left dirty before measuring, so
        that PostgreSQL's checkpoint doesn't run during the first rows."""
        if self.admin_url:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as connection:
                connection.execute("VACUUM ANALYZE")
                connection.execute("CHECKPOINT")

    def drop(self) -> None:
        if self.admin_url:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def environment(workdir: Path, database_url: str) -> dict:
    """Production settings, as a deployment sets them, for loopback HTTP."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "PAGE_CACHE_GENERATION_FILE": str(workdir / "page-cache-generation"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    }
    return env


class Server:
    """gunicorn with the project's config, stopped (with its workers) at exit."""

    def __init__(self, env: dict, workdir: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "server.log"
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            env=env,
            cwd=BASE_DIR,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, seconds: float = 60, status: int = 200) -> None:
        """Wait until ``path`` answers with ``status``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base + path, timeout=2) as answer:
                    if answer.status == status:
                        return
            except urllib.error.HTTPError as error:
                if error.code == status:
                    return
                time.sleep(0.3)
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start; see {self.log}:\n{self.tail()}")

    def get(self, path: str, times: int = 1) -> None:
        for _ in range(times):
            with urllib.request.urlopen(self.base + path, timeout=10) as answer:
                answer.read()

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def wrk(url: str, duration: int, threads: int, connections: int, *extra, env=None):
    """One bounded wrk run; returns its JSON report."""
    if "-s" not in extra:
        extra = ("-s", str(BENCH_DIR / "report.lua"), *extra)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        *extra,
        url,
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        timeout=duration + 60,
        check=True,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no report:\n{result.stdout}{result.stderr}")
    report = json.loads(line.removeprefix("BENCH "))
    report["rate"] = report["requests"] / (report["duration_us"] / 1e6)
    return report


def check_drafts(env: dict, report: dict, initial: dict) -> tuple[list, dict]:
    """Every entrant's saved draft is the last one acknowledged (or one that
    failed on the way back), in their own words, each save applied once.

    Returns the problems found and each entry's version now."""
    entries = [e["entry"] for e in report["entrants"]]
    saved = json.loads(
        run(
            [PYTHON, "-m", "bench.content", "check"],
            env,
            input=json.dumps(entries),
            capture_output=True,
            text=True,
        ).stdout
    )
    problems = []
    if len(entries) != ENTRANTS or len(set(entries)) != ENTRANTS:
        problems.append(f"expected {ENTRANTS} distinct entrants, got {entries}")
    for entrant in report["entrants"]:
        entry = entrant["entry"]
        version, answers = saved[str(entry)]
        texts = set(answers.values())
        match = TEXT.match(next(iter(texts), "")) if len(texts) == 1 else None
        if match is None or int(match[1]) != entry:
            problems.append(f"entry {entry}: mixed or foreign answers")
            continue
        number = int(match[2])
        in_flight = entrant["sent"] == entrant["acked"] + 1
        if not (
            number == entrant["acked"] or (in_flight and number == entrant["sent"])
        ):
            problems.append(
                f"entry {entry}: saved #{number}, acknowledged #{entrant['acked']}"
            )
        if version - initial[entry] != number:
            problems.append(
                f"entry {entry}: {version - initial[entry]} saves applied, "
                f"the last #{number}, of {entrant['sent']} sent"
            )
        if entrant["failed"]:
            problems.append(f"entry {entry}: {entrant['failed']} saves refused")
    return problems, {int(pk): version for pk, (version, _answers) in saved.items()}


def gunicorn_setup(env: dict) -> str:
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    kind = config.get("worker_class", "sync")
    threads = f" x {config['threads']} threads" if kind == "gthread" else ""
    setup = f"{config['workers']} {kind} workers{threads}"
    if env.get("GUNICORN_CMD_ARGS"):
        setup += f" overridden by GUNICORN_CMD_ARGS={env['GUNICORN_CMD_ARGS']!r}"
    return setup


def table(rows: list, static_rate: float) -> str:
    lines = [
        f"{'endpoint':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs static':>9}",
        "-" * 71,
    ]
    for name, report in rows:
        ratio = f"{report['rate'] / static_rate:.0%}" if static_rate else "-"
        lines.append(
            f"{name:<34} {report['rate']:>8.0f} {report['p50_us'] / 1000:>8.1f} "
            f"{report['p99_us'] / 1000:>8.1f} {ratio:>9}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("make bench needs wrk: sudo apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="awards-bench-"))
    database = Database(workdir)
    env = environment(workdir, database.url)
    rows, problems, extra_lines = [], [], []
    # A slow mail server: it answers each message after 2 s.
    from tests.smtp import LocalSMTP

    smtp = LocalSMTP(delay=2).start()
    env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), EMAIL_USE_TLS="false")
    try:
        database.create()
        print(f"Setting up: {database.label}, 200 categories, {ENTRANTS} entrants")
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        content = workdir / "content.json"
        run([PYTHON, "-m", "bench.content", "build", str(content)], env)
        database.settle()
        data = json.loads(content.read_text())
        versions = {e["entry"]: e["version"] for e in data["entrants"]}
        signed_in = f"Cookie: sessionid={data['entrants'][0]['session']}"
        server = Server(env, workdir)
        try:
            server.wait_ready(data["static"])
            setup = gunicorn_setup(env)
            print(f"Serving on {server.base} with {setup}; wrk, {options.duration} s")
            endpoints = [
                ("static file (whitenoise)", data["static"], ()),
                ("home page", data["home"], ()),
                ("programme listing (200)", data["programme"], ()),
                ("category page", data["category"], ()),
                ("category page, signed in", data["category"], ("-H", signed_in)),
                ("My entries, signed in", "/entries/", ("-H", signed_in)),
                (
                    "entry page, signed in",
                    f"/entries/{data['entrants'][0]['entry']}/",
                    ("-H", signed_in),
                ),
                ("API category listing", data["api_listing"], ()),
                ("API category detail", data["api_detail"], ()),
            ]
            for name, path, extra in endpoints:
                # Warm every worker and thread (imports, templates, database
                # connections, caches): a new connection for each request, so
                # that each worker takes its share.
                close = ("-H", "Connection: close")
                wrk(server.base + path, 2, 2, options.connections, *close, *extra)
                report = wrk(
                    server.base + path,
                    options.duration,
                    2,
                    options.connections,
                    *extra,
                )
                rows.append((name, report))
                print(f"  {name}: {report['rate']:.0f} req/s")
            # The page autosaves 3 s after typing stops: one save a second
            # each is three times the most a typing entrant sends; then the
            # same entrants with no pause at all, the ceiling.
            runs = [("warm-up", 0, 2), ("1 save/s each", 1, options.duration)]
            runs.append(("no pause", 0, options.duration))
            for label, pause, seconds in runs:
                report = autosave.run(
                    "127.0.0.1",
                    server.port,
                    data["entrants"],
                    versions,
                    seconds,
                    pause,
                )
                name = f"autosave, {ENTRANTS} entrants, {label}"
                found, versions = check_drafts(env, report, versions)
                problems += found
                if label != "warm-up":
                    rows.append((name, report))
                    print(f"  {name}: {report['rate']:.0f} req/s")
            # Eight entrants submit while the mail server takes 2 s a message.
            submitters = data["entrants"][-8:]
            report = submit.run("127.0.0.1", server.port, submitters, versions)
            rows.append(("submission, SMTP answering in 2 s", report))
            print(f"  submission: p99 {report['p99_us'] / 1000:.0f} ms")
            # The deadline second: 20 categories close a minute from now
            # (publishing them and warming their pages takes a while).
            moment = time.time() + 60
            closes_at = datetime.fromtimestamp(moment, UTC).isoformat()
            paths = json.loads(
                run(
                    [PYTHON, "-m", "bench.content", "deadline", closes_at],
                    env,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for path in paths:
                urllib.request.urlopen(server.base + path, timeout=10).read()
            report = deadline.run("127.0.0.1", server.port, paths, moment)
            name = f"deadline: {deadline.CLIENTS} clients, {len(paths)} pages"
            rows.append((name, report))
            renders = report["renders_first_second"]
            print(
                f"  {name}: p99 {report['p99_us'] / 1000:.0f} ms, max "
                f"{report['max_ms']:.0f} ms, renders per page in the first "
                f"second {min(renders)} to {max(renders)}"
            )
            extra_lines.append(
                f"Deadline second: {report['requests']} requests, p99 "
                f"{report['p99_us'] / 1000:.0f} ms, max {report['max_ms']:.0f} ms, "
                f"{report['errors']} errors, {report['bad_status']} of 400 or more; "
                f"renders per page in the first second after it: {renders}"
            )
            submission = rows[-2][1]
            extra_lines.append(
                f"Submission with the mail server answering in 2 s: p50 "
                f"{submission['p50_us'] / 1000:.0f} ms, max "
                f"{submission['max_ms']:.0f} ms ({submission['requests']} entrants)"
            )
            # Then the worker sends the eight confirmations, 2 s each.
            started = time.monotonic()
            run(
                [PYTHON, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                env,
            )
            mailed = [m["To"] for m in smtp.messages]
            extra_lines.append(
                f"Task worker: {len(mailed)} confirmations sent in "
                f"{time.monotonic() - started:.1f} s after the fact"
            )
            if len(mailed) != len(submitters):
                problems.append(
                    f"{len(mailed)} confirmation emails, {len(submitters)} expected"
                )
        except Exception:
            print(f"Server log ({server.log}):\n{server.tail()}", file=sys.stderr)
            raise
        finally:
            server.stop()
    finally:
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)
        smtp.stop()

    for name, report in rows:
        if not report["requests"]:
            problems.append(f"{name}: no request answered (the machine is starved)")
        if report["errors"] or report["bad_status"]:
            problems.append(
                f"{name}: {report['errors']} socket errors, "
                f"{report['bad_status']} responses of 400 or more"
            )
    print()
    print(f"{database.label}, gunicorn {setup}, {os.cpu_count()} cores")
    print(table(rows, rows[0][1]["rate"]))
    print("\n".join(["", *extra_lines]))
    saves = sum(
        e["acked"] for _name, r in rows if "entrants" in r for e in r["entrants"]
    )
    if problems:
        print("\nPROBLEMS:\n  " + "\n  ".join(problems))
        return 1
    print(
        f"\nDrafts checked: {ENTRANTS} entrants, {saves} saves acknowledged, "
        "each entrant's saved text is their last save; none lost or mixed up."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
