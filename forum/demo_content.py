"""The texts of the demo forum (forum.demo): categories, threads, places, bodies and replies,
all visibly fictional."""

from forum.models import Category, Thread

Q, D = Thread.Kind.QUESTION, Thread.Kind.DISCUSSION
V = Category.Visibility

# slug, name, description, visibility, territory slug
CATEGORIES = [
    (
        "partage-de-donnees",
        "Partage de données",
        "Conventions, bases légales, pseudonymisation et croisements de "
        "fichiers entre partenaires.",
        V.PUBLIC,
        None,
    ),
    (
        "evaluation",
        "Évaluation",
        "Mesurer le non-recours et les effets des actions : indicateurs, kit d’évaluation, outils.",
        V.PUBLIC,
        None,
    ),
    (
        "aller-vers",
        "Aller-vers",
        "Porte-à-porte, bus des droits, permanences, appels sortants : aller au-devant des "
        "personnes.",
        V.PUBLIC,
        None,
    ),
    (
        "acces-numerique",
        "Accès numérique",
        "Simulateurs, accompagnement aux démarches en ligne, inclusion numérique.",
        V.MEMBERS,
        None,
    ),
    (
        "vie-de-la-communaute",
        "Vie de la communauté",
        "Présentations, rencontres, webinaires, idées pour la communauté.",
        V.MEMBERS,
        None,
    ),
    (
        "espace-des-referents",
        "Espace des référents",
        "Entre référents des territoires et équipe d’animation.",
        V.REFERENTS,
        None,
    ),
    (
        "equipe-fictiville",
        "Équipe de Fictiville",
        "L’espace privé de l’équipe (fictive) de Fictiville.",
        V.TERRITORY,
        "fictiville",
    ),
]

WELCOME = "Bienvenue : mode d’emploi du forum (démo)"
ARCHIVE = "Archive : calendrier des webinaires de l’an dernier (démo)"

THREADS = {
    "partage-de-donnees": [
        ("Quelle base légale pour croiser les fichiers CAF et CCAS ?", Q),
        ("Modèle de convention de partage de données avec la CPAM à Bourg-l’Exemple", D),
        ("Pseudonymiser un fichier avant de l’envoyer au partenaire : vos outils ?", Q),
        ("Faut-il une analyse d’impact pour un croisement de fichiers ponctuel ?", Q),
        ("Retour d’expérience : six mois de croisement avec la Carsat à Val-d’Essai", D),
        ("Comment informer les personnes dont on a croisé les données ?", Q),
        ("Durée de conservation des listes de repérage", Q),
        ("Le délégué à la protection des données bloque le projet : des conseils ?", Q),
        ("Échanger des fichiers de façon sécurisée entre partenaires", Q),
        ("Croiser les données du Département et de France Travail : par où commencer ?", Q),
        ("Tableau de suivi partagé : qui a accès à quoi ?", D),
        ("Exemple fictif de clause de réciprocité dans une convention", D),
        ("Données fiscales et repérage : est-ce possible ?", Q),
    ],
    "evaluation": [
        ("Comment mesurer le taux de non-recours sur un territoire ?", Q),
        ("Le kit d’évaluation : premiers retours de Fictiville", D),
        ("Quels indicateurs pour un bus des droits ?", Q),
        ("Compter les droits ouverts ou les personnes accompagnées ?", Q),
        ("Groupe de travail « évaluation » : compte rendu de la séance fictive de mars", D),
        ("Estimer les montants de droits ouverts grâce au projet", Q),
        ("Évaluer la satisfaction des personnes accompagnées", Q),
        ("Faut-il un groupe témoin pour évaluer une action ?", Q),
        ("Un tableur de suivi des indicateurs à partager", D),
        ("Présenter les résultats aux élus : vos supports", Q),
        ("Mesurer l’effet d’une formation des agents d’accueil", Q),
        ("Évaluation qualitative : entretiens avec les personnes", D),
        ("Délais d’ouverture des droits : comment les suivre ?", Q),
    ],
    "aller-vers": [
        ("Porte-à-porte dans les quartiers : combien de binômes ?", Q),
        ("Notre bus des droits à Saint-Démo-sur-Mer : bilan de la première année", D),
        ("Permanences sur les marchés : quels horaires marchent le mieux ?", Q),
        ("Aller vers les retraités isolés sans les inquiéter", Q),
        ("Travailler avec les facteurs pour repérer les personnes isolées", Q),
        ("Appels sortants : un script d’appel à partager", D),
        ("Aller vers les jeunes de 18 à 25 ans", Q),
        ("Partenariat avec les bailleurs sociaux pour le repérage", Q),
        ("Les pairs-aidants : recrutement et rémunération", Q),
        ("Sécurité des équipes lors des visites à domicile", Q),
        ("Courrier ou SMS : quel premier contact ?", Q),
        ("Aller vers les exploitants agricoles avec la MSA", D),
        ("Repérer dans les files d’attente des distributions alimentaires", Q),
    ],
    "acces-numerique": [
        ("Quel simulateur de droits utilisez-vous ?", Q),
        ("Accompagner sans faire à la place : où mettre la limite ?", Q),
        ("Aidants Connect : retours d’expérience", D),
        ("Personnes sans adresse e-mail : comment créer les comptes ?", Q),
        ("Ateliers numériques collectifs : format et fréquence", Q),
        ("Prêt de tablettes dans les France services", D),
        ("Les démarches de la complémentaire santé solidaire en ligne : pièges fréquents", Q),
        ("Former les bénévoles au numérique administratif", Q),
        ("Accessibilité des démarches pour les personnes malvoyantes", Q),
        ("Numérique et personnes allophones : traduire les écrans", Q),
        ("Permanences numériques en mairie : quels résultats ?", D),
        ("Conserver les identifiants des personnes : bonne ou mauvaise idée ?", Q),
        ("Le coffre-fort numérique : qui l’utilise ?", Q),
    ],
    "vie-de-la-communaute": [
        (WELCOME, D),
        ("Présentez-vous : qui êtes-vous, d’où venez-vous ?", D),
        ("Rencontre nationale fictive des territoires : vos propositions d’ateliers", D),
        (ARCHIVE, D),
        ("Idées de thèmes pour les prochains webinaires", D),
        ("Cherche binôme pour une visite apprenante", Q),
        ("Comment citer une fiche pratique dans un rapport ?", Q),
        ("Proposition : un glossaire commun du non-recours", D),
        ("Retour sur l’atelier fictif « repérer sans stigmatiser »", D),
        ("Offre de stage dans un CCAS (démo)", D),
        ("Les ressources que vous conseillez pour débuter", Q),
        ("Suggestions d’amélioration de la plateforme", D),
        ("Merci à toutes et à tous pour cette première année !", D),
    ],
    "espace-des-referents": [
        ("Préparer le comité de pilotage régional", Q),
        ("Remontées trimestrielles : quel format est attendu ?", Q),
        ("Coordination entre référents d’une même région", D),
        ("Suivi des conventions signées par les territoires", D),
    ],
    "equipe-fictiville": [
        ("Ordre du jour de la réunion d’équipe de lundi", D),
        ("Répartition des quartiers pour le porte-à-porte", Q),
        ("Liste des partenaires à relancer", D),
        ("Bilan du premier trimestre à Fictiville", D),
    ],
}

