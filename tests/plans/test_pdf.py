"""The plan as a PDF: tagged PDF/UA in Swedish, the items in order, who and by when, the
meetings, page numbers, only what the reader may see, every text escaped, nothing fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject, PdfObject
from sqlalchemy.orm import Session

from api import clock
from api.models import ActionPlanItem, ActionPlanVersion, Case, Meeting
from api.models.enums import GroupRole, MeetingStatus, PlanStatus
from api.plans import pdf
from tests import factories as f
from tests.plans.support import Client, plan_url
from tests.world import World

# 22:30 UTC on 4 May is already 5 May in Stockholm: the date the family sees.
PUBLISHED_AT = datetime(2026, 5, 4, 22, 30, tzinfo=UTC)
INJECTED = "Läxhjälp <script>alert(1)</script> & <b>fet</b>"


@dataclass
class Plan:
    version: ActionPlanVersion
    items: list[ActionPlanItem]  # in the plan's order, the health item last
    decided: Meeting
    upcoming: Meeting


def _published(world: World, session: Session) -> Plan:
    """Version 1, decided at a held meeting, with the items created out of their order."""
    case = world.cases["consented"]
    decided = f.make_meeting(
        session, case, starts_at=PUBLISHED_AT - timedelta(days=3), status=MeetingStatus.held
    )
    version = f.make_plan(session, case, status=PlanStatus.published, number=1)
    version.published_at, version.meeting_id = PUBLISHED_AT, decided.id
    young = f.add_person_member(session, case)
    guardian = f.add_person_member(session, case, role=GroupRole.guardian)
    police = world.police_members["consented"]
    third = f.make_plan_item(session, version, young, text=INJECTED, due_on=date(2026, 6, 30))
    first = f.make_plan_item(session, version, young, text="Gå till skolan varje dag")
    second = f.make_plan_item(
        session, version, guardian, text="Föräldrastöd varannan vecka", due_on=date(2026, 6, 1)
    )
    fourth = f.make_plan_item(
        session, version, police, category="police", text="Samtal med polisen"
    )
    health = f.make_plan_item(session, version, young, category="health", text="Hälsa: hemligt")
    for position, item in enumerate((first, second, third, fourth, health)):
        item.position = position
    first.completion_evidence = "Närvarorapport från skolan"
    first.fallback_action = "Ring mentorn samma morgon"
    session.flush()
    return Plan(
        version, [first, second, third, fourth, health], decided, _meetings_ahead(session, case)
    )


def _meetings_ahead(session: Session, case: Case) -> Meeting:
    """A past and a cancelled meeting that must be skipped, and the next one after them."""
    now = datetime.now(UTC)
    f.make_meeting(session, case, starts_at=now - timedelta(hours=2))
    f.make_meeting(session, case, starts_at=now + timedelta(days=2), status=MeetingStatus.cancelled)
    f.make_meeting(session, case, starts_at=now + timedelta(days=40))
    return f.make_meeting(session, case, starts_at=now + timedelta(days=9), location="Skolan")


def _pdf_url(world: World, number: int = 1) -> str:
    return f"{plan_url(world)}/versions/{number}.pdf"


def _text(content: bytes) -> str:
    """The PDF's text with whitespace collapsed (table cells wrap their lines)."""
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _squash(text: str) -> str:
    """Without any whitespace: a cell may wrap anywhere, even after the "/" of "</script>"."""
    return "".join(text.split())


def _rows(text: str, items: list[ActionPlanItem]) -> list[str]:
    """The text from each item's "what" to the next one's; fails unless in the plan's order."""
    flat = _squash(text)
    positions = [flat.index(_squash(item.plain_text)) for item in items]
    assert positions == sorted(positions), "the items in the plan's order"
    return [
        flat[start:end] for start, end in zip(positions, [*positions[1:], len(flat)], strict=True)
    ]


def _dictionary(value: PdfObject) -> DictionaryObject:
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def _local(instant: datetime, pattern: str) -> str:
    return instant.astimezone(clock.STOCKHOLM).strftime(pattern)


def test_an_unknown_version_is_a_not_found_problem(world: World, client_as: Client) -> None:
    response = client_as(world.users["case_officer"]).get(_pdf_url(world, 9))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_the_number_must_be_a_number(world: World, client_as: Client) -> None:
    response = client_as(world.users["case_officer"]).get(f"{plan_url(world)}/versions/x.pdf")
    assert response.status_code == 422


def test_a_pdf_download_with_its_headers(world: World, client_as: Client, session: Session) -> None:
    plan = _published(world, session)
    response = client_as(world.users["case_officer"]).get(_pdf_url(world))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reference = world.cases["consented"].reference
    assert response.headers["content-disposition"] == (
        f'attachment; filename="handlingsplan-{reference}-v1.pdf"'
    )
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["etag"] == f'"v{plan.version.version}"'


def test_the_json_version_is_still_reached_beside_the_pdf(
    world: World, client_as: Client, session: Session
) -> None:
    _published(world, session)
    response = client_as(world.users["case_officer"]).get(f"{plan_url(world)}/versions/1")
    assert response.status_code == 200
    assert response.json()["number"] == 1


