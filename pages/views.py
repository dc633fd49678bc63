from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from core.ratelimit import rate_limit
from pages.forms import ContactForm
from pages.models import Page, reserved_slugs
from pages.services import receive_contact_message


def page_detail(request, slug):
    if slug in reserved_slugs():
        raise Http404("Reserved address")
    page = get_object_or_404(Page, slug=slug)
    return render(request, "pages/page_detail.html", {"page": page})


def donate(request):
    """Where every Donate link leads: the editors' page (if any), the appeal and the giving link from Site settings."""
    page = Page.objects.filter(slug="donate").first()
    return render(request, "pages/donate.html", {"page": page})


@rate_limit("contact")
def contact(request):
    page = Page.objects.filter(slug="contact").first()
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_spam():
            receive_contact_message(**{name: form.cleaned_data[name] for name in ContactForm.Meta.fields})
        return redirect("pages:contact_thanks")
    return render(request, "pages/contact.html", {"page": page, "form": form})


def contact_thanks(request):
    return render(request, "pages/contact_thanks.html")
