"""People, territories and the memberships that tie them together."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from website.text import PlainCharField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    class NotificationFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Dès qu’il se passe quelque chose")
        DAILY = "daily", _("Un récapitulatif par jour")
        NEVER = "never", _("Jamais (seulement sur le site)")

    email = models.EmailField(_("adresse e-mail"), unique=True)
    handle = models.CharField(
        _("identifiant de mention"),
        max_length=80,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9._-]*[a-z0-9]$",
                _("Lettres minuscules sans accent, chiffres, points et tirets seulement."),
            )
        ],
        unique=True,
        null=True,
        blank=True,
        help_text=_("Pour vous mentionner dans le forum : @prenom.nom. Créé automatiquement."),
    )
    first_name = PlainCharField(_("prénom"), max_length=150, blank=True)
    last_name = PlainCharField(_("nom"), max_length=150, blank=True)
    organisation = PlainCharField(
        _("structure"),
        max_length=200,
        blank=True,
        help_text=_("Collectivité, CCAS, association, caisse, service de l’État…"),
    )
    job_title = PlainCharField(_("fonction"), max_length=200, blank=True)
    regions = models.ManyToManyField(
        "accounts.Region",
        verbose_name=_("régions suivies"),
        blank=True,
        related_name="commissioners",
        help_text=_("Pour les commissaires : les régions dont ils suivent les territoires."),
    )
    notification_frequency = models.CharField(
        _("notifications par e-mail"),
        max_length=10,
        choices=NotificationFrequency.choices,
        default=NotificationFrequency.IMMEDIATE,
    )
    email_event_reminders = models.BooleanField(
        _("rappels des événements auxquels je participe"), default=True
    )
    email_community_news = models.BooleanField(
        _("nouvelles de la communauté (nouveaux événements, fiches mises en avant)"),
        default=True,
    )
    is_staff = models.BooleanField(_("accès à l’administration Django"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("date d’inscription"), default=timezone.now)
    deleted_at = models.DateTimeField(
        _("compte supprimé le"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Compte anonymisé à la demande de la personne ou pour inactivité."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        if self.deleted_at:
            return str(_("Compte supprimé"))
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        if not self.handle and not self.deleted_at and (self.first_name or self.last_name):
            self.handle = self._free_handle()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "handle"}
        super().save(*args, **kwargs)

    def _free_handle(self) -> str:
        from django.utils.text import slugify

        base = (
            ".".join(part for part in (slugify(self.first_name), slugify(self.last_name)) if part)[
                :70
            ]
            or "membre"
        )
        candidate, number = base, 1
        others = User.objects.exclude(pk=self.pk)
        while others.filter(handle=candidate).exists():
            number += 1
            candidate = f"{base}{number}"
        return candidate

    def get_full_name(self):
        if self.deleted_at:
            return str(_("Compte supprimé"))
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        """Names of the site-wide role groups this person holds (one query, cached)."""
        return frozenset(self.groups.values_list("name", flat=True))


class Region(models.Model):
    code = models.CharField(
        _("code INSEE"),
        max_length=3,
        unique=True,
        help_text=_("Code officiel de la région, par exemple 84 ou 11."),
    )
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d’URL"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name


departement_code_validator = RegexValidator(
    r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$",
    _("Code de département invalide : par exemple 01, 59, 2A, 2B ou 974."),
)


class Territory(models.Model):
    class Cohort(models.IntegerChoices):
        FIRST = 2023, _("Première vague (2023)")
        SECOND = 2024, _("Deuxième vague (2024)")

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("Intercommunalité")
        DEPARTEMENT = "departement", _("Département")
        OTHER = "autre", _("Autre périmètre")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d’URL"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    official_code = models.CharField(
        _("code officiel"),
        max_length=20,
        blank=True,
        help_text=_(
            "Code INSEE de la commune, SIREN de l’intercommunalité ou code du département."
        ),
    )
    departement_code = models.CharField(
        _("département"),
        max_length=3,
        validators=[departement_code_validator],
        help_text=_("Code du département : 59, 2A, 971…"),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="territories"
    )
    is_active = models.BooleanField(
        _("actif"),
        default=True,
        help_text=_("Un territoire inactif n’accepte plus de nouvelles demandes d’adhésion."),
    )
    population = models.PositiveIntegerField(
        _("population (habitants)"),
        null=True,
        blank=True,
        help_text=_("Population légale du périmètre : sert aux valeurs pour 1 000 habitants."),
    )
    cohort = models.PositiveSmallIntegerField(
        _("vague de l’expérimentation"), choices=Cohort.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Membre de l’équipe")
        REFERENT = "referent", _("Référent ou référente du territoire")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    user = models.ForeignKey(
        User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="memberships"
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(
        _("message de la demande"),
        blank=True,
        max_length=1000,
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("décision prise par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("date de la décision"), null=True, blank=True)
    decision_comment = models.TextField(_("commentaire de la décision"), blank=True)
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)

    class Meta:
        verbose_name = _("adhésion à un territoire")
        verbose_name_plural = _("adhésions aux territoires")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "territory"], name="accounts_membership_user_territory_unique"
            )
        ]
        indexes = [models.Index(fields=["territory", "status"])]

    def __str__(self):
        return f"{self.user} — {self.territory} ({self.get_status_display()})"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED
