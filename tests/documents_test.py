"""Loading YAML and JSON for transforms, `compare: data` and reports."""
from __future__ import annotations

import pytest
from specsync.documents import load_yaml_documents


@pytest.mark.parametrize(
    ("text", "data"),
    [
        pytest.param("a: 1e3\n", {"a": 1000.0}, id="exponent-without-dot"),
        pytest.param("a: 0755\n", {"a": 755}, id="yaml-1.2-no-octal"),
        pytest.param("a: yes\n", {"a": "yes"}, id="yaml-1.2-yes-is-a-string"),
    ],
)
def test_yaml_1_2_data_without_warnings(text: str, data: object,
                                        recwarn: pytest.WarningsRecorder) -> None:
    assert load_yaml_documents(text) == [data]
    assert len(recwarn) == 0
