from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for development and trials (`make run`) and bulk content for benchmarks; nothing imports it."""

    name = "demo"
