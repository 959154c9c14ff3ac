import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
application = get_wsgi_application()
# What is loaded by now (Django, the apps, their modules) lives as long as the worker: out of the
# garbage collector's sight, a full collection no longer walks it, which cut the occasional
# 80 ms pause from a request (docs/adr/0032-pages-that-cost-the-same-at-any-size.md).
gc.freeze()
