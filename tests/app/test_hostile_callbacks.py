"""Every callback the app declares (read from /_dash-dependencies, as a browser would), called
with hostile values for each of its inputs: none may answer 500. A bad value is handled as a bad
link is: the default is drawn, or the update is declined (204)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE: list[Any] = [
    None, "", "nonsense", "<script>alert(1)</script>", "x" * 10_000, 12345, -1, 3.5, True, [], ["a", "b"],
    {"points": "x"}, {"points": [{}]}, {"points": [{"location": "<b>"}]}, "W06999999", "../../etc/passwd",
]  # fmt: skip


def _body(callback: dict[str, Any], values: list[Any]) -> dict[str, Any]:
    inputs = [{"id": item["id"], "property": item["property"], "value": value}
              for item, value in zip(callback["inputs"], values, strict=True)]  # fmt: skip
    outputs = callback["output"]
    names = outputs[2:-2].split("...") if outputs.startswith("..") else [outputs]
    parsed = [{"id": name.rsplit(".", 1)[0], "property": name.rsplit(".", 1)[1]} for name in names]
    return {
        "output": outputs,
        "outputs": parsed if outputs.startswith("..") else parsed[0],
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": [{"id": item["id"], "property": item["property"], "value": None} for item in callback["state"]],
    }


def test_no_hostile_callback_value_answers_500(client: FlaskClient) -> None:
    for page in ("/", "/map", "/inequalities", "/care", "/area", "/methods", "/data"):
        assert client.get(page).status_code == 200  # pages register their callbacks when the app loads
    callbacks = client.get("/_dash-dependencies").get_json()
    assert len(callbacks) >= 6
    failures = []
    for callback in callbacks:
        if callback.get("clientside_function"):
            continue
        for position in range(len(callback["inputs"])):
            for value in HOSTILE:
                values: list[Any] = [None] * len(callback["inputs"])
                values[position] = value
                response = client.post("/_dash-update-component", json=_body(callback, values))
                # The dashboard's callbacks draw the default (200) or decline (204); Dash's own page
                # router is guarded and answers 400 for values no browser sends.
                allowed = (200, 204, 400) if callback["output"].startswith(".._pages") else (200, 204)
                if response.status_code not in allowed:
                    failures.append((callback["output"][:60], position, repr(value)[:30], response.status_code))
    assert failures == [], f"{len(failures)} hostile calls failed, e.g. {failures[:5]}"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


def test_no_generated_callback_value_answers_500(client: FlaskClient) -> None:
    """Hypothesis over every callback: any JSON for every input at once, not one input at a time."""
    for page in ("/", "/map", "/inequalities", "/care", "/area"):
        client.get(page)
    callbacks = [c for c in client.get("/_dash-dependencies").get_json() if not c.get("clientside_function")]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def hostile(draw: st.DataObject) -> None:
        callback = draw.draw(st.sampled_from(callbacks))
        values = [draw.draw(JSON_VALUES) for _ in callback["inputs"]]
        response = client.post("/_dash-update-component", json=_body(callback, values))
        allowed = (200, 204, 400) if callback["output"].startswith(".._pages") else (200, 204)
        assert response.status_code in allowed, (callback["output"][:60], values, response.status_code)

    hostile()
