"""The triage roles as data: which groups work the referral queue and what each may do.

`sync_staff_roles` brings the groups in line with this (home.roles.sync_group); tests call it
after a transactional test empties the tables. The migration that first created the groups
(referrals/migrations/0003_staff_roles.py) keeps its own copy of these lists.
"""

from home.roles import sync_group
from referrals import permissions as perms

TRIAGE_OFFICERS = "Triage officers"
MANAGERS = "Managers"
VIG_GUIDERS = "VIG Guiders"

# Triage officers: see and work the queue (status, assignment, notes); no delete, no export.
TRIAGE_OFFICER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    perms.VIEW_REFERRAL,
    perms.CHANGE_REFERRAL,
    perms.VIEW_ENQUIRY,
    perms.CHANGE_ENQUIRY,
    perms.VIEW_OUTBOUND_EMAIL,
)

# Managers: as officers, plus the service report, export, delete, reopen, retention, subject
# access and erasure requests, and staff accounts.
MANAGER_MODEL_PERMISSIONS = (
    *TRIAGE_OFFICER_MODEL_PERMISSIONS,
    perms.DELETE_REFERRAL,
    perms.EXPORT_REFERRAL,
    perms.VIEW_SERVICE_REPORT,
    perms.REOPEN_REFERRAL,
    perms.APPLY_RETENTION,
    perms.ANSWER_SUBJECT_REQUESTS,
    perms.VIEW_SUBJECT_REQUEST,
    perms.RECORD_CASEWORK,
    perms.RECORD_ANY_CASEWORK,
    perms.DELETE_ENQUIRY,
    perms.EXPORT_ENQUIRY,
    perms.VIEW_CASE_EXPORT,
    perms.ADD_USER,
    perms.CHANGE_USER,
    perms.ADD_LANGUAGE_REVIEW,
    perms.CHANGE_LANGUAGE_REVIEW,
    perms.VIEW_LANGUAGE_REVIEW,
)

# VIG Guiders: the referrals allocated to them (referrals.cases.selectors restricts rows): they read
# them and record the casework (consent, goals, cycles, ending).
VIG_GUIDER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    perms.VIEW_REFERRAL,
    perms.RECORD_CASEWORK,
)

ROLES = {
    TRIAGE_OFFICERS: TRIAGE_OFFICER_MODEL_PERMISSIONS,
    MANAGERS: MANAGER_MODEL_PERMISSIONS,
    VIG_GUIDERS: VIG_GUIDER_MODEL_PERMISSIONS,
}


def sync_staff_roles(apps):
    """Triage officers, Managers and VIG Guiders: referral work only, no pages."""
    return [
        sync_group(apps, name, model_permissions=permissions, models=perms.MODELS)
        for name, permissions in ROLES.items()
    ]
