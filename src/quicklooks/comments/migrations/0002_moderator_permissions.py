"""Give the moderator, editor and admin roles the comment-moderation permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("comment", "wordrule", "commentpolicy", "sanction", "report", "reaction", "moderationaction")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = list(Permission.objects.filter(content_type__app_label="comments", codename="moderate_comment"))
    perms += list(
        Permission.objects.filter(
            content_type__app_label="comments",
            codename__in=[f"{action}_{model}" for model in MODELS for action in ("view", "change")]
            + ["add_wordrule", "delete_wordrule", "add_sanction", "add_commentpolicy"],
        )
    )
    for role in ("moderator", "editor"):
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*perms)
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.add(*Permission.objects.filter(content_type__app_label="comments"))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
