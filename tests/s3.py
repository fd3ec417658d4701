"""A local S3-compatible server (moto's), for the storage and two-host tests."""

from dataclasses import dataclass

import boto3
from moto.server import ThreadedMotoServer

REGION = "eu-west-2"
# moto accepts any credentials; these stand for a deployment's own.
CREDENTIALS = {"aws_access_key_id": "awards-test", "aws_secret_access_key": "secret"}


@dataclass
class S3Server:
    """A running moto server and a client signed with the test credentials."""

    endpoint: str
    client: object

    def create_bucket(self, name: str) -> str:
        self.client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def keys(self, bucket: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def storage_options(self, bucket: str) -> dict:
        """django-storages' S3 options for one of this server's buckets."""
        return {
            "bucket_name": bucket,
            "endpoint_url": self.endpoint,
            "region_name": REGION,
            "access_key": CREDENTIALS["aws_access_key_id"],
            "secret_key": CREDENTIALS["aws_secret_access_key"],
        }

    def environment(self) -> dict:
        """The same, as a deployment's environment variables."""
        return {
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        }


def start_s3_server() -> tuple[ThreadedMotoServer, S3Server]:
    """Start moto on a free loopback port; the caller stops the first value."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name=REGION, **CREDENTIALS
    )
    return server, S3Server(endpoint, client)
