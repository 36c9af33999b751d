"""The Flask side of the app: health check, compressed geometry, the status page's layout, and
an app that still starts (and says what to run) when nothing is built."""

from __future__ import annotations

import gzip
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import plotly
import pytest
from flask.testing import FlaskClient

from dashboard.config import Settings
from dashboard.web.routes import PLOTLY_BUNDLE_URL, PLOTLY_VERSION


def _load_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> ModuleType:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DASHBOARD_CACHE", "simple")
    sys.modules.pop("app", None)
    return importlib.import_module("app")


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch, built: Settings) -> Iterator[FlaskClient]:
    module = _load_app(monkeypatch, built.data_dir)
    yield module.server.test_client()


def test_healthz(client: FlaskClient) -> None:
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["data_built"] is True and body["built_at"]


def test_geometry_is_served_compressed(client: FlaskClient) -> None:
    response = client.get("/geo/lsoa21.geojson", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "application/geo+json"
    assert len(response.data) < 300_000  # budget: LSOA geometry at most 300 KB gzipped
    collection = json.loads(gzip.decompress(response.data))
    assert len(collection["features"]) == 1917
    assert client.get("/geo/ward.geojson").status_code == 404


def test_status_page_layout_lists_outputs_and_sources(monkeypatch: pytest.MonkeyPatch, built: Settings) -> None:
    module = _load_app(monkeypatch, built.data_dir)
    from dashboard.pages import data_status

    with module.server.app_context():
        text = json.dumps(data_status.layout().to_plotly_json(), default=str)
    assert "indicators.parquet" in text and "WIMD 2025 index and domain ranks by small area" in text
    assert "Open Government Licence" in text or "OGL-3.0" in text


def test_empty_state_when_nothing_is_built(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    module = _load_app(monkeypatch, tmp_path)
    client = module.server.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok", "data_built": False, "cache": "ok"}
    assert client.get("/geo/la.geojson").status_code == 503
    from dashboard.pages import area, data_status, inequalities, methods, overview
    from dashboard.pages import map as map_page

    for page in (overview, map_page, inequalities, area, methods, data_status):
        with module.server.app_context():
            text = json.dumps(page.layout().to_plotly_json(), default=str)
        assert "No data built yet" in text and "make data" in text, page.__name__


def test_partial_plotly_bundle_is_served_compressed_and_matches_plotly(client: FlaskClient) -> None:
    """The vendored bundle is the plotly.js version the installed plotly package carries (figures
    are written for it), and it goes over the wire gzipped at a third of its size."""
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    header = full.read_text(encoding="utf-8")[:200]
    assert f"plotly.js v{PLOTLY_VERSION}" in header
    response = client.get(PLOTLY_BUNDLE_URL, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.data)
    assert body.startswith(f"/* plotly.js v{PLOTLY_VERSION}".encode())
    assert len(response.data) < len(body) / 2
    assert client.get("/vendor/other.js").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/nonexistent",
        "/.env",
        "/.git/config",
        "/export/no-such-chart.png",
        "/export/map.gif",
        "/embed/no-such-chart",
        "/export/board-pack.doc",
        "/area/extra",
        "/_dash-component-suites/x/y.js",
    ],
)
def test_unknown_paths_answer_404_with_a_way_home(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, path
    body = response.get_data(as_text=True)
    assert 'href="/"' in body and "Page not found" in body and "_dash-config" not in body


@pytest.mark.parametrize(
    "path", ["/", "/map", "/inequalities", "/care", "/area", "/methods", "/data", "/area/", "/healthz"]
)
def test_pages_and_served_paths_still_answer(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 200, path


def test_a_hostile_path_is_escaped_on_the_not_found_page(client: FlaskClient) -> None:
    body = client.get("/<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_the_web_app_imports_nothing_from_the_build() -> None:
    """Each gunicorn worker loads the app: the ETL (pandera, tqdm, every reader) stays out of it."""
    import subprocess

    from dashboard.config import PROJECT_DIR

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, app; print(sorted(m for m in sys.modules "
         "if m.startswith('dashboard.etl') or m.split('.')[0] in ('pandera', 'tqdm')))"],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert loaded == "[]"
