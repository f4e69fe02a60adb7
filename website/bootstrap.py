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

FOOTER_PAGES = [
    (
        "accessibilite",
        "Déclaration d’accessibilité",
        "Le ministère chargé des solidarités s’engage à rendre ce site accessible conformément "
        "à l’article 47 de la loi n° 2005-102 du 11 février 2005.",
        "<p>État de conformité : ce site n’a pas encore fait l’objet d’un audit de conformité au "
        "référentiel général d’amélioration de l’accessibilité (RGAA). Il est donc non conforme "
        "en attendant cet audit.</p><p>Si vous n’arrivez pas à accéder à un contenu ou à un "
        "service, contactez l’équipe d’animation pour être orienté vers une alternative "
        "accessible ou obtenir le contenu sous une autre forme.</p><p>Voies de recours : si vous "
        "constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu, et que vous "
        "n’obtenez pas de réponse satisfaisante, vous pouvez écrire au Défenseur des droits.</p>",
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
        "votre structure et votre fonction, ainsi que les territoires auxquels vous êtes "
        "rattaché·e. Ces données servent à vous identifier, à vérifier votre appartenance à "
        "une équipe et à vous envoyer les e-mails que vous avez choisis.</p><p>Vous pouvez "
        "modifier ces informations depuis « Mon compte ». Pour exercer vos droits d’accès, de "
        "rectification et d’effacement, contactez l’équipe d’animation.</p>",
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
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="Communauté zéro non-recours")
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
    for slug, title, intro, html in FOOTER_PAGES:
        if home.get_children().filter(slug=slug).exists():
            continue
        page = ContentPage(
            title=title,
            slug=slug,
            intro=intro,
            body=[("paragraph", html)],
            show_in_menus=False,
        )
        home.add_child(instance=page)
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
    """The index pages of the apps that live in the page tree, and their sub-pages."""
    from accounts.models import Territory
    from library import bootstrap as library_bootstrap
    from practices import permissions as practice_permissions
    from practices import services as practices
    from practices.workflow import ensure_sheet_workflow

    index = practices.ensure_index(home)
    ensure_sheet_workflow(index)
    library_bootstrap.ensure(home)
    for territory in Territory.objects.all():
        practices.ensure_territory_folder(territory)
        # The team group, its permissions and its members (from the accepted memberships).
        practice_permissions.sync_team(territory)
