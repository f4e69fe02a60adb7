"""The one place that answers "may this person do X in the forum?". Tested as a matrix in
forum/tests/test_permissions.py. ``why_cannot_*`` functions return the French message to show."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions as account_permissions
from accounts.permissions import has_verified_email
from forum.models import Category, Flag, Post, Thread


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_moderator(user) -> bool:
    return _active(user) and (
        account_permissions.is_moderator(user)
        or account_permissions.is_facilitator(user)
        or account_permissions.is_dgcs_admin(user)
    )


def can_read_category(user, category: Category) -> bool:
    visibility = category.visibility
    if visibility == Category.Visibility.PUBLIC:
        return True
    if not _active(user):
        return False
    if is_moderator(user):
        return True
    if visibility == Category.Visibility.MEMBERS:
        return True
    if visibility == Category.Visibility.REFERENTS:
        return bool(account_permissions.referent_territory_ids(user))
    if visibility == Category.Visibility.TERRITORY:
        return category.territory_id in account_permissions.member_territory_ids(user)
    return False


def should_log_in_to_read(user, category: Category) -> bool:
    """Whether ``user`` is logged out and would read ``category`` once logged in as an ordinary
    member of the community (public and members-only categories): then the page asks to log
    in; otherwise (referents', a territory's team's) it answers 404, its existence not revealed."""
    if _active(user):
        return False
    return category.visibility in (Category.Visibility.PUBLIC, Category.Visibility.MEMBERS)


def readable_categories(user):
    """Categories this person may read, as a queryset (for lists, counts and search)."""
    queryset = Category.objects.all()
    if not _active(user):
        return queryset.filter(visibility=Category.Visibility.PUBLIC)
    if is_moderator(user):
        return queryset
    allowed = Q(visibility__in=[Category.Visibility.PUBLIC, Category.Visibility.MEMBERS])
    if account_permissions.referent_territory_ids(user):
        allowed |= Q(visibility=Category.Visibility.REFERENTS)
    allowed |= Q(
        visibility=Category.Visibility.TERRITORY,
        territory_id__in=account_permissions.member_territory_ids(user),
    )
    return queryset.filter(allowed)


def readers(category: Category):
    """The active people who may read ``category``, as a queryset of users (the same rule as
    ``can_read_category``): mention suggestions never offer anyone else."""
    from django.contrib.auth import get_user_model

    from accounts import roles
    from accounts.models import Membership

    people = get_user_model().objects.filter(is_active=True)
    visibility = category.visibility
    if visibility in (Category.Visibility.PUBLIC, Category.Visibility.MEMBERS):
        return people
    allowed = Q(is_superuser=True) | Q(
        groups__name__in=[roles.MODERATOR, roles.FACILITATOR, roles.DGCS_ADMIN]
    )
    accepted = Membership.objects.filter(status=Membership.Status.ACCEPTED)
    if visibility == Category.Visibility.REFERENTS:
        members = accepted.filter(role=Membership.Role.REFERENT)
    elif visibility == Category.Visibility.TERRITORY:
        members = accepted.filter(territory_id=category.territory_id)
    else:
        return people.none()
    allowed |= Q(pk__in=members.values("user_id"))
    return people.filter(pk__in=get_user_model().objects.filter(allowed).values("pk"))


def readable_threads(user):
    """Threads of the categories this person may read, as a queryset (cross-category lists)."""
    return Thread.objects.filter(category__in=readable_categories(user))


def can_read_thread(user, thread: Thread) -> bool:
    return can_read_category(user, thread.category)


# --- Trust levels --------------------------------------------------------------------------------
# As in Discourse: what an account may do grows with its age and its activity. Level 0 has the
# new-account limits (no links, no attachments, FORUM_NEW_ACCOUNT_POSTS_PER_HOUR posts per hour);
# level 3 may flag twice as many posts per hour. Thresholds: settings (config/settings/limits.py).

NEW, BASIC, MEMBER, REGULAR = 0, 1, 2, 3
TRUST_LABELS = {NEW: "nouveau", BASIC: "basique", MEMBER: "membre", REGULAR: "habitué"}


def _activity(user) -> tuple[int, int]:
    """(posts written, threads read) by ``user``, cached on the object for the request."""
    if "_forum_activity" not in user.__dict__:
        from forum.models import ReadMark

        user.__dict__["_forum_activity"] = (
            Post.objects.filter(author=user, is_deleted=False).count(),
            ReadMark.objects.filter(user=user).count(),
        )
    return user.__dict__["_forum_activity"]


def _level_reached(user, age, days: int, posts: int, read: int) -> bool:
    if age < timedelta(days=days):
        return False
    written, threads_read = _activity(user) if posts or read else (0, 0)
    return written >= posts and threads_read >= read


def trust_level(user, up_to: int = REGULAR) -> int:
    """The trust level of ``user`` (0 « nouveau » to 3 « habitué »), computed no higher than
    ``up_to`` (so that checking level 1 costs no query with the default settings). Moderators,
    facilitators and administrators are at the top level; logged-out visitors at 0."""
    if not _active(user):
        return NEW
    if is_moderator(user):
        return REGULAR
    age = timezone.now() - user.date_joined
    if age < timedelta(hours=getattr(settings, "FORUM_NEW_ACCOUNT_HOURS", 24)):
        return NEW
    basic_reads = getattr(settings, "FORUM_TRUST_BASIC_THREADS_READ", 0)
    if basic_reads and _activity(user)[1] < basic_reads:
        return NEW
    level = BASIC
    for target, prefix, days in ((MEMBER, "MEMBER", 15), (REGULAR, "REGULAR", 60)):
        if level >= up_to:
            break
        thresholds = (
            getattr(settings, f"FORUM_TRUST_{prefix}_DAYS", days),
            getattr(settings, f"FORUM_TRUST_{prefix}_POSTS", 0),
            getattr(settings, f"FORUM_TRUST_{prefix}_THREADS_READ", 0),
        )
        if not _level_reached(user, age, *thresholds):
            break
        level = target
    return level


def is_new_account(user) -> bool:
    """Trust level 0: the new-account limits apply."""
    return trust_level(user, up_to=BASIC) == NEW


def new_account_limits(user) -> dict | None:
    """What the new-account notice of the writing forms says, for an account at trust level 0
    (None otherwise): until when, how many posts per hour, how many threads still to read."""
    if not _active(user) or not is_new_account(user):
        return None
    hours = getattr(settings, "FORUM_NEW_ACCOUNT_HOURS", 24)
    basic_reads = getattr(settings, "FORUM_TRUST_BASIC_THREADS_READ", 0)
    return {
        "until": user.date_joined + timedelta(hours=hours),
        "posts_per_hour": getattr(settings, "FORUM_NEW_ACCOUNT_POSTS_PER_HOUR", 5),
        "threads_to_read": max(basic_reads - _activity(user)[1], 0) if basic_reads else 0,
    }


def why_cannot_post(user, category: Category) -> str | None:
    if not _active(user):
        return _("Connectez-vous pour participer aux discussions.")
    if not has_verified_email(user):
        return _("Confirmez votre adresse e-mail pour participer aux discussions.")
    if not can_read_category(user, category):
        return _("Vous n’avez pas accès à cette catégorie.")
    if is_moderator(user):
        return None
    new_account = is_new_account(user)
    last_hour, last_minute = _recent_posts(user, hour=new_account)
    if new_account:
        limit = getattr(settings, "FORUM_NEW_ACCOUNT_POSTS_PER_HOUR", 5)
        if last_hour >= limit:
            return _(
                "Les nouveaux comptes publient au plus %(limit)s messages par heure : "
                "réessayez un peu plus tard. Votre texte est conservé."
            ) % {"limit": limit}
    limit = getattr(settings, "FORUM_POSTS_PER_MINUTE", 6)
    if last_minute >= limit:
        return _(
            "Vous avez publié %(limit)s messages en moins d’une minute : patientez un "
            "instant avant de publier de nouveau. Votre texte est conservé."
        ) % {"limit": limit}
    return None


def _recent_posts(user, hour: bool) -> tuple[int, int]:
    """How many posts ``user`` wrote in the last hour (when ``hour``) and minute: one query."""
    now = timezone.now()
    minute_ago = now - timedelta(minutes=1)
    since = now - timedelta(hours=1) if hour else minute_ago
    # In SQL: this runs for every logged-in view of a thread (is the reply form shown?).
    from django.db import connection

    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN created_at >= %s THEN 1 ELSE 0 END), 0) "
            "FROM forum_post WHERE author_id = %s AND created_at >= %s",
            [adapt(minute_ago), user.pk, adapt(since)],
        )
        hour_count, minute_count = cursor.fetchone()
    return int(hour_count), int(minute_count)


