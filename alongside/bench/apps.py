from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "alongside.bench"
    label = "bench"
    verbose_name = "Benchmarks at national scale (make bench, make load)"
