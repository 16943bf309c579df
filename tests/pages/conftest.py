"""The pages' own fixture: an app over inputs that carry markup where the pages print data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from server.app import create_app
from server.core.config import load_config
from server.core.namespaces import ID
from server.store import disk as stores

from ..conftest import ROOT

OPERATION = ID + "operation/zhusan"
PHASE_2 = OPERATION + "/phase/2"  # the chart names the phases
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
HOSTILE_QUERY = f"""# title: {SCRIPT}
# description: {SCRIPT}
SELECT ?phase WHERE {{ ?phase a zh:Phase }}
"""


@pytest.fixture(scope="package")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """An app over a copy of the inputs where the operation and its second phase have a label
    that is markup, and a saved query has markup for its title and description."""
    inputs = tmp_path_factory.mktemp("hostile-inputs")
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, inputs / folder)
    (inputs / "graph" / "zz-hostile.trig").write_text(
        "GRAPH <https://w3id.org/zhusan/graph/reference> {\n"
        f'  <{OPERATION}> <http://www.w3.org/2000/01/rdf-schema#label> "{SCRIPT}"@en .\n'
        f'  <{PHASE_2}> <http://www.w3.org/2000/01/rdf-schema#label> "{SCRIPT}"@en .\n'
        "}\n",
        encoding="utf-8",
    )
    (inputs / "queries" / "zz-hostile.rq").write_text(HOSTILE_QUERY, encoding="utf-8")
    config = load_config({"input_dir": str(inputs), "data_dir": str(inputs / "data")}, environ={})
    stores.build(config)
    app = create_app(config)
    yield app.test_client()
    app.extensions["zhusan"].backend.close()