def why_cannot_reply(user, thread: Thread) -> str | None:
    if thread.is_locked and not is_moderator(user):
        return _("Cette discussion est verrouillée : on ne peut plus y répondre.")
    return why_cannot_post(user, thread.category)


def may_post_links_and_files(user) -> bool:
    return is_moderator(user) or not is_new_account(user)


def can_edit_post(user, post: Post) -> bool:
    if not _active(user) or post.is_deleted:
        return False
    if is_moderator(user):
        return True
    # The author of a hidden post may edit it: it goes back to the moderation queue.
    return post.author_id == user.pk and not post.thread.is_locked


def can_read_hidden_post(user, post: Post) -> bool:
    """A hidden post is shown to the moderators and to its author (to fix it), to nobody else."""
    return _active(user) and (is_moderator(user) or post.author_id == user.pk)


def can_delete_post(user, post: Post) -> bool:
    if not _active(user) or post.is_deleted:
        return False
    return is_moderator(user) or post.author_id == user.pk


def can_accept_answer(user, thread: Thread) -> bool:
    if not _active(user) or thread.kind != Thread.Kind.QUESTION:
        return False
    return (
        thread.author_id == user.pk
        or account_permissions.is_facilitator(user)
        or (is_moderator(user))
    )


def why_cannot_flag(user, post: Post) -> str | None:
    if not _active(user):
        return _("Connectez-vous pour signaler un message.")
    if post.author_id == user.pk:
        return _("Vous ne pouvez pas signaler votre propre message.")
    if not can_read_thread(user, post.thread):
        return _("Vous n’avez pas accès à ce message.")
    limit = getattr(settings, "FORUM_FLAGS_PER_HOUR", 10)
    recent = Flag.objects.filter(
        user=user, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= limit and trust_level(user) == REGULAR:
        limit *= 2
    if recent >= limit and not is_moderator(user):
        return _(
            "Vous avez envoyé %(limit)s signalements en une heure : l’équipe de modération les "
            "examine. Réessayez plus tard."
        ) % {"limit": limit}
    return None


def can_react(user, post: Post) -> bool:
    return _active(user) and post.author_id != user.pk and can_read_thread(user, post.thread)


def can_moderate(user) -> bool:
    return is_moderator(user)


def can_manage_categories(user) -> bool:
    return account_permissions.is_facilitator(user) or account_permissions.is_dgcs_admin(user)
