"""Two gunicorn hosts behind one address: one PostgreSQL, one Redis, one S3.

PostgreSQL only (SQLite is one host's file). Each host runs the production
settings on its own loopback port; they share the database, Redis (pages, sign-in
limits) and a local S3-compatible server (moto) for documents, and the task
worker (``manage.py db_worker``) sends their emails to a local SMTP server.
Every check goes in through one host and out through the other.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import time

import pytest
import redis
import requests

from bench.run import BASE_DIR, Database, Server, environment
from tests.e2e.conftest import CHROMIUM
from tests.s3 import start_s3_server
from tests.smtp import LocalSMTP

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS = "redis://127.0.0.1:6379/9"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres"),
    reason="two hosts share PostgreSQL; SQLite is one host's file",
)


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """Hosts A and B, and the content they serve."""
    try:
        redis.Redis.from_url(REDIS).flushdb()
    except redis.ConnectionError:
        pytest.fail(f"The two-host test needs Redis at {REDIS}")
    workdir = tmp_path_factory.mktemp("two-hosts")
    moto, s3 = start_s3_server()
    smtp = LocalSMTP().start()
    database = Database(workdir)
    servers = []
    try:
        database.create()
        env = {
            **environment(workdir, database.url),
            **s3.environment(),
            "REDIS_URL": REDIS,
            "PRIVATE_MEDIA_BUCKET": s3.create_bucket("awards-private"),
            "MEDIA_BUCKET": s3.create_bucket("awards-media"),
            "WEB_CONCURRENCY": "2",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_USE_TLS": "false",
        }
        # Nothing local may be shared: each host its own disk and generation file.
        env.pop("PAGE_CACHE_GENERATION_FILE")
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run(
            [*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True
        )
        content = workdir / "content.json"
        subprocess.run(
            [sys.executable, "-m", "tests.hosts_content", str(content)],
            # The demo's own background tasks (Wagtail's search and reference
            # index) run as it loads, rather than ahead of the test's email.
            env={**env, "TASK_BACKEND": "immediate"},
            cwd=BASE_DIR,
            check=True,
        )
        for name in ("a", "b"):
            host_dir = workdir / name
            host_dir.mkdir()
            servers.append(Server(env, host_dir))
        for server in servers:
            server.wait_ready("/health/")
        yield {
            "a": servers[0].base,
            "b": servers[1].base,
            "s3": s3,
            "smtp": smtp,
            "env": env,
            **json.loads(content.read_text()),
        }
    finally:
        for server in servers:
            server.stop()
        database.drop()
        moto.stop()
        smtp.stop()


class BrowserSession(requests.Session):
    """A client that keeps cookies as a browser does on localhost.

    The production settings mark the session and CSRF cookies Secure, and the
    hosts are plain HTTP on loopback: browsers send Secure cookies to
    localhost all the same, and so does this client.
    """

    def request(self, *args, **kwargs):
        for cookie in self.cookies:
            cookie.secure = False
        return super().request(*args, **kwargs)


def signed_in(host: str, email: str, password: str) -> requests.Session:
    """A browser-like session signed in through ``host``'s sign-in form."""
    session = BrowserSession()
    session.get(f"{host}/accounts/login/", timeout=10)
    response = session.post(
        f"{host}/accounts/login/",
        {
            "login": email,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{host}/accounts/login/"},
        timeout=10,
    )
    assert response.status_code == 200 and "sessionid" in session.cookies, email
    return session


def post(session, url, data=None, **kwargs):
    data = {**(data or {}), "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(url, data, headers={"Referer": url}, timeout=10, **kwargs)


def text_of(html: str) -> str:
    """The words of a page, as a reader sees them."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def version_of(html: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', html)[1])


@pytest.fixture(scope="module")
def entry(hosts):
    """Ada's draft, started through host A: its URL on each host and a session."""
    ada = signed_in(hosts["a"], hosts["entrants"][0], hosts["password"])
    started = post(ada, f"{hosts['a']}/entries/start/{hosts['category']['id']}/")
    path = re.search(r"/entries/\d+/$", started.url)[0]
    return {"session": ada, "path": path, "version": version_of(started.text)}


def test_a_document_uploaded_through_a_downloads_through_b(hosts, entry):
    ada = entry["session"]
    page = post(
        ada,
        hosts["a"] + entry["path"],
        {
            "action": "upload",
            "version": version_of(ada.get(hosts["a"] + entry["path"]).text),
        },
        files={"documents": ("Plan.pdf", PDF, "application/pdf")},
    )
    assert f"Plan.pdf ({len(PDF)} bytes) Remove Plan.pdf" in text_of(page.text)
    document = re.search(entry["path"] + r"documents/\d+/", page.text)[0]
    [key] = hosts["s3"].keys("awards-private")
    assert key.startswith(entry["path"].strip("/") + "/") and "Plan" not in key

    download = ada.get(hosts["b"] + document, timeout=10)
    assert download.status_code == 200
    assert download.content == PDF

    grace = signed_in(hosts["b"], hosts["entrants"][1], hosts["password"])
    for host in ("a", "b"):
        assert grace.get(hosts[host] + document, timeout=10).status_code == 404


def test_autosaves_alternating_between_hosts_keep_the_version_rule(hosts, entry):
    ada, url = entry["session"], entry["path"] + "autosave/"
    version = version_of(ada.get(hosts["a"] + entry["path"], timeout=10).text)
    for number, host in enumerate(["a", "b", "a", "b"], start=1):
        saved = post(
            ada, hosts[host] + url, {"version": version, "title": f"Draft {number}"}
        )
        assert saved.status_code == 200, saved.text
        assert saved.json()["version"] == version + 1
        version += 1
    for host in ("a", "b"):
        stale = post(ada, hosts[host] + url, {"version": version - 1, "title": "Stale"})
        assert stale.status_code == 409
        assert stale.json()["error"] == "conflict"
    page = ada.get(hosts["b"] + entry["path"], timeout=10).text
    assert 'value="Draft 4"' in page and version_of(page) == version


def test_a_lockout_earned_on_a_holds_on_b(hosts):
    email = hosts["staff"]
    for _attempt in range(5):
        session = BrowserSession()
        session.get(f"{hosts['a']}/accounts/login/", timeout=10)
        post(
            session,
            f"{hosts['a']}/accounts/login/",
            {"login": email, "password": "not the password"},
        )
    session = BrowserSession()
    session.get(f"{hosts['b']}/accounts/login/", timeout=10)
    refused = post(
        session,
        f"{hosts['b']}/accounts/login/",
        {"login": email, "password": hosts["password"]},
    )
    assert "sessionid" not in session.cookies
    assert refused.status_code == 429, refused.status_code
    assert "Too many attempts to sign in" in text_of(refused.text), text_of(
        refused.text
    )[:500]


def test_a_publish_through_a_shows_on_b_at_once(hosts):
    from playwright.sync_api import sync_playwright

    path = hosts["category"]["path"]
    for _ in range(2):
        cached = requests.get(hosts["b"] + path, timeout=10)
    assert cached.headers.get("X-Page-Cache") == "hit", dict(cached.headers)
    summary = f"Now judged by a panel of patients ({secrets.token_hex(3)})."
    assert summary not in cached.text

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"]
        )
        page = browser.new_page()
        page.set_default_timeout(15_000)
        # The admin's sign-in is allauth's (which asks staff for a second factor).
        page.goto(hosts["a"] + "/admin/")
        page.fill("#id_login", hosts["editor"])
        page.fill("#id_password", hosts["password"])
        page.locator("main button[type=submit]").click()
        page.wait_for_url(hosts["a"] + "/admin/")
        page.goto(f"{hosts['a']}/admin/pages/{hosts['category']['id']}/edit/")
        page.fill("#id_summary", summary)
        page.locator("footer [data-w-dropdown-target='toggle']").click()
        page.get_by_role("button", name="Publish").click()
        page.wait_for_selector("text=has been published")
        browser.close()

    fresh = requests.get(hosts["b"] + path, timeout=10)
    assert "X-Page-Cache" not in fresh.headers  # rendered anew, not from the cache
    assert summary in fresh.text


def wait_for(predicate, seconds: float = 20) -> bool:
    """Whether ``predicate()`` comes true within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_a_submission_on_a_is_emailed_once_by_the_worker(hosts, tmp_path):
    ready, smtp = hosts["ready"], hosts["smtp"]
    mary = signed_in(hosts["a"], ready["entrant"], hosts["password"])
    submitted = post(
        mary,
        f"{hosts['a']}/entries/{ready['entry']}/check/",
        {"agree": "on", "version": ready["version"]},
    )
    assert submitted.url.endswith(f"/entries/{ready['entry']}/confirmation/")
    # The hosts only queue it: no worker runs yet, so nothing is sent.
    time.sleep(2)
    mine = [m for m in smtp.messages if m["To"] == ready["entrant"]]
    assert mine == []

    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        env=hosts["env"],
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert wait_for(
            lambda: any(m["To"] == ready["entrant"] for m in smtp.messages)
        ), (tmp_path / "worker.log").read_text()
        # A few more of the worker's rounds: still one email.
        time.sleep(2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    mine = [m for m in smtp.messages if m["To"] == ready["entrant"]]
    assert len(mine) == 1
    assert mine[0]["Subject"].startswith("Entry received: ")
    assert [part.get_content_type() for part in mine[0].iter_attachments()] == [
        "application/pdf"
    ]
