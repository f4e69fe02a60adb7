"""Bootstrap of the library section (index page, workflow)."""


def ensure(home) -> None:
    return None
