"""The API describes itself: OpenAPI at /api/openapi.json, documentation at /api/docs."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_docs_page_and_the_schema_are_served(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_every_operation_documents_its_refusals(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"401", "422"} <= documented, (method, path)
            if method != "get":
                assert "403" in documented, (method, path)


def test_the_field_errors_shape_is_in_the_schema(client):
    schema = client.get("/api/openapi.json").json()
    errors = schema["components"]["schemas"]["ErrorsOut"]
    assert errors["properties"]["errors"]["additionalProperties"]["type"] == "array"
