"""A deployment pipeline's gate step, with plain `requests`: may this version run in this environment now?

    GOV_URL=... GOV_TOKEN=gov_... python docs/examples/deploy_gate.py VERSION_ID [ENVIRONMENT]

Exit 0: the version holds the environment (an approved promotion gave it) and every rule of the gate passes
now (or is waived). Exit 1: the reasons are printed, one per line. Exit 2: the call itself failed.
"""

from __future__ import annotations

import os
import sys

import requests


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    version_id, environment = argv[1], argv[2] if len(argv) > 2 else "production"
    base = os.environ.get("GOV_URL", "http://127.0.0.1:8000").rstrip("/") + "/api/v1"
    headers = {"Authorization": f"Bearer {os.environ['GOV_TOKEN']}"}
    response = requests.get(
        f"{base}/versions/{version_id}/gate/",
        params={"environment": environment},
        headers=headers,
        timeout=30,
    )
    if response.status_code >= 400:
        error = response.json()["error"]  # every error has this one shape
        print(
            f"gate call failed: {error['status']} {error['detail']} {error.get('fields', '')}",
            file=sys.stderr,
        )
        return 2
    gate = response.json()
    reasons = [
        f"{rule['title']}: {rule['reason']} ({rule['link']})"
        for rule in gate["rules"]
        if not rule["passed"] and not rule["waived_until"]
    ]
    if not gate["holds_environment"]:
        needed = gate["approvals_needed"]
        reasons.append(
            f"version {version_id} has no approved promotion to {environment} "
            f"(a request needs {needed['maintainer']} maintainer and {needed['governance_admin']} "
            "governance-admin approval(s))"
        )
    if reasons:
        print(f"NOT ALLOWED: version {version_id} to {environment}")
        for reason in reasons:
            print(f"- {reason}")
        return 1
    print(f"ALLOWED: version {version_id} to {environment} ({', '.join(gate['rule_sets']) or 'no rule set'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
