"""The app's URLs plus the benchmark's own admin site (alongside/bench/admin_site.py).

Used only by `alongside bench`, through override_settings(ROOT_URLCONF="alongside.bench.urls"), while
it measures the admin's changelists; no server ever serves this URLconf.
"""

from django.urls import include, path

from alongside.bench.admin_site import bench_site

BENCH_ADMIN = "bench-admin/"

urlpatterns = [
    path("", include("alongside.urls")),
    path(BENCH_ADMIN, bench_site.urls),
]
