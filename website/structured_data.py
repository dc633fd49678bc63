"""schema.org JSON-LD for article pages: the MedicalWebPage, its publisher and its breadcrumb trail."""

from django.urls import reverse


def organization(site, *, home_url):
    return {"@type": "Organization", "@id": f"{home_url}#organization", "name": site.site_name, "url": home_url}


def article_structured_data(article, *, site, absolute_url):
    """Return a JSON-LD document (a dict) for ``article``; ``absolute_url(path)`` makes paths absolute."""
    home_url = absolute_url(reverse("home"))
    page_url = absolute_url(article.get_absolute_url())
    trail = [
        (site.site_name, home_url),
        (article.section.title, absolute_url(article.section.get_absolute_url())),
        (article.title, page_url),
    ]
    page = {
        "@type": "MedicalWebPage",
        "@id": page_url,
        "url": page_url,
        "name": article.title,
        "headline": article.title,
        "description": article.seo_description or article.summary,
        "inLanguage": "en",
        "datePublished": article.publish_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "lastReviewed": article.last_reviewed.isoformat(),
        "publisher": {"@id": f"{home_url}#organization"},
        "breadcrumb": {"@id": f"{page_url}#breadcrumb"},
    }
    if article.authors:
        page["author"] = {"@type": "Person", "name": article.authors}
    if article.medical_reviewer:
        page["reviewedBy"] = {"@type": "Person", "name": article.medical_reviewer}
    breadcrumbs = {
        "@type": "BreadcrumbList",
        "@id": f"{page_url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
    return {"@context": "https://schema.org", "@graph": [organization(site, home_url=home_url), page, breadcrumbs]}


def site_structured_data(site, *, absolute_url):
    """Return JSON-LD for the home page: the organisation and the site with its search box."""
    home_url = absolute_url(reverse("home"))
    search_url = absolute_url(reverse("search")) + "?q={search_term_string}"
    website = {
        "@type": "WebSite",
        "@id": f"{home_url}#website",
        "url": home_url,
        "name": site.site_name,
        "publisher": {"@id": f"{home_url}#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": search_url,
            },
            "query-input": "required name=search_term_string",
        },
    }
    return {"@context": "https://schema.org", "@graph": [organization(site, home_url=home_url), website]}
