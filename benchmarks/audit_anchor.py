"""What keeping the audit head outside the database costs per write.

Runs N small writes (one audit record each) with the head record updated after every commit,
then times the head-record update alone, and prints both per write. Usage:
    PYTHONPATH=src python benchmarks/audit_anchor.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300

with tempfile.TemporaryDirectory() as tmp:
    os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")
    from app.domain.orgs.rules import OrgType
    from app.services.container import Services
    from app.services.kit.base import Actor
    from app.services.orgs.service import OrgInput
    from app.services.safety import anchor
    from app.services.safety.audit import Head

    s = Services.open(Path(tmp) / "bench.db", Actor("bench"))
    root = s.orgs.create(OrgInput(name="和平社区党委", org_type=OrgType.COMMUNITY))
    hook = s.db.on_audit_commit
    times: dict[bool, float] = {True: 0.0, False: 0.0}
    for _round in range(4):  # alternating, so that warming up and the machine's load fall on both
        for anchored in (True, False) if _round % 2 else (False, True):
            s.db.on_audit_commit = hook if anchored else None
            start = time.perf_counter()
            for i in range(N // 4):
                s.settings.set("idle_lock_minutes", 15 + i % 5)
            times[anchored] += time.perf_counter() - start
    with_anchor, without = times[True] / (N // 4 * 4), times[False] / (N // 4 * 4)
    row = s.audit.recent(1)[0]
    from app.services.safety.audit import AuditService

    last = AuditService(s.db, s.actor, s.hub).verify().head
    head = Head(row.id, last, row.at, last, row.id)  # the head moving on from itself: the usual case
    start = time.perf_counter()
    for _ in range(N):
        anchor.advance(s.db, head)
    alone = (time.perf_counter() - start) / N
    s.close()
    print(f"{N} writes: {with_anchor * 1000:.2f} ms each with the head record, {without * 1000:.2f} ms without; "
          f"the head-record update alone {alone * 1000:.3f} ms")
