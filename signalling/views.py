"""A signal for the person it reached: read it and confirm "gelezen en
begrepen" (a POST; a second submit changes nothing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from signalling.rules import ack_status
from signalling.selectors import acknowledgement_get, signal_for_recipient_get
from signalling.services import signal_acknowledge


@login_required
def signal_detail(request, signal_id: int):
    signal = signal_for_recipient_get(signal_id=signal_id, user=request.user)
    if request.method == "POST":
        signal_acknowledge(signal=signal, user=request.user)
        messages.success(
            request, _("Bedankt: je hebt bevestigd dat je dit hebt gelezen.")
        )
        return redirect("signalling:detail", signal.pk)
    acknowledgement = acknowledgement_get(signal=signal, user=request.user)
    status = ack_status(
        acknowledged_at=acknowledgement.acknowledged_at if acknowledgement else None,
        acknowledge_by=signal.acknowledge_by,
        today=timezone.localdate(),
    )
    return TemplateResponse(
        request,
        "signalling/signal_detail.html",
        {"signal": signal, "acknowledgement": acknowledgement, "status": status},
    )
