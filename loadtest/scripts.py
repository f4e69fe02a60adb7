"""The two scripts loadtest/run.py runs with Django set up: PREPARE (demo content, one session per
load user, the plan of addresses Locust reads) and CHECK (every write the server accepted is in
the database exactly once, no event over capacity). Each prints one JSON line."""

PREPARE = r"""
import django, json, os
django.setup()
from datetime import timedelta
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.crypto import get_random_string
settings.ALLOWED_HOSTS = ["*"]
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, Territory, User
from events.models import EventPage
from forum.models import Category, Post, Reaction, Thread
from forum.links import thread_slug
from practices.models import PracticeSheetPage
from django.urls import reverse

territory = Territory.objects.order_by("pk").first()
sessions = []
for number in range(int(os.environ["LOADTEST_USERS"])):
    email = f"charge-{number}@example.org"
    user, _ = User.objects.get_or_create(email=email, defaults={
        "first_name": "Charge", "last_name": f"Numéro {number}",
        "date_joined": timezone.now() - timedelta(days=60)})
    EmailAddress.objects.get_or_create(user=user, email=email,
                                       defaults={"verified": True, "primary": True})
    Membership.objects.get_or_create(user=user, territory=territory,
                                     defaults={"status": Membership.Status.ACCEPTED})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(6 * 3600)
    session.create()
    sessions.append({"key": session.session_key, "user": user.pk,
                     "csrf": get_random_string(32)})
public = Category.objects.filter(visibility=Category.Visibility.PUBLIC)
threads = list(Thread.objects.filter(category__in=public, is_locked=False).order_by("-pk")[:12])
posts = list(Post.objects.filter(thread__in=threads, is_deleted=False, is_hidden=False)
             .values_list("pk", flat=True)[:40])
events = [e for e in EventPage.objects.live().filter(start__gt=timezone.now())
          if not e.is_cancelled][:4]
sheets = list(PracticeSheetPage.objects.live().order_by("path")[:12])
print(json.dumps({
    "sessions": sessions,
    "threads": [reverse("forum:thread", kwargs={"pk": t.pk, "slug": thread_slug(t)})
                for t in threads],
    "posts": posts,
    "events": [e.url for e in events],
    "sheets": [s.url for s in sheets],
    "reaction_kinds": list(Reaction.Kind.values),
}))
"""

CHECK = r"""
import django, json, os, sys
django.setup()
from collections import Counter
from django.db.models import Count
from events.models import EventPage, Registration
from forum.models import Post, Reaction
journal = [json.loads(line) for line in open(os.environ["LOADTEST_JOURNAL"], encoding="utf-8")]
posts = [e for e in journal if e["kind"] == "post"]
missing, doubled = [], []
for entry in posts:
    n = Post.objects.filter(source__contains=entry["token"]).count()
    if n == 0:
        missing.append(entry["token"])
    elif n > 1:
        doubled.append(entry["token"])
dup_regs = list(Registration.objects.values("user", "event").annotate(n=Count("pk"))
                .filter(n__gt=1).values_list("user", "event", "n"))
dup_reacts = list(Reaction.objects.values("user", "post", "kind").annotate(n=Count("pk"))
                  .filter(n__gt=1).values_list("user", "post", "n"))
over = []
for event in EventPage.objects.filter(capacity__isnull=False):
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if confirmed > event.capacity:
        over.append((event.title, confirmed, event.capacity))
registered = [e for e in journal if e["kind"] == "inscription"]
lost_regs = []
for entry in registered:
    path = entry["event"].rstrip("/").rsplit("/", 1)[-1]
    if not Registration.objects.filter(user_id=entry["user"], event__slug=path).exists():
        lost_regs.append(entry)
print(json.dumps({
    "accepted_posts": len(posts), "missing_posts": len(missing), "doubled_posts": len(doubled),
    "accepted_registrations": len(registered), "lost_registrations": len(lost_regs),
    "duplicate_registrations": len(dup_regs), "duplicate_reactions": len(dup_reacts),
    "accepted_reactions": sum(1 for e in journal if e["kind"] == "reaction"),
    "accepted_cancellations": sum(1 for e in journal if e["kind"] == "annulation"),
    "events_over_capacity": over,
}))
"""
