"""One public base URL (DASHBOARD_PUBLIC_URL) for every absolute link: embed snippets, oEmbed,
link previews, exports, present mode; a Host header other than the public one or this machine's
own names gets 400 and changes no link; and a deployment without the setting does not start."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard.config import PROJECT_DIR, Settings, load_settings, public_url_of

PUBLIC = "https://dashboard.example.org"
SPOOFED = "evil.example"


@pytest.fixture(scope="module")
def public_client(built: Settings) -> Iterator[FlaskClient]:
    """The app as deployed: DASHBOARD_PUBLIC_URL set, behind a proxy."""
    patch = pytest.MonkeyPatch()
    for name, value in {"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple",
                        "DASHBOARD_PUBLIC_URL": PUBLIC, "DASHBOARD_BEHIND_PROXY": "1"}.items():  # fmt: skip
        patch.setenv(name, value)
    sys.modules.pop("app", None)
    module = importlib.import_module("app")
    yield module.server.test_client()
    patch.undo()
    sys.modules.pop("app", None)


def _public_get(client: FlaskClient, path: str, host: str = "dashboard.example.org") -> Any:
    return client.get(path, headers={"Host": host, "X-Forwarded-Proto": "https", "X-Forwarded-Host": host})


@pytest.mark.parametrize(
    "path",
    ["/oembed?url=/map", "/oembed?url=https://dashboard.example.org/embed/quintiles", "/map", "/present",
     "/export/quintiles.html", "/embed/quintiles"],
)  # fmt: skip
def test_every_absolute_link_is_the_public_url(public_client: FlaskClient, path: str) -> None:
    response = _public_get(public_client, path)
    assert response.status_code == 200, path
    text = response.get_data(as_text=True)
    assert PUBLIC in text or path.startswith("/embed/"), path
    assert "http://dashboard.example.org" not in text and "localhost" not in text


def test_a_spoofed_host_gets_400_and_changes_no_link(public_client: FlaskClient) -> None:
    for path in ("/oembed?url=/map", "/map", "/export/map.png?scale=2", "/healthz"):
        response = _public_get(public_client, path, host=SPOOFED)
        assert response.status_code == 400, path
        assert SPOOFED not in response.get_data(as_text=True)
    # A loopback name (a container's health check) is answered, and still writes the public URL.
    local = public_client.get("/oembed?url=/map", headers={"Host": "127.0.0.1:8050"})
    assert local.status_code == 200 and local.get_json()["html"].count(PUBLIC) == 1


def test_a_link_to_another_site_is_not_embedded(public_client: FlaskClient) -> None:
    response = _public_get(public_client, "/oembed?url=https://evil.example/embed/quintiles")
    assert response.status_code == 404


def test_the_public_url_is_checked_and_required_for_a_deployment() -> None:
    assert public_url_of("https://Dashboard.Example.org/") == "https://dashboard.example.org"
    assert public_url_of("http://127.0.0.1:8050") == "http://127.0.0.1:8050"
    for bad in ("dashboard.example.org", "ftp://x.org", "https://x.org/path", "https://x.org/?a=1", "https://u@x.org"):
        with pytest.raises(ValueError, match="DASHBOARD_PUBLIC_URL"):
            public_url_of(bad)
    assert load_settings({}).deployment_problem() is None  # make run: 127.0.0.1
    assert "required" in str(load_settings({"DASHBOARD_BIND": "0.0.0.0:8050"}).deployment_problem())
    assert "required" in str(load_settings({"DASHBOARD_BEHIND_PROXY": "1"}).deployment_problem())
    deployed = load_settings({"DASHBOARD_BIND": "0.0.0.0:8050", "DASHBOARD_PUBLIC_URL": PUBLIC})
    assert deployed.deployment_problem() is None
    assert deployed.trusted_hosts[0] == "dashboard.example.org" and "127.0.0.1" in deployed.trusted_hosts


def test_the_app_will_not_start_public_without_a_public_url(built: Settings) -> None:
    env = os.environ | {"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_BIND": "0.0.0.0:8050"}
    env.pop("DASHBOARD_PUBLIC_URL", None)
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=PROJECT_DIR, env=env, capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode != 0 and "DASHBOARD_PUBLIC_URL is required" in result.stderr