PLACES = [
    "Fictiville",
    "Bourg-l’Exemple",
    "Val-d’Essai",
    "Saint-Démo-sur-Mer",
    "Montessai",
    "Port-Exemple",
    "Villeneuve-Maquette",
    "Plouvierge-Démo",
]

QUESTION_BODIES = [
    "Bonjour à toutes et à tous,\n\nÀ {place}, nous nous posons la question : **{title}** "
    "Avez-vous déjà rencontré ce cas ? Tout retour d’expérience est le bienvenu.",
    "Bonjour,\n\nNous démarrons ce chantier à {place} et nous aimerions éviter les erreurs "
    "classiques. {title} Merci d’avance pour vos conseils !",
    "Question du jour, posée par l’équipe de {place} : {title}\n\nNous avons quelques pistes "
    "mais rien de solide pour l’instant.",
]
DISCUSSION_BODIES = [
    "Bonjour,\n\nJe lance ce fil pour partager ce que nous avons fait à {place} : **{title}**.\n\n"
    "- ce qui a marché : un interlocuteur unique pour les personnes ;\n"
    "- ce qui a moins bien marché : les délais de signature avec les partenaires.\n\n"
    "Vos réactions et vos propres expériences sont les bienvenues.",
    "Un fil pour échanger sur ce sujet : {title}\n\nÀ {place}, nous avons commencé il y a "
    "quelques mois ; je complèterai au fur et à mesure.",
]
REPLIES = [
    "Merci pour ce fil ! À {place}, nous avons procédé en deux temps : d’abord un petit test "
    "sur un quartier, puis une extension après trois mois.",
    "Nous avons eu la même difficulté à {place}. Ce qui nous a débloqués : une réunion avec "
    "tous les partenaires autour de la même table.",
    "Bonne question. De notre côté, nous nous appuyons sur les fiches pratiques de la "
    "communauté, notamment celles sur le repérage.",
    "Je confirme, c’est aussi notre expérience à {place}. Prévoir du temps pour la convention !",
    "Pour compléter : le kit d’évaluation propose un indicateur qui répond à cette question.",
    "Nous avons un modèle de document à partager, je le dépose dans la bibliothèque dès que "
    "possible.",
    "Attention à bien informer les personnes en amont : c’est ce qui fait la différence sur "
    "l’adhésion.",
    "Très utile, merci. Nous allons tester à {place} le mois prochain et nous vous dirons.",
    "{mention} vous aviez travaillé sur un sujet proche à {place}, qu’en pensez-vous ?",
    "{mention} je pense que votre retour d’expérience intéresserait beaucoup de monde ici.",
]
FOOTER = "\n\n_Message fictif de démonstration._"

WELCOME_BODY = (
    "Bienvenue dans le forum de la communauté ! Quelques règles simples :\n\n"
    "1. Cherchez avant de poser une question : elle a peut-être déjà une réponse.\n"
    "2. Un titre clair, une question par discussion.\n"
    "3. Pas de données personnelles sur les personnes accompagnées.\n"
    "4. Mentionnez quelqu’un avec @prenom.nom pour l’inviter dans la discussion.\n\n"
    "Bonne discussion !"
)
