"""Demo content of this app (load_demo)."""


def load() -> dict:
    return {}
