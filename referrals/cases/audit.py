"""Wagtail audit-log actions for referral work: who viewed, exported or changed which case.

Entries carry the case's reference (its __str__) and staff identities only, never a family's
details. Wagtail shows a model's log entries only to users with a permission on that model,
so people without referral permissions never see them.
"""

from wagtail.log_actions import log

from referrals.models import CaseExport, Referral, SubjectRequest, SubjectRequestKind

VIEW = "referrals.view"
EXPORT = "referrals.cases.export"
TRANSITION = "referrals.transition"
ASSIGN = "referrals.assign"
ALLOCATE = "referrals.allocate"
NOTE = "referrals.note"
ANONYMISE = "referrals.anonymise"
SUBJECT_ACCESS = "referrals.subject_access"
ERASE = "referrals.erase"
CASEWORK = "referrals.casework"

ACTIONS = (
    (VIEW, "View case", "Viewed the case"),
    (EXPORT, "Export cases", "Exported cases"),
    (TRANSITION, "Change case status", "Changed the status"),
    (ASSIGN, "Assign case", "Assigned the case"),
    (ALLOCATE, "Allocate VIG Guider", "Allocated a VIG Guider"),
    (NOTE, "Add case note", "Added a note"),
    (ANONYMISE, "Anonymise case", "Removed personal details (retention policy)"),
    (SUBJECT_ACCESS, "Subject access", "Gave a copy of what we hold (subject access request)"),
    (ERASE, "Erasure", "Erased personal details at the person's request"),
    (CASEWORK, "Record casework", "Recorded casework"),
)


def register_actions(actions):
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)


def log_case(case, action, *, user, data=None):
    return log(instance=case, action=action, user=user, data=data or {})


def log_export(*, user, model=Referral, references, file_format):
    """One entry per export, on a CaseExport row listing the references (never contents)."""
    export = CaseExport.objects.create(
        user=user,
        kind=model._meta.verbose_name,
        file_format=file_format,
        references=list(references),
    )
    return log(
        instance=export,
        action=EXPORT,
        user=user,
        data={"format": file_format, "count": len(references), "references": list(references)},
    )


def log_subject_request(*, user, kind, cases, matched_on, reason=""):
    """One SubjectRequest row (references and what was searched by, never the values), its
    own audit entry, and an entry on each case it covered."""
    references = [case.reference for case in cases]
    request = SubjectRequest.objects.create(
        user=user, kind=kind, matched_on=list(matched_on), references=references, reason=reason
    )
    action = ERASE if kind == SubjectRequestKind.ERASURE else SUBJECT_ACCESS
    log(instance=request, action=action, user=user, data={"references": references})
    for case in cases:
        log_case(case, action, user=user, data={"request": request.pk})
    return request
