from django.apps import AppConfig


class LowmilkConfig(AppConfig):
    name = "lowmilk"
    verbose_name = "Low Milk Supply"
