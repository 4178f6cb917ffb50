"""/api/v1/organizations: directory data for every signed-in caller, changed by admins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.models.enums import OrganizationKind, Role
from tests import factories as f
from tests.directory.conftest import Directory, etag, field_errors

BASE = "/api/v1/organizations"


class TestCreate:
    def test_admin_adds_a_unit_under_the_municipality(
        self, admin: TestClient, directory: Directory
    ) -> None:
        body = {
            "name": "  Socialtjänsten, Barn och unga Väster ",
            "kind": "social_services",
            "parent_id": str(directory.municipality.id),
            "municipality_code": "9999",
        }
        created = admin.post(BASE, json=body)
        assert created.status_code == 201, created.text
        org = created.json()
        assert org["name"] == "Socialtjänsten, Barn och unga Väster"
        assert org["is_active"] is True
        assert created.headers["location"] == f"{BASE}/{org['id']}"
        read = admin.get(created.headers["location"])
        assert read.status_code == 200
        assert read.json() == org
        assert etag(read) == etag(created) == '"v1"'

    @pytest.mark.parametrize("who", ["coordinator", "professional", "police_client"])
    def test_others_may_not_add_one(
        self, who: str, directory: Directory, client_as: Callable[[Any], TestClient]
    ) -> None:
        response = client_as(getattr(directory, who)).post(
            BASE, json={"name": "Egen myndighet", "kind": "other"}
        )
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"

    def test_idempotency_key_creates_once(self, admin: TestClient) -> None:
        headers = {"Idempotency-Key": "org-1"}
        body = {"name": "Föreningen Nytt Steg", "kind": "ngo"}
        first = admin.post(BASE, json=body, headers=headers)
        again = admin.post(BASE, json=body, headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["idempotent-replayed"] == "true"

    def test_unknown_parent_and_bad_kind_name_their_fields(
        self, admin: TestClient, directory: Directory
    ) -> None:
        unknown = admin.post(
            BASE,
            json={"name": "X", "kind": "school", "parent_id": str(directory.police_client.id)},
        )
        assert field_errors(unknown) == {("body.parent_id", "unknown")}
        bad_kind = admin.post(BASE, json={"name": "X", "kind": "castle"})
        assert ("body.kind", "enum") in field_errors(bad_kind)
        blank = admin.post(BASE, json={"name": "   ", "kind": "school"})
        assert field_errors(blank) == {("body.name", "blank")}


class TestRead:
    @pytest.mark.parametrize("who", ["coordinator", "professional", "police_client"])
    def test_every_signed_in_caller_lists_and_reads(
        self, who: str, directory: Directory, client_as: Callable[[Any], TestClient]
    ) -> None:
        client = client_as(getattr(directory, who))
        listed = client.get(BASE, params={"limit": 200})
        assert listed.status_code == 200
        assert str(directory.police.id) in {o["id"] for o in listed.json()["items"]}
        one = client.get(f"{BASE}/{directory.police.id}")
        assert one.status_code == 200
        assert one.json()["kind"] == "police"
        assert etag(one) == '"v1"'

    def test_anonymous_is_refused(self, api: TestClient) -> None:
        assert api.get(BASE).status_code == 401

    def test_unknown_id_is_404(self, admin: TestClient, directory: Directory) -> None:
        response = admin.get(f"{BASE}/{directory.admin.id}")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"

    def test_filters_kind_name_and_activity(
        self, session: Session, admin: TestClient, directory: Directory
    ) -> None:
        f.make_org(session, OrganizationKind.police).name = "Polisen Region Syd"
        closed = f.make_org(session, OrganizationKind.police)
        closed.name, closed.is_active = "Polisen Region Nedlagd", False
        session.flush()

        def names(**params: Any) -> set[str]:
            response = admin.get(BASE, params={"limit": 200, **params})
            assert response.status_code == 200, response.text
            return {o["name"] for o in response.json()["items"]}

        assert names(q="region") == {"Polisen Region Syd"}  # contains, ignoring case
        assert names(q="region", include_inactive=True) == {
            "Polisen Region Syd",
            "Polisen Region Nedlagd",
        }
        assert all(n.startswith(("police", "Polisen")) for n in names(kind="police"))
        assert names(q="100%") == set()  # wildcards are taken literally

    def test_pages_by_name_without_repeats(self, session: Session, admin: TestClient) -> None:
        for name in ("Ö-förening", "A-förening", "M-förening"):
            f.make_org(session, OrganizationKind.ngo).name = name
        session.flush()
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"kind": "ngo", "limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = admin.get(BASE, params=params).json()
            seen += [o["name"] for o in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == sorted(seen)
        assert len(seen) == len(set(seen)) == 3

    @pytest.mark.parametrize("cursor", [".\u00b7", "x.y"])  # non-ASCII: once a 500 (make fuzz)
    def test_a_cursor_the_api_did_not_issue_is_a_422(self, cursor: str, admin: TestClient) -> None:
        response = admin.get(BASE, params={"cursor": cursor})
        assert field_errors(response) == {("query.cursor", "invalid_cursor")}


class TestUpdate:
    def test_rename_and_deactivate_with_if_match(
        self, admin: TestClient, directory: Directory
    ) -> None:
        url = f"{BASE}/{directory.police.id}"
        changed = admin.patch(
            url, json={"name": "Polisen Syd", "is_active": False}, headers={"If-Match": '"v1"'}
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["name"] == "Polisen Syd"
        assert etag(changed) == '"v2"'
        listed = admin.get(BASE, params={"limit": 200}).json()["items"]
        assert str(directory.police.id) not in {o["id"] for o in listed}

    def test_stale_etag_is_412_and_missing_is_428(
        self, admin: TestClient, directory: Directory
    ) -> None:
        url = f"{BASE}/{directory.police.id}"
        assert admin.patch(url, json={"name": "A"}, headers={"If-Match": '"v1"'}).status_code == 200
        stale = admin.patch(url, json={"name": "B"}, headers={"If-Match": '"v1"'})
        assert stale.status_code == 412
        assert admin.patch(url, json={"name": "B"}).status_code == 428
        assert admin.get(url).json()["name"] == "A"

    def test_non_admin_may_not_change(
        self, directory: Directory, client_as: Callable[[Any], TestClient]
    ) -> None:
        response = client_as(directory.coordinator).patch(
            f"{BASE}/{directory.police.id}", json={"name": "X"}, headers={"If-Match": '"v1"'}
        )
        assert response.status_code == 403

    def test_an_organisation_cannot_be_part_of_itself(
        self, admin: TestClient, directory: Directory
    ) -> None:
        url = f"{BASE}/{directory.municipality.id}"
        response = admin.patch(
            url, json={"parent_id": str(directory.unit.id)}, headers={"If-Match": '"v1"'}
        )
        assert field_errors(response) == {("body.parent_id", "cycle")}

    def test_a_unit_with_staff_keeps_its_kind(
        self, session: Session, admin: TestClient, directory: Directory
    ) -> None:
        url = f"{BASE}/{directory.unit.id}"
        response = admin.patch(url, json={"kind": "school"}, headers={"If-Match": '"v1"'})
        assert response.status_code == 409
        empty = f.make_org(session, OrganizationKind.social_services)
        f.make_user(session, directory.police, Role.professional)
        response = admin.patch(
            f"{BASE}/{empty.id}", json={"kind": "school"}, headers={"If-Match": '"v1"'}
        )
        assert response.status_code == 200

    def test_null_for_a_required_field_names_it(
        self, admin: TestClient, directory: Directory
    ) -> None:
        response = admin.patch(
            f"{BASE}/{directory.police.id}", json={"name": None}, headers={"If-Match": '"v1"'}
        )
        assert field_errors(response) == {("body.name", "null")}
