"""Demo content of the evaluation kit (load_demo): complete indicator definitions.

The indicators and their definitions come from taxonomy/data/taxonomy.yaml (loaded by the
taxonomy data migrations); this creates any missing indicator and fills empty definition fields,
never overwriting what administrators wrote. Idempotent."""

from taxonomy.loader import complete_vocabulary
from taxonomy.models import ResultIndicator


def load() -> dict:
    return {"created": complete_vocabulary(ResultIndicator, "result_indicators")}
