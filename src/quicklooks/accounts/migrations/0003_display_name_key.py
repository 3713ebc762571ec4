"""Display names become unique, compared by ``names.name_key``.

Existing profiles get their key filled in. Where readers already share a
name (in any case or spacing), the earliest account keeps it and each later
one gets the smallest free " 2", " 3"... suffix, so the unique index can be
built without refusing anyone's sign-in. Names the site prints itself
("deleted reader", "Reader 12") are suffixed the same way.
"""

from django.conf import settings
from django.db import migrations, models


def fill_keys(apps, schema_editor):
    from quicklooks.accounts import names

    Profile = apps.get_model("accounts", "Profile")
    taken = set()
    for profile in Profile.objects.order_by("user_id", "pk").iterator():
        shown = names.tidy(profile.display_name)
        key = names.name_key(shown)
        if key and (key in taken or names._RESERVED_KEYS.match(key)):
            shown = names.free_variant(shown, taken)
            key = names.name_key(shown)
        if key:
            taken.add(key)
        if shown != profile.display_name or key != profile.display_name_key:
            Profile.objects.filter(pk=profile.pk).update(display_name=shown, display_name_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='display_name_key',
            field=models.CharField(blank=True, editable=False, max_length=240),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='profile',
            constraint=models.UniqueConstraint(condition=models.Q(('display_name_key', ''), _negated=True), fields=('display_name_key',), name='profile_display_name_unique', violation_error_message='That display name is taken; choose another.'),
        ),
    ]
