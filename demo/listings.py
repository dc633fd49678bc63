# ruff: noqa: E501  (one listing per line reads best as a table)
"""About forty made-up directory listings across several countries, for `manage.py load_demo`."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from consultants.models import Credential, Language, Listing, Status

# name, practice, street address, city, region, postcode, country, services (H home, O office, T telehealth),
# credentials, languages, accepting new clients. Every person and practice here is invented.
LISTINGS = [
    ("Maria Alvarez", "Cambridge Lactation Care", "12 Brattle St", "Cambridge", "MA", "02138", "US", "HOT", ["IBCLC", "RN"], ["en", "es"], True),
    ("Jennifer Walsh", "", "", "Somerville", "MA", "02144", "US", "H", ["IBCLC"], ["en"], True),
    ("Aisha Rahman", "Back Bay Breastfeeding", "400 Boylston St", "Boston", "MA", "02116", "US", "OT", ["IBCLC"], ["en", "bn", "ur"], True),
    ("Colleen O'Brien", "", "", "Worcester", "MA", "01609", "US", "HT", ["CLC"], ["en"], False),
    ("Rachel Goldberg", "Brooklyn Milk Works", "250 Atlantic Ave", "Brooklyn", "NY", "11201", "US", "OT", ["IBCLC"], ["en", "he"], True),
    ("Keisha Brown", "", "", "New York", "NY", "10027", "US", "H", ["IBCLC", "CLC"], ["en"], True),
    ("Mei Chen", "Flushing Family Feeding", "136-20 Roosevelt Ave", "Queens", "NY", "11354", "US", "O", ["IBCLC"], ["en", "zh", "yue"], True),
    ("Sarah Miller", "", "", "Providence", "RI", "02903", "US", "HOT", ["LLL"], ["en"], True),
    ("Linh Nguyen", "Pacific Lactation", "1500 Broadway", "Oakland", "CA", "94612", "US", "OT", ["IBCLC"], ["en", "vi"], True),
    ("Rosa Martinez", "", "", "Los Angeles", "CA", "90026", "US", "H", ["CLC", "CBC"], ["en", "es"], True),
    ("Emily Johnson", "Seattle Baby Feeding", "1200 Pike St", "Seattle", "WA", "98101", "US", "OT", ["IBCLC"], ["en"], True),
    ("Tamika Harris", "", "", "Chicago", "IL", "60615", "US", "HT", ["IBCLC"], ["en"], True),
    ("Laura Schmidt", "Prairie Lactation", "301 E Monroe St", "Springfield", "IL", "62701", "US", "O", ["IBCLC"], ["en", "de"], True),
    ("Anna Kowalski", "", "", "Springfield", "MO", "65806", "US", "HOT", ["CLC"], ["en", "pl"], True),
    ("Grace Okafor", "Houston Feeding Clinic", "6560 Fannin St", "Houston", "TX", "77030", "US", "OT", ["IBCLC", "MD"], ["en"], True),
    ("Daniela Souza", "", "", "Miami", "FL", "33137", "US", "HT", ["IBCLC"], ["en", "pt", "es"], True),
    ("Hannah Lee", "Telehealth Lactation Co.", "", "Denver", "CO", "80202", "US", "T", ["IBCLC"], ["en", "ko"], True),
    ("Naomi Begay", "", "", "Albuquerque", "NM", "87102", "US", "HT", ["IBCLC"], ["en"], True),
    ("Olivia Tremblay", "Allaitement Montréal", "4200 Rue Saint-Denis", "Montréal", "QC", "H2J 2K8", "CA", "OT", ["IBCLC"], ["fr", "en"], True),
    ("Priya Sharma", "Toronto Lactation Centre", "790 Bay St", "Toronto", "ON", "M5G 1N8", "CA", "OT", ["IBCLC"], ["en", "hi", "pa"], True),
    ("Megan Fraser", "", "", "Vancouver", "BC", "V5K 0A1", "CA", "H", ["LLL"], ["en"], True),
    ("Claire Dubois", "", "", "Ottawa", "ON", "K1N 5T1", "CA", "HT", ["IBCLC"], ["en", "fr"], False),
    ("Sophie Williams", "London Infant Feeding", "20 Cavendish Sq", "London", "England", "W1G 0RN", "GB", "OT", ["IBCLC", "MW"], ["en"], True),
    ("Fatima Hussain", "", "", "Birmingham", "England", "B11 1AA", "GB", "H", ["BFC"], ["en", "ur", "ar"], True),
    ("Eilidh MacLeod", "", "", "Glasgow", "Scotland", "G12 8QQ", "GB", "HT", ["IBCLC"], ["en"], True),
    ("Rhiannon Evans", "Cardiff Feeding Support", "1 Cathedral Rd", "Cardiff", "Wales", "CF11 9HA", "GB", "O", ["IBCLC"], ["en", "cy"], True),
    ("Helen Clarke", "", "", "Cambridge", "England", "CB1 2JD", "GB", "HOT", ["IBCLC"], ["en"], True),
    ("Siobhan Murphy", "Dublin Lactation", "10 Merrion Sq", "Dublin", "", "D02", "IE", "OT", ["IBCLC"], ["en", "ga"], True),
    ("Charlotte Taylor", "Melbourne Lactation Clinic", "250 Collins St", "Melbourne", "VIC", "3000", "AU", "OT", ["IBCLC"], ["en"], True),
    ("Zoe Papadopoulos", "", "", "Melbourne", "VIC", "3056", "AU", "H", ["BFC"], ["en", "el"], True),
    ("Jessica Nguyen", "Sydney Breastfeeding Centre", "1 Martin Pl", "Sydney", "NSW", "2000", "AU", "OT", ["IBCLC", "MW"], ["en", "vi"], True),
    ("Amelia Brown", "", "", "Brisbane", "QLD", "4000", "AU", "HT", ["IBCLC"], ["en"], True),
    ("Kirsty Wilson", "", "", "Perth", "WA", "6000", "AU", "HT", ["LLL"], ["en"], True),
    ("Aroha Ngata", "Whānau Feeding Support", "", "Auckland", "", "1010", "NZ", "HT", ["IBCLC"], ["en", "mi"], True),
    ("Lucy Thompson", "", "", "Wellington", "", "6011", "NZ", "H", ["BFC"], ["en"], True),
    ("Katharina Müller", "Stillberatung Berlin", "Kastanienallee 12", "Berlin", "", "10435", "DE", "OT", ["IBCLC"], ["de", "en"], True),
    ("Femke de Vries", "", "", "Amsterdam", "", "1017", "NL", "HT", ["IBCLC"], ["nl", "en"], True),
    ("Camille Laurent", "Allaitement Paris", "18 Rue de Rivoli", "Paris", "", "75004", "FR", "O", ["IBCLC"], ["fr", "en"], True),
    ("Anjali Iyer", "", "", "Singapore", "", "238823", "SG", "T", ["IBCLC"], ["en", "hi"], True),
    ("Mere Tuilagi", "", "", "Suva", "", "", "FJ", "HT", ["MW"], ["en"], True),
]  # fmt: skip

# A few credentials already checked, so the "verified" badge shows in the demo.
VERIFIED = {"maria-alvarez", "aisha-rahman", "priya-sharma", "charlotte-taylor", "sophie-williams"}


@transaction.atomic
def load_demo_listings(today: datetime.date | None = None) -> int:
    """Create or update the demo listings, keyed by slug; returns how many there are."""
    today = today or timezone.localdate()
    languages = {language.code: language for language in Language.objects.all()}
    for number, row in enumerate(LISTINGS):
        name, practice, address, city, region, postcode, country, services, kinds, codes, accepting = row
        slug = slugify(name)
        listing = Listing.objects.filter(slug=slug).first() or Listing(slug=slug)
        listing.name, listing.practice_name, listing.address = name, practice, address
        listing.city, listing.region, listing.postcode, listing.country = city, region, postcode, country
        listing.home_visits, listing.office_visits, listing.telehealth = (
            "H" in services,
            "O" in services,
            "T" in services,
        )
        listing.telehealth_area = "country" if services == "T" else "region"
        listing.accepting_clients = accepting
        listing.email = f"{slug}@example.org"
        listing.phone = "" if number % 4 == 3 else f"+1 555 01{number:02d}"
        listing.website_url = f"https://example.org/{slug}/" if practice else ""
        listing.about = f"{name} helps families with breastfeeding and low milk supply in and around {city}."
        listing.status = Status.PUBLISHED
        listing.renewal_due = today + datetime.timedelta(days=20 + 9 * number)
        listing.latitude = listing.longitude = None  # Geocoded afresh from the postcode or city.
        listing.full_clean()
        listing.save()
        listing.languages.set([languages[code] for code in codes if code in languages])
        listing.credentials.exclude(kind__in=kinds).delete()
        for kind in kinds:
            credential, _ = Credential.objects.get_or_create(
                listing=listing, kind=kind, defaults={"number": f"{kind[:2]}-{40000 + number * 7}"}
            )
            if slug in VERIFIED and not credential.verified_at:
                credential.verified_at = timezone.now()
                credential.save()
    return len(LISTINGS)
