"""deploy/nginx, run for real: Debian's nginx on 127.0.0.1 with the templates filled in as the
nginx image fills them, in front of an upstream that echoes what it was sent (and, once, the
app itself). Both ways of ending TLS are checked as a client sees them: redirects, HSTS, no answer
for an unknown host (444, and no certificate), per-client rate limits, and that the scheme and
client address are believed only from the named front proxy."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dashboard.config import PROJECT_DIR, Settings

pytestmark = pytest.mark.integration
NGINX_DIR = PROJECT_DIR / "deploy" / "nginx"
NAME = "dashboard.test"
TEMPLATE_NAMES = (
    "DASHBOARD_SERVER_NAME", "DASHBOARD_UPSTREAM", "DASHBOARD_TLS_CERT", "DASHBOARD_TLS_KEY", "DASHBOARD_FRONT_PROXY",
    "DASHBOARD_NGINX_SNIPPETS", "NGINX_HTTP_PORT", "NGINX_HTTPS_PORT",
)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fill(template: str, values: dict[str, str]) -> str:
    """The template with ${NAME} replaced for the names the image substitutes (nginx's own
    $variables are left alone, as the image's envsubst leaves them)."""
    for name in TEMPLATE_NAMES:
        template = template.replace("${" + name + "}", values.get(name, ""))
    return template


class Echo(BaseHTTPRequestHandler):
    """Answers every request with the headers it received, as JSON."""

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def echo() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={NAME}",
                    "-addext", f"subjectAltName=DNS:{NAME}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)  # fmt: skip
    return cert, key


class Nginx:
    def __init__(self, folder: Path, http_port: int, https_port: int) -> None:
        self.folder, self.http_port, self.https_port = folder, http_port, https_port


def _start(folder: Path, site: str) -> subprocess.Popen[bytes]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed; .ci/run installs it (apt-get install nginx)")
    (folder / "logs").mkdir(exist_ok=True)
    (folder / "site.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        "worker_processes 1; error_log stderr warn; pid nginx.pid;\n"
        "events { worker_connections 256; }\n"
        "http { access_log off; client_body_temp_path tmp_body; proxy_temp_path tmp_proxy; "
        "fastcgi_temp_path tmp_fcgi; uwsgi_temp_path tmp_uwsgi; scgi_temp_path tmp_scgi; include site.conf; }\n"
    )
    test = subprocess.run([nginx, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")], capture_output=True,
                          text=True)  # fmt: skip
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                               stderr=subprocess.PIPE)  # fmt: skip
    time.sleep(0.5)
    assert process.poll() is None, process.stderr.read() if process.stderr else b""
    return process


@pytest.fixture(scope="module")
def tls_nginx(tmp_path_factory: pytest.TempPathFactory, echo: str, certificate: tuple[Path, Path]) -> Iterator[Nginx]:
    folder = tmp_path_factory.mktemp("nginx-tls")
    ports = _free_port(), _free_port()
    site = fill((NGINX_DIR / "tls.conf.template").read_text(), {
        "DASHBOARD_SERVER_NAME": NAME, "DASHBOARD_UPSTREAM": echo, "DASHBOARD_TLS_CERT": str(certificate[0]),
        "DASHBOARD_TLS_KEY": str(certificate[1]), "DASHBOARD_NGINX_SNIPPETS": str(NGINX_DIR),
        "NGINX_HTTP_PORT": str(ports[0]), "NGINX_HTTPS_PORT": str(ports[1]),
    })  # fmt: skip
    process = _start(folder, site)
    yield Nginx(folder, *ports)
    process.terminate()
    process.wait(timeout=10)


def _http(port: int, path: str, host: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host, **(headers or {})})
    return connection.getresponse()


def _https(port: int, path: str, certificate: Path, sni: str = NAME, host: str = NAME) -> http.client.HTTPResponse:
    context = ssl.create_default_context(cafile=str(certificate))
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
    connection.sock = context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10),
                                          server_hostname=sni)  # fmt: skip
    connection.request("GET", path, headers={"Host": host})
    return connection.getresponse()


def test_tls_port_80_only_redirects_to_https(tls_nginx: Nginx) -> None:
    response = _http(tls_nginx.http_port, "/map?lang=cy", NAME)
    assert response.status == 301 and response.getheader("Location") == f"https://{NAME}/map?lang=cy"
    assert "nginx/" not in (response.getheader("Server") or "")


def test_an_unknown_host_gets_no_answer_on_either_port(tls_nginx: Nginx, certificate: tuple[Path, Path]) -> None:
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        _http(tls_nginx.http_port, "/", "evil.example").read()
    with pytest.raises(ssl.SSLError):
        _https(tls_nginx.https_port, "/", certificate[0], sni="evil.example", host="evil.example")


def test_https_reaches_the_app_saying_https_and_the_client(tls_nginx: Nginx, certificate: tuple[Path, Path]) -> None:
    response = _https(tls_nginx.https_port, "/map", certificate[0])
    assert response.status == 200
    seen = json.loads(response.read())["headers"]
    assert seen["X-Forwarded-Proto"] == "https" and seen["X-Forwarded-For"] == "127.0.0.1"
    assert seen["Host"] == NAME


