"""Closed value sets of the domain (DOMAIN.md). Information categories are data, not here."""

from enum import StrEnum


class OrganizationKind(StrEnum):
    municipality = "municipality"
    social_services = "social_services"
    police = "police"
    school = "school"
    child_psychiatry = "child_psychiatry"  # BUP
    addiction_clinic = "addiction_clinic"  # e.g. Maria Ungdom
    employment_service = "employment_service"
    probation_service = "probation_service"
    institutional_care = "institutional_care"  # SiS
    social_insurance = "social_insurance"
    enforcement_authority = "enforcement_authority"
    field_workers = "field_workers"
    leisure = "leisure"
    ngo = "ngo"
    sports_club = "sports_club"
    contact_person = "contact_person"  # SKKP, youth coach
    other = "other"


class Role(StrEnum):
    admin = "admin"
    unit_manager = "unit_manager"
    case_officer = "case_officer"
    coordinator = "coordinator"
    professional = "professional"
    preparation_group = "preparation_group"
    auditor = "auditor"
    integration = "integration"


class IdentityKind(StrEnum):
    """How a person is identified; a person without a valid number is modelled explicitly."""

    personnummer = "personnummer"
    coordination_number = "coordination_number"  # samordningsnummer
    unverified = "unverified"  # name and birth date only


class CaseStatus(StrEnum):
    proposed = "proposed"
    assessing = "assessing"
    decided = "decided"
    active = "active"
    closed = "closed"
    rejected = "rejected"


class TargetGroup(StrEnum):
    at_risk = "at_risk"
    defector = "defector"  # avhoppare


class LegalBasis(StrEnum):
    sol_4_1 = "sol_4_1"  # SoL 4 kap. 1 §
    lvu_11 = "lvu_11"  # LVU 11 §
    youth_care_sentence = "youth_care_sentence"  # ungdomsvård


class ClosureReason(StrEnum):
    plan_completed = "plan_completed"
    own_initiative = "own_initiative"
    consent_withdrawn = "consent_withdrawn"
    moved_away = "moved_away"
    time_ended = "time_ended"
    other = "other"


class MemberKind(StrEnum):
    user = "user"  # a directory user
    person = "person"  # the young person or a guardian
    external = "external"  # an outside contact such as a coach


class GroupRole(StrEnum):
    young_person = "young_person"
    guardian = "guardian"
    coordinator = "coordinator"
    case_officer = "case_officer"
    police = "police"
    school = "school"
    health = "health"
    field_worker = "field_worker"
    contact_person = "contact_person"
    coach = "coach"
    other = "other"


class GrantorRelation(StrEnum):
    young_person = "young_person"
    guardian = "guardian"


class Instrument(StrEnum):
    savry = "savry"
    ester = "ester"


class RiskLevel(StrEnum):
    low = "low"
    moderate = "moderate"
    high = "high"


class PlanStatus(StrEnum):
    draft = "draft"
    published = "published"


class PlanItemStatus(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    not_done = "not_done"


class MeetingKind(StrEnum):
    network = "network"
    intake = "intake"
    extra = "extra"
    preparation = "preparation"


class MeetingStatus(StrEnum):
    scheduled = "scheduled"
    held = "held"
    cancelled = "cancelled"


class AttendanceStatus(StrEnum):
    invited = "invited"
    attended = "attended"
    absent = "absent"


class JournalKind(StrEnum):
    note = "note"
    police_report = "police_report"  # suspected offence
    school_attendance = "school_attendance"
    concern_report = "concern_report"  # orosanmälan, SoL 14 kap. 1 §


class AuditOutcome(StrEnum):
    allowed = "allowed"
    denied = "denied"


class EventType(StrEnum):
    """Domain events of the transactional outbox (issue #6). An event names ids, never
    personal data; a receiver fetches what it may see with its own token."""

    case_activated = "case.activated"
    case_closed = "case.closed"
    consent_registered = "consent.registered"
    consent_withdrawn = "consent.withdrawn"
    consent_expiring = "consent.expiring"
    member_added = "member.added"
    member_removed = "member.removed"
    plan_published = "plan.published"
    meeting_scheduled = "meeting.scheduled"
    meeting_changed = "meeting.changed"
    meeting_cancelled = "meeting.cancelled"
    meeting_overdue = "meeting.overdue"
    task_overdue = "task.overdue"


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for its (next) attempt
    delivered = "delivered"  # the receiver answered 2xx
    dead = "dead"  # dead-lettered after the last attempt; can be replayed
    suppressed = "suppressed"  # not sent: the organisation no longer reaches the case


class EmailStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"  # given up after the last attempt
