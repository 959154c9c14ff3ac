"""What happens on a ward that apps above it may act on, without the ward knowing them.

The alerts (alongside.visits) sit above the wards in the layers: an alert may be about a concern
raised here, so when the clinical team acknowledges the concern, the ward says so and the alerts
clear themselves (alongside/visits/notify.py), in the same transaction.
"""

from django.dispatch import Signal

# Sent with escalation=<Escalation>, inside the transaction that records the acknowledgement.
escalation_acknowledged = Signal()
