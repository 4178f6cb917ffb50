"""The work in an active group: network meetings every four weeks, the action plan whose open
items continue in the draft, and journal entries by the agencies that share each category."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from api.demo.plans import FALLBACK
from api.demo.scale.records import CaseDraft, Member
from api.demo.scale.town import Municipality
from api.models import ActionPlanItem, ActionPlanVersion, JournalEntry, Meeting, MeetingAttendance
from api.models.enums import (
    AttendanceStatus,
    CaseStatus,
    GroupRole,
    JournalKind,
    MeetingKind,
    MeetingStatus,
    PlanItemStatus,
    PlanStatus,
)

MEETING_EVERY = 28  # DOMAIN.md, "Active work": a network meeting at least every four weeks

S, G, M = CaseStatus, GroupRole, MeetingStatus
# (kind, category, the author's role in the group, text): each by an agency that shares it.
JOURNAL = (
    (JournalKind.note, "social_services", G.coordinator, "Uppföljningssamtal med ungdomen."),
    (JournalKind.police_report, "police", G.police, "Misstänkt för ringa brott; anmälan gjord."),
    (JournalKind.school_attendance, "school", G.school, "Närvaron de senaste veckorna redovisad."),
    (JournalKind.concern_report, "social_services", G.school, "Orosanmälan om sena kvällar."),
    (JournalKind.note, "leisure", G.coordinator, "Ungdomen tränar två kvällar i veckan."),
)
# (the responsible member's role, category, text, plain text)
ITEMS = (
    (G.young_person, "school", "Närvara i skolan enligt schemat.", "Du går till skolan."),
    (G.police, "police", "Samtal varannan vecka om vägen framåt.", "Polisen pratar med dig."),
    (G.school, "school", "Upprätta en studieplan med eleven.", "Skolan gör en plan med dig."),
    (G.coordinator, "social_services", "Kalla till nätverksmöte var fjärde vecka.", "Möten."),
    (G.guardian, "social_services", "Delta i föräldrastödet.", "Ni får stöd som föräldrar."),
)


def add_work(town: Municipality, case: CaseDraft) -> None:
    """Meetings first: the plan is published at the first network meeting held."""
    held = _meetings(town, case)
    _plan(town, case, held)
    _journal(town, case)


def _meetings(town: Municipality, case: CaseDraft) -> list[tuple[uuid.UUID, int]]:
    """Intake at activation, a network meeting every four weeks until the end, and for
    85 % of the active groups the next one booked (the others show as overdue). Returns
    the network meetings held."""
    rng, activated = town.rng, case.activated or 0
    plan = [(activated, MeetingKind.intake, M.held)]
    day = activated + MEETING_EVERY
    while day < case.end:
        plan.append((day, MeetingKind.network, M.cancelled if rng.random() < 0.04 else M.held))
        day += MEETING_EVERY
    if case.status is S.active and rng.random() < 0.85:
        plan.append((max(day, 1), MeetingKind.network, M.scheduled))
    held = []
    for day, kind, status in plan:
        meeting, hour, made = (
            town.new_id(),
            rng.randint(9, 15),
            town.clock.at(min(day, 0) - 7, 10),
        )
        minutes = "Uppföljning av planen." if status is M.held else None
        town.out.add_entity(
            Meeting,
            meeting,
            made,
            case_id=case.id,
            kind=kind,
            starts_at=town.clock.at(day, hour),
            ends_at=town.clock.at(day, hour + 1, 30),
            location="Socialtjänsten, mötesrum Eken",
            status=status,
            minutes="Inskrivning och mål." if kind is MeetingKind.intake else minutes,
            sequence=0,
        )
        _attendances(town, case, (meeting, day, made), status)
        if kind is MeetingKind.network and status is M.held:
            held.append((meeting, day))
    return held


def _attendances(
    town: Municipality,
    case: CaseDraft,
    meeting: tuple[uuid.UUID, int, datetime],  # id, day, made
    status: MeetingStatus,
) -> None:
    """Everyone in the group that day is invited; at a meeting held one in ten was absent."""
    (meeting_id, day, made), rng = meeting, town.rng
    for m in (m for m in case.members if m.present_on(day)):
        state = AttendanceStatus.invited
        if status is M.held:
            absent = rng.random() < 0.1
            state = AttendanceStatus.absent if absent else AttendanceStatus.attended
        row = {"meeting_id": meeting_id, "member_id": m.id, "status": state}
        town.out.add_entity(MeetingAttendance, town.new_id(), made, **row)


def _plan(town: Municipality, case: CaseDraft, held: list[tuple[uuid.UUID, int]]) -> None:
    """Version 1 published at the first network meeting, and the draft (the living
    plan) continuing its open items; a group not yet at that meeting has a draft only."""
    closed = case.status is S.closed
    current = [m for m in case.members if m.left is None or closed]
    owners = [
        (next(m for m in current if m.role is role), (category, text_, plain))
        for role, category, text_, plain in ITEMS
        if any(m.role is role for m in current)
    ]
    open_items: list[tuple[Member, tuple[str, str, str], uuid.UUID | None, Any]] = []
    day = held[0][1] if held else min(case.end, -1)
    if held:
        version = _version(town, case, day, held[0][0])
        for position, (member, spec) in enumerate(owners, start=1):
            status = town.rng.choice(list(PlanItemStatus))
            due = day + town.rng.randint(14, 120)
            item = _item(town, case, (version, position, day), member, spec, due=due, status=status)
            if status is not PlanItemStatus.done:
                open_items.append((member, spec, item, status))
    else:
        open_items = [(m, spec, None, PlanItemStatus.planned) for m, spec in owners]
    draft = _version(town, case, day, None)
    for position, (member, spec, source, status) in enumerate(open_items, start=1):
        due = case.end if closed else town.rng.randint(-20, 90)
        place = (draft, position, day)
        _item(town, case, place, member, spec, due=due, status=status, carried_from=source)


def _version(town: Municipality, case: CaseDraft, day: int, meeting: uuid.UUID | None) -> uuid.UUID:
    """Published when decided at a meeting, else the draft (made a minute after)."""
    version, published = town.new_id(), meeting is not None
    at = town.clock.at(day, 16, 0 if published else 1)
    town.out.add_entity(
        ActionPlanVersion,
        version,
        at,
        case_id=case.id,
        number=1 if published else None,
        status=PlanStatus.published if published else PlanStatus.draft,
        published_at=at if published else None,
        published_by_id=case.coordinator if published else None,
        meeting_id=meeting,
    )
    return version


def _item(
    town: Municipality,
    case: CaseDraft,
    place: tuple[uuid.UUID, int, int],  # version, position, day made
    member: Member,
    spec: tuple[str, str, str],
    *,
    due: int,
    status: PlanItemStatus,
    carried_from: uuid.UUID | None = None,
) -> uuid.UUID:
    (version, position, day), (category, text_, plain) = place, spec
    item = town.new_id()
    town.out.add_entity(
        ActionPlanItem,
        item,
        town.clock.at(day, 16, 2),
        plan_version_id=version,
        case_id=case.id,
        position=position,
        text=text_,
        plain_text=plain,
        responsible_member_id=member.id,
        due_on=town.clock.day(due),
        status=status,
        category_code=category,
        completion_evidence="Följs upp på nätverksmötet.",
        fallback_action=FALLBACK,
        carried_from_id=carried_from,
    )
    return item


def _journal(town: Municipality, case: CaseDraft) -> None:
    """Two to seven entries, each by a member whose agency shares that category."""
    rng, activated = town.rng, case.activated or 0
    authors = {m.role: m for m in case.members if m.user_id and m.organization_id}
    for _ in range(rng.randint(2, 7)):
        kind, category, role, body = rng.choice(JOURNAL)
        author = authors.get(role)
        if author is None:
            continue
        day = rng.randint(activated, min(case.end, -1))
        at = town.clock.at(day, rng.randint(8, 16), rng.randint(0, 59))
        town.out.add_entity(
            JournalEntry,
            town.new_id(),
            at,
            case_id=case.id,
            author_id=author.user_id,
            author_organization_id=author.organization_id,
            category_code=category,
            kind=kind,
            occurred_at=at,
            body=body,
        )
