"""Loads an Assay litellm-router.yaml into LiteLLM's own Router, as the proxy would, and checks that
every model group, weight and fallback survived. Used by the test suite when LiteLLM is installed
(.ci/run installs it into a venv and sets ASSAY_PYTHON)."""
import json
import math
import os
import random
import sys

import yaml
from litellm import Router

path = sys.argv[1]
with open(path) as f:
    config = yaml.safe_load(f)

# Keys are referenced as os.environ/NAME; the Router resolves them when it builds deployments.
for deployment in config["model_list"]:
    key = deployment["litellm_params"].get("api_key", "")
    if isinstance(key, str) and key.startswith("os.environ/"):
        os.environ.setdefault(key.split("/", 1)[1], "test-key-not-used")

settings = config.get("router_settings") or {}
router = Router(model_list=config["model_list"], **settings)

groups = {}
for deployment in router.get_model_list():
    params = deployment["litellm_params"]
    groups.setdefault(deployment["model_name"], []).append(
        {"model": params["model"], "weight": params.get("weight")}
    )
assert len(router.get_model_list()) == len(config["model_list"]), "the Router dropped deployments"
names = set(groups)
for rule in settings.get("fallbacks", []):
    for group, steps in rule.items():
        assert group in names, f"fallback source {group} is not a model group"
        for step in steps:
            assert step in names, f"fallback {step} is not a model group"
strategy = router.settings().routing_strategy if hasattr(router, "settings") else router.routing_strategy
assert strategy == settings.get("routing_strategy", "simple-shuffle"), strategy

# simple-shuffle must follow the weights: each deployment's share of the picks is its weight's share,
# within five binomial standard errors (seeded, so a run repeats; the bound holds for any seed but
# about one run in a million).
random.seed(20261127)
PICKS = 2000
picks = {}
for group, deployments in groups.items():
    if len(deployments) < 2:
        continue
    counts = {}
    for _ in range(PICKS):
        chosen = router.get_available_deployment(model=group, messages=[{"role": "user", "content": "hi"}])
        counts[chosen["litellm_params"]["model"]] = counts.get(chosen["litellm_params"]["model"], 0) + 1
    total = sum(d["weight"] or 0 for d in deployments)
    for d in deployments:
        expected = (d["weight"] or 0) / total
        observed = counts.get(d["model"], 0) / PICKS
        bound = 5 * math.sqrt(max(expected * (1 - expected), 1 / PICKS) / PICKS)
        assert abs(observed - expected) <= bound, (group, d["model"], observed, expected, counts, deployments)
    picks[group] = counts
print(json.dumps({"groups": groups, "fallbacks": settings.get("fallbacks", []), "picks": picks}, sort_keys=True))
