"""Webhook deliveries and their attempts stay with their organisation (`innen.dbguards`): a
delivery goes only to its organisation's endpoint, an attempt is its delivery's."""

from innen.dbguards import same_organisation
from innen.webhooks.models import DeliveryAttempt, Endpoint, WebhookDelivery

GUARDS = [
    same_organisation(Endpoint),
    same_organisation(WebhookDelivery, "endpoint"),
    same_organisation(DeliveryAttempt, "delivery"),
]
