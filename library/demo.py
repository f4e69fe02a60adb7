"""Demo documents of the library: visibly fictional, of every kind, origin and access level, with
small files generated here (PDF with reportlab, DOCX with python-docx, XLSX with openpyxl, ODT
and ODS as zips built with the standard library, CSV).

Idempotent: documents are keyed by slug under the index; a version is added only when its file
(SHA-256) is not there yet. One document has two versions, one official « kit-evaluation »
document is public, and one territory proposal waits in the « Validation bibliothèque »
workflow."""

from datetime import date

from library.demo_files import (  # noqa: F401 - make_*: used by tests and scripts
    DEMO_NOTICE,
    MAKERS,
    demo_file,
    make_csv,
    make_docx,
    make_ods,
    make_odt,
    make_pdf,
    make_xlsx,
)

# slug, title, kind, origin (territory slug or None), access, kinds of files (one per version),
# summary, tags (audiences, barriers, benefits, action types, partners)
DOCUMENTS = [
    (
        "demo-kit-evaluation-guide",
        "Kit d’évaluation — guide de l’évaluateur (démo)",
        "kit-evaluation",
        None,
        "public",
        ["pdf", "pdf"],
        "Comment compter les personnes repérées, contactées, accompagnées et les droits ouverts : "
        "définitions, sources et calendrier de remontée. Version fictive de démonstration.",
        (["tous-publics"], ["droit-meconnu"], ["rsa", "prime-activite"], ["evaluation"], ["ddets"]),
    ),
    (
        "demo-kit-evaluation-tableau",
        "Kit d’évaluation — tableau de suivi des indicateurs (démo)",
        "kit-evaluation",
        None,
        "members",
        ["xlsx"],
        "Le tableau trimestriel des indicateurs du kit, à remplir par chaque territoire.",
        ([], [], [], ["evaluation"], []),
    ),
    (
        "demo-modele-convention-caf",
        "Modèle de convention d’échange de données avec la CAF (démo)",
        "modele-convention",
        None,
        "members",
        ["docx"],
        "Un modèle fictif de convention de partage de données entre une commune, son CCAS et la "
        "CAF pour repérer les foyers éligibles à la prime d’activité.",
        (
            [],
            ["absence-partage-donnees"],
            ["prime-activite"],
            ["croisement-donnees"],
            ["caf", "ccas"],
        ),
    ),
    (
        "demo-clause-securite",
        "Clause type : sécurité des fichiers croisés (démo)",
        "clause",
        None,
        "public",
        ["odt"],
        "Une clause fictive sur le chiffrement, la durée de conservation et la destruction des "
        "fichiers échangés.",
        ([], ["absence-partage-donnees"], [], ["croisement-donnees"], []),
    ),
    (
        "demo-doctrine-base-legale",
        "Note de doctrine : base légale des croisements de fichiers (démo)",
        "doctrine",
        None,
        "referents",
        ["pdf"],
        "Note fictive réservée aux référents : quelle base légale invoquer, "
        "quand consulter le DPO.",
        ([], ["cloisonnement"], [], ["gouvernance"], ["ddets", "departement"]),
    ),
    (
        "demo-outil-grille-entretien",
        "Grille d’entretien « bilan de droits » (démo)",
        "outil",
        "fictiville",
        "public",
        ["docx"],
        "La grille utilisée par le CCAS de Fictiville pour conduire un rendez-vous des droits.",
        (
            ["tous-publics"],
            ["droit-meconnu"],
            ["css", "aides-logement"],
            ["rendez-vous-droits"],
            ["ccas"],
        ),
    ),
    (
        "demo-outil-liste-permanences",
        "Liste des permanences du bus des droits (démo)",
        "outil",
        "fictiville",
        "members",
        ["csv"],
        "Les arrêts et horaires du bus des droits, au format CSV.",
        (["zones-rurales"], ["mobilite"], [], ["aller-vers"], ["france-services"]),
    ),
    (
        "demo-compte-rendu-rencontre",
        "Compte rendu de la rencontre nationale (démo)",
        "compte-rendu",
        None,
        "public",
        ["pdf"],
        "Les échanges de la rencontre nationale fictive des territoires zéro non-recours.",
        ([], [], [], ["gouvernance"], []),
    ),
    (
        "demo-etude-non-recours-rural",
        "Étude : le non-recours en zone rurale (démo)",
        "etude",
        "bourg-l-exemple",
        "public",
        ["pdf"],
        "Une étude fictive sur les freins au recours aux droits des habitants des hameaux.",
        (
            ["zones-rurales", "personnes-agees"],
            ["mobilite", "fracture-numerique"],
            ["aspa"],
            [],
            ["msa"],
        ),
    ),
    (
        "demo-outil-suivi-orientations",
        "Tableau de suivi des orientations (démo)",
        "outil",
        "val-d-essai",
        "members",
        ["ods"],
        "Le tableur partagé où les partenaires de Val-d’Essai notent les orientations et leurs "
        "suites.",
        ([], ["cloisonnement"], [], ["guichet-unique"], ["caf", "cpam"]),
    ),
    (
        "demo-compte-rendu-comite-referents",
        "Compte rendu du comité des référents (démo)",
        "compte-rendu",
        None,
        "referents",
        ["odt"],
        "Relevé de décisions fictif du comité des référents TZNR.",
        ([], [], [], ["gouvernance"], ["ddets"]),
    ),
    (
        "demo-etude-pair-aidance",
        "Évaluation de la pair-aidance (démo)",
        "etude",
        "fictiville",
        "public",
        ["docx"],
        "Évaluation fictive de six mois de pair-aidance à Fictiville.",
        (["quartiers-prioritaires"], ["decouragement"], ["rsa"], ["pair-aidance"], ["association"]),
    ),
]

