from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages and site settings"

    def ready(self):
        from pages import chrome

        chrome.connect_invalidation()
