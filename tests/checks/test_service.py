"""The scheduled checks: each finding raised for the right rows only, once per occurrence, with
exactly one outbox event each."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api import clock
from api.checks import service as checks
from api.checks.service import run_checks
from api.models import Case, CaseMember, Consent, Meeting, OutboxEvent, ScheduledNotice
from api.models.enums import (
    CaseStatus,
    EventType,
    MeetingKind,
    MeetingStatus,
    PlanItemStatus,
    PlanStatus,
)
from tests import factories as f
from tests.world import World

NOW = clock.now()
TODAY = clock.today()
NONE_RAISED = {"consent.expiring": 0, "meeting.overdue": 0, "task.overdue": 0}


def _run(session: Session, *, now: datetime = NOW, today: date = TODAY) -> dict[str, int]:
    return run_checks(session, now=now, today=today)


def _notices(session: Session, kind: EventType) -> list[ScheduledNotice]:
    stmt = select(ScheduledNotice).where(ScheduledNotice.kind == kind)
    return list(session.scalars(stmt.order_by(ScheduledNotice.occurrence)))


def _case(world: World, session: Session, status: CaseStatus = CaseStatus.active) -> Case:
    return f.make_case(
        session,
        world.unit,
        status=status,
        case_officer=world.users["case_officer"],
        coordinator=world.users["coordinator"],
    )


def _consent(
    world: World, session: Session, case: Case, ends_in: int, *, withdrawn: bool = False
) -> Consent:
    return f.make_consent(
        session,
        case,
        organizations=[world.police],
        categories=["police"],
        collected_by=world.users["case_officer"],
        valid_until=TODAY + timedelta(days=ends_in),
        withdrawn=withdrawn,
    )


def _activated(session: Session, case: Case, days_ago: int) -> Case:
    case.activated_at = NOW - timedelta(days=days_ago)
    session.flush()
    return case


def _held(
    session: Session, case: Case, days_ago: int, kind: MeetingKind = MeetingKind.network
) -> Meeting:
    return f.make_meeting(
        session,
        case,
        starts_at=NOW - timedelta(days=days_ago),
        kind=kind,
        status=MeetingStatus.held,
    )


def _member(world: World, session: Session, case: Case) -> CaseMember:
    return f.add_member(session, case, world.users["professional"])


class TestConsentExpiring:
    def test_raised_for_the_case_whose_consents_all_end_soon(
        self, world: World, session: Session
    ) -> None:
        soon = _consent(world, session, _case(world, session), ends_in=10)
        _consent(world, session, _case(world, session, CaseStatus.closed), ends_in=10)
        _consent(world, session, _case(world, session), ends_in=10, withdrawn=True)
        _consent(world, session, _case(world, session), ends_in=200)

        counts = _run(session)

        assert counts == NONE_RAISED | {"consent.expiring": 1}
        [notice] = _notices(session, EventType.consent_expiring)
        assert (notice.subject_id, notice.case_id) == (soon.id, soon.case_id)
        assert notice.occurrence == (TODAY + timedelta(days=10)).isoformat()

    def test_follows_the_case_flag_and_names_the_consent_ending_last(
        self, world: World, session: Session
    ) -> None:
        both_soon = _case(world, session)
        _consent(world, session, both_soon, ends_in=5)
        last = _consent(world, session, both_soon, ends_in=20)
        renewed = _case(world, session)  # a lasting consent next to the ending one
        _consent(world, session, renewed, ends_in=5)
        _consent(world, session, renewed, ends_in=200)

        assert _run(session)["consent.expiring"] == 1
        [notice] = _notices(session, EventType.consent_expiring)
        assert notice.subject_id == last.id

    def test_the_window_is_the_setting_and_its_last_day_counts(
        self, world: World, session: Session
    ) -> None:
        _consent(world, session, _case(world, session), ends_in=30)
        _consent(world, session, _case(world, session), ends_in=31)

        assert _run(session)["consent.expiring"] == 1

    def test_the_event_names_the_consent_and_its_end_only(
        self, world: World, session: Session
    ) -> None:
        consent = _consent(world, session, _case(world, session), ends_in=10)

        _run(session)

        [event] = session.scalars(
            select(OutboxEvent).where(OutboxEvent.type == EventType.consent_expiring)
        ).all()
        assert (event.subject_type, event.subject_id) == ("consent", consent.id)
        assert event.data == {"valid_until": consent.valid_until.isoformat()}


class TestMeetingOverdue:
    def test_raised_four_weeks_after_activation_without_a_meeting(
        self, world: World, session: Session
    ) -> None:
        case = _activated(session, _case(world, session), days_ago=40)

        assert _run(session)["meeting.overdue"] == 1
        [notice] = _notices(session, EventType.meeting_overdue)
        assert (notice.subject_id, notice.case_id) == (case.id, case.id)
        activation = (NOW - timedelta(days=40)).astimezone(clock.STOCKHOLM).date()
        assert notice.occurrence == activation.isoformat()
        assert notice.category_code is None

    def test_the_occurrence_is_the_last_held_network_or_extra_meeting(
        self, world: World, session: Session
    ) -> None:
        case = _activated(session, _case(world, session), days_ago=200)
        _held(session, case, days_ago=60)
        last = _held(session, case, days_ago=35, kind=MeetingKind.extra)
        _held(session, case, days_ago=30, kind=MeetingKind.intake)  # not a network meeting

        assert _run(session)["meeting.overdue"] == 1
        [notice] = _notices(session, EventType.meeting_overdue)
        assert notice.occurrence == last.starts_at.astimezone(clock.STOCKHOLM).date().isoformat()

    def test_not_raised_on_cadence_when_booked_or_not_active(
        self, world: World, session: Session
    ) -> None:
        recent = _activated(session, _case(world, session), days_ago=100)
        _held(session, recent, days_ago=10)
        booked = _activated(session, _case(world, session), days_ago=100)
        f.make_meeting(session, booked, starts_at=NOW + timedelta(days=3))
        _activated(session, _case(world, session, CaseStatus.closed), days_ago=100)
        _activated(session, _case(world, session), days_ago=20)

        assert _run(session)["meeting.overdue"] == 0

    def test_raised_again_when_a_new_meeting_is_held_and_missed_again(
        self, world: World, session: Session
    ) -> None:
        case = _activated(session, _case(world, session), days_ago=40)
        assert _run(session)["meeting.overdue"] == 1
        held = _held(session, case, days_ago=1)

        assert _run(session)["meeting.overdue"] == 0
        _run(session, now=NOW + timedelta(days=30))  # the world's cases are overdue by then too

        notices = _notices(session, EventType.meeting_overdue)
        occurrences = sorted(n.occurrence for n in notices if n.subject_id == case.id)
        activation = (NOW - timedelta(days=40)).astimezone(clock.STOCKHOLM).date()
        held_on = held.starts_at.astimezone(clock.STOCKHOLM).date()
        assert occurrences == [activation.isoformat(), held_on.isoformat()]


class TestTaskOverdue:
    def test_raised_for_open_items_of_the_living_plan_due_before_today(
        self, world: World, session: Session
    ) -> None:
        case = _case(world, session)
        member = _member(world, session, case)
        f.make_plan(session, case, status=PlanStatus.published, number=1)
        old = f.make_plan(session, case, created_at=NOW - timedelta(days=9))
        living = f.make_plan(session, case)
        late = f.make_plan_item(session, living, member, due_on=TODAY - timedelta(days=1))
        going = f.make_plan_item(
            session,
            living,
            member,
            due_on=TODAY - timedelta(days=3),
            status=PlanItemStatus.in_progress,
            category="police",
        )
        yesterday = TODAY - timedelta(days=1)
        f.make_plan_item(session, living, member, due_on=yesterday, status=PlanItemStatus.done)
        f.make_plan_item(session, living, member, due_on=TODAY)
        f.make_plan_item(session, living, member)  # no due date
        f.make_plan_item(session, old, member, due_on=yesterday)

        assert _run(session)["task.overdue"] == 2
        notices = {n.subject_id: n for n in _notices(session, EventType.task_overdue)}
        assert notices.keys() == {late.id, going.id}
        assert notices[going.id].category_code == "police"
        assert notices[going.id].occurrence == (TODAY - timedelta(days=3)).isoformat()

    def test_not_raised_in_a_closed_case(self, world: World, session: Session) -> None:
        case = _case(world, session, CaseStatus.closed)
        plan = f.make_plan(session, case)
        f.make_plan_item(
            session, plan, _member(world, session, case), due_on=TODAY - timedelta(days=5)
        )

        assert _run(session)["task.overdue"] == 0

    def test_raised_again_when_the_date_is_moved_and_passed_again(
        self, world: World, session: Session
    ) -> None:
        case = _case(world, session)
        plan = f.make_plan(session, case)
        item = f.make_plan_item(
            session, plan, _member(world, session, case), due_on=TODAY - timedelta(days=2)
        )
        assert _run(session)["task.overdue"] == 1

        item.due_on = TODAY + timedelta(days=1)
        session.flush()
        assert _run(session)["task.overdue"] == 0
        assert _run(session, today=TODAY + timedelta(days=2))["task.overdue"] == 1

        occurrences = [n.occurrence for n in _notices(session, EventType.task_overdue)]
        assert occurrences == [
            (TODAY - timedelta(days=2)).isoformat(),
            (TODAY + timedelta(days=1)).isoformat(),
        ]
        event = session.scalars(
            select(OutboxEvent).where(OutboxEvent.type == EventType.task_overdue)
        ).all()[-1]
        assert event.data == {
            "due_on": (TODAY + timedelta(days=1)).isoformat(),
            "category_code": "school",
        }


class TestOnce:
    @pytest.fixture
    def findings(self, world: World, session: Session) -> None:
        """One finding of each kind."""
        case = _activated(session, _case(world, session), days_ago=40)
        _consent(world, session, case, ends_in=10)
        plan = f.make_plan(session, case)
        f.make_plan_item(
            session, plan, _member(world, session, case), due_on=TODAY - timedelta(days=1)
        )

    @pytest.mark.usefixtures("findings")
    def test_a_second_run_raises_nothing_and_writes_no_event(self, session: Session) -> None:
        assert _run(session) == {"consent.expiring": 1, "meeting.overdue": 1, "task.overdue": 1}

        assert _run(session) == NONE_RAISED
        assert _run(session, now=NOW + timedelta(hours=20)) == NONE_RAISED

        notices = session.scalars(select(ScheduledNotice)).all()
        events = session.scalars(select(OutboxEvent)).all()
        assert len(notices) == len(events) == 3
        by_id = {e.id: e for e in events}
        for notice in notices:
            assert notice.event_id is not None
            event = by_id[notice.event_id]
            assert (event.type, event.subject_id, event.case_id) == (
                notice.kind,
                notice.subject_id,
                notice.case_id,
            )

    @pytest.mark.usefixtures("findings")
    def test_a_row_another_worker_inserted_meanwhile_is_not_raised_again(
        self, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The unique key, not the look-up before it, is what makes a run safe beside another:
        a finding that slips past the look-up is dropped by ``ON CONFLICT DO NOTHING``."""
        _run(session)
        monkeypatch.setattr(checks, "_not_yet_raised", lambda _session, _kind, batch: list(batch))

        assert _run(session) == NONE_RAISED
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 3

    @pytest.mark.usefixtures("findings")
    def test_new_notices_per_run_are_bounded(
        self, world: World, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        case = _case(world, session)
        plan = f.make_plan(session, case)
        member = _member(world, session, case)
        for days in (2, 3):
            f.make_plan_item(session, plan, member, due_on=TODAY - timedelta(days=days))
        monkeypatch.setattr(checks, "MAX_NEW_PER_KIND", 2)
        monkeypatch.setattr(checks, "BATCH", 1)

        assert _run(session)["task.overdue"] == 2
        assert _run(session)["task.overdue"] == 1  # the rest, next time
        assert _run(session)["task.overdue"] == 0
