"""The triage roles as data: which groups work the referral queue and what each may do.

`sync_staff_roles` brings the groups in line with this (home.roles.sync_group); tests call it
after a transactional test empties the tables. The migration that first created the groups
(referrals/migrations/0003_staff_roles.py) keeps its own copy of these lists.
"""

from home.roles import sync_group

TRIAGE_OFFICERS = "Triage officers"
MANAGERS = "Managers"
VIG_GUIDERS = "VIG Guiders"

# Triage officers: see and work the queue (status, assignment, notes); no delete, no export.
TRIAGE_OFFICER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "referrals.view_referral",
    "referrals.change_referral",
    "referrals.view_enquiry",
    "referrals.change_enquiry",
    "referrals.view_outboundemail",
)

# Managers: as officers, plus export, delete, reopen, retention, subject access and erasure
# requests, and staff accounts.
MANAGER_MODEL_PERMISSIONS = (
    *TRIAGE_OFFICER_MODEL_PERMISSIONS,
    "referrals.delete_referral",
    "referrals.export_referral",
    "referrals.reopen_referral",
    "referrals.apply_retention",
    "referrals.answer_subject_requests",
    "referrals.view_subjectrequest",
    "referrals.record_casework",
    "referrals.record_any_casework",
    "referrals.delete_enquiry",
    "referrals.export_enquiry",
    "referrals.view_caseexport",
    "auth.add_user",
    "auth.change_user",
)

# VIG Guiders: the referrals allocated to them (referrals.cases.selectors restricts rows): they read
# them and record the casework (consent, goals, cycles, ending).
VIG_GUIDER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "referrals.view_referral",
    "referrals.record_casework",
)

# Codenames whose model cannot be read from the codename itself.
PERMISSION_MODELS = {
    "referrals.apply_retention": "referral",
    "referrals.answer_subject_requests": "referral",
    "referrals.record_casework": "intervention",
    "referrals.record_any_casework": "intervention",
}

ROLES = {
    TRIAGE_OFFICERS: TRIAGE_OFFICER_MODEL_PERMISSIONS,
    MANAGERS: MANAGER_MODEL_PERMISSIONS,
    VIG_GUIDERS: VIG_GUIDER_MODEL_PERMISSIONS,
}


def sync_staff_roles(apps):
    """Triage officers, Managers and VIG Guiders: referral work only, no pages."""
    return [
        sync_group(apps, name, model_permissions=permissions, models=PERMISSION_MODELS)
        for name, permissions in ROLES.items()
    ]
