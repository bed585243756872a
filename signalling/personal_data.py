"""The signalling app's part of a person's data download (see
`training.personal_data`): the signals that reached them and whether and when
they confirmed reading them, with the version read. Two queries."""

from __future__ import annotations

from typing import Any

from signalling.models import SignalAcknowledgement, SignalRecipient
from training.personal_data import iso


def personal_data(*, user) -> dict[str, Any]:
    read = {
        ack.signal_id: ack for ack in SignalAcknowledgement.objects.filter(user=user)
    }
    rows = []
    for recipient in (
        SignalRecipient.objects.filter(user=user)
        .select_related("signal")
        .order_by("delivered_at", "pk")
    ):
        ack = read.get(recipient.signal_id)
        rows.append(
            {
                "signalering": recipient.signal.title,
                "ontvangen_op": iso(recipient.delivered_at),
                "lezen_voor": iso(recipient.signal.acknowledge_by),
                "gelezen_op": iso(ack.acknowledged_at) if ack else None,
                "gelezen_versie": ack.revision_id if ack else None,
            }
        )
    return {"signaleringen": rows}
