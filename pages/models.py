from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_resolver, reverse
from markdownx.models import MarkdownxField

from core.markdown import render_markdown


def reserved_slugs():
    """The first path segments of the site's own addresses (``/articles/``, ``/feed/``, ``/sitemap.xml``...).

    Read from the URLconf, so a page can never take an address the site already uses, whatever is added later.
    The contact page's own URLs come from this app's URLconf and are not reserved against it.
    """
    reserved = {settings.STATIC_URL.strip("/"), settings.MEDIA_URL.strip("/")}
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "app_name", None) == "pages":
            continue
        first_segment = str(pattern.pattern).lstrip("^").split("/")[0]
        reserved.add(first_segment.split(".")[0].split("<")[0])
    return {slug for slug in reserved if slug}


def validate_page_slug(slug):
    if slug in reserved_slugs():
        raise ValidationError(f"“{slug}” is an address the site already uses; choose another.")


class PageQuerySet(models.QuerySet):
    def in_navigation(self):
        return self.filter(nav_order__isnull=False).order_by("nav_order")


class Page(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        validators=[validate_page_slug],
        unique=True,
        help_text='The page\'s address: "about" is /about/. "contact" adds the contact form.',
    )
    body = MarkdownxField(help_text="Markdown.")
    body_html = models.TextField(editable=False, blank=True)
    nav_order = models.PositiveSmallIntegerField(
        "position in navigation", null=True, blank=True, help_text="Leave empty to keep the page out of the menu."
    )
    seo_description = models.CharField("SEO description", max_length=160, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["nav_order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug == "contact":
            return reverse("pages:contact")
        return reverse("pages:page", kwargs={"slug": self.slug})

    def public_paths(self):
        return {"self": self.get_absolute_url()}


class SiteSettings(models.Model):
    """The one record of site-wide text: name, donation appeal, promoted book, copyright and disclaimer."""

    site_name = models.CharField(max_length=100, default="Low Milk Supply")
    tagline = models.CharField(max_length=200, blank=True)
    donation_url = models.URLField("donation URL", blank=True, help_text="Where the Donate button leads.")
    donation_appeal = models.TextField(blank=True, help_text="One or two sentences shown beside the Donate button.")
    book_title = models.CharField(max_length=200, blank=True)
    book_authors = models.CharField(max_length=200, blank=True)
    book_cover = models.ImageField(upload_to="book/", blank=True)
    book_blurb = models.TextField(blank=True)
    book_url = models.URLField("book URL", blank=True)
    copyright_holders = models.CharField(max_length=200, blank=True)
    copyright_start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    contact_email = models.EmailField(blank=True, help_text="Contact-form messages are emailed here.")
    disclaimer = models.TextField(blank=True, help_text="Medical disclaimer shown at the foot of every page.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "site settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row")]

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """Return the site settings, creating the record with defaults the first time."""
        return cls.objects.get_or_create(pk=1)[0]


class ContactMessage(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    message = models.TextField(max_length=5000)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    handled = models.BooleanField(default=False, help_text="Tick once someone has replied or dealt with it.")

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.subject} ({self.name})"
