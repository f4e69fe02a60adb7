"""What accounts tell the cache layer (website.cache_rules): personal pages are never cached
whole; people, memberships, groups and permissions change the scope ``accounts`` (rights, names
shown beside what people wrote); territories change ``territories`` too (their names on sheets,
events and documents)."""

from website.cache_rules import Change


def register() -> None:
    from website import cache_rules

    cache_rules.register(
        private_prefixes=("/compte/", "/mon-compte/"),
        ignored_models=("account.EmailConfirmation",),
        app_scopes={"auth": "accounts", "wagtailusers": "accounts", "account": "accounts"},
        model_rules={"accounts.Territory": lambda territory, created: Change(("territories",))},
    )
