"""Collection's rows stay with their organisation (`innen.dbguards`): steps, holds, messages,
actions and exclusions name only its policies, customers, invoices and policy steps; settings
name only its policies; a run's batches are its run's organisation's."""

from innen.collection.models import (
    Action,
    BehaviourPolicy,
    CollectionSettings,
    CustomerBehaviour,
    CustomerCollection,
    Experiment,
    ExperimentGroup,
    Hold,
    InvoiceExclusion,
    Message,
    Policy,
    PolicyChange,
    PolicyStep,
    Run,
    RunBatch,
    SegmentPolicy,
)
from innen.dbguards import same_organisation

GUARDS = [
    same_organisation(CollectionSettings),
    same_organisation(Policy),
    same_organisation(SegmentPolicy, "policy"),
    same_organisation(BehaviourPolicy, "policy"),
    same_organisation(CustomerBehaviour, "customer"),
    same_organisation(PolicyChange, "policy"),
    same_organisation(PolicyStep, "policy"),
    same_organisation(CustomerCollection, "customer", "policy"),
    same_organisation(InvoiceExclusion, "invoice"),
    same_organisation(Hold, "customer", "invoice"),
    same_organisation(Message, "customer", "step"),
    same_organisation(Action, "invoice", "message", "step"),
    same_organisation(Run),
    same_organisation(RunBatch, "run"),
    same_organisation(Experiment),
    same_organisation(ExperimentGroup, "customer"),
]
