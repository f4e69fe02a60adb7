"""``manage.py search_reindex``: rebuild the search index from the content (every source, then
every backend), with a progress bar on a terminal."""

import time

from django.core.management.base import BaseCommand


class Progress:
    """A one-line progress bar on a TTY; nothing otherwise."""

    def __init__(self, stream, total: int, enabled: bool, unit: str = "objets"):
        self.stream = stream
        self.total = max(total, 1)
        self.done = 0
        self.enabled = enabled
        self.unit = unit
        self.finished = False

    def __call__(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        ratio = min(self.done / self.total, 1)
        filled = int(ratio * 30)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {self.unit}"
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and not self.finished:
            self.stream.write("\n")
        self.finished = True


class Command(BaseCommand):
    help = (
        "Reconstruit l’index de recherche du site (fiches, discussions, documents, "
        "événements, pages)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args, **options):
        from search import backends, indexing

        started = time.monotonic()
        total = indexing.count_candidates()
        is_tty = getattr(self.stdout, "isatty", lambda: False)()
        progress = Progress(self.stdout, total, enabled=is_tty and not options["no_progress"])
        bars = [progress]

        def backend_progress(backend):
            """A second bar for Elasticsearch (new index filled, then the alias swapped)."""
            from search.models import SearchDocument

            bars[-1].finish()
            self.stdout.write(f"{backend.name} :")
            bar = Progress(
                self.stdout,
                SearchDocument.objects.count(),
                enabled=progress.enabled,
                unit="documents",
            )
            bars.append(bar)
            return bar

        count = indexing.rebuild(progress=progress, backend_progress=backend_progress)
        bars[-1].finish()
        names = ", ".join(backend.name for backend in backends.index_backends())
        self.stdout.write(
            self.style.SUCCESS(
                f"Index de recherche reconstruit : {count} documents ({names}) en "
                f"{time.monotonic() - started:.1f} s."
            )
        )
