"""Demo clause library: one model convention with the 14 sections of a data-sharing convention,
alternatives in three sections, a territory proposal waiting for validation.

Every text is visibly fictional demo wording (flagged ``is_demo``: exports carry a notice) and
claims to be no legal advice. Idempotent: clauses are keyed by slug, the model by slug."""

from django.db import transaction

from library.conventions.clauses import add_alternative, ensure_discussion, record_version
from library.conventions.models import Clause, ConventionModel, ModelSection, Section

DEMO = "[Texte fictif de démonstration — ne constitue pas un avis juridique] "
MODEL_SLUG = "demo-convention-partage-donnees"

S = Section
# slug, section, title, text, note
CLAUSES = [
    (
        "demo-parties",
        S.PARTIES,
        "Désignation des parties (démo)",
        "Entre {{ liste_partenaires }}, ci-après désignés ensemble « les parties ».\n\n"
        "{{ partenaire_1 }}, représenté·e par {{ representant_1 }}, "
        "{{ qualite_representant_1 }} ;\n\n{{ partenaire_2 }}, représenté·e par "
        "{{ representant_2 }}, {{ qualite_representant_2 }}.",
        "Désigne les signataires. Vérifiez la délégation de signature de chaque représentant.",
    ),
    (
        "demo-objet",
        S.OBJET,
        "Objet de la convention (démo)",
        DEMO + "La présente convention a pour objet : {{ objet }}. Elle s’inscrit dans "
        "l’expérimentation « Territoires zéro non-recours » sur le territoire de {{ territoire }}.",
        "Décrire l’objet en une phrase précise : c’est lui qui justifie les données échangées.",
    ),
    (
        "demo-base-legale-mission",
        S.BASE_LEGALE,
        "Base légale : mission d’intérêt public (démo)",
        DEMO + "Le traitement est nécessaire à l’exécution d’une mission d’intérêt public dont "
        "sont investies les parties, au sens de l’article 6-1-e du règlement général sur la "
        "protection des données (exemple fictif).",
        "Version fictive. La base légale réelle doit être établie avec votre DPO.",
    ),
    (
        "demo-base-legale-consentement",
        S.BASE_LEGALE,
        "Base légale : consentement (démo)",
        DEMO + "Les données ne sont transmises qu’avec le consentement écrit des personnes "
        "concernées, recueilli par {{ partenaire_1 }} (exemple fictif).",
        "Alternative fictive pour les échanges ponctuels fondés sur l’accord des personnes.",
    ),
    (
        "demo-base-legale-obligation",
        S.BASE_LEGALE,
        "Base légale : obligation légale (démo)",
        DEMO + "Le traitement répond à une obligation légale à laquelle {{ partenaire_1 }} est "
        "soumis (texte de référence à préciser : {{ texte_reference }}).",
        "Alternative fictive : citez précisément le texte qui crée l’obligation.",
    ),
    (
        "demo-finalites",
        S.FINALITES,
        "Finalités du traitement (démo)",
        DEMO + "Les données sont traitées aux seules fins suivantes : repérer les personnes "
        "susceptibles de ne pas percevoir un droit, les contacter pour le leur proposer, et "
        "mesurer les résultats de l’action de façon agrégée. Toute autre utilisation est exclue.",
        "Les finalités doivent être déterminées, explicites et légitimes.",
    ),
    (
        "demo-categories",
        S.CATEGORIES_DONNEES,
        "Catégories de données échangées (démo)",
        DEMO + "Les catégories de données échangées sont limitées à : {{ categories_donnees }}. "
        "Elles sont détaillées à l’annexe 1.",
        "Principe de minimisation : ne listez que le strict nécessaire.",
    ),
    (
        "demo-personnes",
        S.PERSONNES_CONCERNEES,
        "Personnes concernées (démo)",
        DEMO + "Les personnes concernées sont : {{ personnes_concernees }}.",
        "Décrivez les catégories de personnes, pas des personnes nommées.",
    ),
    (
        "demo-destinataires",
        S.DESTINATAIRES,
        "Destinataires des données (démo)",
        DEMO + "Seuls les agents nommément habilités par chaque partie ont accès aux données. "
        "La liste des personnes habilitées est tenue à jour par chaque partie.",
        "Aucun tiers non signataire ne doit recevoir les données.",
    ),
    (
        "demo-conservation-courte",
        S.DUREE_CONSERVATION,
        "Durée de conservation limitée (démo)",
        DEMO + "Les données sont conservées {{ duree_conservation }}, puis détruites de façon "
        "sécurisée. Un procès-verbal de destruction est établi.",
        "Proportionnez la durée à la finalité : quelques mois suffisent souvent au repérage.",
    ),
    (
        "demo-conservation-campagne",
        S.DUREE_CONSERVATION,
        "Conservation le temps de la campagne (démo)",
        DEMO + "Les données sont conservées pendant la durée de la campagne de repérage, soit "
        "{{ duree_conservation }}, et au plus tard jusqu’au {{ date_fin_campagne }}.",
        "Alternative fictive pour les campagnes à date de fin connue.",
    ),
    (
        "demo-conservation-anonymisation",
        S.DUREE_CONSERVATION,
        "Conservation puis anonymisation (démo)",
        DEMO + "À l’issue d’une durée de {{ duree_conservation }}, les données sont anonymisées "
        "pour ne conserver que des statistiques agrégées.",
        "Alternative fictive lorsque l’évaluation demande des statistiques dans la durée.",
    ),
    (
        "demo-securite-standard",
        S.SECURITE,
        "Mesures de sécurité (démo)",
        DEMO + "Les parties mettent en œuvre les mesures suivantes : {{ mesures_securite }}. "
        "La liste de contrôle figure à l’annexe 2.",
        "Reprend les mesures choisies dans le constructeur.",
    ),
    (
        "demo-securite-renforcee",
        S.SECURITE,
        "Sécurité renforcée avec journalisation (démo)",
        DEMO + "En plus des mesures suivantes : {{ mesures_securite }}, chaque accès est "
        "journalisé et les journaux sont conservés {{ duree_journaux }}.",
        "Alternative fictive pour les données sensibles.",
    ),
    (
        "demo-securite-plateforme",
        S.SECURITE,
        "Échange par plateforme sécurisée (démo)",
        DEMO
        + "Les fichiers sont échangés exclusivement par la plateforme {{ plateforme_echange }}, "
        "jamais par courrier électronique. Mesures retenues : {{ mesures_securite }}.",
        "Alternative fictive : nommez l’outil d’échange réellement utilisé.",
    ),
    (
        "demo-aipd",
        S.ANALYSE_IMPACT,
        "Analyse d’impact (démo)",
        DEMO + "Les parties déterminent ensemble, avec leurs délégués à la protection des données, "
        "si une analyse d’impact est requise, et la réalisent avant le premier échange le cas "
        "échéant.",
        "Un croisement de fichiers à grande échelle peut nécessiter une analyse d’impact.",
    ),
    (
        "demo-droits",
        S.DROITS_PERSONNES,
        "Information et droits des personnes (démo)",
        DEMO + "Les personnes concernées sont informées du traitement et de leurs droits. Elles "
        "exercent leurs droits auprès de {{ contact_dpo }}.",
        "Précisez le canal unique pour exercer les droits.",
    ),
    (
        "demo-sous-traitance",
        S.SOUS_TRAITANCE,
        "Sous-traitance (démo)",
        DEMO + "Aucune partie ne recourt à un sous-traitant pour ce traitement sans l’accord écrit "
        "préalable des autres parties.",
        "Si un sous-traitant intervient, un contrat conforme doit être signé.",
    ),
    (
        "demo-duree",
        S.DUREE_RESILIATION,
        "Durée et résiliation (démo)",
        DEMO + "La convention est conclue pour {{ duree_convention }} à compter de sa signature. "
        "Chaque partie peut la résilier par écrit avec un préavis de {{ preavis_resiliation }}.",
        "La fin de la convention entraîne la destruction des données échangées.",
    ),
    (
        "demo-responsabilites",
        S.RESPONSABILITES,
        "Responsabilités (démo)",
        DEMO + "Chaque partie est responsable des traitements qu’elle met en œuvre et notifie "
        "aux autres toute violation de données dans un délai de "
        "{{ delai_notification_violation }}.",
        "Exemple fictif ; les responsabilités réelles dépendent du montage juridique.",
    ),
]
ALTERNATIVES = {
    S.BASE_LEGALE: ["demo-base-legale-consentement", "demo-base-legale-obligation"],
    S.DUREE_CONSERVATION: ["demo-conservation-campagne", "demo-conservation-anonymisation"],
    S.SECURITE: ["demo-securite-renforcee", "demo-securite-plateforme"],
}
PROPOSAL_SLUG = "demo-proposition-fictiville-pseudonymisation"


