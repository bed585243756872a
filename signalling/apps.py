from django.apps import AppConfig


class SignallingConfig(AppConfig):
    name = "signalling"
    verbose_name = "Signaleringen"

    def ready(self):
        from wagtail.signals import published

        from signalling.models import Signal
        from signalling.receivers import deliver_on_publish

        published.connect(deliver_on_publish, sender=Signal)