def test_the_items_in_order_with_who_when_and_the_meetings(
    world: World, client_as: Client, session: Session
) -> None:
    plan = _published(world, session)
    text = _text(client_as(world.users["case_officer"]).get(_pdf_url(world)).content)
    assert "Din handlingsplan" in text
    assert f"Ärende {world.cases['consented'].reference}" in text
    assert "Version 1, publicerad 2026-05-05" in text
    rows = _rows(text, plan.items)
    assert _squash("Du (Testnamn") in rows[0]  # the young person, by given name
    assert _squash("Löpande") in rows[0]  # no due date
    assert _squash("Närvarorapport från skolan") in rows[0]
    assert _squash("Ring mentorn samma morgon") in rows[0]
    assert _squash("Testsson (vårdnadshavare)") in rows[1]  # social services see the name
    assert "2026-06-01" in rows[1]
    assert _squash(pdf.NO_FALLBACK) in rows[1]
    assert "2026-06-30" in rows[2]
    decided_on = _local(plan.decided.starts_at, "%Y-%m-%d")
    assert f"Planen beslutades på mötet {decided_on}." in text
    starts = _local(plan.upcoming.starts_at, "%Y-%m-%d kl. %H:%M")
    assert f"Nästa möte: {starts}, Skolan (nätverksmöte)." in text
    assert "Sida 1 av 1" in text


def test_says_so_when_no_next_meeting_is_booked(
    world: World, client_as: Client, session: Session
) -> None:
    case = world.cases["consented"]
    version = f.make_plan(session, case, status=PlanStatus.published, number=1)
    version.published_at = PUBLISHED_AT
    f.make_plan_item(session, version, f.add_person_member(session, case), text="Gå till skolan")
    session.flush()
    text = _text(client_as(world.users["coordinator"]).get(_pdf_url(world)).content)
    assert pdf.NO_NEXT_MEETING in text
    assert "Planen beslutades" not in text  # published without a meeting


def test_a_long_plan_numbers_its_pages(world: World, client_as: Client, session: Session) -> None:
    case = world.cases["consented"]
    version = f.make_plan(session, case, status=PlanStatus.published, number=1)
    young = f.add_person_member(session, case)
    for n in range(60):
        f.make_plan_item(session, version, young, text=f"Steg nummer {n} i planen")
    response = client_as(world.users["case_officer"]).get(_pdf_url(world))
    reader = PdfReader(BytesIO(response.content))
    pages = len(reader.pages)
    assert pages >= 2
    text = _text(response.content)
    assert f"Sida 1 av {pages}" in text
    assert f"Sida {pages} av {pages}" in text


def test_a_tagged_pdf_ua_document_in_swedish(
    world: World, client_as: Client, session: Session
) -> None:
    _published(world, session)
    reader = PdfReader(BytesIO(client_as(world.users["case_officer"]).get(_pdf_url(world)).content))
    catalog = reader.root_object
    assert str(catalog["/Lang"]) == "sv"
    assert _dictionary(catalog["/MarkInfo"])["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert reader.metadata is not None
    assert reader.metadata.title == "Din handlingsplan, version 1"
    assert reader.xmp_metadata is not None
    assert b"pdfuaid:part" in reader.xmp_metadata.stream.get_data()  # the PDF/UA claim


def test_a_professional_sees_only_consented_items_and_no_guardian_names(
    world: World, client_as: Client, session: Session
) -> None:
    _published(world, session)
    text = _text(client_as(world.users["professional"]).get(_pdf_url(world)).content)
    assert "Gå till skolan varje dag" in text
    assert "Samtal med polisen" in text
    assert "Hälsa: hemligt" not in text  # health is not covered by the consent
    assert "Föräldrastöd varannan vecka Vårdnadshavare" in text
    assert "(vårdnadshavare)" not in text
    assert "Testsson" not in text
    officer_text = _text(client_as(world.users["case_officer"]).get(_pdf_url(world)).content)
    assert "Hälsa: hemligt" in officer_text


def test_user_text_is_escaped(world: World, client_as: Client, session: Session) -> None:
    """Were it markup, the script would not be shown and "<b>" would make "fet" bold."""
    _published(world, session)
    text = _text(client_as(world.users["case_officer"]).get(_pdf_url(world)).content)
    assert _squash(INJECTED) in _squash(text)


def test_nothing_is_fetched_while_rendering(
    world: World, client_as: Client, session: Session, tmp_path: Path, monkeypatch: Any
) -> None:
    """Even markup that asks for a local image or a remote stylesheet loads nothing."""
    image = tmp_path / "dot.png"
    Image.new("RGB", (8, 8), "red").save(image)
    page = (
        '<html lang="sv"><head><title>t</title>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        f'<body><p>Text</p><img alt="x" src="{image.as_uri()}"></body></html>'
    )
    monkeypatch.setattr(pdf, "document", lambda *args: page)
    _published(world, session)
    response = client_as(world.users["case_officer"]).get(_pdf_url(world))
    assert response.status_code == 200
    resources = _dictionary(PdfReader(BytesIO(response.content)).pages[0]["/Resources"])
    assert not resources.get("/XObject"), "the image was not loaded"


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("SIG-2026-0007", "handlingsplan-SIG-2026-0007-v3.pdf"),
        ('a"b\r\nX-Evil: 1', "handlingsplan-a_b__X-Evil__1-v3.pdf"),
    ],
)
def test_the_file_name_is_safe_for_the_header(reference: str, name: str) -> None:
    ctx: Any = type("Ctx", (), {"case": type("Case", (), {"reference": reference})})
    version: Any = type("Version", (), {"number": 3})
    assert pdf.filename(ctx, version) == name
