"""Forms of the builder (one per step), of the proposals, of the reviews and of sharing a draft.

Each step form validates what the browser sent and returns, through ``answers()``, the part of
the draft's answers it owns: the view saves it only when the whole step is valid.

- ``steps``: the base of the step forms and the steps typed as text or ticked (model, purpose,
  data, persons, retention, security);
- ``partners``: the partners and the signatories, one row of fields per party;
- ``clause_choice``: the clause chosen for each section, then the variables left to fill;
- ``proposals``: a territory's proposal of a clause and the facilitators' decision on it;
- ``sharing``: sharing a draft with a territory's team.

``STEP_FORMS`` gives the form of each step of the builder (``drafts.STEPS``)."""

from library.conventions.forms import clause_choice, partners, steps

STEP_FORMS = {
    "modele": steps.ModelStepForm,
    "partenaires": partners.PartnersStepForm,
    "objet": steps.PurposeStepForm,
    "donnees": steps.DataStepForm,
    "personnes": steps.PersonsStepForm,
    "conservation": steps.RetentionStepForm,
    "securite": steps.SecurityStepForm,
    "clauses": clause_choice.ClausesStepForm,
    "variables": clause_choice.VariablesStepForm,
}
