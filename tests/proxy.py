"""A tiny reverse proxy on loopback, as nginx stands before the app in production.

It forwards each request to the app and appends the address it saw the
connection come from to ``X-Forwarded-For`` (nginx's
``$proxy_add_x_forwarded_for``), keeping whatever the client sent before it.
Clients reach it from different loopback addresses (127.0.0.2, 127.0.0.3...),
so the app can tell them apart only through the header.
"""

import http.client
import re
import threading
from contextlib import contextmanager
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade"}


def forwarding_handler(upstream: str):
    """A request handler class that forwards to ``upstream`` (host:port)."""

    class Forward(BaseHTTPRequestHandler):
        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP
            }
            seen = self.client_address[0]
            earlier = self.headers.get("X-Forwarded-For")
            headers["X-Forwarded-For"] = f"{earlier}, {seen}" if earlier else seen
            connection = http.client.HTTPConnection(upstream, timeout=10)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
            finally:
                connection.close()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = forward

        def log_message(self, format, *args):
            pass  # the app logs each request itself

    return Forward


@contextmanager
def reverse_proxy(upstream_url: str):
    """Run the proxy in a thread for the ``with`` block; yields its host:port."""
    upstream = urlsplit(upstream_url).netloc
    server = ThreadingHTTPServer(("127.0.0.1", 0), forwarding_handler(upstream))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class Visitor:
    """A browser-like client at one loopback address, keeping its cookies."""

    def __init__(self, proxy: str, address: str, forged_forwarded_for: str = ""):
        self.proxy, self.address = proxy, address
        self.forged = forged_forwarded_for
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, form: dict | None = None):
        """Send one request through the proxy; return (status, headers, text)."""
        host, port = self.proxy.split(":")
        connection = http.client.HTTPConnection(
            host, int(port), timeout=10, source_address=(self.address, 0)
        )
        headers = {"Host": self.proxy}
        if self.cookies:
            headers["Cookie"] = "; ".join(
                f"{k}={m.value}" for k, m in self.cookies.items()
            )
        if self.forged:
            headers["X-Forwarded-For"] = self.forged
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return response.status, dict(response.getheaders()), text
        finally:
            connection.close()

    def post_form(self, path: str, fields: dict):
        """GET the form at ``path`` for its CSRF token, then POST ``fields``."""
        _, _, page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.request(
            "POST", path, {"csrfmiddlewaretoken": token.group(1), **fields}
        )
