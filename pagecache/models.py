from django.db import models
from django.utils import timezone


class ContentGeneration(models.Model):
    """The one row whose version changes whenever anything readers can see changes.

    Every cached page and the cached site chrome are stored under the version they were rendered at, so a
    new version makes all of them fresh at the next request, in every worker and on every app server.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now, help_text="When published content last changed.")
    next_change_at = models.DateTimeField(
        null=True, blank=True, help_text="When content changes by the clock (a scheduled article goes live)."
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="content_generation_single_row")]

    def __str__(self):
        return f"Content generation {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
