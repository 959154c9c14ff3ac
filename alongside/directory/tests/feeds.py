"""Small ORUK records for the tests, built the way a publisher would send them."""

import copy
import uuid
from typing import Any

from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, term_id

ORG = {
    "id": "7a1c2f64-0d4e-4c8a-9d61-1b1f5e2a9c01",
    "name": "Brightside Perinatal Trust",
    "description": "A charity for mothers",
    "website": "https://brightside.example.org",
}


def attribute(taxonomy: uuid.UUID, code: str) -> dict[str, Any]:
    """An HSDS 3.0 attribute linking a service to one of our taxonomies' terms."""
    term = str(term_id(taxonomy, code))
    return {
        "id": str(uuid.uuid5(uuid.UUID(term), "attribute")),
        "taxonomy_term_id": term,
        "taxonomy_term": {
            "id": term,
            "code": code,
            "name": code.replace("-", " ").capitalize(),
            "description": "",
            "taxonomy_id": str(taxonomy),
        },
    }


def record(n: int = 1, **overrides: Any) -> dict[str, Any]:
    """A good service record; `n` makes its ids (and those of its children) its own."""
    base: dict[str, Any] = {
        "id": str(uuid.UUID(int=n)),
        "name": f"Service {n}",
        "description": "Peer support for mothers",
        "url": f"https://brightside.example.org/{n}",
        "email": "hello@brightside.example.org",
        "status": "active",
        "organization": copy.deepcopy(ORG),
        "attributes": [
            attribute(CONDITIONS, "postpartum-psychosis"),
            attribute(COMMUNITIES, "fathers"),
            attribute(MODES, "cafe-group"),
        ],
        "languages": [{"id": str(uuid.UUID(int=1000 + n)), "name": "Urdu", "code": "ur"}],
        "service_areas": [{"id": str(uuid.UUID(int=2000 + n)), "name": "B12"}],
        "service_at_locations": [
            {
                "id": str(uuid.UUID(int=3000 + n)),
                "location": {
                    "id": str(uuid.UUID(int=4000 + n)),
                    "location_type": "physical",
                    "name": "Brightside Hub",
                    "addresses": [
                        {
                            "id": str(uuid.UUID(int=5000 + n)),
                            "address_1": "14 Moseley Road",
                            "city": "Birmingham",
                            "state_province": "",
                            "postal_code": "b120hj",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }
    base.update(overrides)
    return base


def page(*records: dict[str, Any]) -> dict[str, Any]:
    return {
        "total_items": len(records),
        "total_pages": 1,
        "page_number": 1,
        "size": len(records),
        "first_page": True,
        "last_page": True,
        "empty": not records,
        "contents": list(records),
    }
