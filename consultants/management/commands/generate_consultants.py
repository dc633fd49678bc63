import datetime
import math
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from consultants import geo
from consultants.models import Credential, CredentialKind, Language, Listing, Status, TelehealthArea

FIRST_NAMES = [
    "Maria",
    "Jennifer",
    "Aisha",
    "Colleen",
    "Rachel",
    "Keisha",
    "Mei",
    "Sarah",
    "Linh",
    "Rosa",
    "Emily",
    "Tamika",
    "Laura",
    "Anna",
    "Grace",
    "Daniela",
    "Hannah",
    "Naomi",
    "Olivia",
    "Priya",
    "Megan",
    "Claire",
    "Sophie",
    "Fatima",
    "Eilidh",
    "Rhiannon",
    "Helen",
    "Siobhan",
    "Charlotte",
    "Zoe",
    "Jessica",
    "Amelia",
    "Kirsty",
    "Aroha",
    "Lucy",
    "Katharina",
    "Femke",
    "Camille",
    "Anjali",
    "Mere",
    "Ines",
    "Yuki",
    "Amara",
    "Leila",
    "Noor",
    "Elena",
    "Beatriz",
    "Chloe",
    "Ruth",
    "Tara",
]
LAST_NAMES = [
    "Alvarez",
    "Walsh",
    "Rahman",
    "O'Brien",
    "Goldberg",
    "Brown",
    "Chen",
    "Miller",
    "Nguyen",
    "Martinez",
    "Johnson",
    "Harris",
    "Schmidt",
    "Kowalski",
    "Okafor",
    "Souza",
    "Lee",
    "Begay",
    "Tremblay",
    "Sharma",
    "Fraser",
    "Dubois",
    "Williams",
    "Hussain",
    "MacLeod",
    "Evans",
    "Clarke",
    "Murphy",
    "Taylor",
    "Wilson",
    "Ngata",
    "Thompson",
    "Muller",
    "Vries",
    "Laurent",
    "Iyer",
    "Tuilagi",
    "Garcia",
    "Silva",
    "Kim",
    "Patel",
    "Cohen",
    "Rossi",
    "Novak",
    "Berg",
    "Costa",
    "Singh",
    "Ali",
    "Park",
]
KINDS = [CredentialKind.IBCLC] * 6 + [CredentialKind.CLC] * 2 + [CredentialKind.LLL_LEADER, CredentialKind.CBC]
BATCH = 2000


class Command(BaseCommand):
    help = (
        "Add N made-up published listings around the world's larger cities (weighted by population), "
        "for benchmarks and trying the directory at scale. The same --seed gives the same listings."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--min-population", type=int, default=200_000, help="Cities to scatter around.")

    def handle(self, *args, count, seed, min_population, **options):
        if count < 1:
            raise CommandError("N must be at least 1.")
        rng = random.Random(seed)  # noqa: S311  (made-up data, repeatable by seed)
        cities = geo.cities_with_population(min_population)
        weights = [population for _city, population in cities]
        languages = list(Language.objects.values_list("pk", flat=True))
        today = timezone.localdate()
        prefix = f"gen{seed}-{Listing.objects.count()}"
        created = 0
        while created < count:
            size = min(BATCH, count - created)
            with transaction.atomic():
                listings = [
                    self._listing(rng, f"{prefix}-{created + n}", *rng.choices(cities, weights)[0][0], today)
                    for n in range(size)
                ]
                Listing.objects.bulk_create(listings, batch_size=BATCH)
                Credential.objects.bulk_create(
                    [
                        Credential(listing=listing, kind=kind, number=str(rng.randrange(10**5, 10**6)))
                        for listing in listings
                        for kind in set(rng.choices(KINDS, k=rng.choice((1, 1, 2))))
                    ],
                    batch_size=BATCH,
                )
                through = Listing.languages.through
                through.objects.bulk_create(
                    [
                        through(listing_id=listing.pk, language_id=language)
                        for listing in listings
                        for language in set(rng.choices(languages[:8], k=rng.choice((1, 1, 2, 3))))
                    ],
                    batch_size=BATCH,
                )
            created += size
            self.stdout.write(f"{created}/{count}", ending="\r")
        self.stdout.write(self.style.SUCCESS(f"Generated {count} listings (seed {seed})."))

    def _listing(self, rng, slug, city, country, region, lat, lng, today):
        # Scatter within about 40 km of the city centre, denser near the middle.
        distance_km, bearing = 40 * rng.random() ** 1.5, rng.uniform(0, 360)
        lat = max(-89.9, min(89.9, lat + distance_km / 111.2 * _cos(bearing)))
        lng = ((lng + distance_km / (111.2 * max(0.05, _cos(lat))) * _sin(bearing)) + 180) % 360 - 180
        services = rng.choice(("H", "O", "HO", "HT", "OT", "HOT", "T"))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        return Listing(
            name=name,
            slug=slug,
            email=f"{slug}@example.org",
            city=city,
            region=geo.region_name(country, region),
            region_code=region,
            country=country,
            latitude=round(lat, 6),
            longitude=round(lng, 6),
            home_visits="H" in services,
            office_visits="O" in services,
            telehealth="T" in services,
            telehealth_area=TelehealthArea.COUNTRY if rng.random() < 0.2 else TelehealthArea.REGION,
            accepting_clients=rng.random() < 0.8,
            status=Status.PUBLISHED if rng.random() < 0.9 else rng.choice((Status.PENDING, Status.EXPIRED)),
            renewal_due=today + datetime.timedelta(days=rng.randrange(-30, 365)),
        )


def _cos(degrees):
    return math.cos(math.radians(degrees))


def _sin(degrees):
    return math.sin(math.radians(degrees))
