"""Write a generated user catalog folder (topics.yaml) with N valid topics, for the benchmark.

Standard library only. The topics are plain and repetitive on purpose: the benchmark measures
how reading and validating grow with the number of topics, not the words in them. Each topic has
every part a real one has (prompts, discussion with follow-ups, an activity, notes), so a
generated topic costs about as much to parse and validate as a short built-in one.

    python bench/gen_catalog.py 10000 /tmp/cat10k
"""

from __future__ import annotations

import sys
from pathlib import Path

_STAGES = ("forming", "storming", "norming", "performing", "adjourning")
_INTENSITY = ("light", "medium", "deep")
_GROUPS = ("general", "workplace-bullying", "mental-health", "recovery")


def topic_id(index: int) -> str:
    """The id of the generated topic number ``index`` (0-based)."""
    return f"gen-topic-{index:06d}"


def _topic(index: int) -> str:
    tid = topic_id(index)
    stage_a = _STAGES[index % 5]
    stage_b = _STAGES[(index + 2) % 5]
    return f"""\
  - id: {tid}
    title: Generated topic number {index}
    summary: >-
      A generated topic for timing. It talks about noticing what helps, one small
      step at a time, and about passing whenever you like.
    tags: [gen-{index % 50}, timing]
    groups: [{_GROUPS[index % 4]}]
    stages: [{stage_a}, {stage_b}]
    depth: {_INTENSITY[index % 3]}
    check_in:
      - text: What is one word for how you are arriving, number {index}?
        depth: light
      - What helped you get here today?
    discussion:
      - prompt: What does a good week look like for you, number {index}?
        depth: medium
        follow_ups:
          - What helps you notice it?
          - Tell us more about that, if you like.
      - prompt: What is one small step you could take before next time?
        follow_ups: [Who could help you with it?]
    activities:
      - title: Two-minute pause {index}
        minutes: 5
        steps:
          - Sit quietly for two minutes.
          - Share one word if you wish.
    check_out:
      - text: What will you take with you tonight?
        depth: light
    facilitator_notes:
      do: [Keep it light and let people pass.]
"""


def write_catalog(folder: Path, count: int) -> Path:
    """Write ``folder/topics.yaml`` with ``count`` topics and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "topics.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write(f"# {count} generated topics for bench/run.py; safe to delete.\n")
        out.write("version: 1\ntopics:\n")
        chunk: list[str] = []
        for index in range(count):
            chunk.append(_topic(index))
            if len(chunk) == 1000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
    return folder


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: gen_catalog.py COUNT FOLDER", file=sys.stderr)
        return 2
    folder = write_catalog(Path(argv[1]), int(argv[0]))
    print(folder / "topics.yaml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
