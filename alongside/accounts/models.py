from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who logs in. What she may do comes from her memberships, not from this row."""

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.email
