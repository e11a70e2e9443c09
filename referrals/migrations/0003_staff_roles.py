"""Create the Triage officers, Managers and VIG Guiders groups with their permissions.

A copy of referrals.roles as it was when this migration was written: migrations never import
live code, which may change after them. Idempotent; running it again changes nothing. Managers
could first be created by the website app's own migration (home 0003, since removed), so an
existing install already has these groups and this only brings them in line.
"""

from django.db import migrations

TRIAGE_OFFICER = (
    "wagtailadmin.access_admin",
    "referrals.view_referral",
    "referrals.change_referral",
    "referrals.view_enquiry",
    "referrals.change_enquiry",
    "referrals.view_outboundemail",
)
ROLES = {
    "Triage officers": TRIAGE_OFFICER,
    "Managers": (
        *TRIAGE_OFFICER,
        "referrals.delete_referral",
        "referrals.export_referral",
        "referrals.reopen_referral",
        "referrals.apply_retention",
        "referrals.delete_enquiry",
        "referrals.export_enquiry",
        "auth.add_user",
        "auth.change_user",
    ),
    "VIG Guiders": ("wagtailadmin.access_admin", "referrals.view_referral"),
}
# The content type of each permission's model ("app_label.codename" -> (app_label, model)).
MODEL_OF = {"wagtailadmin.access_admin": ("wagtailadmin", "admin")}
MODEL_OF["referrals.apply_retention"] = ("referrals", "referral")


def permission(apps, dotted):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, codename = dotted.split(".", 1)
    action, _, model = codename.partition("_")
    app_label, model = MODEL_OF.get(dotted, (app_label, model))
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
    )
    return found


def create_staff_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, dotted_names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(apps, dotted) for dotted in dotted_names])


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_intake_form_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_staff_roles, migrations.RunPython.noop)]
