"""The printable plan: Swedish, plain, escaped, in the plan's order, only what may be seen."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.models import ActionPlanVersion
from api.models.enums import GroupRole, PlanStatus
from tests import factories as f
from tests.plans.support import Client, plan_url
from tests.world import World


def _published(world: World, session: Session) -> ActionPlanVersion:
    case = world.cases["consented"]
    version = f.make_plan(session, case, status=PlanStatus.published, number=1)
    young = f.add_person_member(session, case)
    guardian = f.add_person_member(session, case, role=GroupRole.guardian)
    second = f.make_plan_item(session, version, young, text="Andra <script>alert(1)</script>")
    first = f.make_plan_item(session, version, young, text="Första & viktigaste")
    first.position, second.position = 1, 2
    f.make_plan_item(session, version, guardian, text="Föräldrastöd varannan vecka")
    f.make_plan_item(session, version, young, category="health", text="Hälsa: hemligt")
    session.flush()
    return version


def test_no_published_plan_is_not_found(world: World, client_as: Client) -> None:
    response = client_as(world.users["case_officer"]).get(f"{plan_url(world)}/print")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_a_swedish_page_with_the_items_in_order_and_every_text_escaped(
    world: World, client_as: Client, session: Session
) -> None:
    _published(world, session)
    response = client_as(world.users["case_officer"]).get(f"{plan_url(world)}/print")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    page = response.text
    assert '<html lang="sv">' in page
    assert "<h1>Din handlingsplan</h1>" in page
    assert '<th scope="col">Vad</th>' in page
    for heading in ("Vem", "När", "Hur vi ser att det är gjort", "Om det inte går"):
        assert f">{heading}</th>" in page
    assert "<script>" not in page
    assert "Andra &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.index("Första &amp; viktigaste") < page.index("Andra &lt;script")
    assert "Hälsa: hemligt" in page


def test_a_professional_sees_only_consented_items_and_no_guardian_names(
    world: World, client_as: Client, session: Session
) -> None:
    _published(world, session)
    page = client_as(world.users["professional"]).get(f"{plan_url(world)}/print").text
    assert "Första &amp; viktigaste" in page
    assert "Hälsa: hemligt" not in page
    officer_page = client_as(world.users["case_officer"]).get(f"{plan_url(world)}/print").text
    assert "Föräldrastöd varannan vecka" in page
    assert "(vårdnadshavare)" in officer_page  # the guardian's name, for social services
    assert "<td>Vårdnadshavare</td>" in page
    assert "(vårdnadshavare)" not in page
