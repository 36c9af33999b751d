"""Ready for a public server: every malformed request a 4xx with no traceback, and addresses that
are not pages answering 404. The malformed requests are those a security review sent (issue 22)
and one of each shape for every callback, against the app itself and against gunicorn on
127.0.0.1 with its log read."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard.config import Settings
from dashboard.web.routes import callback_body_problem
from tests.app.conftest import logged_app
from tests.app.test_hostile_callbacks import _body

SPOOFED = "evil.example"
NOT_PAGES = ("/export/", "/present/x", "/oembed/x", "/_dash-anything", "/assets/", "/export/..%2F..%2Fetc%2Fpasswd.png",
             "/embed/", "/geo/", "/vendor/")  # fmt: skip
SOURCE_MAP = "/_dash-component-suites/dash/dash-renderer/build/dash_renderer.min.js.map"


@pytest.mark.parametrize("path", [*NOT_PAGES, SOURCE_MAP])
def test_addresses_that_are_not_pages_answer_404(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, path
    assert "_dash-config" not in response.get_data(as_text=True)


def _callbacks(client: FlaskClient) -> list[dict[str, Any]]:
    for page in ("/", "/map", "/inequalities", "/care", "/area", "/methods", "/data"):
        client.get(page)
    return list(client.get("/_dash-dependencies").get_json())


def malformed_bodies(callbacks: list[dict[str, Any]]) -> list[object]:
    """The bodies of the review (a list, a wrong output spec, missing keys, a callback that does
    not exist) and one more of each shape for every callback the app declares."""
    bodies: list[object] = [[], {}, "text", 42, None, {"output": 5}, {"output": "nope.children"},
                            {"output": "nope", "outputs": [], "inputs": []}]  # fmt: skip
    for callback in callbacks:
        if callback.get("clientside_function"):
            continue
        good = _body(callback, [None] * len(callback["inputs"]))
        bodies += [
            {**good, "outputs": []},  # Wrong length output_spec
            {**good, "outputs": {"id": "x", "property": "y"}},
            {**good, "inputs": []},  # KeyError in Dash
            {**good, "inputs": [{"id": "x", "property": "y", "value": 1}] * len(callback["inputs"])},
            {**good, "inputs": "x"},
            {**good, "state": [{"id": "x"}]},
            {**good, "changedPropIds": "x"},
            {key: value for key, value in good.items() if key != "outputs"},
            [good],
        ]
    return bodies


def test_every_malformed_callback_body_is_a_400(client: FlaskClient) -> None:
    callbacks = _callbacks(client)
    bodies = malformed_bodies(callbacks)
    served = [callback for callback in callbacks if not callback.get("clientside_function")]
    assert len(served) >= 6 and len(bodies) == 8 + 9 * len(served)
    for body in bodies:
        response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
        assert response.status_code == 400, (str(body)[:120], response.status_code)
    assert client.post("/_dash-update-component", data=b"{not json", content_type="application/json").status_code == 400
    assert client.get("/_dash-update-component").status_code == 404  # only POST is routed there


def test_every_well_formed_body_passes_the_guard(client: FlaskClient) -> None:
    """The guard refuses nothing a browser sends: the declared shape of every callback passes."""
    from app import app

    for callback in _callbacks(client):
        if callback.get("clientside_function"):
            continue
        body = _body(callback, [None] * len(callback["inputs"]))
        assert callback_body_problem(body, app.callback_map) is None, callback["output"][:80]


@pytest.fixture(scope="module")
def logged_server(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """gunicorn (2 gthread workers) on 127.0.0.1, its log in a file the test reads."""
    log = tmp_path_factory.mktemp("log") / "gunicorn.log"
    with logged_app(built.data_dir, log) as url:
        yield url, log


def _status(url: str, *, data: bytes | None = None, host: str | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    if host:
        request.add_unredirected_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_no_malformed_request_reaches_the_log_as_a_traceback(
    logged_server: tuple[str, Path], client: FlaskClient
) -> None:
    """Over HTTP, against gunicorn: each malformed body and path of the review answers 4xx, and
    the log holds one access line for each and no traceback."""
    url, log = logged_server
    before = log.read_text(errors="replace")
    bodies = malformed_bodies(_callbacks(client))
    statuses = [_status(f"{url}/_dash-update-component", data=json.dumps(body).encode()) for body in bodies]
    statuses += [_status(f"{url}{path}") for path in (*NOT_PAGES, SOURCE_MAP)]
    statuses.append(_status(f"{url}/oembed?url=/map", host=SPOOFED))
    assert all(400 <= status < 500 for status in statuses), sorted(set(statuses))
    time.sleep(0.5)
    written = log.read_text(errors="replace")[len(before) :]
    assert "Traceback" not in written and "Error" not in written.replace("error", ""), written[-2000:]
    assert len(written.splitlines()) <= len(statuses) + 2
