"""Mutation self-test: estimate the checker's recall on any pair, with no gold file.

A conflict the checker should find is made on purpose: in a copy of the target
article, values that an aligned source sentence states the same way are
changed (a year moved by 2-7, a figure doubled or halved, a person swapped for
another person the article names), the pair is checked again, and each change
counts as *found* when a cross finding sits on it. Findings of the mutated run
that the unmutated run did not have and that touch no changed value are
*unexplained*: they show how far a few changed values move the rest of the
run (alignment and comparison).

Only public functions of the other stages are used (`check_pair`,
`extract_facts`, `name_key`, `load_language`, the records), so a rewrite of
the aligner or the comparator behind them does not break this harness.

Every change is checked by extracting the facts of the changed sentence again:
a change the extractor does not read as a different value of the same kind is
dropped, so a miss is the comparator's or the aligner's, not a renderer's.

One module per step: `plan` chooses the sites, `changes` makes a change
(`figures` for figures in digits and words, `names` for persons), `run`
re-checks, `score` scores and `printing` prints; `results` holds what was
measured and `facts` what every step reads from a fact. The names below are
the package's API; import them from here.
"""

from checker.mutate.changes import YEAR_SHIFTS, Change, MutationContext, mutate_fact, mutate_year
from checker.mutate.facts import NAME_TOKEN_RATIO, stated_values
from checker.mutate.figures import NumberStyle, NumberWords, mutate_figure, number_style
from checker.mutate.names import Person, find_persons, swap_person
from checker.mutate.plan import MutationPlan, apply_mutations, plan_mutations
from checker.mutate.printing import format_mutation_report
from checker.mutate.results import (
    KINDS,
    Counterpart,
    KindRecall,
    Mutation,
    MutationOutcome,
    MutationReport,
    UnexplainedFinding,
)
from checker.mutate.run import run_mutation_test, self_test
from checker.mutate.score import score_mutations

__all__ = [
    "KINDS",
    "NAME_TOKEN_RATIO",
    "YEAR_SHIFTS",
    "Change",
    "Counterpart",
    "KindRecall",
    "Mutation",
    "MutationContext",
    "MutationOutcome",
    "MutationPlan",
    "MutationReport",
    "NumberStyle",
    "NumberWords",
    "Person",
    "UnexplainedFinding",
    "apply_mutations",
    "find_persons",
    "format_mutation_report",
    "mutate_fact",
    "mutate_figure",
    "mutate_year",
    "number_style",
    "plan_mutations",
    "run_mutation_test",
    "score_mutations",
    "self_test",
    "stated_values",
    "swap_person",
]
