"""The national menu of forms of support (docs/domain.md, "Forms of support") and Agenda for Change bands.

Pay bands: England, from 1 April 2024 (bands 3 and 4 as docs/domain.md, "Pay bands", gives them) and from
1 April 2025. Check them against NHS Employers' published pay scales each April and add a row
for each band with the new effective date: earlier rows stay, so history reads right.
"""

import datetime as dt

from django.db import migrations

FORMS = [
    ("one_to_one", "One-to-one"),
    ("home_visits", "Home visits"),
    ("accompanying", "Accompanying to appointments"),
    ("groups", "Groups"),
    ("coffee_mornings", "Coffee mornings"),
    ("film_book_clubs", "Film or book clubs"),
    ("trips", "Trips"),
    ("crafts", "Crafts"),
    ("baking", "Baking"),
    ("music", "Music"),
    ("gardening", "Gardening"),
    ("dance", "Dance"),
    ("brunches", "Brunches"),
    ("drop_ins", "Drop-ins"),
]

# (code, position, {effective_from: (from, to)})
BANDS = [
    ("2", 2, {dt.date(2024, 4, 1): (23615, 23615), dt.date(2025, 4, 1): (24465, 24465)}),
    ("3", 3, {dt.date(2024, 4, 1): (24071, 25674), dt.date(2025, 4, 1): (24937, 26598)}),
    ("4", 4, {dt.date(2024, 4, 1): (26530, 29114), dt.date(2025, 4, 1): (27485, 30162)}),
    ("5", 5, {dt.date(2024, 4, 1): (29970, 36483), dt.date(2025, 4, 1): (31049, 37796)}),
    ("6", 6, {dt.date(2024, 4, 1): (37338, 44962), dt.date(2025, 4, 1): (38682, 46580)}),
    ("7", 7, {dt.date(2024, 4, 1): (46148, 52809), dt.date(2025, 4, 1): (47810, 54710)}),
    ("8a", 8, {dt.date(2024, 4, 1): (53755, 60504), dt.date(2025, 4, 1): (55690, 62682)}),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    SupportForm = apps.get_model("workforce", "SupportForm")
    PayBand = apps.get_model("workforce", "PayBand")
    SupportForm.objects.bulk_create(
        SupportForm(slug=slug, label=label, position=i * 10) for i, (slug, label) in enumerate(FORMS, 1)
    )
    PayBand.objects.bulk_create(
        PayBand(code=code, position=position, annual_from=low, annual_to=high, effective_from=on)
        for code, position, ranges in BANDS
        for on, (low, high) in ranges.items()
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("workforce", "SupportForm").objects.filter(service=None).delete()
    apps.get_model("workforce", "PayBand").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_profile_pay_bands_support_forms")]

    operations = [migrations.RunPython(forwards, backwards)]
