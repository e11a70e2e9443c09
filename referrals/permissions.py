"""Every permission the referral service checks, named once.

Roles (referrals.staff.roles), services, views and menus import these names instead of writing
"referrals.<codename>" themselves, so a permission is renamed or found in one place. Each is the
dotted name `user.has_perm` takes; `codename` gives the part a model's Meta.permissions and a
Permission row hold. Migrations keep their own copies (they never import live code).

This module is below everything else in the app (it imports nothing), so models may use it.
"""

APP_LABEL = "referrals"

# Referrals: the queue, and what only Managers do with it.
VIEW_REFERRAL = "referrals.view_referral"
CHANGE_REFERRAL = "referrals.change_referral"
DELETE_REFERRAL = "referrals.delete_referral"
EXPORT_REFERRAL = "referrals.export_referral"  # download families' personal data
REOPEN_REFERRAL = "referrals.reopen_referral"
APPLY_RETENTION = "referrals.apply_retention"
ANSWER_SUBJECT_REQUESTS = "referrals.answer_subject_requests"
VIEW_SERVICE_REPORT = "referrals.view_service_report"  # counts only; its waiting list is audited

# Enquiries.
VIEW_ENQUIRY = "referrals.view_enquiry"
CHANGE_ENQUIRY = "referrals.change_enquiry"
DELETE_ENQUIRY = "referrals.delete_enquiry"
EXPORT_ENQUIRY = "referrals.export_enquiry"

# A Guider's casework.
RECORD_CASEWORK = "referrals.record_casework"
RECORD_ANY_CASEWORK = "referrals.record_any_casework"  # Managers: any family's

# Records read in the admin.
VIEW_OUTBOUND_EMAIL = "referrals.view_outboundemail"
VIEW_SUBJECT_REQUEST = "referrals.view_subjectrequest"
VIEW_CASE_EXPORT = "referrals.view_caseexport"

# home's: record that a professional translator has checked a language (Settings > Translation
# checks). Not the app's, so not in ALL.
ADD_LANGUAGE_REVIEW = "home.add_languagereview"
CHANGE_LANGUAGE_REVIEW = "home.change_languagereview"
VIEW_LANGUAGE_REVIEW = "home.view_languagereview"

# Django's own: add staff accounts, and look after them (within a remit): reset a second
# factor, remove a lost passkey, see a team's second factors. Not the app's, so not in ALL.
ADD_USER = "auth.add_user"
CHANGE_USER = "auth.change_user"

# Custom codenames whose model cannot be read from the codename itself ("view_service_report"
# is not a permission of a model called "service_report"): the model each belongs to.
MODELS = {
    APPLY_RETENTION: "referral",
    ANSWER_SUBJECT_REQUESTS: "referral",
    VIEW_SERVICE_REPORT: "referral",
    RECORD_CASEWORK: "intervention",
    RECORD_ANY_CASEWORK: "intervention",
}


def codename(dotted):
    """The codename of a dotted permission: codename(EXPORT_REFERRAL) == "export_referral"."""
    return dotted.split(".", 1)[1]


ALL = tuple(
    value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and value.startswith(f"{APP_LABEL}.")
)