def _user(email):
    from accounts.models import User

    return User.objects.filter(email=email).first()


@transaction.atomic
def load() -> dict:
    admin = _user("admin@example.org")
    clauses, created = _load_clauses(admin)
    created += _load_model(clauses)
    created += _load_proposal(clauses)
    if admin is not None:
        for clause in clauses.values():
            if not clause.thread_id:
                ensure_discussion(clause, admin)
    return {"created": created}


def _load_clauses(admin) -> tuple[dict[str, Clause], int]:
    """The validated demo clauses by slug, each with its first version; and how many are new."""
    created = 0
    clauses = {}
    for slug, section, title, text, note in CLAUSES:
        clause = Clause.objects.filter(slug=slug).first()
        if clause is None:
            clause = Clause.objects.create(
                slug=slug,
                section=section,
                title=title,
                text=text,
                note=DEMO + note,
                status=Clause.Status.VALIDATED,
                is_demo=True,
            )
            record_version(clause, admin)
            created += 1
        clauses[slug] = clause
    return clauses, created


def _load_model(clauses: dict[str, Clause]) -> int:
    """The model convention: one section per ``Section``, its first clause by default, the
    ``ALTERNATIVES`` offered beside it. Returns 1 when the model is new."""
    created = 0
    model = ConventionModel.objects.filter(slug=MODEL_SLUG).first()
    if model is None:
        model = ConventionModel.objects.create(
            slug=MODEL_SLUG,
            title="Convention de partage de données pour le repérage (modèle fictif de démo)",
            description=(
                "Modèle fictif de démonstration : les 14 sections d’une convention d’échange de "
                "données entre partenaires, avec des alternatives pour la base légale, la durée "
                "de conservation et la sécurité. Ne constitue pas un avis juridique."
            ),
            is_demo=True,
        )
        created += 1
    defaults = {}
    for slug, section, *_rest in CLAUSES:
        defaults.setdefault(section, slug)
    for position, section in enumerate(Section.values):
        model_section, _new = ModelSection.objects.get_or_create(
            convention_model=model,
            section=section,
            defaults={"position": position, "default_clause": clauses[defaults[section]]},
        )
        for slug in ALTERNATIVES.get(section, []):
            add_alternative(model_section, clauses[slug])
    return created


def _load_proposal(clauses: dict[str, Clause]) -> int:
    """Fictiville's proposal waiting for validation (when the team's demo account exists).
    Returns 1 when it is new."""
    member = _user("equipe@example.org")
    if member is None or Clause.objects.filter(slug=PROPOSAL_SLUG).exists():
        return 0
    from accounts.models import Territory

    territory = Territory.objects.filter(slug="fictiville").first()
    proposal = Clause.objects.create(
        slug=PROPOSAL_SLUG,
        section=S.SECURITE,
        title="Pseudonymisation avant croisement (proposition fictive de Fictiville)",
        text=DEMO + "Avant tout croisement, {{ partenaire_1 }} remplace les noms par un "
        "identifiant aléatoire ; la table de correspondance reste chez {{ partenaire_1 }}.",
        note=DEMO + "Proposée par l’équipe (fictive) de Fictiville après son premier "
        "croisement avec la CAF.",
        status=Clause.Status.PENDING,
        is_demo=True,
        territory=territory,
        proposed_by=member,
        alternative_to=clauses["demo-securite-standard"],
    )
    record_version(proposal, member)
    return 1