def test_views_and_callbacks_are_rate_limited_like_exports(tls_nginx: Nginx, certificate: tuple[Path, Path]) -> None:
    for path in ("/embed/quintiles", "/_dash-update-component", "/export/map.png"):
        statuses = [_https(tls_nginx.https_port, path, certificate[0]).status for _ in range(40)]
        assert 429 in statuses and statuses[0] == 200, path
        time.sleep(5)  # the bucket refills at 5 a second
    assert all(_https(tls_nginx.https_port, "/map", certificate[0]).status == 200 for _ in range(40))


def _behind_proxy(folder: Path, echo: str, front: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    site = fill((NGINX_DIR / "behind-proxy.conf.template").read_text(), {
        "DASHBOARD_SERVER_NAME": NAME, "DASHBOARD_UPSTREAM": echo, "DASHBOARD_FRONT_PROXY": front,
        "DASHBOARD_NGINX_SNIPPETS": str(NGINX_DIR), "NGINX_HTTP_PORT": str(port),
    })  # fmt: skip
    return _start(folder, site), port


@pytest.fixture(scope="module")
def trusted_front(tmp_path_factory: pytest.TempPathFactory, echo: str) -> Iterator[int]:
    """nginx behind a front proxy at 127.0.0.1: the tests play the front proxy."""
    process, port = _behind_proxy(tmp_path_factory.mktemp("nginx-front"), echo, "127.0.0.1")
    yield port
    process.terminate()
    process.wait(timeout=10)


def test_the_front_proxy_is_believed_for_scheme_and_client(trusted_front: int) -> None:
    response = _http(trusted_front, "/map", NAME, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
    seen = json.loads(response.read())["headers"]
    assert response.status == 200 and seen["X-Forwarded-Proto"] == "https"
    assert seen["X-Forwarded-For"].split(",")[-1].strip() == "203.0.113.7"  # the app's ProxyFix takes the last
    plain = _http(trusted_front, "/map?x=1", NAME, {"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.7"})
    assert plain.status == 301 and plain.getheader("Location") == f"https://{NAME}/map?x=1"


def test_each_client_behind_the_front_proxy_has_its_own_bucket(trusted_front: int) -> None:
    def statuses(client: str) -> list[int]:
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": client}
        return [_http(trusted_front, "/embed/quintiles", NAME, headers).status for _ in range(30)]

    assert 429 in statuses("203.0.113.10")
    assert statuses("203.0.113.11")[0] == 200  # another client is not held back by the first


def test_headers_from_anyone_but_the_front_proxy_are_ignored(
    tmp_path_factory: pytest.TempPathFactory, echo: str
) -> None:
    process, port = _behind_proxy(tmp_path_factory.mktemp("nginx-untrusted"), echo, "10.9.9.9")
    try:
        claimed = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        response = _http(port, "/map", NAME, claimed)
        assert response.status == 301  # its claim of HTTPS is not believed
        with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
            _http(port, "/map", "evil.example", claimed).read()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_app_behind_tls_nginx_sends_hsts_and_writes_its_public_url(
    tmp_path_factory: pytest.TempPathFactory, certificate: tuple[Path, Path], built: Settings
) -> None:
    """End to end: nginx ends TLS in front of gunicorn (DASHBOARD_BEHIND_PROXY=1)."""
    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    public = f"https://{NAME}:{https_port}"
    env = os.environ | {"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple",
                        "DASHBOARD_BIND": f"127.0.0.1:{app_port}", "DASHBOARD_WORKERS": "1",
                        "DASHBOARD_BEHIND_PROXY": "1", "DASHBOARD_PUBLIC_URL": public}  # fmt: skip
    app = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
                           cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    site = fill((NGINX_DIR / "tls.conf.template").read_text(), {
        "DASHBOARD_SERVER_NAME": NAME, "DASHBOARD_UPSTREAM": f"127.0.0.1:{app_port}",
        "DASHBOARD_TLS_CERT": str(certificate[0]), "DASHBOARD_TLS_KEY": str(certificate[1]),
        "DASHBOARD_NGINX_SNIPPETS": str(NGINX_DIR), "NGINX_HTTP_PORT": str(http_port),
        "NGINX_HTTPS_PORT": str(https_port),
    })  # fmt: skip
    nginx = _start(tmp_path_factory.mktemp("nginx-app"), site)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = _https(https_port, "/oembed?url=/map", certificate[0], host=f"{NAME}:{https_port}")
                if response.status != 502:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the app did not answer through nginx"
            time.sleep(0.5)
        body = json.loads(response.read())
        assert response.status == 200 and f"{public}/embed/map" in body["html"]
        assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
    finally:
        nginx.terminate()
        app.terminate()
        nginx.wait(timeout=10)
        app.wait(timeout=20)
