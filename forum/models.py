"""The discussion space: categories, threads, posts, reactions, subscriptions, notifications,
flags and the moderation log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.moderation_reasons import Reason
from website.text import PlainCharField


class Category(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Publique (lisible par tous)")
        MEMBERS = "members", _("Réservée aux membres connectés")
        REFERENTS = "referents", _("Réservée aux référents et à l’équipe d’animation")
        TERRITORY = "territory", _("Réservée à l’équipe d’un territoire")

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant d’URL"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=500)
    visibility = models.CharField(
        _("visibilité"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum_categories",
        help_text=_("Pour une catégorie réservée à l’équipe d’un territoire."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    # Paths of forum pages that sit at the same level as category slugs.
    RESERVED_SLUGS = frozenset(
        {
            "apercu",
            "mentions",
            "discussions-similaires",
            "notifications",
            "suivi",
            "moderation",
            "discussion",
            "message",
            "piece-jointe",
            "nouveautes",
        }
    )

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("Cet identifiant est réservé par le forum : choisissez-en un autre.")}
            )
        if self.visibility == self.Visibility.TERRITORY and not self.territory_id:
            raise ValidationError({"territory": _("Choisissez le territoire de cette catégorie.")})


class Thread(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        DISCUSSION = "discussion", _("Discussion")

    category = models.ForeignKey(
        Category, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="threads"
    )
    title = PlainCharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
    )
    audiences = models.ManyToManyField("taxonomy.Audience", blank=True, related_name="threads")
    barriers = models.ManyToManyField("taxonomy.Barrier", blank=True, related_name="threads")
    benefits = models.ManyToManyField("taxonomy.Benefit", blank=True, related_name="threads")
    action_types = models.ManyToManyField("taxonomy.ActionType", blank=True, related_name="threads")
    partners = models.ManyToManyField("taxonomy.Partner", blank=True, related_name="threads")
    linked_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contenu lié"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        help_text=_("Une fiche pratique, un document de la bibliothèque ou un événement."),
    )
    accepted_post = models.OneToOneField(
        "forum.Post",
        verbose_name=_("réponse acceptée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_locked = models.BooleanField(_("verrouillée"), default=False)
    is_pinned = models.BooleanField(_("épinglée"), default=False)
    # Denormalised for the category list, kept up to date by forum.services.
    posts_count = models.PositiveIntegerField(_("messages"), default=0)
    last_post_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["category", "-is_pinned", "-last_post_at"])]

    def __str__(self):
        return self.title

    @property
    def is_solved(self):
        return self.accepted_post_id is not None

    @property
    def replies_count(self):
        return max(self.posts_count - 1, 0)


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
    )
    source = models.TextField(_("message (Markdown)"))
    html = models.TextField(_("message (HTML nettoyé)"))
    is_first = models.BooleanField(default=False)
    is_hidden = models.BooleanField(_("masqué"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)
    # A hidden post its author edited: back in the moderation queue until a moderator decides.
    resubmitted_at = models.DateTimeField(_("resoumis le"), null=True, blank=True)
    is_deleted = models.BooleanField(_("supprimé"), default=False)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self):
        return f"{self.thread} — {self.author} ({self.created_at:%d/%m/%Y})"


class PostRevision(models.Model):
    """Edit history of a post, visible to moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    source = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.post_id} @ {self.created_at:%d/%m/%Y %H:%M}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to="forum/%Y/%m/")
    name = PlainCharField(_("nom"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # What an image shows, for those who do not see it (the <img> alt); empty for a PDF.
    alt_text = PlainCharField(_("texte alternatif"), max_length=300, blank=True)

    def __str__(self):
        return self.name


class Reaction(models.Model):
    class Kind(models.TextChoices):
        THANKS = "merci", _("Merci")
        USEFUL = "utile", _("Utile")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="forum_reaction_one_per_user")
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.post_id}"


class Subscription(models.Model):
    """Notification level of a person for a thread or a category."""

    class Level(models.TextChoices):
        WATCHING = "watching", _("Suivre (tout recevoir)")
        NORMAL = "normal", _("Normal (mentions et réponses qui me concernent)")
        MUTED = "muted", _("Silencieux")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.WATCHING)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="forum_subscription_thread_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="forum_subscription_category_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False) ^ models.Q(category__isnull=False),
                name="forum_subscription_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.level} {self.thread_id or self.category_id}"


class ReadMark(models.Model):
    """Last post read by a person in a thread (unread marks, jump to first unread)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forum_readmark_unique")
        ]

    def __str__(self):
        return f"{self.user} {self.thread_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", _("Mention")
        REPLY = "reply", _("Réponse dans une discussion suivie")
        ACCEPTED = "accepted", _("Réponse acceptée")
        MODERATION = "moderation", _("Décision de modération")
        # For moderators, e-mailed in batches by forum.moderation_alerts.
        FLAG = "flag", _("Message à examiner")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    thread = models.ForeignKey(Thread, null=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
        ]

    def __str__(self):
        return self.message


class Flag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("À traiter")
        UPHELD = "upheld", _("Retenu")
        DISMISSED = "dismissed", _("Écarté")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("motif"), max_length=500)
    reason_code = models.CharField(
        _("motif prédéfini"), max_length=20, choices=Reason.choices, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_flag_once")]

    def __str__(self):
        return f"{self.user} → {self.post_id}"


class ModerationLog(models.Model):
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    thread = models.ForeignKey(Thread, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.action} by {self.moderator}"
