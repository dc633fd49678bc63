"""The library's total (its page count) stays exact whatever writes references: saves, bulk imports, deletes."""

import pytest
from django.core.management import call_command

from references.models import Reference
from tests.factories import ReferenceFactory


@pytest.mark.django_db(transaction=True)  # a real commit, and a flush (TRUNCATE on PostgreSQL) as restores do
def test_the_total_follows_saves_bulk_imports_deletes_and_a_flush():
    ReferenceFactory.create_batch(3)
    Reference.objects.bulk_create([Reference(key=f"bulk{n}", title="Imported") for n in range(4)])
    Reference.objects.filter(key__in=["bulk0", "bulk1"]).delete()
    assert Reference.objects.total() == Reference.objects.count() == 5

    call_command("flush", interactive=False, verbosity=0)
    assert Reference.objects.total() == 0

    ReferenceFactory()
    assert Reference.objects.total() == 1
