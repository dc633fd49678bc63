import datetime

import factory
from django.utils import timezone

from consultants.models import Credential, CredentialKind, Listing, Status


class ListingFactory(factory.django.DjangoModelFactory):
    """A published listing in Cambridge, MA unless told otherwise; coordinates given, so no geocoding."""

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Consultant {n}")
    slug = factory.Sequence(lambda n: f"consultant-{n}")
    email = factory.Sequence(lambda n: f"consultant{n}@example.org")
    address = "1 Main St"
    city = "Cambridge"
    region = "MA"
    region_code = "MA"
    postcode = "02138"
    country = "US"
    latitude = 42.377
    longitude = -71.1256
    office_visits = True
    status = Status.PUBLISHED
    renewal_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=200))

    @factory.post_generation
    def credentials(self, create, kinds, **kwargs):
        if create:
            for kind in kinds if kinds is not None else [CredentialKind.IBCLC]:
                Credential.objects.create(listing=self, kind=kind, number="123456")

    @factory.post_generation
    def languages(self, create, codes, **kwargs):
        from consultants.models import Language

        if create and codes:
            self.languages.set(Language.objects.filter(code__in=codes))
