"""The deployment files hold what the operations review asked for. There is no Docker engine here,
so the image's install steps run from deploy/ in .ci/run, and these tests read the files: the
Dockerfile passes hadolint and keeps its promises (digest-pinned bases, hashed requirements,
non-root, a health check, no data build at start); compose pins every image, bounds Redis and
puts nginx in front; nginx holds slow clients and bounds requests; the lock hashes every package."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from dashboard.config import PROJECT_DIR

DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def test_the_dockerfile_passes_hadolint_and_keeps_its_promises() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run([hadolint, "Dockerfile"], cwd=PROJECT_DIR, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (PROJECT_DIR / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", text, re.M)
    assert base is not None and DIGEST.search(base.group(1))
    assert "FROM ${PYTHON_IMAGE} AS build" in text and "FROM ${PYTHON_IMAGE} AS runtime" in text
    assert "deploy/install-python.sh" in text and "install-system.sh" in text
    assert re.search(r"^USER 10001:10001$", text, re.M) and "HEALTHCHECK" in text and "/healthz" in text
    command = re.search(r"^CMD (.+)$", text, re.M)
    assert command is not None and "gunicorn.conf.py" in command.group(1) and "etl" not in command.group(1)


def test_every_locked_package_has_a_hash() -> None:
    lock = (PROJECT_DIR / "requirements.lock").read_text(encoding="utf-8")
    packages = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", lock, re.M)
    assert len(packages) >= 60
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", lock, flags=re.M)[1:]
    assert all("--hash=sha256:" in block for block in blocks)
    pinned = {line.split("==")[0].lower().replace("_", "-").replace(".", "-")
              for line in (PROJECT_DIR / "requirements.txt").read_text().splitlines() if "==" in line}  # fmt: skip
    locked = {name.lower().replace("_", "-").replace(".", "-") for name, _ in packages}
    assert pinned <= locked, sorted(pinned - locked)


def test_compose_pins_images_bounds_redis_and_fronts_the_app_with_nginx() -> None:
    compose = yaml.safe_load((PROJECT_DIR / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"app", "data", "redis", "nginx"} <= set(services)
    for name in ("redis", "nginx"):
        assert DIGEST.search(services[name]["image"]), name
    redis = " ".join(services["redis"]["command"])
    assert "--maxmemory 256mb" in redis and "--maxmemory-policy allkeys-lru" in redis
    assert services["app"]["environment"]["DASHBOARD_CACHE"] == "redis"
    assert (
        "ports" not in services["app"] and services["nginx"]["ports"][0] == "${NGINX_PUBLISH_HTTP:-127.0.0.1:8080}:80"
    )
    assert services["app"]["environment"]["DASHBOARD_PUBLIC_URL"].startswith("${DASHBOARD_PUBLIC_URL:-")
    assert services["data"]["command"][-2:] == ["dashboard.etl", "build"] and services["data"]["profiles"] == ["build"]
    assert "data" not in services["app"].get("depends_on", {}), "a failed data build must not stop the app"


def test_nginx_holds_slow_clients_and_bounds_requests() -> None:
    text = (PROJECT_DIR / "deploy" / "nginx" / "dashboard-proxy.conf").read_text(encoding="utf-8")
    for directive in ("client_header_timeout 10s", "client_max_body_size 256k", "limit_req zone=views",
                      "proxy_set_header X-Forwarded-Proto $forwarded_proto", "server_tokens off"):  # fmt: skip
        assert directive in text, directive
