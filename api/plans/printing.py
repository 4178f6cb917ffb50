"""The printable action plan: a plain-language page in Swedish for the young person and the
guardians (DOMAIN.md: written so they "easily understand what was decided").

Every text that came from a user is escaped with ``html.escape`` before it is placed in the
page, so a plan item can never inject markup or script into someone else's browser.
"""

from __future__ import annotations

import uuid
from datetime import date
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.access.dependencies import CaseContext
from api.access.policy import sees_family_identity
from api.models import ActionPlanItem, ActionPlanVersion, CaseMember, Organization, Person, User
from api.models.enums import GroupRole, PlanItemStatus

STATUS_SV = {
    PlanItemStatus.planned: "Planerad",
    PlanItemStatus.in_progress: "Pågår",
    PlanItemStatus.done: "Klar",
    PlanItemStatus.not_done: "Blev inte gjord",
}
STYLE = (
    "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #555;padding:.5rem;"
    "text-align:left;vertical-align:top}@media print{body{margin:0}}"
)
# Sent with the page: no scripts, no outside resources, only the inline style above.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def responsible_names(
    session: Session, ctx: CaseContext, member_ids: set[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Who is responsible, as the family would say it. Guardians' names stay with social
    services (``sees_family_identity``); other readers see "Vårdnadshavare"."""
    rows = session.execute(
        select(
            CaseMember, User.display_name, Organization.name, Person.given_name, Person.family_name
        )
        .outerjoin(User, User.id == CaseMember.user_id)
        .outerjoin(Organization, Organization.id == CaseMember.organization_id)
        .outerjoin(Person, Person.id == CaseMember.person_id)
        .where(CaseMember.id.in_(member_ids))
    ).all()
    names: dict[uuid.UUID, str] = {}
    for member, user_name, org_name, given, family in rows:
        if member.group_role is GroupRole.young_person:
            names[member.id] = f"Du{f' ({given})' if given else ''}"
        elif member.group_role is GroupRole.guardian:
            full = sees_family_identity(ctx.basis) and given
            names[member.id] = f"{given} {family} (vårdnadshavare)" if full else "Vårdnadshavare"
        elif user_name:
            names[member.id] = f"{user_name}, {org_name}" if org_name else user_name
        else:
            names[member.id] = member.external_name or "Kontaktperson"
    return names


def when(due_on: date | None) -> str:
    return due_on.isoformat() if due_on else "Löpande"


def published_on(version: ActionPlanVersion) -> date | None:
    """The publication date as the family counts days: in Stockholm, not in UTC."""
    if version.published_at is None:
        return None
    return version.published_at.astimezone(clock.STOCKHOLM).date()


def item_cells(item: ActionPlanItem, who: str) -> list[str]:
    """What, who, by when, how we see it is done, and what to do if it cannot be done, as
    plain text: shared by the page and the PDF (api/plans/pdf.py), escaped by ``table_row``."""
    return [
        item.plain_text,
        who,
        when(item.due_on),
        item.completion_evidence or "",
        item.fallback_action or "",
    ]


def table_row(cells: list[str]) -> str:
    """One row of the plan's table; every cell is escaped, since each may come from a user."""
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def _row(item: ActionPlanItem, who: str) -> str:
    return table_row([*item_cells(item, who), STATUS_SV[item.status]])


def render(
    session: Session, ctx: CaseContext, version: ActionPlanVersion, items: list[ActionPlanItem]
) -> str:
    """The page of one published version: what, who, when, how we see it is done, and what
    to do if it cannot be done, in the plan's order."""
    who = responsible_names(session, ctx, {item.responsible_member_id for item in items})
    decided = when(published_on(version))
    rows = "\n".join(_row(item, who.get(item.responsible_member_id, "")) for item in items)
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Handlingsplan, version {version.number}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>Din handlingsplan</h1>
<p>Ärende {escape(ctx.case.reference)}. Version {version.number}, beslutad {decided}.</p>
<p>Här står vad vi har kommit överens om: vad som ska göras, vem som gör det, när det ska vara
klart och hur vi ser att det är gjort. Om något inte går att göra står det vad man gör då.</p>
<h2>Det här ska göras</h2>
<table>
<thead><tr><th scope="col">Vad</th><th scope="col">Vem</th><th scope="col">När</th>
<th scope="col">Hur vi ser att det är gjort</th><th scope="col">Om det inte går</th>
<th scope="col">Läge</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""
