"""Both OpenAPI documents we serve are valid OpenAPI 3, checked by openapi-spec-validator
(the Open Referral UK directory's and the clinical-systems API's)."""

import pytest
from django.test import Client
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/oruk/openapi.json", "/api/v1/openapi.json"])
def test_the_openapi_document_is_valid(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    validate(document)


def test_the_validator_would_catch_a_broken_document() -> None:
    with pytest.raises(OpenAPIValidationError):
        validate({"openapi": "3.1.0", "info": {"title": "x"}, "paths": {"/a": {"get": {"responses": "no"}}}})
