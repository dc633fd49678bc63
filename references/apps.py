from django.apps import AppConfig

from core.content import ALL_ACTIONS, EDITORS, ContentModel


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = "Reference library"
    content_models = [ContentModel("references.Reference", versioned=True, permissions={EDITORS: ALL_ACTIONS})]
