"""All ORM models, imported here so Alembic and the app see one metadata."""

from api.models.base import Base, Entity, UTCDateTime, utcnow
from api.models.cases import Case, CaseMember
from api.models.categories import InformationCategory
from api.models.consents import Consent, ConsentCategory, ConsentGrantor, ConsentOrganization
from api.models.directory import IntegrationClient, Organization, User, UserRole
from api.models.integrations import (
    CalendarFeedToken,
    EmailMessage,
    OutboxEvent,
    ScheduledNotice,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from api.models.people import Guardianship, Person
from api.models.security import (
    AuditEvent,
    AuditEventCase,
    IdempotencyKey,
    LoginThrottle,
    RefreshToken,
)
from api.models.work import (
    ActionPlanItem,
    ActionPlanVersion,
    Assessment,
    AssessmentRating,
    JournalEntry,
    Meeting,
    MeetingAttendance,
)

__all__ = [
    "ActionPlanItem",
    "ActionPlanVersion",
    "Assessment",
    "AssessmentRating",
    "AuditEvent",
    "AuditEventCase",
    "Base",
    "CalendarFeedToken",
    "Case",
    "CaseMember",
    "Consent",
    "ConsentCategory",
    "ConsentGrantor",
    "ConsentOrganization",
    "EmailMessage",
    "Entity",
    "Guardianship",
    "IdempotencyKey",
    "InformationCategory",
    "IntegrationClient",
    "JournalEntry",
    "LoginThrottle",
    "Meeting",
    "MeetingAttendance",
    "Organization",
    "OutboxEvent",
    "Person",
    "RefreshToken",
    "ScheduledNotice",
    "UTCDateTime",
    "User",
    "UserRole",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "utcnow",
]
