from django.apps import AppConfig


class VocabulariesConfig(AppConfig):
    """The shared vocabularies every app uses (needs and conditions, communities, modes of support),
    as Open Referral UK taxonomies. Low in the layers: people, support, workforce, partners and the
    directory all read them."""

    name = "alongside.vocabularies"
    label = "vocabularies"
