"""Writing a practice sheet on the site (« Proposer une fiche »): a guided form in steps, each
saved as a Wagtail revision of the draft, so that validation, history and the admin work
underneath. ``service`` holds the rules (create, save a step, detect a concurrent change,
submit), ``forms`` the steps' forms, ``views`` the pages."""
