"""What every installation needs, demo or not: the role groups with their permissions, the home
page as the site's root, and the mandatory pages of the footer. Idempotent: run at every deploy
(``manage.py bootstrap_site``); it never overwrites what editors changed."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from accounts import roles
from website.models import ContentPage, HomePage

PAGE_PERMISSIONS = {
    roles.FACILITATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    roles.DGCS_ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
COLLECTION_PERMISSIONS = {
    roles.FACILITATOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
}
COLLECTION_PERMISSIONS[roles.DGCS_ADMIN] = [
    *COLLECTION_PERMISSIONS[roles.FACILITATOR],
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]
MODEL_PERMISSIONS = {
    roles.FACILITATOR: [
        ("wagtailadmin", "access_admin"),
        ("accounts", "view_territory"),
        ("accounts", "view_region"),
        ("accounts", "view_membership"),
        ("accounts", "change_membership"),
        *[("forum", f"{action}_category") for action in ("add", "change", "delete", "view")],
    ],
    roles.MODERATOR: [],
    roles.COMMISSIONER: [],
    roles.DGCS_ADMIN: [
        ("wagtailadmin", "access_admin"),
        *[
            ("accounts", f"{action}_{model}")
            for model in ("territory", "region", "membership", "user")
            for action in ("add", "change", "delete", "view")
        ],
        ("auth", "change_group"),
        ("auth", "view_group"),
        *[
            ("taxonomy", f"{action}_{model}")
            for model in (
                "audience",
                "barrier",
                "benefit",
                "actiontype",
                "partner",
                "documentkind",
                "resultindicator",
            )
            for action in ("add", "change", "delete", "view")
        ],
        ("mailer", "view_outgoingemail"),
        ("website", "view_taskfailure"),
        ("website", "change_taskfailure"),
        *[("forum", f"{action}_category") for action in ("add", "change", "delete", "view")],
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    ],
}

# Wagtail's own starter groups would open the admin to anyone put in them: we use ours instead.
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]

# The accessibility statement, following the structure of the RGAA model (« déclaration
# d’accessibilité »): status, test results, non-accessible content, how the statement was
# established, feedback and contact, remedies. Dates and results are to be updated after an audit.
ACCESSIBILITY_STATEMENT = [
    ("heading", {"text": "État de conformité", "level": "h2"}),
    (
        "paragraph",
        "<p>La plateforme « Communauté zéro non-recours » est <b>non conforme</b> avec le "
        "référentiel général d’amélioration de l’accessibilité (RGAA) version 4.1 : elle n’a pas "
        "encore fait l’objet d’un audit de conformité. Elle est conçue et testée pour l’être "
        "(système de design de l’État, tests automatisés à chaque modification).</p>",
    ),
    ("heading", {"text": "Résultats des tests", "level": "h2"}),
    (
        "paragraph",
        "<p>Aucun audit RGAA n’a encore été réalisé. Les tests automatisés (axe-core, règles WCAG "
        "2.1 A et AA) passés sur les pages et formulaires principaux ne relèvent aucune anomalie "
        "grave ou critique ; un parcours au clavier seul (recherche, fiche pratique, inscription à "
        "un événement) est vérifié automatiquement. Ces tests ne remplacent pas un audit.</p>",
    ),
    ("heading", {"text": "Contenus non accessibles", "level": "h2"}),
    (
        "paragraph",
        "<ul><li>Les documents téléchargeables de la bibliothèque (PDF, tableurs) publiés par les "
        "territoires peuvent ne pas être accessibles : demandez-en une version accessible.</li>"
        "<li>L’interface d’administration (Wagtail) n’est pas couverte par cette déclaration.</li>"
        "</ul>",
    ),
    ("heading", {"text": "Établissement de cette déclaration d’accessibilité", "level": "h2"}),
    (
        "paragraph",
        "<p>Cette déclaration a été établie le 27 novembre 2026.</p>"
        "<h3>Technologies utilisées pour la réalisation du site</h3>"
        "<ul><li>HTML5</li><li>CSS (système de design de l’État, DSFR)</li><li>JavaScript "
        "(amélioration progressive : le site fonctionne sans)</li></ul>"
        "<h3>Environnement de test</h3>"
        "<ul><li>Chromium en mode sans interface, piloté par Playwright</li>"
        "<li>axe-core (règles WCAG 2.0 et 2.1, niveaux A et AA)</li></ul>"
        "<h3>Pages vérifiées automatiquement</h3>"
        "<ul><li>Accueil, fiches pratiques (liste et fiche), forum (liste, discussion, "
        "formulaires), événements (liste, page, inscription), bibliothèque, recherche, "
        "connexion et création de compte, « Mon compte »</li></ul>",
    ),
    ("heading", {"text": "Retour d’information et contact", "level": "h2"}),
    (
        "paragraph",
        "<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter "
        "l’équipe d’animation de la communauté, qui vous orientera vers une alternative "
        "accessible ou obtenir le contenu sous une autre forme.</p>",
    ),
    ("heading", {"text": "Voies de recours", "level": "h2"}),
    (
        "paragraph",
        "<p>Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou "
        "à une fonctionnalité du site, que vous nous le signalez et que vous ne parvenez pas à "
        "obtenir une réponse de notre part, vous êtes en droit de faire parvenir vos doléances "
        "ou une demande de saisine au Défenseur des droits :</p>"
        "<ul><li>écrire un message au Défenseur des droits (formulaire en ligne sur "
        "defenseurdesdroits.fr) ;</li><li>contacter le délégué du Défenseur des droits dans "
        "votre région ;</li><li>envoyer un courrier par la poste (gratuit, ne pas mettre de "
        "timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li></ul>",
    ),
]
# The first, shorter statement: replaced by the one above where nobody has edited it.
_OLD_ACCESSIBILITY_START = "<p>État de conformité : ce site n’a pas encore fait"

FOOTER_PAGES = [
    (
        "accessibilite",
        "Déclaration d’accessibilité",
        "Le ministère chargé des solidarités s’engage à rendre ce site accessible conformément "
        "à l’article 47 de la loi n° 2005-102 du 11 février 2005.",
        ACCESSIBILITY_STATEMENT,
    ),
    (
        "mentions-legales",
        "Mentions légales",
        "Éditeur, directeur de la publication et hébergeur du site.",
        "<p>Éditeur : Direction générale de la cohésion sociale (DGCS). Directeur ou directrice "
        "de la publication : la directrice générale ou le directeur général de la cohésion "
        "sociale.</p><p>Hébergement : à compléter par l’administrateur du site.</p>",
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Quelles données ce site conserve, pourquoi, et comment exercer vos droits.",
        "<p>Pour créer un compte, ce site conserve votre adresse e-mail, vos nom et prénom, "
        "votre structure et votre fonction, ainsi que les équipes de territoire dont vous "
        "faites partie. Ces données servent à vous identifier, à vérifier votre appartenance à "
        "une équipe et à vous envoyer les e-mails que vous avez choisis.</p><p>Vous pouvez "
        "modifier ces informations depuis « Mon compte ». La page « Mon compte → Mes données "
        "personnelles » détaille ce qui est conservé et combien de temps, vous permet de "
        "télécharger toutes vos données (droit d’accès et de portabilité) et de supprimer votre "
        "compte (droit à l’effacement : vos messages restent, signés « Compte supprimé »). Les "
        "comptes sans connexion depuis trois ans sont anonymisés. Pour toute autre demande, "
        "contactez l’équipe d’animation.</p>",
    ),
    (
        "a-propos",
        "À propos",
        "La communauté apprenante de l’expérimentation « Territoires zéro non-recours ».",
        "<p>Lancée par la Direction générale de la cohésion sociale en 2023, l’expérimentation "
        "« Territoires zéro non-recours » soutient 39 territoires qui cherchent à repérer les "
        "personnes éligibles à des droits sociaux qu’elles ne perçoivent pas, à construire des "
        "partenariats locaux et à diffuser les pratiques qui fonctionnent.</p><p>Cette "
        "plateforme est l’espace de la communauté apprenante : fiches pratiques, discussions, "
        "bibliothèque et événements.</p>",
    ),
]


def _perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_role_groups() -> dict[str, Group]:
    groups = {}
    for name in roles.GLOBAL_ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_perm(app, code) for app, code in MODEL_PERMISSIONS[name]])
        groups[name] = group
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    return groups


def ensure_home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Accueil",
            slug="accueil",
            intro_title="Communauté zéro non-recours",
            intro=(
                "<p>L’espace des territoires de l’expérimentation « Territoires zéro "
                "non-recours » pour partager ce qui marche contre le non-recours aux droits "
                "sociaux : fiches pratiques, discussions, bibliothèque et événements.</p>"
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    old_root_ids = []
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Communauté zéro non-recours",
        )
    elif site.root_page_id != home.pk:
        old_root_ids.append(site.root_page_id)
        site.root_page = home
        site.site_name = "Communauté zéro non-recours"
        site.save()
    # Remove Wagtail's "Welcome to your new Wagtail site!" placeholder.
    for page in Page.objects.filter(pk__in=old_root_ids, depth=2, content_type__model="page"):
        page.delete()
    return home


def ensure_footer_pages(home: HomePage) -> None:
    for slug, title, intro, body in FOOTER_PAGES:
        blocks = body if isinstance(body, list) else [("paragraph", body)]
        existing = home.get_children().filter(slug=slug).specific().first()
        if existing is not None:
            _refresh_untouched_statement(existing, blocks)
            continue
        page = ContentPage(
            title=title,
            slug=slug,
            intro=intro,
            body=blocks,
            show_in_menus=False,
        )
        home.add_child(instance=page)
        page.save_revision().publish()


def _refresh_untouched_statement(page, blocks) -> None:
    """The accessibility statement first shipped was a short one: replace it by the full one,
    unless an editor has changed it since."""
    raw = list(page.body.raw_data)
    if (
        len(raw) == 1
        and raw[0].get("type") == "paragraph"
        and str(raw[0].get("value", "")).startswith(_OLD_ACCESSIBILITY_START)
    ):
        page.body = blocks
        page.save_revision().publish()


def ensure_page_permissions(home: HomePage, groups: dict[str, Group]) -> None:
    root_collection = Collection.get_first_root_node()
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=home, permission=_perm("wagtailcore", codename)
            )
    for name, perms in COLLECTION_PERMISSIONS.items():
        for app, codename in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=_perm(app, codename)
            )


def ensure_django_site() -> None:
    """The name and domain django.contrib.sites gives to allauth's e-mails."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site as DjangoSite

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )


@transaction.atomic
def bootstrap_site() -> HomePage:
    ensure_django_site()
    groups = ensure_role_groups()
    home = ensure_home_page()
    ensure_footer_pages(home)
    ensure_page_permissions(home, groups)
    ensure_sections(home)
    return home


def ensure_sections(home: HomePage) -> None:
    """The sections that the apps keep in the page tree (the sheets' index and the territory
    folders, the library…): each app registers its step (``website.setup_steps``)."""
    from website import setup_steps

    for step in setup_steps.steps("bootstrap"):
        step.run(home)