# The proposal pending validation (a draft in the workflow).
PROPOSAL = (
    "demo-proposition-affiche-cheque-energie",
    "Affiche « Chèque énergie : y avez-vous droit ? » (démo, en attente de validation)",
    "outil",
    "fictiville",
    "public",
    "pdf",
    "Une affiche fictive pour les halls d’immeubles, proposée par l’équipe de Fictiville.",
)


def _tags(document, tags):
    from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner

    for field, model, slugs in zip(
        ("audiences", "barriers", "benefits", "action_types", "partners"),
        (Audience, Barrier, Benefit, ActionType, Partner),
        tags,
        strict=True,
    ):
        getattr(document, field).set(model.objects.filter(slug__in=slugs))


def _author(territory):
    from accounts.models import Membership, User

    if territory is None:
        from accounts import roles

        return User.objects.filter(groups__name=roles.FACILITATOR).order_by("pk").first()
    return (
        User.objects.filter(
            memberships__territory=territory, memberships__status=Membership.Status.ACCEPTED
        )
        .order_by("pk")
        .first()
    )


def _add_versions(document, slug, title, kinds, author) -> None:
    from library import services
    from library.models import DocumentVersion

    for number, kind in enumerate(kinds, start=1):
        # Keyed by number: generated office files carry timestamps, so their hash may vary.
        if DocumentVersion.objects.filter(document=document, number=number).exists():
            continue
        upload = demo_file(slug, title, kind, number)
        services.add_version(
            document,
            upload,
            author,
            label="" if number == 1 else f"Version {number} — mise à jour (démo)",
            published_on=date(2024, 10, 1) if number == 1 else date(2025, 3, 1),
            notes="" if number == 1 else "Indicateurs précisés et calendrier 2025 (démo).",
        )


def load() -> dict:
    from accounts.models import Territory
    from library.bootstrap import ensure
    from library.models import LibraryDocumentPage, LibraryIndexPage
    from taxonomy.models import DocumentKind
    from website.models import HomePage

    index = LibraryIndexPage.objects.first()
    if index is None:
        ensure(HomePage.objects.first())
        index = LibraryIndexPage.objects.first()
    created = 0
    for slug, title, kind_slug, territory_slug, access, kinds, summary, tags in DOCUMENTS:
        territory = (
            Territory.objects.filter(slug=territory_slug).first() if territory_slug else None
        )
        document = LibraryDocumentPage.objects.filter(slug=slug).first()
        if document is None:
            document = LibraryDocumentPage(
                title=title,
                slug=slug,
                summary=summary,
                kind=DocumentKind.objects.get(slug=kind_slug),
                origin=LibraryDocumentPage.Origin.TERRITORY
                if territory
                else LibraryDocumentPage.Origin.OFFICIAL,
                territory=territory,
                access=access,
            )
            index.add_child(instance=document)
            _tags(document, tags)
            document.save_revision(user=_author(territory)).publish()
            created += 1
        _add_versions(document, slug, title, kinds, _author(territory))
    created += _load_proposal(index)
    _attach_event_materials()
    return {"created": created}


def _load_proposal(index) -> int:
    from accounts.models import Territory
    from library import services
    from library.models import LibraryDocumentPage
    from taxonomy.models import DocumentKind

    slug, title, kind_slug, territory_slug, access, file_kind, summary = PROPOSAL
    if LibraryDocumentPage.objects.filter(title=title).exists():
        return 0
    territory = Territory.objects.filter(slug=territory_slug).first()
    author = _author(territory) if territory else None
    if territory is None or author is None:
        return 0
    services.propose_document(
        author,
        index,
        {
            "title": title,
            "summary": summary,
            "kind": DocumentKind.objects.get(slug=kind_slug),
            "territory": territory,
            "access": access,
            "published_on": date(2025, 2, 1),
        },
        demo_file(slug, title, file_kind, 1),
    )
    return 1


def _attach_event_materials() -> None:
    """The national meeting's report, as a material of the past demo event."""
    from events.models import EventMaterial, EventPage
    from library.models import LibraryDocumentPage

    event = EventPage.objects.filter(slug="demo-rencontre-nationale-2024").first()
    document = LibraryDocumentPage.objects.filter(slug="demo-compte-rendu-rencontre").first()
    if event is None or document is None:
        return
    if not EventMaterial.objects.filter(event=event, document=document).exists():
        EventMaterial.objects.create(event=event, document=document, sort_order=0)
