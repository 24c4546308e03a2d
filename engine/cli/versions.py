"""personvern diff: what changes in practice between two versions of the policy."""

from __future__ import annotations

import argparse
import json
from typing import Any

from . import common


def cmd_diff(args: argparse.Namespace) -> int:
    from ..versions import diff_policies, load_version
    from ..versions.render import render_text, to_dict

    old = load_version(args.old, args.repo, args.rules_path)
    new = load_version(args.new, args.repo, args.rules_path)
    d = diff_policies(old, new)
    if args.format == "json":
        print(json.dumps(to_dict(d), ensure_ascii=False, indent=2))
    else:
        print(render_text(d, args.lang, (args.old, args.new)), end="")
    return common.EXIT_REFUSED if d.changed else common.EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    from ..facade.policy import load_policy
    from ..versions.lint import lint_policy

    findings = lint_policy(load_policy(args.rules))
    if args.format == "json":
        print(json.dumps([{"code": f.code, "rule": f.rule_id, "source": f.source, "nb": f.nb, "en": f.en} for f in findings],
                         ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(f"{f.source}: {f.code}: {f.nb}\n    ({f.en})")
        if not findings:
            print("Ingen regler som aldri gjelder, aldri tillater noe eller er skygget av andre. (No dead, powerless or shadowed rules.)")
    return common.EXIT_REFUSED if findings else common.EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..facade.policy import load_policy

    policy = load_policy(args.policy)
    if args.format == "fides":
        import yaml

        from ..versions.fides import fides_manifest

        if not args.manifests:
            raise _usage("export --format fides needs one or more personvern.yaml manifests")
        print(yaml.safe_dump(fides_manifest(policy, [Path(m) for m in args.manifests]), allow_unicode=True, sort_keys=False), end="")
        return common.EXIT_OK
    if args.manifests:
        raise _usage("manifests are read only with --format fides")
    from ..versions.linked import export

    print(export(policy, args.format), end="")
    return common.EXIT_OK


def _usage(message: str) -> Exception:
    from ..errors import PersonvernError

    return PersonvernError(message)


def register(sub: Any) -> None:
    sp = sub.add_parser("diff", description="Every class of operations two policy versions decide differently.")
    sp.add_argument("old", help="the old version: a rules folder, or a git revision of --repo")
    sp.add_argument("new", help="the new version: a rules folder, or a git revision of --repo")
    sp.add_argument("--repo", default=".", help="the git repository for revisions (default: the current folder)")
    sp.add_argument("--rules-path", default="rules", help="the rules folder inside the repository (default: rules)")
    sp.add_argument("--lang", choices=("nb", "en", "both"), default="both")
    common.format_option(sp)
    sp.set_defaults(run=cmd_diff)

    lp = sub.add_parser("lint", description="Static checks of a rule set, exact over the classes of operations: rules that can "
                                                "never apply, permits that can never lift a refusal, rules shadowed by others.")
    lp.add_argument("rules", nargs="?", default=None, help="the rules folder (default: the bundled Flex policy)")
    common.format_option(lp)
    lp.set_defaults(run=cmd_lint)

    ep = sub.add_parser("export", description="Write the policy in the W3C Data Privacy Vocabulary (DPV 2.x). Needs personvern[linked].")
    ep.add_argument("--format", choices=("jsonld", "turtle", "fides"), required=True)
    ep.add_argument("manifests", nargs="*", help="personvern.yaml manifests (only with --format fides)")
    ep.add_argument("--policy", default=None, help="the rules folder (default: the bundled Flex policy)")
    ep.set_defaults(run=cmd_export)
