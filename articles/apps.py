from django.apps import AppConfig

from core.content import ALL_ACTIONS, EDITORS, ContentModel


class ArticlesConfig(AppConfig):
    name = "articles"
    content_models = [
        ContentModel(
            "articles.Section", versioned=True, moves=True, in_chrome=True, permissions={EDITORS: ALL_ACTIONS}
        ),
        ContentModel(
            "articles.Article",
            versioned=True,
            moves=True,
            scheduled_fields=("publish_at",),
            permissions={EDITORS: ALL_ACTIONS},
        ),
        # Rebuilt by every article save, which already makes pages stale; editors see them read-only on the form.
        ContentModel("articles.Citation", shown_to_readers=False, permissions={EDITORS: ("view",)}),
        # The words site search suggests from, kept by every article save; nobody edits them.
        ContentModel("articles.SearchTerm", shown_to_readers=False),
    ]
    dashboard_blocks = ["articles.dashboard.review_block"]
