from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The signposting directory: organisations and services, in the Open Referral UK shape."""

    name = "alongside.directory"
    label = "directory"
