"""The website's staff role as data (Content editors), and the one way any role is synced.

`sync_group` creates or updates a group with exactly the permissions given; it is idempotent
and works with the live or a historical app registry. Other apps define their own roles with it
(referrals.staff.roles). Migrations keep their own copy of the data they need.
"""

CONTENT_EDITORS = "Content editors"

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")

CONTENT_EDITOR_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "home.change_sitesettings",
    # Service status (migration 0014).
    "home.add_alertbanner",
    "home.change_alertbanner",
    "home.delete_alertbanner",
    "home.view_alertbanner",
    # Translations (issue 22): a page's, a snippet's and the site wording's, with wagtail-localize;
    # the translator's sign-off (migration 0016).
    "wagtail_localize.submit_translation",
    "home.add_sitewording",
    "home.change_sitewording",
    "home.view_sitewording",
    "home.add_languagereview",
    "home.change_languagereview",
    "home.view_languagereview",
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


def get_permission(apps, dotted, models=None):
    """Return the Permission for 'app_label.codename', creating it if migrations run first.

    `models` names the model of a custom codename whose model cannot be read from it
    ({"referrals.apply_retention": "referral"}).
    """
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, codename = dotted.split(".", 1)
    action, _, model = codename.partition("_")
    model = (models or {}).get(dotted, model)
    if app_label == "wagtailadmin" and codename == "access_admin":
        app_label, model = "wagtailadmin", "admin"
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
    )
    return permission


def sync_group(apps, name, *, model_permissions=(), page_permissions=(), models=None):
    """Create or update group `name` with exactly these model and root-page permissions."""
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=name)

    wanted = [get_permission(apps, dotted, models) for dotted in model_permissions]
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
