from django.apps import AppConfig


class SignallingConfig(AppConfig):
    name = "signalling"
    verbose_name = "Signaleringen"

    def ready(self):
        from wagtail.signals import published

        from signalling.models import Signal
        from signalling.receivers import deliver_on_publish

        published.connect(deliver_on_publish, sender=Signal)

        from signalling.models import SignalAcknowledgement, SignalRecipient
        from training.learner_cache import watch_everyone, watch_learner

        # What "Mijn leeromgeving" shows of these rows (training.learner_cache).
        watch_everyone(Signal)
        watch_learner(SignalRecipient)
        watch_learner(SignalAcknowledgement)
