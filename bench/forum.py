"""Forum part of `make bench`: a thread with 500 posts and a category with 10,000 threads, then
the time of the thread page (first and last page) and of the category page (pages 1 and 300).

Called at the end of bench/run.py; also runs alone:
    python bench/forum.py [--threads 10000] [--posts 500] [--requests 30]

Rows are inserted with bulk_create (posts with their HTML already rendered, as forum.services
stores it), with the thread counters set as forum.services keeps them. Generation is paid once:
the bench database is kept between runs."""

import argparse
import os
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CATEGORY_SLUG = "banc-essai-forum"
LONG_THREAD_CATEGORY_SLUG = "banc-essai-forum-longue"
LONG_THREAD_TITLE = "Discussion de banc d’essai avec beaucoup de réponses"
EMAIL_PATTERN = "banc-essai-forum-{}@example.org"
BATCH = 1000

BODY = (
    "Bonjour, à **Fictiville** nous avons essayé le repérage par croisement de fichiers.\n\n"
    "- un comité de suivi mensuel ;\n- une conseillère dédiée ;\n- un tableau partagé.\n\n"
    "Qu’en pensez-vous ? (message de banc d’essai)"
)


def _people(count: int = 20):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    people = []
    for number in range(count):
        user, created = User.objects.get_or_create(
            email=EMAIL_PATTERN.format(number),
            defaults={"first_name": f"Banc{number}", "last_name": "Essai"},
        )
        if created:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        people.append(user)
    return people


def generate_forum(threads: int = 10000, posts: int = 500) -> float:
    """Create what is missing; returns the seconds spent."""
    from django.db import transaction
    from django.utils import timezone

    from forum.rendering import render_markdown

    started = time.perf_counter()
    html = render_markdown(BODY)
    people = _people()
    now = timezone.now()

    with transaction.atomic():
        _big_category(threads, people, html, now)
        _long_thread(posts, people, html, now)
    return time.perf_counter() - started


def _big_category(threads: int, people: list, html: str, now) -> None:
    """The category of ``threads`` threads (one post each), BATCH threads at a time."""
    from django.db import connection

    from forum.models import Category, Post, Thread

    category, _created = Category.objects.get_or_create(
        slug=CATEGORY_SLUG,
        defaults={"name": "Banc d’essai : grande catégorie", "position": 900},
    )
    existing = Thread.objects.filter(category=category).count()
    for start in range(existing, threads, BATCH):
        numbers = range(start, min(start + BATCH, threads))
        rows = []
        for number in numbers:
            moment = now - timedelta(minutes=number + 10)
            author = people[number % len(people)]
            rows.append(
                Thread(
                    category=category,
                    title=f"Discussion de banc d’essai numéro {number} sur le non-recours",
                    author=author,
                    posts_count=1,
                    last_post_at=moment,
                    last_poster=author,
                    created_at=moment,
                    is_pinned=number < 3,
                )
            )
        created = Thread.objects.bulk_create(rows, batch_size=500)
        if not connection.features.can_return_rows_from_bulk_insert:
            titles = [row.title for row in rows]
            created = list(Thread.objects.filter(category=category, title__in=titles))
        Post.objects.bulk_create(
            [
                Post(
                    thread=row,
                    author=row.author,
                    source=BODY,
                    html=html,
                    is_first=True,
                    created_at=row.created_at,
                )
                for row in created
            ],
            batch_size=500,
        )


