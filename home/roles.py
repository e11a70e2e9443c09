"""Staff roles as data: which Django groups exist and what each may do.

Data migrations call `sync_group` with the historical app registry, so groups exist on every
install before anyone logs in. Syncing is idempotent: it adds what is missing and removes model
permissions a group should no longer have.
"""

CONTENT_EDITORS = "Content editors"
TRIAGE_OFFICERS = "Triage officers"
MANAGERS = "Managers"
VIG_GUIDERS = "VIG Guiders"

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")

CONTENT_EDITOR_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "home.change_sitesettings",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)

# Wagtail checks image and document permissions per collection, not per model.
COLLECTION_PERMISSIONS = {
    dotted
    for dotted in CONTENT_EDITOR_MODEL_PERMISSIONS
    if dotted.startswith(("wagtailimages.", "wagtaildocs."))
}


# Triage officers: see and work the queue (status, assignment, notes); no delete, no export.
TRIAGE_OFFICER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "referrals.view_referral",
    "referrals.change_referral",
    "referrals.view_enquiry",
    "referrals.change_enquiry",
    "referrals.view_outboundemail",
)

# Managers: as officers, plus export, delete, reopen, retention and staff accounts.
MANAGER_MODEL_PERMISSIONS = (
    *TRIAGE_OFFICER_MODEL_PERMISSIONS,
    "referrals.delete_referral",
    "referrals.export_referral",
    "referrals.reopen_referral",
    "referrals.apply_retention",
    "referrals.delete_enquiry",
    "referrals.export_enquiry",
    "auth.add_user",
    "auth.change_user",
)

# VIG Guiders: the referrals allocated to them, read-only (referrals.selectors restricts rows).
VIG_GUIDER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "referrals.view_referral",
)

# Codenames whose model cannot be read from the codename itself.
PERMISSION_MODELS = {"referrals.apply_retention": "referral"}


def get_permission(apps, dotted):
    """Return the Permission for 'app_label.codename', creating it if migrations run first."""
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, codename = dotted.split(".", 1)
    action, _, model = codename.partition("_")
    model = PERMISSION_MODELS.get(dotted, model)
    if app_label == "wagtailadmin" and codename == "access_admin":
        app_label, model = "wagtailadmin", "admin"
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
    )
    return permission


def sync_group(apps, name, *, model_permissions=(), page_permissions=()):
    """Create or update group `name` with exactly these model and root-page permissions."""
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=name)

    wanted = [get_permission(apps, dotted) for dotted in model_permissions]
    global_perms = [
        p
        for p, dotted in zip(wanted, model_permissions, strict=True)
        if dotted not in COLLECTION_PERMISSIONS
    ]
    group.permissions.set(global_perms)

    collection_perms = [
        p
        for p, dotted in zip(wanted, model_permissions, strict=True)
        if dotted in COLLECTION_PERMISSIONS
    ]
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    GroupCollectionPermission.objects.filter(group=group).exclude(
        permission__in=collection_perms
    ).delete()
    if root_collection is not None:
        for permission in collection_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    page_perms = [get_permission(apps, f"wagtailcore.{codename}") for codename in page_permissions]
    GroupPagePermission.objects.filter(group=group).exclude(permission__in=page_perms).delete()
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for permission in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
    return group


def sync_content_editors(apps):
    return sync_group(
        apps,
        CONTENT_EDITORS,
        model_permissions=CONTENT_EDITOR_MODEL_PERMISSIONS,
        page_permissions=PAGE_PERMISSIONS,
    )


def sync_staff_roles(apps):
    """Triage officers, Managers and VIG Guiders: referral work only, no pages."""
    return [
        sync_group(apps, TRIAGE_OFFICERS, model_permissions=TRIAGE_OFFICER_MODEL_PERMISSIONS),
        sync_group(apps, MANAGERS, model_permissions=MANAGER_MODEL_PERMISSIONS),
        sync_group(apps, VIG_GUIDERS, model_permissions=VIG_GUIDER_MODEL_PERMISSIONS),
    ]
