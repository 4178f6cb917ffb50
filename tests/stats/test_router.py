"""GET /api/v1/stats and /api/v1/stats.csv: exact figures on known data, exact suppression,
who aggregates which units, the CSV as the JSON's table, bad periods, the access log, and a
fixed number of queries."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api import clock, config
from api.models import AuditEvent, Case, IntegrationClient, Organization, User
from api.models.enums import (
    AuditOutcome,
    CaseStatus,
    ClosureReason,
    OrganizationKind,
    PlanItemStatus,
    PlanStatus,
    Role,
    TargetGroup,
)
from api.stats.measures import twelve_months_before
from tests import factories as f
from tests.statements import statements_sent
from tests.world import World

Client = Callable[[User | IntegrationClient], TestClient]
TODAY = clock.today()
FROM = TODAY - timedelta(days=100)
PERIOD = {"from": FROM.isoformat(), "to": TODAY.isoformat()}
STATUSES = ["proposed", "assessing", "decided", "active", "closed", "rejected"]
REASONS = [r.value for r in ClosureReason]


def day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def at(days_ago: int) -> datetime:
    return datetime.combine(day(days_ago), time(10), clock.STOCKHOLM).astimezone(UTC)


@dataclass
class Town:
    municipality: Organization
    unit: Organization
    other_unit: Organization
    manager: User
    officer: User
    cases: list[Case] = field(default_factory=list)


@pytest.fixture
def town(session: Session) -> Town:
    municipality = f.make_org(session, OrganizationKind.municipality)
    unit = f.make_org(session, OrganizationKind.social_services, parent=municipality)
    other = f.make_org(session, OrganizationKind.social_services, parent=municipality)
    return Town(
        municipality=municipality,
        unit=unit,
        other_unit=other,
        manager=f.make_user(session, unit, Role.unit_manager, unit=unit),
        officer=f.make_user(session, unit, Role.case_officer, unit=unit),
    )


def add_case(
    session: Session,
    town: Town,
    *,
    status: CaseStatus = CaseStatus.active,
    created: int = 60,
    activated: int | None = None,
    closed: int | None = None,
    reason: ClosureReason | None = None,
    target: TargetGroup = TargetGroup.at_risk,
    consent: int | None = None,
    waited: int | None = None,
    unit: Organization | None = None,
) -> Case:
    """A case ``created`` days ago; ``consent`` signed that many days ago, and the
    intervention started ``waited`` days after it (the case activated that day, unless
    ``activated`` days ago is given)."""
    case = f.make_case(session, unit or town.unit, status=status)
    case.created_at = at(created)
    case.target_group = target
    if activated is not None:
        case.activated_at = at(activated)
    if closed is not None:
        case.closed_at, case.closure_reason = at(closed), reason
    if consent is not None:
        f.make_consent(
            session,
            case,
            organizations=[],
            categories=[],
            collected_by=town.officer,
            valid_from=day(consent),
        )
        if waited is not None:
            case.intervention_start_on = day(consent) + timedelta(days=waited)
            case.activated_at = at(consent - waited if activated is None else activated)
    session.flush()
    town.cases.append(case)
    return case


def cells(section: dict[str, Any]) -> tuple[int | None, list[int | None]]:
    assert all(
        c["suppressed"] is (c["count"] is None) for c in [section["total"], *section["cells"]]
    )
    return section["total"]["count"], [c["count"] for c in section["cells"]]


def get(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/stats", params=PERIOD | params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


ACTIVE_WAITS = [3, 5, 7, 10, 14, 20, 25, 28, 29, 35, 40, 50]


def build_unit(session: Session, town: Town) -> None:
    """12 active cases (3 of defectors), 6 closed in the period, 2 new proposals, one case
    closed before the period, and 7 active cases in the other unit."""
    for n, waited in enumerate(ACTIVE_WAITS):
        target = TargetGroup.defector if n < 3 else TargetGroup.at_risk
        case = add_case(
            session, town, created=60, activated=50, target=target, consent=55, waited=waited
        )
        if n < 7:  # the next network meeting booked: on the 28-day cadence
            f.make_meeting(session, case)
    for n in range(6):
        reason = ClosureReason.moved_away if n == 0 else ClosureReason.plan_completed
        consent, waited = (99, 29) if n < 2 else (78, 8)
        add_case(
            session,
            town,
            status=CaseStatus.closed,
            created=100,
            closed=20,
            reason=reason,
            consent=consent,
            waited=waited,
        )
    for _ in range(2):
        add_case(session, town, status=CaseStatus.proposed, created=10)
    add_case(
        session,
        town,
        status=CaseStatus.closed,
        created=300,
        activated=290,
        closed=150,
        reason=ClosureReason.time_ended,
    )
    for _ in range(7):
        add_case(session, town, created=60, activated=40, unit=town.other_unit)


class TestFigures:
    def test_exact_visible_figures_and_exact_suppression(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        build_unit(session, town)

        body = get(client_as(town.manager))
        sections = body["sections"]

        assert body["period"] == PERIOD
        assert body["unit_id"] is None
        assert body["min_cell"] == 5
        # 20 young people: proposed 2 is small, so closed 6 goes with it.
        assert cells(sections["cases_by_status"]) == (20, [None, 0, 0, 12, None, 0])
        assert [c["value"] for c in sections["cases_by_status"]["cells"]] == STATUSES
        # 3 defectors among 20: with two cells, both go; the total stays.
        assert cells(sections["cases_by_target_group"]) == (20, [None, None])
        # Closed in the period: 5 plan completed, 1 moved away (the earlier closure is out).
        assert cells(sections["closures_by_reason"]) == (6, [None, 0, 0, None, 0, 0])
        assert [c["value"] for c in sections["closures_by_reason"]["cells"]] == REASONS
        # Proposed in the period: 20, 18 reached consent.
        assert cells(sections["proposals"]) == (20, [None, None])
        # First consent in the period: 18; within 28 days 12, later 6.
        assert cells(sections["consent_to_intervention"]) == (18, [12, 6, 0])
        timing = body["consent_to_intervention"]
        # 3 5 7 8 8 8 8 10 [14] 20 25 28 29 29 29 35 [40] 50: ranks 9 and 17 of 18.
        assert timing["median_days"] == {"value": 14, "suppressed": False}
        assert timing["p90_days"] == {"value": 40, "suppressed": False}
        assert timing["within_goal_share"] == {"value": 0.667, "suppressed": False}
        assert timing["goal_days"] == 28
        # Active now: 12, of which 7 have their next meeting booked.
        assert cells(sections["meeting_cadence"]) == (12, [7, 5])
        assert body["meeting_cadence"]["kept_share"] == {"value": 0.583, "suppressed": False}
        assert cells(sections["consent_withdrawals"]) == (0, [])
        assert body["placements_avoided"] == {"recorded": False, "count": None}

    def test_the_municipality_sees_every_unit(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        build_unit(session, town)
        client = f.make_client(session, town.municipality, ["stats:read"])

        body = get(client_as(client))

        assert cells(body["sections"]["cases_by_status"]) == (27, [None, 0, 0, 19, None, 0])
        # The other unit's 7 are active but have no meeting booked.
        assert cells(body["sections"]["meeting_cadence"]) == (19, [7, 12])

    def test_one_unit_asked_for(self, session: Session, town: Town, client_as: Client) -> None:
        build_unit(session, town)
        client = client_as(f.make_client(session, town.municipality, ["stats:read"]))

        body = get(client, unit_id=str(town.other_unit.id))

        assert body["unit_id"] == str(town.other_unit.id)
        assert cells(body["sections"]["cases_by_status"]) == (7, [0, 0, 0, 7, 0, 0])
        assert cells(body["sections"]["proposals"]) == (7, [0, 7])

    def test_the_oldest_figures_need_enough_people(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        for waited in (3, 30, 40, 50):
            add_case(session, town, consent=50, waited=waited)

        body = get(client_as(town.manager))

        assert cells(body["sections"]["consent_to_intervention"]) == (None, [None, None, None])
        timing = body["consent_to_intervention"]
        hidden = {"value": None, "suppressed": True}
        assert timing["median_days"] == timing["p90_days"] == hidden
        assert timing["within_goal_share"] == hidden

    def test_not_started_past_the_goal_is_beyond_it_and_recent_ones_pending(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        for _ in range(5):
            add_case(session, town, status=CaseStatus.decided, consent=40)
        for _ in range(5):
            add_case(session, town, status=CaseStatus.decided, consent=10)
        for _ in range(5):
            add_case(session, town, consent=60, waited=10)

        body = get(client_as(town.manager))

        assert cells(body["sections"]["consent_to_intervention"]) == (15, [5, 5, 5])
        timing = body["consent_to_intervention"]
        assert timing["median_days"] == {"value": 10, "suppressed": False}
        assert timing["within_goal_share"] == {"value": 0.5, "suppressed": False}

    def test_a_young_person_with_two_cases_counts_once(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        for _ in range(5):
            add_case(session, town)
        old = add_case(session, town, status=CaseStatus.closed, created=90, closed=70)
        again = add_case(session, town, status=CaseStatus.proposed, created=5)
        again.young_person_id = old.young_person_id
        session.flush()

        body = get(client_as(town.manager))

        # 6 young people: the latest case (a proposal) speaks for the returning one.
        assert cells(body["sections"]["cases_by_status"]) == (6, [None, 0, 0, None, 0, 0])


class TestPlanItems:
    def test_items_of_the_current_plans_due_in_the_period(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        for n in range(6):
            case = add_case(session, town)
            member = f.add_member(session, case, town.officer)
            old = f.make_plan(session, case, status=PlanStatus.published, number=1)
            f.make_plan_item(session, old, member, due_on=day(30), status=PlanItemStatus.done)
            plan = f.make_plan(session, case)
            f.make_plan_item(session, plan, member, due_on=day(30), status=PlanItemStatus.done)
            f.make_plan_item(session, plan, member, due_on=None)  # no due date: no period
            f.make_plan_item(session, plan, member, due_on=day(200))  # before the period
            if n == 5:
                f.make_plan_item(session, plan, member, due_on=day(9), status=PlanItemStatus.done)
                continue
            f.make_plan_item(session, plan, member, due_on=day(40), status=PlanItemStatus.not_done)
            f.make_plan_item(session, plan, member, due_on=day(5))  # planned: overdue
            f.make_plan_item(session, plan, member, due_on=TODAY, status=PlanItemStatus.in_progress)

        body = get(client_as(town.manager))

        section = body["sections"]["plan_items"]
        assert [c["value"] for c in section["cells"]] == ["done", "not_done", "overdue", "upcoming"]
        # 7 done items of 6 people; 5 each of the rest, but of 5 people only: not below 5.
        assert cells(section) == (22, [7, 5, 5, 5])

    def test_many_items_of_few_young_people_are_suppressed(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        for n in range(5):
            case = add_case(session, town)
            member = f.add_member(session, case, town.officer)
            plan = f.make_plan(session, case)
            f.make_plan_item(session, plan, member, due_on=day(3), status=PlanItemStatus.done)
            if n == 0:  # one young person's eight overdue items
                for _ in range(8):
                    f.make_plan_item(session, plan, member, due_on=day(3))

        body = get(client_as(town.manager))

        # Overdue: 8 items but 1 young person; the done cell (5) goes with it.
        assert cells(body["sections"]["plan_items"]) == (13, [None, 0, None, 0])


class TestSuppressionOverHttp:
    @pytest.mark.parametrize("n", [1, 2, 3, 4])
    def test_small_counts_hide_the_whole_table(
        self, n: int, session: Session, town: Town, client_as: Client
    ) -> None:
        for _ in range(n):
            add_case(session, town)

        body = get(client_as(town.manager))

        assert cells(body["sections"]["cases_by_status"]) == (None, [None] * 6)
        assert body["sections"]["cases_by_status"]["total"]["suppressed"] is True

    def test_five_is_shown(self, session: Session, town: Town, client_as: Client) -> None:
        for _ in range(5):
            add_case(session, town)

        body = get(client_as(town.manager))

        assert cells(body["sections"]["cases_by_status"]) == (5, [0, 0, 0, 5, 0, 0])

    def test_one_small_cell_among_large_ones_cannot_be_derived(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        for _ in range(9):
            add_case(session, town)
        for _ in range(6):
            add_case(session, town, status=CaseStatus.closed, created=80, closed=10)
        add_case(session, town, status=CaseStatus.rejected, created=50)

        body = get(client_as(town.manager))

        total, shown = cells(body["sections"]["cases_by_status"])
        assert (total, shown) == (16, [0, 0, 0, 9, None, None])
        assert total is not None
        assert total - sum(c for c in shown if c is not None) == 7  # rejected 1 + closed 6

    def test_the_setting_moves_the_threshold(
        self, session: Session, town: Town, client_as: Client, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        for _ in range(4):
            add_case(session, town)
        monkeypatch.setenv("SAMVERKA_STATS_MIN_CELL", "3")
        config.get_settings.cache_clear()
        try:
            body = get(client_as(town.manager))
        finally:
            monkeypatch.delenv("SAMVERKA_STATS_MIN_CELL")
            config.get_settings.cache_clear()

        assert body["min_cell"] == 3
        assert cells(body["sections"]["cases_by_status"]) == (4, [0, 0, 0, 4, 0, 0])
        assert get(client_as(town.manager))["min_cell"] == 5

    @pytest.mark.parametrize(("withdrawn", "shown"), [(4, None), (5, 5)])
    def test_withdrawals(
        self, withdrawn: int, shown: int | None, session: Session, town: Town, client_as: Client
    ) -> None:
        for _ in range(withdrawn):
            case = add_case(session, town, consent=50)
            f.make_consent(
                session,
                case,
                organizations=[],
                categories=[],
                collected_by=town.officer,
                withdrawn=True,
            )

        body = get(client_as(town.manager))

        assert cells(body["sections"]["consent_withdrawals"]) == (shown, [])


class TestWhoAggregatesWhat:
    def test_a_unit_manager_sees_their_unit_only(self, world: World, client_as: Client) -> None:
        body = get(client_as(world.users["unit_manager"]))
        # tests/world.py: six cases in the unit, one in the other unit.
        assert cells(body["sections"]["cases_by_status"]) == (6, [0, 0, 0, 6, 0, 0])

    def test_another_units_id_is_not_found(self, world: World, client_as: Client) -> None:
        manager = client_as(world.users["unit_manager"])
        for unit_id in (world.other_unit.id, uuid.uuid4()):
            response = manager.get("/api/v1/stats", params={"unit_id": str(unit_id)})
            assert response.status_code == 404, response.text
            assert response.headers["content-type"] == "application/problem+json"
        assert get(manager, unit_id=str(world.unit.id))["unit_id"] == str(world.unit.id)

    def test_the_municipalitys_client_sees_all_units(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        client = client_as(f.make_client(session, world.municipality, ["stats:read"]))
        body = get(client)
        assert cells(body["sections"]["cases_by_status"]) == (7, [0, 0, 0, 7, 0, 0])

    def test_a_units_client_sees_the_whole_municipality(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        client = client_as(f.make_client(session, world.unit, ["stats:read"]))
        assert cells(get(client)["sections"]["cases_by_status"])[0] == 7

    @pytest.mark.parametrize("kind", [OrganizationKind.police, OrganizationKind.school])
    def test_other_organisations_clients_with_the_scope_are_refused(
        self, kind: OrganizationKind, world: World, session: Session, client_as: Client
    ) -> None:
        org = f.make_org(session, kind, parent=world.municipality)  # even under the municipality
        response = client_as(f.make_client(session, org, ["stats:read"])).get("/api/v1/stats")
        assert response.status_code == 403, response.text

    def test_the_police_system_lacks_the_scope(self, world: World, client_as: Client) -> None:
        assert world.police_client is not None
        response = client_as(world.police_client).get("/api/v1/stats")
        assert response.status_code == 403
        assert "stats:read" in response.json()["detail"]

    @pytest.mark.parametrize("role", ["case_officer", "coordinator", "admin", "auditor"])
    def test_other_roles_are_refused(self, role: str, world: World, client_as: Client) -> None:
        assert client_as(world.users[role]).get("/api/v1/stats.csv").status_code == 403


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def json_rows(body: dict[str, Any]) -> list[dict[str, str]]:
    def row(section: str, dimension: str, value: str, count: Any, hidden: bool) -> dict[str, str]:
        shown = "" if count is None else str(count)
        return {
            "section": section,
            "dimension": dimension,
            "value": value,
            "count": shown,
            "suppressed": str(hidden).lower(),
        }

    rows = [
        row(name, s["dimension"], c["value"], c.get("count"), c["suppressed"])
        for name, s in body["sections"].items()
        for c in [s["total"], *s["cells"]]
    ]
    timing = body["consent_to_intervention"]
    rows.append(row("consent_to_intervention", "figure", "goal_days", 28, False))
    for name in ("median_days", "p90_days", "within_goal_share"):
        figure = timing[name]
        rows.append(
            row(
                "consent_to_intervention", "figure", name, figure.get("value"), figure["suppressed"]
            )
        )
    share = body["meeting_cadence"]["kept_share"]
    rows.append(
        row("meeting_cadence", "figure", "kept_share", share.get("value"), share["suppressed"])
    )
    rows.append(row("placements_avoided", "recorded", "false", None, False))
    return rows


class TestCsv:
    def test_the_csv_is_the_json_table(
        self, session: Session, town: Town, client_as: Client
    ) -> None:
        build_unit(session, town)
        manager = client_as(town.manager)

        response = manager.get("/api/v1/stats.csv", params=PERIOD)

        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert "attachment" in response.headers["content-disposition"]
        assert response.text.splitlines()[0] == "section,dimension,value,count,suppressed"
        rows = csv_rows(response.text)
        assert rows == json_rows(get(manager))
        assert {
            "section": "cases_by_status",
            "dimension": "status",
            "value": "proposed",
            "count": "",
            "suppressed": "true",
        } in rows
        assert {
            "section": "consent_to_intervention",
            "dimension": "figure",
            "value": "median_days",
            "count": "14",
            "suppressed": "false",
        } in rows

    def test_the_csv_refuses_what_the_json_refuses(self, world: World, client_as: Client) -> None:
        manager = client_as(world.users["unit_manager"])
        response = manager.get("/api/v1/stats.csv", params={"unit_id": str(world.other_unit.id)})
        assert response.status_code == 404


class TestPeriod:
    @pytest.mark.parametrize(
        ("params", "field_name"),
        [
            ({"from": "2026-13-01"}, "query.from"),
            ({"to": "yesterday"}, "query.to"),
            ({"from": "2026-03-02", "to": "2026-03-01"}, "query.from"),
            ({"from": (TODAY + timedelta(days=1)).isoformat()}, "query.from"),
            ({"unit_id": "not-a-uuid"}, "query.unit_id"),
            ({"to": "1700006400"}, "query.to"),  # Unix seconds of a midnight: not a date here
        ],
    )
    def test_bad_parameters_name_the_field(
        self, params: dict[str, str], field_name: str, world: World, client_as: Client
    ) -> None:
        for path in ("/api/v1/stats", "/api/v1/stats.csv"):
            response = client_as(world.users["unit_manager"]).get(path, params=params)
            assert response.status_code == 422, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert [e["field"] for e in response.json()["errors"]] == [field_name]

    def test_the_default_is_the_twelve_months_to_today(
        self, world: World, client_as: Client
    ) -> None:
        response = client_as(world.users["unit_manager"]).get("/api/v1/stats")
        assert response.status_code == 200, response.text
        period = response.json()["period"]
        assert period == {"from": twelve_months_before(TODAY).isoformat(), "to": TODAY.isoformat()}
        assert date.fromisoformat(period["from"]) > TODAY - timedelta(days=367)

    def test_a_single_day(self, world: World, client_as: Client) -> None:
        one = {"from": TODAY.isoformat(), "to": TODAY.isoformat()}
        body = get(client_as(world.users["unit_manager"]), **one)
        assert body["period"] == one


class TestAccessLog:
    def _events(self, session: Session, user: User) -> list[AuditEvent]:
        stmt = select(AuditEvent).where(
            AuditEvent.actor_user_id == user.id, AuditEvent.action == "stats:read"
        )
        return list(session.scalars(stmt))

    def test_one_event_per_request_without_a_case(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        manager = world.users["unit_manager"]
        get(client_as(manager))
        client_as(manager).get("/api/v1/stats.csv")

        events = self._events(session, manager)
        assert len(events) == 2
        for audit in events:
            assert audit.resource_type == "statistics"
            assert audit.case_id is None
            assert audit.resource_id is None
            assert audit.outcome is AuditOutcome.allowed

    def test_a_refused_unit_is_logged_as_denied(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        manager = world.users["unit_manager"]
        client_as(manager).get("/api/v1/stats", params={"unit_id": str(world.other_unit.id)})

        (audit,) = self._events(session, manager)
        assert audit.outcome is AuditOutcome.denied
        assert audit.resource_id == world.other_unit.id


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    with statements_sent(engine) as sent:
        yield sent


def test_a_fixed_number_of_queries(
    session: Session, town: Town, client_as: Client, statements: list[str]
) -> None:
    manager = client_as(town.manager)
    add_case(session, town, consent=50, waited=3)
    session.commit()
    statements.clear()
    get(manager)
    few = len(statements)

    build_unit(session, town)
    session.commit()
    statements.clear()
    get(manager)

    assert len(statements) == few
