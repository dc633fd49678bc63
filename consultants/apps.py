from django.apps import AppConfig

from core.content import ALL_ACTIONS, MODERATORS, ContentModel


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = "Consultant directory"
    content_models = [
        ContentModel(
            "consultants.Listing",
            versioned=True,
            follow=("credentials",),  # credentials are edited inline with their listing
            moves=True,
            permissions={MODERATORS: ALL_ACTIONS},
        ),
        # A proxy for the moderation queue: its saves send their own signals.
        ContentModel("consultants.PendingListing", permissions={MODERATORS: ALL_ACTIONS}),
        ContentModel("consultants.Credential", versioned=True, permissions={MODERATORS: ALL_ACTIONS}),
        ContentModel("consultants.Language", permissions={MODERATORS: ALL_ACTIONS}),
    ]
    dashboard_blocks = ["consultants.dashboard.moderation_block"]
