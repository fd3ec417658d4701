"""Entrants' documents in a private S3 bucket (a local moto server)."""

import secrets
from datetime import timedelta

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entries.models import EntryDocument
from entries.retention import entries_to_purge, purge
from tests.entries_helpers import make_draft, make_open_category
from tests.factories import NOW, make_entrant
from tests.s3 import start_s3_server

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3():
    server, s3 = start_s3_server()
    yield s3
    server.stop()


@pytest.fixture
def bucket(s3, settings):
    """A new private bucket, set as the private storage."""
    name = s3.create_bucket(f"awards-private-{secrets.token_hex(4)}")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "entries.storage.PrivateS3Storage",
            "OPTIONS": s3.storage_options(name),
        },
    }
    return name


@pytest.fixture
def draft(entrant, programme, entry_form):
    return make_draft(entrant, make_open_category(programme, entry_form))


def upload(client, entry, name="Our plan (final).pdf", content=PDF):
    client.force_login(entry.entrant)
    client.post(
        reverse("entries:detail", args=[entry.pk]),
        {
            "action": "upload",
            "version": entry.version,
            "documents": [SimpleUploadedFile(name, content)],
        },
    )
    return EntryDocument.objects.get(entry=entry)


def test_an_upload_is_stored_in_the_bucket_under_a_random_name(
    client, s3, bucket, draft
):
    document = upload(client, draft)
    [key] = s3.keys(bucket)
    assert key == document.file.name
    directory, stored = key.rsplit("/", 1)
    assert directory == f"entries/{draft.pk}"
    assert len(stored) == len("0123456789abcdef0123456789abcdef.pdf")
    assert stored.endswith(".pdf") and "plan" not in stored
    assert s3.client.get_object(Bucket=bucket, Key=key)["Body"].read() == PDF


def test_the_owner_downloads_it_through_the_app_and_nobody_else(client, bucket, draft):
    document = upload(client, draft)
    url = reverse("entries:document", args=[draft.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == (
        'attachment; filename="Our plan (final).pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"

    client.force_login(make_entrant("someone.else@example.org"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_no_object_is_publicly_readable_and_none_has_a_url(client, s3, bucket, draft):
    document = upload(client, draft)
    unsigned = requests.get(f"{s3.endpoint}/{bucket}/{document.file.name}", timeout=5)
    assert unsigned.status_code == 403
    acl = s3.client.get_object_acl(Bucket=bucket, Key=document.file.name)
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    with pytest.raises(ValueError, match="Entrants' documents have no public URL"):
        _ = document.file.url


def test_removing_a_document_deletes_its_object(client, s3, bucket, draft):
    document = upload(client, draft)
    draft.refresh_from_db()
    client.post(
        reverse("entries:remove_document", args=[draft.pk, document.pk]),
    )
    assert not EntryDocument.objects.exists()
    assert s3.keys(bucket) == []


def test_the_retention_purge_deletes_the_objects(
    client, s3, bucket, draft, django_capture_on_commit_callbacks
):
    upload(client, draft)
    upload(client, make_draft(make_entrant("ada@example.org"), draft.category))
    assert len(s3.keys(bucket)) == 2
    # Two years on, the programme closed more than twelve months ago.
    plan = entries_to_purge(12, now=NOW + timedelta(days=730))
    assert plan.document_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        purge(plan)
    assert not EntryDocument.objects.exists()
    assert s3.keys(bucket) == []
