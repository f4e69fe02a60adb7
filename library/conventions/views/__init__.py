"""Pages of the clause library (public), the proposals (territory teams, facilitators) and the
convention builder (logged-in members), one module per kind of page. Thin: the rules live in
``permissions`` and in ``clauses``, ``drafts`` and ``document``.

- ``clauses``: /bibliotheque/clauses/, a clause's page, its discussion, proposing a clause;
- ``proposals``: the proposals waiting for a decision, and the decision;
- ``convention_models``: the model conventions and a model's sections;
- ``builder``: starting a draft and each step of the builder;
- ``drafts``: a draft's summary, updating its clauses, sharing, deleting, « Mes projets »;
- ``downloads``: a draft as a DOCX or PDF document;
- ``_common``: what they share (the builder's guard, a draft's lookup, the steps' navigation,
  the highlighted variables)."""
