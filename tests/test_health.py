"""The load balancer's health check: 200 only when the database and cache answer."""

import json
import sys
import urllib.error
import urllib.request

import pytest

from bench.run import Server, environment, run

pytestmark = pytest.mark.django_db

HEALTHY = {"status": "ok", "database": "ok", "cache": "ok"}
# Nothing listens on the discard port: connections are refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:9/0"
UNREACHABLE_POSTGRES = "postgres://postgres@127.0.0.1:9/awards"


def test_healthy(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == HEALTHY
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_only_reads_are_allowed(client):
    assert client.post("/health/").status_code == 405


def test_503_when_the_cache_does_not_answer(client, settings):
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        }
        for alias in settings.CACHES
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }


def health_of(server: Server) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(server.base + "/health/", timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.parametrize(
    ("database", "status", "body"),
    [
        (None, 200, HEALTHY),
        # Without Redis the cache is the database's own table: both are down.
        (
            UNREACHABLE_POSTGRES,
            503,
            {
                "status": "unavailable",
                "database": "unavailable",
                "cache": "unavailable",
            },
        ),
    ],
)
def test_a_server_whose_database_is_down_answers_503(tmp_path, database, status, body):
    """gunicorn with the production settings, its database up or down."""
    env = environment(tmp_path, database or f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.update(WEB_CONCURRENCY="1", REDIS_URL="")
    if database is None:
        # A deployment's database is migrated: the cache table is one of its tables.
        run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env)
    server = Server(env, tmp_path)
    try:
        server.wait_ready("/health/", status=status)
        assert health_of(server) == (status, body)
    finally:
        server.stop()