def _long_thread(posts: int, people: list, html: str, now) -> None:
    """The thread of ``posts`` posts, in a category of its own; its counters as forum.services
    keeps them."""
    from forum.models import Category, Post, Thread

    long_category, _created = Category.objects.get_or_create(
        slug=LONG_THREAD_CATEGORY_SLUG,
        defaults={"name": "Banc d’essai : longue discussion", "position": 901},
    )
    thread = Thread.objects.filter(category=long_category, title=LONG_THREAD_TITLE).first()
    if thread is None:
        first_at = now - timedelta(days=30)
        thread = Thread.objects.create(
            category=long_category,
            title=LONG_THREAD_TITLE,
            author=people[0],
            created_at=first_at,
            last_post_at=first_at,
            last_poster=people[0],
            kind=Thread.Kind.DISCUSSION,
        )
    have = Post.objects.filter(thread=thread).count()
    missing = posts - have
    if missing > 0:
        base = thread.created_at
        Post.objects.bulk_create(
            [
                Post(
                    thread=thread,
                    author=people[number % len(people)],
                    source=BODY,
                    html=html,
                    is_first=number == 0,
                    created_at=base + timedelta(minutes=number),
                )
                for number in range(have, posts)
            ],
            batch_size=500,
        )
        last = Post.objects.filter(thread=thread).order_by("-created_at", "-pk").first()
        Thread.objects.filter(pk=thread.pk).update(
            posts_count=Post.objects.filter(thread=thread).count(),
            last_post_at=last.created_at,
            last_poster=last.author,
        )


def _last_page(content: str) -> int:
    pages = [int(number) for number in re.findall(r"[?&;]page=(\d+)", content)]
    return max(pages, default=1)


def _time(client, url: str, requests: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up
    timings = []
    response = None
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, len(queries), response.status_code


def measure(client, requests: int = 30) -> None:
    """Print p50/p95 (ms) and the query count of the forum pages, anonymous then logged in."""
    from django.urls import NoReverseMatch, reverse
    from django.utils.text import slugify

    from forum.models import Category, Thread

    try:
        category = Category.objects.get(slug=CATEGORY_SLUG)
        thread = Thread.objects.get(
            category__slug=LONG_THREAD_CATEGORY_SLUG, title=LONG_THREAD_TITLE
        )
        category_url = reverse("forum:category", kwargs={"slug": category.slug})
        thread_url = reverse(
            "forum:thread",
            kwargs={"pk": thread.pk, "slug": slugify(thread.title)[:80].strip("-") or "discussion"},
        )
    except (NoReverseMatch, Category.DoesNotExist, Thread.DoesNotExist) as error:
        print(f"Forum: skipped ({error})")
        return
    last_thread_page = _last_page(client.get(thread_url).content.decode())
    last_category_page = _last_page(client.get(category_url).content.decode())
    urls = [
        (f"thread {thread.posts_count} posts, page 1", thread_url),
        (f"thread, last page ({last_thread_page})", f"{thread_url}?page={last_thread_page}"),
        (f"category {category.threads.count()} threads, page 1", category_url),
        (
            f"category, page {min(300, last_category_page)}",
            f"{category_url}?page={min(300, last_category_page)}",
        ),
    ]
    print(f"{'Forum page':62} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    from accounts.models import User

    member = User.objects.get(email=EMAIL_PATTERN.format(1))
    for who in ("anonymous", "logged in"):
        if who == "logged in":
            client.force_login(member)
        for label, url in urls:
            p50, p95, queries, status = _time(client, url, requests)
            assert status == 200, (url, status)
            print(f"{label + ' — ' + who:62} {p50:8.1f} {p95:8.1f} {queries:8d}")
    client.logout()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--threads", type=int, default=int(os.environ.get("BENCH_FORUM_THREADS", 10000))
    )
    parser.add_argument("--posts", type=int, default=int(os.environ.get("BENCH_FORUM_POSTS", 500)))
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("bootstrap_site", verbosity=0)
    run(Client(), args.threads, args.posts, args.requests)


def run(client, threads: int = 10000, posts: int = 500, requests: int = 30) -> None:
    spent = generate_forum(threads, posts)
    print(
        f"Forum: {threads} threads in one category, one thread of {posts} posts "
        f"(generation this run: {spent:.1f} s)"
    )
    measure(client, requests)


if __name__ == "__main__":
    main()
