import dataclasses

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from consultants import geo
from consultants.forms import ConsultantSearchForm, CredentialFormSet, ListingSubmissionForm
from consultants.selectors import (
    consultants_near,
    detail_url_maker,
    listing_profile,
    map_points,
    results_page,
)
from consultants.services import notify_moderators
from core.ratelimit import rate_limit

RESULTS_PER_PAGE = 20


@rate_limit("search", methods=["GET"])
def search(request):
    form = ConsultantSearchForm(request.GET if ConsultantSearchForm.is_search(request.GET) else None)
    context = {"form": form}
    if not form.is_bound:
        return render(request, "consultants/search.html", context)
    if not form.is_valid():
        return render(request, "consultants/search.html", context, status=400)

    data = form.cleaned_data
    context["active_filters"] = form.active_filter_count
    if data["lat"] is not None:
        origin = geo.nearest_place(data["lat"], data["lng"])
        if data["place"]:  # A place chosen from a list of same-named places keeps its name.
            origin = dataclasses.replace(origin, label=data["place"])
        lookup = None
    else:
        lookup = geo.geocode(data["place"])
        origin = lookup.place
    context["lookup"] = lookup
    if origin is None:
        return render(request, "consultants/search.html", context)

    unit = form.unit_for(origin.country)
    radius = form.chosen_radius()
    # Wherever a search starts (home page, "use my location", a suggestion), the address then says the
    # unit and radius the page shows, so the form, the heading, the URL and the next search agree.
    if request.GET.get("unit") != unit or request.GET.get("radius") != str(radius):
        query = request.GET.copy()
        query["unit"], query["radius"] = unit, str(radius)
        return redirect(f"{request.path}?{query.urlencode()}")

    radius_km = radius * geo.KM_PER_MILE if unit == "mi" else radius
    listings = consultants_near(origin, radius_km, filters=form.filters())
    page = results_page(listings, page=request.GET.get("page"), per_page=RESULTS_PER_PAGE)
    detail_url = detail_url_maker()
    for result in page:
        result.url = detail_url(result.slug)  # for its card and its map marker
        distance = result.distance_km / geo.KM_PER_MILE if unit == "mi" else result.distance_km
        result.distance_label = geo.format_distance(distance, unit)
        result.is_remote = result.distance_km > radius_km
    context.update(
        origin=origin,
        page_obj=page,
        unit=unit,
        unit_name=geo.unit_name(unit),
        radius=radius,
        map_data={
            "center": [origin.latitude, origin.longitude],
            "radius_m": radius_km * 1000,
            "points": map_points(page, radius_km),
            "tile_url": settings.CONSULTANTS_MAP_TILE_URL,
            "attribution": settings.CONSULTANTS_MAP_ATTRIBUTION,
        },
    )
    return render(request, "consultants/search.html", context)


def detail(request, slug):
    listing = listing_profile(slug)
    if listing is None:
        raise Http404("No published listing here.")
    return render(request, "consultants/listing_detail.html", {"listing": listing})


@rate_limit("listing")  # settings.RATE_LIMITS["listing"], from CONSULTANTS_SUBMIT_RATE
def submit(request):
    form = ListingSubmissionForm(request.POST or None)
    credentials = CredentialFormSet(request.POST or None, prefix="credentials")
    # Validate both, so every mistake shows at once.
    if request.method == "POST" and all([form.is_valid(), credentials.is_valid()]):
        if not form.is_spam():
            with transaction.atomic():
                listing = form.save()
                credentials.instance = listing
                credentials.save()
            admin_url = request.build_absolute_uri(
                reverse("admin:consultants_pendinglisting_change", args=[listing.pk])
            )
            notify_moderators(listing, admin_url=admin_url)
        return redirect("consultants:submit_thanks")
    return render(request, "consultants/submit.html", {"form": form, "credentials": credentials})


def submit_thanks(request):
    return render(request, "consultants/submit_thanks.html")
