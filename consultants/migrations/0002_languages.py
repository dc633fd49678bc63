from django.db import migrations

LANGUAGES = [
    ("en", "English"), ("es", "Spanish"), ("fr", "French"), ("de", "German"), ("pt", "Portuguese"),
    ("it", "Italian"), ("nl", "Dutch"), ("zh", "Mandarin Chinese"), ("yue", "Cantonese"), ("ar", "Arabic"),
    ("hi", "Hindi"), ("ur", "Urdu"), ("bn", "Bengali"), ("pa", "Punjabi"), ("tl", "Tagalog"),
    ("vi", "Vietnamese"), ("ko", "Korean"), ("ja", "Japanese"), ("ru", "Russian"), ("pl", "Polish"),
    ("uk", "Ukrainian"), ("tr", "Turkish"), ("he", "Hebrew"), ("fa", "Persian"), ("sw", "Swahili"),
    ("so", "Somali"), ("ht", "Haitian Creole"), ("ase", "American Sign Language"), ("el", "Greek"),
    ("sv", "Swedish"), ("no", "Norwegian"), ("da", "Danish"), ("fi", "Finnish"), ("mi", "Māori"),
    ("ga", "Irish"), ("cy", "Welsh"),
]  # fmt: skip


def add_languages(apps, schema_editor):
    Language = apps.get_model("consultants", "Language")
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("consultants", "0001_initial")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
