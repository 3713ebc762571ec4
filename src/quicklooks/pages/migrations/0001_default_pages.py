from django.db import migrations


def create(apps, schema_editor):
    from quicklooks.pages.defaults import create_default_pages

    create_default_pages(apps.get_model("flatpages", "FlatPage"), apps.get_model("sites", "Site"))


class Migration(migrations.Migration):
    dependencies = [
        ("flatpages", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
