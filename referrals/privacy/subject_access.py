"""Subject access (UK GDPR article 15): a copy of everything held about a person.

`access_report` gathers everything held on the cases found for them
(referrals.privacy.subject_requests.find_cases) into one document: answers, history, notes,
emails sent, what the Guider recorded, who viewed or exported the case. It records that a copy
was given first, so the copy lists itself among the case's accesses.
"""

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone
from wagtail.models import ModelLogEntry

from referrals.cases import audit
from referrals.cases.display import display_name
from referrals.cases.kinds import kind_of
from referrals.models import (
    CaseEvent,
    CaseExport,
    CaseNote,
    Intervention,
    OutboundEmail,
    RecipientRole,
    SubjectRequestKind,
)
from referrals.outbox.sending import message_summary  # as they were sent
from referrals.privacy.subject_requests import mentions, person_values, require

__all__ = ["NOT_PERSONAL", "access_log", "access_report", "case_document", "held_answers"]


def _when(moment):
    return timezone.localtime(moment).strftime("%-d %B %Y %H:%M") if moment else ""


def _value(case, model_field):
    if model_field.is_relation:
        related = getattr(case, model_field.name)
        if isinstance(related, get_user_model()):
            return display_name(related)
        return "" if related is None else str(related)
    value = getattr(case, model_field.name)
    if model_field.choices:
        return getattr(case, f"get_{model_field.name}_display")() if value else ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateTimeField):
        return _when(value)
    if isinstance(model_field, models.DateField):
        return f"{value:%-d %B %Y}" if value else ""
    return "" if value is None else str(value)


# Bookkeeping that says nothing about the person.
NOT_PERSONAL = {"id", "version"}


def held_answers(case, skip=(), only=None):
    """Every field a record holds that has a value (or only those named), in the model's
    order, as (label, value)."""
    answers = []
    for model_field in case._meta.concrete_fields:
        if model_field.name in NOT_PERSONAL or model_field.name in skip:
            continue
        if only is not None and model_field.name not in only:
            continue
        value = _value(case, model_field)
        if value != "":
            label = str(model_field.verbose_name)
            answers.append({"label": label[:1].upper() + label[1:], "value": value})
    return answers


def _emails(case, recipient_role=None):
    rows = []
    messages = OutboundEmail.objects.filter(**case.link()).order_by("created_at", "id")
    if recipient_role:
        messages = messages.filter(recipient_role=recipient_role)
    for message in messages:
        subject = message_summary(message)
        rows.append(
            {
                "queued": _when(message.created_at),
                "sent": _when(message.sent_at),
                "to": message.get_recipient_role_display(),
                "subject": subject,
                "state": message.get_state_display(),
            }
        )
    return rows


def access_log(case):
    """Who viewed or exported the case, and when, from the audit log and the export records."""
    rows = [
        {"when": entry.timestamp, "who": display_name(entry.user, nobody="System"), "what": what}
        for entry in ModelLogEntry.objects.for_instance(case)
        .filter(action__in=(audit.VIEW, audit.SUBJECT_ACCESS))
        .select_related("user")
        for what in [
            "Viewed the case" if entry.action == audit.VIEW else "Gave a copy to the person"
        ]
    ]
    exports = CaseExport.objects.select_related("user")
    if connection.features.supports_json_field_contains:
        exports = exports.filter(references__contains=[case.reference])
    for export in exports.iterator():  # (SQLite cannot look inside a JSON list: checked here)
        if case.reference in export.references:
            rows.append(
                {
                    "when": export.created_at,
                    "who": display_name(export.user, nobody="System"),
                    "what": f"Exported in a list ({export.file_format.upper()})",
                }
            )
    rows.sort(key=lambda row: row["when"])
    return [{**row, "when": _when(row["when"])} for row in rows]


def _casework(case):
    """What the Guider recorded with the family (referrals only), every field of it."""
    intervention = Intervention.objects.filter(**{kind_of(case).name: case}).first()
    if intervention is None:
        return None
    return {
        "record": held_answers(intervention, skip={"referral"}),
        "consents": [held_answers(c, skip={"intervention"}) for c in intervention.consents.all()],
        "goals": [
            {
                "goal": goal.text,
                "ratings": [
                    held_answers(rating, skip={"goal"})
                    for rating in goal.ratings.select_related("cycle")
                ],
            }
            for goal in intervention.goals.all()
        ],
        "cycles": [held_answers(c, skip={"intervention"}) for c in intervention.cycles.all()],
    }


def case_document(match):
    """Everything the case holds about the person. A case about them (they are the family):
    all of it. A case where they are only the referring professional: their own details, the
    notes that mention them and the emails sent to them, never the family's."""
    case = match.case
    kind = kind_of(case)
    document = {
        "reference": case.reference,
        "kind": str(kind.model._meta.verbose_name),
        "received": _when(case.received_at),
        "status": kind.status_label(case.status),
        "held_as": match.roles,
    }
    notes = CaseNote.objects.filter(**case.link()).select_related("author")
    if not match.whole_case:
        own = {name for person, _ in match.people for name in person.fields}
        values = [v for person, _ in match.people for v in person_values(case, person)]
        return {
            **document,
            "answers": held_answers(case, only=own),
            "history": [],
            "notes": [_note(note) for note in notes if mentions(note.text, values)],
            "casework": None,
            "emails": _emails(case, recipient_role=RecipientRole.REFERRER),
            "access": access_log(case),
        }
    return {
        **document,
        "answers": held_answers(case),
        "history": [
            {
                "when": _when(event.created_at),
                "what": event.get_action_display(),
                "by": display_name(event.actor, nobody="The family or the system"),
                "from": kind.status_label(event.from_status),
                "to": kind.status_label(event.to_status),
                "detail": event.detail,
            }
            for event in CaseEvent.objects.filter(**case.link()).select_related("actor")
        ],
        "notes": [_note(note) for note in notes],
        "casework": _casework(case) if kind.related else None,
        "emails": _emails(case),
        "access": access_log(case),
    }


def _note(note):
    return {"when": _when(note.created_at), "by": display_name(note.author), "text": note.text}


def access_report(matches, criteria, *, by):
    """Everything held on these cases, as one document (a dict, for HTML or JSON), recorded as
    a subject access request answered by `by`. The record comes first, so the document lists
    this copy among the case's accesses."""
    require(by)
    if not matches:
        raise ValueError("A subject access report needs at least one case.")
    request = audit.log_subject_request(
        user=by,
        kind=SubjectRequestKind.ACCESS,
        cases=[m.case for m in matches],
        matched_on=criteria.matched_on,
    )
    return {
        "title": "What we hold about you",
        "request": request.pk,
        "prepared": _when(request.created_at),
        "prepared_by": display_name(by),
        "cases": [case_document(m) for m in matches],
    }
