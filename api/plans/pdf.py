"""A published action plan as a PDF for the young person and the guardians.

DOMAIN.md: after each network meeting the revised plan goes to everyone, written so that the
young person and the guardians "easily understand what was decided". The PDF is what they
keep: who does what by when, the meeting where it was decided, and the next meeting.

It is a tagged PDF/UA-1 document with the language ``sv``, so that screen readers can read
it. The page is built from the same pieces as the printable page (api/plans/printing.py):
the same "who" rules (guardians' names only for social services) and the same escaping of
every text that came from a user. Rendering never fetches anything: a plan item cannot make
the server reach out to the network or read a local file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.access.dependencies import CaseContext
from api.models import ActionPlanItem, ActionPlanVersion, Meeting
from api.models.enums import MeetingKind, MeetingStatus
from api.plans import printing

MEDIA_TYPE = "application/pdf"
COLUMNS = ("Vad", "Vem", "När", "Hur vi ser att det är gjort", "Om det inte går")
NO_FALLBACK = "Prata med samordnaren."
NO_NEXT_MEETING = "Inget nästa möte är bokat ännu."
KIND_SV = {
    MeetingKind.network: "nätverksmöte",
    MeetingKind.intake: "uppstartsmöte",
    MeetingKind.extra: "extra möte",
    MeetingKind.preparation: "förberedande möte",
}
STYLE = """
@page {
  size: A4;
  margin: 2cm 1.8cm 2.4cm;
  @bottom-center { content: "Sida " counter(page) " av " counter(pages); font-size: 9pt;
    font-family: "DejaVu Sans", sans-serif; }
}
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 20pt; margin: 0 0 .4em; }
h2 { font-size: 13pt; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #555; padding: .35em .45em; text-align: left; vertical-align: top; }
th { background: #eee; }
"""
# WeasyPrint reports each rendering step (already while it is imported), and font subsetting
# each table it prunes, at INFO: noise in the application's JSON log. Warnings still show.
for _name in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


@dataclass(frozen=True, slots=True)
class Meetings:
    """The meeting where the version was decided, and the case's next scheduled one."""

    decided: Meeting | None
    upcoming: Meeting | None


def meetings_of(session: Session, ctx: CaseContext, version: ActionPlanVersion) -> Meetings:
    """The next meeting is the earliest scheduled one that has not started: one going on now
    is not what the family should prepare for."""
    decided = None
    if version.meeting_id is not None:
        decided = session.scalar(
            select(Meeting).where(Meeting.id == version.meeting_id, Meeting.case_id == ctx.case.id)
        )
    following = session.scalar(
        select(Meeting)
        .where(
            Meeting.case_id == ctx.case.id,
            Meeting.status == MeetingStatus.scheduled,
            Meeting.starts_at > clock.now(),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )
    return Meetings(decided=decided, upcoming=following)


def _local(instant: datetime) -> datetime:
    return instant.astimezone(clock.STOCKHOLM)


def _meeting_lines(meetings: Meetings) -> str:
    lines = []
    if meetings.decided is not None:
        lines.append(f"Planen beslutades på mötet {_local(meetings.decided.starts_at):%Y-%m-%d}.")
    upcoming = meetings.upcoming
    if upcoming is None:
        lines.append(NO_NEXT_MEETING)
    else:
        starts = f"{_local(upcoming.starts_at):%Y-%m-%d kl. %H:%M}"
        place = f", {upcoming.location}" if upcoming.location else ""
        lines.append(f"Nästa möte: {starts}{place} ({KIND_SV[upcoming.kind]}).")
    return "\n".join(f"<p>{escape(line)}</p>" for line in lines)


def _rows(session: Session, ctx: CaseContext, items: list[ActionPlanItem]) -> str:
    who = printing.responsible_names(session, ctx, {item.responsible_member_id for item in items})
    rows = []
    for item in items:
        cells = printing.item_cells(item, who.get(item.responsible_member_id, ""))
        cells[-1] = cells[-1] or NO_FALLBACK
        rows.append(printing.table_row(cells))
    return "\n".join(rows)


def document(
    session: Session, ctx: CaseContext, version: ActionPlanVersion, items: list[ActionPlanItem]
) -> str:
    """The HTML the PDF is rendered from (every user text escaped)."""
    head = "".join(f'<th scope="col">{escape(column)}</th>' for column in COLUMNS)
    published = printing.when(printing.published_on(version))
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Din handlingsplan, version {version.number}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Din handlingsplan</h1>
<p>Ärende {escape(ctx.case.reference)}. Version {version.number}, publicerad {published}.</p>
{_meeting_lines(meetings_of(session, ctx, version))}
<p>Här står vad vi har kommit överens om: vad som ska göras, vem som gör det, när det ska vara
klart och hur vi ser att det är gjort. Om något inte går att göra, står det vad man gör då.</p>
<h2>Det här ska göras</h2>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{_rows(session, ctx, items)}
</tbody>
</table>
</body>
</html>
"""


def render(
    session: Session, ctx: CaseContext, version: ActionPlanVersion, items: list[ActionPlanItem]
) -> bytes:
    """The PDF of one published version, with the items the reader may see."""
    # Imported here: loading Pango takes a while, and only this route needs it.
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    # No protocol is allowed, so nothing is fetched: not a URL, not a local file, not data:.
    refuse_all = URLFetcher(allowed_protocols=())
    html = HTML(string=document(session, ctx, version, items), url_fetcher=refuse_all)
    pdf: bytes = html.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def filename(ctx: CaseContext, version: ActionPlanVersion) -> str:
    """``handlingsplan-<reference>-v<n>.pdf``; the reference is kept to safe characters so
    the name can never break the Content-Disposition header."""
    reference = re.sub(r"[^A-Za-z0-9_-]", "_", ctx.case.reference)
    return f"handlingsplan-{reference}-v{version.number}.pdf"
