from django.db import models
from django.utils import timezone


class ContentGeneration(models.Model):
    """The one row whose version changes whenever anything readers can see changes.

    Every cached page is stored under the version it was rendered at, so a new version makes all of them
    fresh at the next request, in every worker and on every app server. The cached site chrome is stored
    under ``chrome_version``, the version at which a model the chrome shows last changed (core.content's
    ``in_chrome``): an article edit leaves the menu and footer as they were rendered.
    """

    version = models.PositiveBigIntegerField(default=1)
    chrome_version = models.PositiveBigIntegerField(
        default=1, help_text="The version at which something the site chrome shows last changed."
    )
    changed_at = models.DateTimeField(default=timezone.now, help_text="When published content last changed.")
    next_change_at = models.DateTimeField(
        null=True, blank=True, help_text="When content changes by the clock (a scheduled article goes live)."
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="content_generation_single_row")]

    def __str__(self):
        return f"Content generation {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
